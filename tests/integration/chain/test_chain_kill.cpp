// A counter process killed hard (QProcess::kill: SIGKILL on POSIX, TerminateProcess on Windows, both
// without any cleanup) while it journals rows and its ChainLink pushes them: some rows pushed, some
// pushed but not yet acknowledged in the outbox, some only journaled. Started again, it pushes what
// waits, and the chain database then equals the journal, each row once.
#include "history/chainconnection.h"
#include "history/chainschema.h"
#include "history/journal.h"
#include "testpostgres.h"

#include <QProcess>
#include <QProcessEnvironment>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

class TestChainKill : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void killedCounterCatchesUpExactlyOnce()
    {
        COUPONDESK_REQUIRE_POSTGRES();
        testsupport::TestPostgres pg;
        QVERIFY2(pg.start(), qPrintable(pg.errorString()));
        auto admin = history::openChainDatabase(pg.uri(pg.superuser(), pg.caPath()), pg.superuserPassword());
        QVERIFY(admin.ok());
        QSqlDatabase db = admin.value();
        QVERIFY(history::ChainSchema::init(db).ok());
        auto login = history::ChainSchema::addCounter(db, QStringLiteral("s1"), QStringLiteral("徐汇店"),
            QStringLiteral("01"), { pg.host(), pg.port(), pg.database(), pg.caPath() });
        QVERIFY(login.ok());
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString journalPath = dir.filePath(QStringLiteral("01.sqlite"));

        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("CHAIN_PASSWORD"), login->password);
        const QStringList args { journalPath, login->databaseUrl, QStringLiteral("01") };
        for (int run = 0; run < 3; ++run) {
            QProcess counter;
            counter.setProcessEnvironment(env);
            counter.start(
                QStringLiteral(COUPONDESK_CHAIN_COUNTER), QStringList { QStringLiteral("write") } + args);
            QVERIFY(counter.waitForStarted());
            // Killed once rows are being pushed: some in the chain, more still coming.
            const qint64 before = chainCount(db);
            QTRY_VERIFY_WITH_TIMEOUT(
                chainCount(db) > before + 50 || counter.state() != QProcess::Running, 30000);
            QVERIFY2(
                counter.state() == QProcess::Running, counter.readAllStandardError().right(3000).constData());
            counter.kill();
            QVERIFY(counter.waitForFinished());
            QCOMPARE(counter.exitStatus(), QProcess::CrashExit);
            const QByteArray out = counter.readAllStandardOutput();
            qInfo("run %d: killed after %lld rows written, %lld in the chain", run, qint64(out.count('\n')),
                chainCount(db));
        }
        QProcess sync;
        sync.setProcessEnvironment(env);
        sync.start(QStringLiteral(COUPONDESK_CHAIN_COUNTER), QStringList { QStringLiteral("sync") } + args);
        QVERIFY(sync.waitForFinished(60000));
        QVERIFY2(sync.exitCode() == 0, sync.readAllStandardError().constData());
        qInfo("restarted: %s", sync.readAllStandardOutput().trimmed().constData());

        history::Journal journal;
        QVERIFY(journal.open(journalPath).ok());
        QCOMPARE(journal.outboxStatus()->rows, 0);
        auto rows = journal.query({}, 0, history::Journal::kMaxPageSize);
        QVERIFY(rows.ok());
        QVERIFY(rows->size() > 150);
        QCOMPARE(chainCount(db), qint64(rows->size())); // each row once (the key is natural)
        QSqlQuery q(db);
        QVERIFY(q.prepare(QStringLiteral("SELECT state, updated_at FROM coupondesk.history"
                                         " WHERE shop_id = 's1' AND counter_id = '01' AND request_no = ?")));
        for (const history::JournalEntry &e : rows.value()) {
            q.addBindValue(e.requestNo);
            QVERIFY(q.exec());
            QVERIFY2(q.next(), qPrintable(e.requestNo));
            QCOMPARE(q.value(0).toString(), history::stateName(e.state));
            QCOMPARE(q.value(1).toDateTime().toMSecsSinceEpoch(), e.updatedAt.toMSecsSinceEpoch());
        }
        q = QSqlQuery();
        history::closeChainDatabase(db);
    }

private:
    static qint64 chainCount(QSqlDatabase &db)
    {
        QSqlQuery q(db);
        if (!q.exec(QStringLiteral("SELECT count(*) FROM coupondesk.history")) || !q.next())
            return -1;
        return q.value(0).toLongLong();
    }
};

QTEST_GUILESS_MAIN(TestChainKill)
#include "test_chain_kill.moc"
