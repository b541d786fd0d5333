// Journal::Private: the state behind a Journal, shared by the files that define Journal's members
// (journal.cpp, journalexport.cpp, migrate.cpp). Internal to src/history (not public API).
#pragma once

#include "journal.h"
#include "sqlsupport.h"

#include <QByteArray>
#include <QDateTime>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>

class QIODevice;

namespace history {

struct Journal::Private
{
    NowFunction now;
    QString connectionName;
    QString path;
    QSqlDatabase db; // invalid while closed
    mutable detail::StatementCache statements;

    QDateTime currentTime() const { return now ? now() : QDateTime::currentDateTime(); }

    Result<void> checkOpen() const
    {
        if (!db.isValid() || !db.isOpen()) {
            return Error::make(ErrorKind::NotOpen, QStringLiteral("the history journal is not open"));
        }
        return {};
    }

    Result<void> pragma(const QString &statement, const QString &expected = QString())
    {
        QSqlQuery query(db);
        if (!query.exec(statement)) {
            // Not logged here: open() logs the one resulting failure.
            return Error::make(ErrorKind::Open, statement + QLatin1String(": ") + query.lastError().text());
        }
        if (!expected.isEmpty()) {
            const QString got = query.next() ? query.value(0).toString() : QString();
            if (got.compare(expected, Qt::CaseInsensitive) != 0) {
                return Error::make(ErrorKind::Open,
                    statement + QLatin1String(" answered '") + got + QLatin1String("', expected '") + expected
                        + QLatin1Char('\''));
            }
        }
        return {};
    }

    Result<void> migrate();
    Result<QList<JournalEntry>> select(const detail::Statement &statement, const QString &what) const;
    // `statement` is a SELECT COUNT(*).
    Result<qint64> countRows(const detail::Statement &statement, const QString &what) const;
    Result<qint64> insertOne(QSqlQuery &insert, const JournalEntry &entry, qint64 createdMs, qint64 updatedMs,
        const QString &what);
    template<typename RowWriter>
    Result<qint64> exportRows(const JournalFilter &filter, QIODevice &out, QByteArray prologue,
        RowWriter &&writeRow, const QByteArray &separator) const;
};

} // namespace history
