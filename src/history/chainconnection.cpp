#include "chainconnection.h"

#include "chainsql.h"

#include <QAtomicInteger>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QUrl>
#include <QUrlQuery>

namespace history {

using namespace detail;

namespace {

Error invalid(const QString &message)
{
    return Error::make(ErrorKind::InvalidArgument, message);
}

// Text only (history does not link Qt Network): localhost, 127.0.0.0/8 written as a dotted quad, ::1.
bool isLoopback(const QString &host)
{
    static const QRegularExpression ipv4(
        QRegularExpression::anchoredPattern(QStringLiteral("127\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}")));
    return host == QLatin1String("localhost") || host == QLatin1String("::1") || ipv4.match(host).hasMatch();
}

} // namespace

Result<QSqlDatabase> openChainDatabase(const QString &uri, const QString &password)
{
    const QUrl url(uri, QUrl::StrictMode);
    const QString scheme = url.scheme();
    if (!url.isValid() || (scheme != QLatin1String("postgresql") && scheme != QLatin1String("postgres"))
        || url.host().isEmpty()) {
        return invalid(
            QStringLiteral("the chain database URL must look like postgresql://ROLE@HOST:PORT/DB?…"));
    }
    if (!url.password().isEmpty())
        return invalid(QStringLiteral("the chain database URL must not contain the password"));
    const QString database = url.path(QUrl::FullyDecoded).mid(1);
    if (url.userName().isEmpty() || database.isEmpty())
        return invalid(QStringLiteral("the chain database URL needs a role and a database name"));

    // QPSQL appends its connect options to the libpq connection string after turning every ';' into
    // a space, so each value is quoted libpq-style ('…', with \\ and \') and a ';' is refused.
    static const QStringList allowed { QStringLiteral("sslmode"), QStringLiteral("sslrootcert"),
        QStringLiteral("sslcrl"), QStringLiteral("connect_timeout"), QStringLiteral("application_name") };
    QStringList options;
    QString sslmode = QStringLiteral("verify-full");
    const auto items = QUrlQuery(url).queryItems(QUrl::FullyDecoded);
    for (const auto &[key, value] : items) {
        if (!allowed.contains(key))
            return invalid(QLatin1String("unsupported option in the chain database URL: ") + key);
        if (value.contains(QLatin1Char(';')))
            return invalid(QLatin1String("the option ") + key + QLatin1String(" may not contain ';'"));
        if (key == QLatin1String("sslmode")) {
            sslmode = value;
            continue;
        }
        QString quoted = value;
        quoted.replace(QLatin1Char('\\'), QLatin1String("\\\\"))
            .replace(QLatin1Char('\''), QLatin1String("\\'"));
        options << key + QLatin1String("='") + quoted + QLatin1Char('\'');
    }
    static const QStringList modes { QStringLiteral("disable"), QStringLiteral("allow"),
        QStringLiteral("prefer"), QStringLiteral("require"), QStringLiteral("verify-ca"),
        QStringLiteral("verify-full") };
    if (!modes.contains(sslmode))
        return invalid(QLatin1String("unknown sslmode: ") + sslmode);
    // Away from this machine the server must prove who it is: anything less lets an impostor on the
    // network collect the chain's history (the password itself is safe: SCRAM never sends it).
    if (sslmode != QLatin1String("verify-full") && !isLoopback(url.host()))
        return invalid(QStringLiteral("a chain database on another machine needs sslmode=verify-full"));
    options.prepend(QLatin1String("sslmode=") + sslmode);

    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL")))
        return Error::make(
            ErrorKind::Driver, QStringLiteral("Qt's QPSQL driver is missing (Debian: libqt6sql6-psql)"));
    static QAtomicInteger<quint64> serial;
    const QString name
        = QLatin1String("coupondesk-chain-") + QString::number(serial.fetchAndAddRelaxed(1) + 1);
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
    db.setHostName(url.host());
    db.setPort(url.port(5432));
    db.setDatabaseName(database);
    db.setUserName(url.userName(QUrl::FullyDecoded));
    db.setPassword(password);
    db.setConnectOptions(options.join(QLatin1Char(';')));
    if (!db.open()) {
        const Error e = chainError(db.lastError(),
            QLatin1String("could not connect to the chain database at ") + url.host() + QLatin1Char(':')
                + QString::number(url.port(5432)));
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
        return Error::make(ErrorKind::Open, e.message);
    }
    QSqlQuery quiet(db);
    if (!quiet.exec(QStringLiteral("SET client_min_messages = warning"))) {
        const Error e
            = chainError(quiet.lastError(), QStringLiteral("could not set up the chain connection"));
        quiet = QSqlQuery();
        closeChainDatabase(db);
        return Error::make(ErrorKind::Open, e.message);
    }
    return db;
}

void closeChainDatabase(QSqlDatabase &db)
{
    const QString name = db.connectionName();
    db.close();
    db = QSqlDatabase();
    if (!name.isEmpty())
        QSqlDatabase::removeDatabase(name);
}

bool isLoginRefused(const Error &error)
{
    return error.kind == ErrorKind::Open
        && (error.message.contains(QLatin1String("password authentication failed"))
            || error.message.contains(QLatin1String("no password supplied"))
            || error.message.contains(QLatin1String("is not permitted to log in")) // chain remove-counter
            || error.message.contains(QLatin1String("no pg_hba.conf entry")));
}

} // namespace history
