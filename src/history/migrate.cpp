// Brings an opened history file up to kSchemaVersion by applying the numbered migrations of
// schema.cpp in one write transaction, or refuses a file written by a newer program.
#include "journal.h"
#include "journal_p.h"

#include "logging.h"
#include "schema.h"
#include "sqlsupport.h"

#include <QDateTime>
#include <QDir>
#include <QSqlQuery>

namespace history {

using namespace detail;

Result<void> Journal::Private::migrate()
{
    WriteTransaction tx(statements);
    if (auto r = tx.begin(); !r) {
        return r;
    }
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS schema_version ("
                                   " version INTEGER PRIMARY KEY,"
                                   " description TEXT NOT NULL DEFAULT '',"
                                   " applied_at TEXT NOT NULL)"))) {
        return sqlError(query.lastError(), QStringLiteral("could not create schema_version"));
    }
    if (!query.exec(QStringLiteral("SELECT COALESCE(MAX(version), 0) FROM schema_version"))
        || !query.next()) {
        return sqlError(query.lastError(), QStringLiteral("could not read schema_version"));
    }
    const int current = query.value(0).toInt();
    query.finish();
    if (current > kSchemaVersion) {
        const QString message = QLatin1String("the history file ") + QDir::toNativeSeparators(path)
            + QLatin1String(" has schema version ") + QString::number(current)
            + QLatin1String(", newer than this program supports (") + QString::number(kSchemaVersion)
            + QLatin1String("); use a newer CouponDesk or another history file");
        return Error::make(ErrorKind::SchemaTooNew, message);
    }
    for (const Migration &migration : migrations()) {
        if (migration.version <= current) {
            continue;
        }
        qCInfo(lcHistory).noquote() << "migrating" << QDir::toNativeSeparators(path) << "to schema version"
                                    << migration.version << '(' << migration.description << ')';
        for (const QString &statement : migration.statements) {
            if (!query.exec(statement)) {
                const Error e = sqlError(query.lastError(),
                    QLatin1String("migration to version ") + QString::number(migration.version)
                        + QLatin1String(" failed"));
                return Error::make(ErrorKind::Migration, e.message);
            }
        }
        Statement record { QStringLiteral("INSERT INTO schema_version (version, description, applied_at)"
                                          " VALUES (?, ?, ?)"),
            { migration.version, migration.description,
                QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs) } };
        if (auto r = run(query, record, QStringLiteral("could not record the schema version")); !r) {
            return Error::make(ErrorKind::Migration, r.error().message);
        }
    }
    return tx.commit();
}

} // namespace history
