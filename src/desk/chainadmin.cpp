#include "chainadmin.h"

#include "logging.h"

#include "history/chainconnection.h"
#include "history/chainschema.h"

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QUrl>
#include <QUrlQuery>

namespace desk {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(desk::ChainAdmin)
};

// One line, without libpq's tabs and line breaks.
QString oneLine(QString s)
{
    return s.replace(QLatin1Char('\t'), QLatin1Char(' ')).simplified();
}

// `field`: the setting to fix, when the administrator's settings are the cause.
Error chainFailure(ErrorKind kind, const char *code, const QString &message, const QString &field = {})
{
    Error e = Error::make(kind, QString::fromLatin1(code), message);
    e.field = field;
    return e;
}

// The one place a history error of the chain database becomes desk's: what happened, in words an
// administrator acts on, then the server's own text.
Error toDesk(const history::Error &e, const ChainSettings &settings)
{
    const QString where = settings.describe();
    const QString detail = oneLine(e.message);
    switch (e.kind) {
    case history::ErrorKind::Driver:
        return chainFailure(ErrorKind::Protocol, chainerror::kDriverMissing,
            Text::tr("Qt's PostgreSQL driver is not installed (Debian: libqt6sql6-psql)"));
    case history::ErrorKind::InvalidArgument: // openChainDatabase refused the URL before connecting
        return chainFailure(
            ErrorKind::InvalidInput, chainerror::kFailed, detail, QStringLiteral("chain/database_url"));
    case history::ErrorKind::SchemaTooNew:
        return chainFailure(ErrorKind::Protocol, chainerror::kSchemaTooNew,
            Text::tr("the chain database was set up by a newer CouponDesk: update this program (%1)")
                .arg(detail));
    case history::ErrorKind::Open: {
        const QString reason = chainConnectReason(e.message);
        if (history::isLoginRefused(e))
            return chainFailure(ErrorKind::Key, chainerror::kLoginRefused,
                Text::tr("the chain database at %1 refused the login: check chain/password (%2)")
                    .arg(where, reason),
                QStringLiteral("chain/password"));
        if (detail.contains(QLatin1String("certificate")) || detail.contains(QLatin1String("SSL")))
            return chainFailure(ErrorKind::Tls, chainerror::kTls,
                Text::tr("the chain database at %1 could not be verified (sslmode=verify-full, "
                         "sslrootcert): %2")
                    .arg(where, reason),
                QStringLiteral("chain/database_url"));
        return chainFailure(ErrorKind::Network, chainerror::kUnreachable,
            Text::tr("cannot reach the chain database at %1: %2").arg(where, reason));
    }
    default:
        break;
    }
    // 42501 insufficient_privilege: CREATE ROLE, CREATE SCHEMA or the schema's objects refused.
    if (detail.contains(QLatin1String("SQLSTATE 42501")))
        return chainFailure(ErrorKind::InvalidInput, chainerror::kNotAllowed,
            Text::tr("the login in chain/database_url may not set up the chain database: it needs "
                     "CREATEROLE and must own the coupondesk schema (%1)")
                .arg(detail),
            QStringLiteral("chain/database_url"));
    // Class 08 (connection exception) or 57P (server shutting down) in the middle of the work.
    if (detail.contains(QLatin1String("SQLSTATE 08")) || detail.contains(QLatin1String("SQLSTATE 57P")))
        return chainFailure(ErrorKind::Network, chainerror::kUnreachable,
            Text::tr("lost the connection to the chain database at %1: %2").arg(where, detail));
    return chainFailure(
        ErrorKind::Protocol, chainerror::kFailed, Text::tr("the chain database refused: %1").arg(detail));
}

// An open administrator connection, closed with the object.
class AdminConnection
{
public:
    ~AdminConnection()
    {
        if (m_db.isValid())
            history::closeChainDatabase(m_db);
    }
    Status open(const ChainSettings &settings, const QByteArray &password)
    {
        const QList<SettingIssue> issues = chainAdminIssues(settings);
        if (!issues.isEmpty()) {
            Error e = Error::make(
                ErrorKind::InvalidInput, QStringLiteral("SETTINGS_INVALID"), describeIssues(issues));
            e.field = issues.first().key;
            return e;
        }
        auto db = history::openChainDatabase(settings.databaseUrl, QString::fromUtf8(password));
        if (!db)
            return toDesk(db.error(), settings);
        m_db = db.value();
        return {};
    }
    // open, then refused unless `chain init` has created a schema this program knows.
    Status openInitialised(const ChainSettings &settings, const QByteArray &password)
    {
        if (auto r = open(settings, password); !r)
            return r;
        auto version = history::ChainSchema::version(m_db);
        if (!version)
            return toDesk(version.error(), settings);
        if (version.value() == 0)
            return chainFailure(ErrorKind::Protocol, chainerror::kNoSchema,
                Text::tr("the chain database at %1 has no CouponDesk schema yet: run coupondesk-cli chain "
                         "init first")
                    .arg(settings.describe()));
        if (version.value() > history::ChainSchema::kVersion)
            return chainFailure(ErrorKind::Protocol, chainerror::kSchemaTooNew,
                Text::tr("the chain database was set up by a newer CouponDesk (schema version %1): update "
                         "this program")
                    .arg(version.value()));
        return {};
    }
    QSqlDatabase &db() { return m_db; }

private:
    QSqlDatabase m_db;
};

} // namespace

// The server's or libpq's reason in a failed connection's message, e.g. "Connection refused" out of
// "could not connect to the chain database at H:P: connection to server at "H", port P failed:
// Connection refused\n\tIs the server running…\nQPSQL: Unable to connect".
QString chainConnectReason(const QString &message)
{
    const QLatin1String failed("failed: ");
    qsizetype from = message.indexOf(failed);
    from = from < 0 ? message.indexOf(QLatin1String(": ")) + 2 : from + failed.size();
    QString reason = message.mid(from).section(QLatin1Char('\n'), 0, 0).simplified();
    if (reason.startsWith(QLatin1String("FATAL: ")))
        reason = reason.mid(7);
    return reason.isEmpty() ? oneLine(message) : reason;
}

QList<SettingIssue> chainAdminIssues(const ChainSettings &settings)
{
    if (!settings.isEnabled()) {
        return { { QStringLiteral("chain/database_url"),
            Text::tr("the settings have no chain section: give chain/database_url (an administrator's "
                     "login) and chain/password") } };
    }
    QList<SettingIssue> issues;
    for (const SettingIssue &issue : settings.validate()) {
        if (issue.key == QLatin1String("chain/database_url") || issue.key == QLatin1String("chain/password"))
            issues << issue;
    }
    return issues;
}

Result<int> initChain(const ChainSettings &settings, const QByteArray &password)
{
    AdminConnection admin;
    if (auto r = admin.open(settings, password); !r)
        return r.error();
    if (auto r = history::ChainSchema::init(admin.db()); !r)
        return toDesk(r.error(), settings);
    auto version = history::ChainSchema::version(admin.db());
    if (!version)
        return toDesk(version.error(), settings);
    qCInfo(lcDesk).noquote() << "chain database" << settings.describe() << "at schema version"
                             << version.value();
    return version.value();
}

Result<ChainCounterLogin> addChainCounter(
    const ChainSettings &settings, const QByteArray &password, const ChainCounterSpec &spec)
{
    auto invalid = [](const QString &field, const QString &message) {
        Error e = Error::make(ErrorKind::InvalidInput, QStringLiteral("INVALID_ARGUMENT"), message);
        e.field = field;
        return e;
    };
    if (!history::ChainSchema::isValidShopId(spec.shopId))
        return invalid(QStringLiteral("shop"), Text::tr("a shop id is 1 to 32 letters, digits, - or _"));
    if (!history::ChainSchema::isValidCounterId(spec.counterId))
        return invalid(
            QStringLiteral("counter"), Text::tr("a counter id is 1 to 27 letters, digits, - or _"));
    if (spec.shopName.trimmed().isEmpty() || spec.shopName.size() > 200)
        return invalid(
            QStringLiteral("shop-name"), Text::tr("the shop's name must have 1 to 200 characters"));
    if (spec.port < 0 || spec.port > 65535)
        return invalid(QStringLiteral("port"), Text::tr("a port is a number from 1 to 65535"));

    // The counters reach the same database as the administrator, by default under the same name.
    const QUrl adminUrl(settings.databaseUrl, QUrl::StrictMode);
    history::ChainServer server;
    server.host = spec.host.isEmpty() ? adminUrl.host() : spec.host;
    server.port = spec.port > 0 ? spec.port : adminUrl.port(5432);
    server.database = adminUrl.path(QUrl::FullyDecoded).mid(1);
    server.rootCertPath = spec.caPath.isEmpty()
        ? QUrlQuery(adminUrl).queryItemValue(QStringLiteral("sslrootcert"), QUrl::FullyDecoded)
        : spec.caPath;
    if (server.host.contains(QLatin1Char('/')) || server.host.contains(QLatin1Char('@'))
        || server.host.contains(QLatin1Char('?')))
        return invalid(
            QStringLiteral("host"), Text::tr("give the chain database's host name alone, e.g. db.example"));
    if (server.rootCertPath.isEmpty())
        return invalid(QStringLiteral("ca"),
            Text::tr("the counters need the CA certificate that signed the server's: give --ca PATH (the "
                     "file as the counters' machines name it)"));

    AdminConnection admin;
    if (auto r = admin.openInitialised(settings, password); !r)
        return r.error();
    auto login
        = history::ChainSchema::addCounter(admin.db(), spec.shopId, spec.shopName, spec.counterId, server);
    if (!login && login.error().kind == history::ErrorKind::InvalidArgument) // e.g. a role of that name
        return chainFailure(ErrorKind::Protocol, chainerror::kFailed, oneLine(login.error().message));
    if (!login)
        return toDesk(login.error(), settings);
    return ChainCounterLogin { login.value().role, login.value().password, login.value().databaseUrl };
}

Status removeChainCounter(const ChainSettings &settings, const QByteArray &password, const QString &shopId,
    const QString &counterId)
{
    AdminConnection admin;
    if (auto r = admin.openInitialised(settings, password); !r)
        return r;
    auto removed = history::ChainSchema::removeCounter(admin.db(), shopId, counterId);
    if (!removed && removed.error().kind == history::ErrorKind::InvalidArgument)
        return chainFailure(ErrorKind::InvalidInput, chainerror::kNoSuchCounter,
            Text::tr("shop %1 has no counter %2 in the chain database at %3")
                .arg(shopId, counterId, settings.describe()),
            QStringLiteral("counter"));
    if (!removed)
        return toDesk(removed.error(), settings);
    return {};
}

} // namespace desk
