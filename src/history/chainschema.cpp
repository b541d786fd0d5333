#include "chainschema.h"

#include "chainsql.h"
#include "logging.h"

#include <QCryptographicHash>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QUrl>
#include <QUrlQuery>

namespace history {

using namespace detail;

namespace {

// Two programs initialising or adding counters at once take turns (transaction-scoped lock).
const QString kLockStatement = QStringLiteral("SELECT pg_advisory_xact_lock(hashtext('coupondesk.chain'))");

// Whether the current login owns a row: the (shop_id, counter_id) the counters table gives its role.
// current_user, not session_user: a counter that SET ROLEs to the group matches no row and writes nothing.
const QString kOwnRow
    = QStringLiteral("EXISTS (SELECT 1 FROM coupondesk.counters c WHERE c.role_name = current_user"
                     " AND c.shop_id = history.shop_id AND c.counter_id = history.counter_id)");

QList<ChainSchema::Migration> buildMigrations()
{
    QList<ChainSchema::Migration> list;

    // v1: the counters, the shared history, and who may do what. The history columns are the SQLite
    // journal's (schema.cpp) minus its local id and request body, plus shop_id; times are timestamptz.
    // The key is natural: a request number is unique per counter (desk makes it from the counter id),
    // so (shop_id, counter_id, request_no) is the row however often it is sent again.
    ChainSchema::Migration v1;
    v1.version = 1;
    v1.description = QStringLiteral("counters, history, roles and row-level security");
    const QString shopIdCheck = QStringLiteral(" ~ '^[A-Za-z0-9_-]{1,32}$'");
    const QString counterIdCheck = QStringLiteral(" ~ '^[A-Za-z0-9_-]{1,27}$'");
    v1.statements = {
        QLatin1String("CREATE TABLE coupondesk.counters ("
                      " role_name text PRIMARY KEY,"
                      " shop_id text NOT NULL CHECK (shop_id")
            + shopIdCheck
            + QLatin1String("),"
                            " shop_name text NOT NULL CHECK (length(shop_name) BETWEEN 1 AND 200),"
                            " counter_id text NOT NULL CHECK (counter_id")
            + counterIdCheck
            + QLatin1String("),"
                            " created_at timestamptz NOT NULL DEFAULT now(),"
                            " UNIQUE (shop_id, counter_id))"),
        QStringLiteral(
            "CREATE TABLE coupondesk.history ("
            " shop_id text NOT NULL,"
            " counter_id text NOT NULL,"
            " request_no text NOT NULL CHECK (request_no <> ''),"
            " operation text NOT NULL CHECK (operation IN ('use', 'deactivate', 'return', 'query')),"
            " coupon_code text NOT NULL,"
            " stock_id text NOT NULL DEFAULT '',"
            " openid text NOT NULL DEFAULT '',"
            " appid text NOT NULL DEFAULT '',"
            " reason text NOT NULL DEFAULT '',"
            " state text NOT NULL CHECK (state IN ('PENDING', 'UNCERTAIN', 'SUCCEEDED', 'FAILED')),"
            " staff text NOT NULL DEFAULT '',"
            " created_at timestamptz NOT NULL,"
            " updated_at timestamptz NOT NULL,"
            " attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),"
            " wechat_time text NOT NULL DEFAULT '',"
            " request_id text NOT NULL DEFAULT '',"
            " wechat_code text NOT NULL DEFAULT '',"
            " message text NOT NULL DEFAULT '',"
            " http_status integer NOT NULL DEFAULT 0,"
            " settled_by text NOT NULL DEFAULT ''"
            "  CHECK (settled_by IN ('', 'response', 'retry', 'query', 'manual')),"
            " batch_id text,"
            " note text NOT NULL DEFAULT '',"
            " order_amount_fen bigint CHECK (order_amount_fen IS NULL OR order_amount_fen >= 0),"
            " discount_fen bigint CHECK (discount_fen IS NULL OR discount_fen >= 0),"
            " PRIMARY KEY (shop_id, counter_id, request_no),"
            // Only registered counters have rows; a counter with history cannot be deleted.
            " FOREIGN KEY (shop_id, counter_id) REFERENCES coupondesk.counters (shop_id, counter_id))"),
        // "Where has this coupon been?" across the chain, newest first.
        QStringLiteral(
            "CREATE INDEX history_coupon_code ON coupondesk.history (coupon_code, created_at DESC)"),
        // One shop's day, newest first (the shop manager's page).
        QStringLiteral("CREATE INDEX history_shop_day ON coupondesk.history (shop_id, created_at DESC)"),
        // Chain-wide day totals by shop, operation and state: a range of created_at answered from the
        // index alone (INCLUDE), without reading the table.
        QStringLiteral("CREATE INDEX history_day_totals ON coupondesk.history (created_at)"
                       " INCLUDE (shop_id, operation, state, order_amount_fen, discount_fen)"),

        // Privileges: the group may use the schema (not create in it), read everything, write history.
        QStringLiteral("REVOKE ALL ON SCHEMA coupondesk FROM PUBLIC"),
        QStringLiteral("GRANT USAGE ON SCHEMA coupondesk TO coupondesk_counter"),
        QStringLiteral(
            "GRANT SELECT ON coupondesk.schema_version, coupondesk.counters TO coupondesk_counter"),
        // No DELETE: the chain's history is append-and-settle only; corrections are new outcomes.
        QStringLiteral("GRANT SELECT, INSERT, UPDATE ON coupondesk.history TO coupondesk_counter"),

        // Row-level security. FORCE applies it to the table's owner too, so the owner gets an explicit
        // policy (a superuser bypasses row-level security anyway).
        QStringLiteral("ALTER TABLE coupondesk.history ENABLE ROW LEVEL SECURITY"),
        QStringLiteral("ALTER TABLE coupondesk.history FORCE ROW LEVEL SECURITY"),
        QStringLiteral("CREATE POLICY owner_all ON coupondesk.history FOR ALL TO CURRENT_USER"
                       " USING (true) WITH CHECK (true)"),
        QStringLiteral("CREATE POLICY counter_read ON coupondesk.history FOR SELECT TO coupondesk_counter"
                       " USING (true)"),
        QLatin1String("CREATE POLICY counter_insert ON coupondesk.history FOR INSERT TO coupondesk_counter"
                      " WITH CHECK (")
            + kOwnRow + QLatin1Char(')'),
        // USING hides other counters' rows from UPDATE; WITH CHECK stops a row being moved to them.
        QLatin1String("CREATE POLICY counter_update ON coupondesk.history FOR UPDATE TO coupondesk_counter"
                      " USING (")
            + kOwnRow + QLatin1String(") WITH CHECK (") + kOwnRow + QLatin1Char(')'),
    };
    list.append(v1);

    // v2: the rows still open at some counter (PENDING, UNCERTAIN) are few at any moment; every counter
    // reads them about once a second to warn before sending a coupon another counter is still waiting on.
    ChainSchema::Migration v2;
    v2.version = 2;
    v2.description = QStringLiteral("index of the rows still open at a counter");
    v2.statements = { QStringLiteral("CREATE INDEX history_open ON coupondesk.history (coupon_code)"
                                     " WHERE state IN ('PENDING', 'UNCERTAIN')") };
    list.append(v2);

    // v3: reports (issue 19) count a period's rows by shop, stock, staff, hour, operation and state with
    // the discounts: a range of created_at answered from this index alone, like history_day_totals for
    // the day totals (which lacks stock_id and staff, so the report would read the table's pages too).
    ChainSchema::Migration v3;
    v3.version = 3;
    v3.description = QStringLiteral("covering index of the report cells");
    v3.statements = { QStringLiteral("CREATE INDEX history_day_report ON coupondesk.history (created_at)"
                                     " INCLUDE (shop_id, stock_id, staff, operation, state, discount_fen)") };
    list.append(v3);
    return list;
}

// Single quotes around `text`, inner quotes doubled. Used only for ALTER/CREATE ROLE … PASSWORD, which
// is a utility statement and takes no bind parameters; the text is a SCRAM verifier we made (base64,
// digits, '$', ':'), never user input. A backslash is refused rather than escaped because its meaning
// in a plain literal depends on standard_conforming_strings.
QString quoteLiteral(const QString &text)
{
    Q_ASSERT(!text.contains(QLatin1Char('\\')));
    QString quoted = text;
    quoted.replace(QLatin1Char('\''), QLatin1String("''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

QByteArray randomBytes(int count)
{
    QByteArray bytes(count, Qt::Uninitialized);
    for (char &byte : bytes)
        byte = static_cast<char>(QRandomGenerator::system()->bounded(256));
    return bytes;
}

QByteArray hmac(const QByteArray &key, const QByteArray &message)
{
    return QMessageAuthenticationCode::hash(message, key, QCryptographicHash::Sha256);
}

} // namespace

const QList<ChainSchema::Migration> &ChainSchema::migrations()
{
    static const QList<Migration> list = buildMigrations();
    return list;
}

bool ChainSchema::isValidShopId(QStringView id)
{
    static const QRegularExpression re(
        QRegularExpression::anchoredPattern(QStringLiteral("[A-Za-z0-9_-]{1,32}")));
    return re.match(id.toString()).hasMatch();
}

bool ChainSchema::isValidCounterId(QStringView id)
{
    static const QRegularExpression re(
        QRegularExpression::anchoredPattern(QStringLiteral("[A-Za-z0-9_-]{1,27}")));
    return re.match(id.toString()).hasMatch();
}

QString ChainSchema::roleName(const QString &shopId, const QString &counterId)
{
    return QLatin1String("cd.") + shopId + QLatin1Char('.') + counterId;
}

QString ChainSchema::quoteIdentifier(const QString &name)
{
    QString quoted = name;
    quoted.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QString ChainSchema::scramVerifier(const QString &password, const QByteArray &salt, int iterations)
{
    // Written here because Qt's PBKDF2 (QPasswordDigestor) is in QtNetwork, which history does not
    // link; it runs once per `chain add-counter` (known answer: test_history_chainnames).
    // Hi() of RFC 5802 (PBKDF2-HMAC-SHA-256, one block). Our passwords are ASCII, which SASLprep
    // leaves as they are, so the UTF-8 bytes are the normalised password.
    const QByteArray key = password.toUtf8();
    QByteArray block = hmac(key, salt + QByteArray("\x00\x00\x00\x01", 4));
    QByteArray salted = block;
    for (int i = 1; i < iterations; ++i) {
        block = hmac(key, block);
        for (int j = 0; j < salted.size(); ++j)
            salted[j] = static_cast<char>(salted[j] ^ block[j]);
    }
    const QByteArray clientKey = hmac(salted, QByteArrayLiteral("Client Key"));
    const QByteArray storedKey = QCryptographicHash::hash(clientKey, QCryptographicHash::Sha256);
    const QByteArray serverKey = hmac(salted, QByteArrayLiteral("Server Key"));
    return QLatin1String("SCRAM-SHA-256$") + QString::number(iterations) + QLatin1Char(':')
        + QString::fromLatin1(salt.toBase64()) + QLatin1Char('$') + QString::fromLatin1(storedKey.toBase64())
        + QLatin1Char(':') + QString::fromLatin1(serverKey.toBase64());
}

Result<int> ChainSchema::version(QSqlDatabase &db)
{
    if (auto r = requireOpen(db); !r)
        return r.error();
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("SELECT to_regclass('coupondesk.schema_version') IS NOT NULL"))
        || !query.next())
        return chainError(query.lastError(), QStringLiteral("could not look for the chain schema"));
    if (!query.value(0).toBool())
        return 0;
    if (!query.exec(QStringLiteral("SELECT COALESCE(MAX(version), 0) FROM coupondesk.schema_version"))
        || !query.next())
        return chainError(query.lastError(), QStringLiteral("could not read the chain schema version"));
    return query.value(0).toInt();
}

Result<void> ChainSchema::init(QSqlDatabase &admin)
{
    if (auto r = requireOpen(admin); !r)
        return r;
    ChainTransaction tx(admin);
    if (auto r = tx.begin(); !r)
        return r;
    QSqlQuery query(admin);
    if (!query.exec(kLockStatement))
        return chainError(query.lastError(), QStringLiteral("could not lock the chain schema"));
    // Roles belong to the cluster, not the database: a second chain database in the same cluster finds
    // the group already there, and a cluster a database is restored into may lack it. So the group is
    // checked on every init rather than made by a migration.
    const Statement findGroup { QStringLiteral("SELECT 1 FROM pg_roles WHERE rolname = ?"),
        { kCounterGroup.toString() } };
    if (auto r = runChain(query, findGroup, QStringLiteral("could not look for the counter group")); !r)
        return r;
    const bool groupExists = query.next();
    const QStringList setup {
        groupExists ? QString()
                    : QLatin1String("CREATE ROLE ") + quoteIdentifier(kCounterGroup.toString())
                + QLatin1String(" NOLOGIN"),
        QStringLiteral("CREATE SCHEMA IF NOT EXISTS coupondesk"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS coupondesk.schema_version ("
                       " version integer PRIMARY KEY,"
                       " description text NOT NULL DEFAULT '',"
                       " applied_at timestamptz NOT NULL DEFAULT now())"),
    };
    for (const QString &statement : setup) {
        if (!statement.isEmpty() && !query.exec(statement))
            return chainError(query.lastError(), QStringLiteral("could not prepare the chain schema"));
    }
    if (!query.exec(QStringLiteral("SELECT COALESCE(MAX(version), 0) FROM coupondesk.schema_version"))
        || !query.next())
        return chainError(query.lastError(), QStringLiteral("could not read the chain schema version"));
    const int current = query.value(0).toInt();
    if (current > kVersion) {
        return Error::make(ErrorKind::SchemaTooNew,
            QLatin1String("the chain database has schema version ") + QString::number(current)
                + QLatin1String(", newer than this program supports (") + QString::number(kVersion)
                + QLatin1String("); update CouponDesk on this counter"));
    }
    for (const Migration &migration : migrations()) {
        if (migration.version <= current)
            continue;
        qCInfo(lcHistory).noquote() << "migrating the chain database to schema version" << migration.version
                                    << '(' << migration.description << ')';
        for (const QString &statement : migration.statements) {
            if (!query.exec(statement)) {
                const Error e = chainError(query.lastError(),
                    QLatin1String("chain migration to version ") + QString::number(migration.version)
                        + QLatin1String(" failed"));
                return Error::make(ErrorKind::Migration, e.message);
            }
        }
        const Statement record { QStringLiteral("INSERT INTO coupondesk.schema_version (version, description)"
                                                " VALUES (?, ?)"),
            { migration.version, migration.description } };
        if (auto r = runChain(query, record, QStringLiteral("could not record the chain schema version")); !r)
            return Error::make(ErrorKind::Migration, r.error().message);
    }
    return tx.commit();
}

Result<ChainCounterLogin> ChainSchema::addCounter(QSqlDatabase &admin, const QString &shopId,
    const QString &shopName, const QString &counterId, const ChainServer &server)
{
    if (!isValidShopId(shopId) || !isValidCounterId(counterId)) {
        return Error::make(ErrorKind::InvalidArgument,
            QStringLiteral("a shop id is 1 to 32 and a counter id 1 to 27 characters of A-Z, a-z, 0-9, '_' "
                           "and '-'"));
    }
    if (shopName.trimmed().isEmpty() || shopName.size() > 200)
        return Error::make(
            ErrorKind::InvalidArgument, QStringLiteral("the shop name must have 1 to 200 characters"));
    if (server.host.isEmpty() || server.database.isEmpty() || server.rootCertPath.isEmpty() || server.port < 1
        || server.port > 65535) {
        return Error::make(ErrorKind::InvalidArgument,
            QStringLiteral(
                "the chain server needs a host, a port, a database and the CA file of the counters"));
    }
    if (auto r = requireOpen(admin); !r)
        return r.error();

    ChainCounterLogin login;
    login.role = roleName(shopId, counterId);
    // 32 bytes from the system's generator: 256 bits, base64url so it can be typed and pasted.
    login.password = QString::fromLatin1(
        randomBytes(32).toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    const QString verifier = scramVerifier(login.password, randomBytes(16));
    const QString role = quoteIdentifier(login.role);

    ChainTransaction tx(admin);
    if (auto r = tx.begin(); !r)
        return r.error();
    QSqlQuery query(admin);
    if (!query.exec(kLockStatement))
        return chainError(query.lastError(), QStringLiteral("could not lock the counters"));
    const Statement findRole { QStringLiteral("SELECT 1 FROM pg_roles WHERE rolname = ?"), { login.role } };
    if (auto r = runChain(query, findRole, QStringLiteral("could not look for the counter's role")); !r)
        return r.error();
    const bool roleExists = query.next();
    const Statement findCounter { QStringLiteral("SELECT 1 FROM coupondesk.counters WHERE role_name = ?"),
        { login.role } };
    if (auto r = runChain(query, findCounter, QStringLiteral("could not look for the counter")); !r)
        return r.error();
    const bool registered = query.next();
    if (roleExists && !registered) {
        return Error::make(ErrorKind::InvalidArgument,
            QLatin1String("a role named ") + login.role
                + QLatin1String(" exists and is not a CouponDesk counter; it is left alone"));
    }
    // The role's name is validated and quoted; the password literal is our own verifier (quoteLiteral).
    // A counter role gets nothing but its group membership: not superuser, no CREATEDB/CREATEROLE,
    // no REPLICATION, no BYPASSRLS (all PostgreSQL's defaults for CREATE ROLE).
    const QStringList statements = roleExists
        ? QStringList { QLatin1String("ALTER ROLE ") + role + QLatin1String(" WITH LOGIN PASSWORD ")
                  + quoteLiteral(verifier),
              QLatin1String("GRANT coupondesk_counter TO ") + role }
        : QStringList { QLatin1String("CREATE ROLE ") + role + QLatin1String(" WITH LOGIN INHERIT PASSWORD ")
              + quoteLiteral(verifier) + QLatin1String(" IN ROLE coupondesk_counter") };
    for (const QString &statement : statements) {
        if (!query.exec(statement)) // the error text quotes no statement, so no verifier reaches a log
            return chainError(
                query.lastError(), QLatin1String("could not set up the login of ") + login.role);
    }
    const Statement upsert { QStringLiteral(
                                 "INSERT INTO coupondesk.counters (role_name, shop_id, shop_name, counter_id)"
                                 " VALUES (?, ?, ?, ?)"
                                 " ON CONFLICT (role_name) DO UPDATE SET shop_name = EXCLUDED.shop_name"),
        { login.role, shopId, shopName, counterId } };
    if (auto r = runChain(query, upsert, QStringLiteral("could not register the counter")); !r)
        return r.error();
    if (auto r = tx.commit(); !r)
        return r.error();

    QUrl url;
    url.setScheme(QStringLiteral("postgresql"));
    url.setUserName(login.role);
    url.setHost(server.host);
    url.setPort(server.port);
    url.setPath(QLatin1Char('/') + server.database);
    QUrlQuery options;
    options.addQueryItem(QStringLiteral("sslmode"), QStringLiteral("verify-full"));
    options.addQueryItem(QStringLiteral("sslrootcert"), server.rootCertPath);
    url.setQuery(options);
    login.databaseUrl = url.toString(QUrl::FullyEncoded);
    qCInfo(lcHistory).noquote() << "chain counter" << login.role
                                << (roleExists ? "password reset" : "created");
    return login;
}

} // namespace history
