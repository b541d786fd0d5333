// The chain administrator's jobs (issue 18, docs/chain.md), for `coupondesk-cli chain init`,
// `chain add-counter` and `chain remove-counter`: create or upgrade the chain database's schema, and
// give a counter its login or take it away.
// Both run with an administrator login named by the chain section of the settings (chain/database_url,
// chain/password); nothing else of the settings is needed, so an administrator's machine may hold
// only that section. History's errors become desk::Error here, with codes the CLI maps to exit codes.
#pragma once

#include "chainsettings.h"
#include "result.h"
#include "settings.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace desk {

// Error codes (desk::Error::code) of the functions below.
namespace chainerror {
inline constexpr char kUnreachable[] = "CHAIN_UNREACHABLE"; // no connection (server down, wrong host…)
inline constexpr char kLoginRefused[] = "CHAIN_LOGIN_REFUSED"; // wrong role or password
inline constexpr char kTls[] = "CHAIN_TLS"; // the server's certificate did not pass verify-full
inline constexpr char kNotAllowed[] = "CHAIN_NOT_ALLOWED"; // the login may not create roles / the schema
inline constexpr char kNoSchema[] = "CHAIN_NO_SCHEMA"; // `chain init` has not been run
inline constexpr char kSchemaTooNew[] = "CHAIN_SCHEMA_TOO_NEW"; // written by a newer CouponDesk
inline constexpr char kDriverMissing[] = "CHAIN_DRIVER"; // Qt's QPSQL plugin is not installed
inline constexpr char kNoSuchCounter[] = "CHAIN_NO_SUCH_COUNTER"; // remove-counter of an unknown one
inline constexpr char kFailed[] = "CHAIN_FAILED"; // any other refusal by the server
} // namespace chainerror

// The server's or libpq's reason in a failed connection's message, for a person: "Connection refused"
// out of libpq's several lines ending "QPSQL: Unable to connect"; the message on one line when it has no
// such reason.
QString chainConnectReason(const QString &message);

// A counter's login, shown once to whoever sets the counter up; the password is kept nowhere.
struct ChainCounterLogin
{
    QString role; // cd.<shop>.<counter>
    QString password;
    QString databaseUrl; // postgresql://ROLE@HOST:PORT/DB?sslmode=verify-full&sslrootcert=PATH
};

// The counter to register, and where its machine reaches the chain database. Empty host, port 0
// and empty caPath take the administrator's own database_url's host, port and sslrootcert (the
// database is always the administrator's).
struct ChainCounterSpec
{
    QString shopId;
    QString shopName;
    QString counterId;
    QString host;
    int port = 0;
    QString caPath; // the CA file as the counter's machine names it
};

// What is wrong with an administrator's chain section (chain/database_url, chain/password only:
// an administrator has no shop of their own).
QList<SettingIssue> chainAdminIssues(const ChainSettings &settings);

// Creates or upgrades the schema and the counters' group role (idempotent); the schema version the
// database has afterwards. `password` is chain/password as the SecretStore read it.
Result<int> initChain(const ChainSettings &settings, const QByteArray &password);

// Creates the counter's login, or gives the existing one a new password (the old one stops working).
// Refused with CHAIN_NO_SCHEMA before `chain init`. Invalid ids come back as InvalidInput with
// `field` set to "shop", "shop-name", "counter", "host", "port" or "ca".
Result<ChainCounterLogin> addChainCounter(
    const ChainSettings &settings, const QByteArray &password, const ChainCounterSpec &spec);

// Takes a counter's login away (its rows stay; addChainCounter gives it back with a new password).
// CHAIN_NO_SUCH_COUNTER (InvalidInput, field "counter") when the shop has no such counter registered.
Status removeChainCounter(const ChainSettings &settings, const QByteArray &password, const QString &shopId,
    const QString &counterId);

} // namespace desk
