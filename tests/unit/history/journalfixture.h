// Shared set-up of the history journal tests: a fresh temporary folder and a fixed clock for each
// test function, the entry most tests start from, and a raw connection for looking at the file.
#pragma once

#include "history/journal.h"

#include <QDateTime>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStringList>
#include <QTemporaryDir>
#include <QTest>
#include <QVariant>

#include <memory>

namespace journaltest {

// Opens the file with a separate raw connection, for looking at what the journal wrote.
class RawDb
{
public:
    explicit RawDb(const QString &path)
        : m_name(QStringLiteral("raw-") + QString::number(++s_counter))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(path);
        m_ok = db.open();
    }
    ~RawDb()
    {
        {
            QSqlDatabase db = QSqlDatabase::database(m_name, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_name);
    }
    bool ok() const { return m_ok; }
    QSqlDatabase db() const { return QSqlDatabase::database(m_name, false); }
    QVariant scalar(const QString &sql) const
    {
        QSqlQuery q(db());
        if (!q.exec(sql) || !q.next()) {
            return QVariant();
        }
        return q.value(0);
    }
    QStringList column(const QString &sql, int index = 0) const
    {
        QStringList values;
        QSqlQuery q(db());
        if (q.exec(sql)) {
            while (q.next()) {
                values << q.value(index).toString();
            }
        }
        return values;
    }
    bool exec(const QString &sql) const
    {
        QSqlQuery q(db());
        return q.exec(sql);
    }

private:
    static inline int s_counter = 0;
    QString m_name;
    bool m_ok = false;
};

inline QStringList requestNos(const QList<history::JournalEntry> &entries)
{
    QStringList list;
    for (const history::JournalEntry &e : entries) {
        list << e.requestNo;
    }
    return list;
}

// The members every journal test class uses; the test class calls setUpJournal() from init() and
// tearDownJournal() from cleanup().
class JournalFixture
{
protected:
    void setUpJournal()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        // A fixed local time with millisecond precision (the journal stores milliseconds).
        m_now = QDateTime(QDate(2024, 5, 1), QTime(10, 0, 0, 123));
    }
    void tearDownJournal() { m_dir.reset(); }

    QString dbPath() const { return m_dir->filePath(QStringLiteral("history/journal.sqlite")); }
    history::Journal::NowFunction clock()
    {
        return [this] { return m_now; };
    }
    // Without a code, each request number gets its own coupon code ("CODE-" + request number).
    history::JournalEntry makeEntry(const QString &requestNo, const QString &code = QString(),
        history::Operation op = history::Operation::Use) const
    {
        history::JournalEntry e;
        e.operation = op;
        e.couponCode = code.isNull() ? QLatin1String("CODE-") + requestNo : code;
        e.stockId = QStringLiteral("9856000");
        e.openid = QStringLiteral("oWmnN4xxxxxxxxxxe92NHIGf1xd8");
        e.appid = QStringLiteral("wx1234567890abcdef");
        e.requestNo = requestNo;
        e.requestBody = QByteArrayLiteral("{\"coupon_code\":\"") + code.toUtf8() + QByteArrayLiteral("\"}");
        e.staff = QStringLiteral("alice");
        e.counterId = QStringLiteral("C01");
        return e;
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    QDateTime m_now;
};

} // namespace journaltest
