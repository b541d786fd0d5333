// The chain's shared history on PostgreSQL (issue 18): many shops and counters write their journal
// rows into one database, schema `coupondesk`. This file owns that schema (numbered migrations, like
// the SQLite ones in schema.h) and the database's own security: one login role per counter, a member
// of the NOLOGIN group `coupondesk_counter`; row-level security lets a counter insert and update
// only its own rows and read the whole chain's; no counter may delete a row or change the schema.
//
// The chain database never holds merchant keys, the APIv3 key or staff PINs: there is no column for
// them. A counter's password is stored only as PostgreSQL's SCRAM verifier (the server never sees it).
//
// SQL lives here and in chainconnection.cpp only; the connections are Qt's QPSQL driver.
#pragma once

#include "history/result.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>

class QSqlDatabase;

namespace history {

// Where counters reach the chain database; the parts of the URI addCounter hands out.
struct ChainServer
{
    QString host; // as the counters must name it: verify-full checks it against the certificate
    int port = 5432;
    QString database;
    QString rootCertPath; // the CA file on the counter's machine (sslrootcert)
};

// A counter's login, shown once to whoever sets the counter up. The password is not kept anywhere.
struct ChainCounterLogin
{
    QString role;
    QString password;
    QString databaseUrl; // postgresql://ROLE@HOST:PORT/DB?sslmode=verify-full&sslrootcert=PATH
};

class ChainSchema
{
public:
    // The newest chain schema this program knows; a database with a greater version is refused.
    static constexpr int kVersion = 3;
    // NOLOGIN group of every counter role: the grants and policies name it, never a counter.
    static constexpr QStringView kCounterGroup = u"coupondesk_counter";

    // Creates or upgrades the schema and makes sure the group role exists, in one transaction.
    // Idempotent. `admin` is an open QPSQL connection of a role that may create roles (CREATEROLE)
    // and owns (or may create) the schema; ErrorKind::SchemaTooNew leaves a newer schema untouched.
    static Result<void> init(QSqlDatabase &admin);
    // The version recorded in coupondesk.schema_version; 0 when the schema does not exist.
    static Result<int> version(QSqlDatabase &db);

    // Registers a counter and gives it a login with a new random password: creates its role, or
    // resets the password of the one it has (the old password stops working). Ids must be valid
    // (isValidShopId, isValidCounterId); the shop name is free text (1..200 characters).
    static Result<ChainCounterLogin> addCounter(QSqlDatabase &admin, const QString &shopId,
        const QString &shopName, const QString &counterId, const ChainServer &server);

    // Shop ids are 1..32 characters of [A-Za-z0-9_-] (the settings' chain/shop_id rule); counter ids
    // the same characters, 1..27 (desk's own are 1..8 letters and digits). The role name
    // `cd.<shop>.<counter>` then fits PostgreSQL's 63-byte limit, and '.' (never in an id) keeps the
    // name one-to-one with the pair.
    static bool isValidShopId(QStringView id);
    static bool isValidCounterId(QStringView id);
    static QString roleName(const QString &shopId, const QString &counterId);

    // "name" with inner quotes doubled: the only safe way to put a role name into DDL.
    static QString quoteIdentifier(const QString &name);

    // PostgreSQL's stored form of a password (RFC 5802/7677 SCRAM-SHA-256, 4096 iterations), so the
    // cleartext never travels to the server nor lands in its logs. Public for the known-answer test.
    static QString scramVerifier(const QString &password, const QByteArray &salt, int iterations = 4096);

    struct Migration
    {
        int version = 0;
        QString description;
        QStringList statements;
    };
    // Ascending, 1..kVersion without gaps; never edited once released.
    static const QList<Migration> &migrations();
};

} // namespace history
