// The chain database's line in the status bar (desk/chainstatus.h): the text for each state, in English
// and with the zh_CN translation, the tooltip (server, last error, never a password), and which changes
// count as a change of what is shown. No database.
#include "desk/chainstatus.h"

#include <QCoreApplication>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

using desk::ChainStatus;

class TestDeskChainStatus : public QObject
{
    Q_OBJECT

private:
    const QDateTime m_now { QDate(2026, 12, 5), QTime(14, 30) };

    ChainStatus status(ChainStatus::State state, qint64 waiting = 0) const
    {
        ChainStatus s;
        s.state = state;
        s.waiting = waiting;
        s.server = QStringLiteral("db.example:5432/coupondesk as cd.s1.01");
        s.schemaNeeded = 2;
        s.schemaFound = 2;
        return s;
    }

private Q_SLOTS:
    void textForEachState()
    {
        QCOMPARE(desk::chainStatusText(status(ChainStatus::State::Off), m_now), QString());
        QCOMPARE(desk::chainStatusText(status(ChainStatus::State::Connecting), m_now),
            QStringLiteral("Chain database: connecting…"));
        QCOMPARE(desk::chainStatusText(status(ChainStatus::State::Synced), m_now),
            QStringLiteral("Chain database: synced"));
        QCOMPARE(desk::chainStatusText(status(ChainStatus::State::Waiting, 3), m_now),
            QStringLiteral("Chain database: 3 row(s) waiting"));
        ChainStatus down = status(ChainStatus::State::Unreachable, 12);
        down.unreachableSince = QDateTime(QDate(2026, 12, 5), QTime(14, 3));
        QCOMPARE(desk::chainStatusText(down, m_now),
            QStringLiteral("Chain database unreachable since 14:03 (12 row(s) queued)"));
        down.unreachableSince = QDateTime(QDate(2026, 12, 4), QTime(18, 0));
        QCOMPARE(desk::chainStatusText(down, m_now),
            QStringLiteral("Chain database unreachable since 12-04 18:00 (12 row(s) queued)"));
        ChainStatus old = status(ChainStatus::State::NeedsUpgrade, 1);
        old.schemaFound = 1;
        QCOMPARE(desk::chainStatusText(old, m_now),
            QStringLiteral("Chain database needs an upgrade: run coupondesk-cli chain init"));

        QVERIFY(desk::chainStatusHealthy(status(ChainStatus::State::Synced)));
        QVERIFY(desk::chainStatusHealthy(status(ChainStatus::State::Waiting, 1)));
        QVERIFY(!desk::chainStatusHealthy(down));
        QVERIFY(!desk::chainStatusHealthy(old));
        QCOMPARE(desk::chainStateName(ChainStatus::State::NeedsUpgrade), QStringLiteral("needs-upgrade"));
        const ChainStatus refused = status(ChainStatus::State::LoginRefused, 4);
        QCOMPARE(desk::chainStatusText(refused, m_now),
            QStringLiteral(
                "Chain database refused this counter's login: check its password (4 row(s) queued)"));
        QVERIFY(!desk::chainStatusHealthy(refused));
        QCOMPARE(desk::chainStateName(ChainStatus::State::LoginRefused), QStringLiteral("login-refused"));
    }

    void toolTipNamesServerAndError()
    {
        ChainStatus s = status(ChainStatus::State::Unreachable, 2);
        s.lastSyncAt = QDateTime(QDate(2026, 12, 5), QTime(14, 2, 59));
        s.lastError = QStringLiteral("could not connect to the chain database at db.example:5432");
        const QString tip = desk::chainStatusToolTip(s);
        QVERIFY2(tip.contains(s.server), qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("2026-12-05 14:02:59")), qPrintable(tip));
        QVERIFY2(tip.contains(s.lastError), qPrintable(tip));
        QCOMPARE(desk::chainStatusToolTip(status(ChainStatus::State::Off)), QString());
    }

    // What moves every round (the last sync, the oldest waiting row) is not a change of the line.
    void sameDisplayIgnoresTheClockFields()
    {
        ChainStatus a = status(ChainStatus::State::Waiting, 3);
        ChainStatus b = a;
        b.lastSyncAt = m_now;
        b.oldestWaitingSince = m_now;
        QVERIFY(a.sameDisplay(b));
        b.waiting = 4;
        QVERIFY(!a.sameDisplay(b));
        b = a;
        b.lastError = QStringLiteral("x");
        QVERIFY(!a.sameDisplay(b));
        b = a;
        b.state = ChainStatus::State::Synced;
        QVERIFY(!a.sameDisplay(b));
    }

    void chineseWithTheTranslation()
    {
        QTemporaryDir dir;
        const QString qm = dir.filePath(QStringLiteral("zh.qm"));
        QProcess lrelease;
        lrelease.start(QStringLiteral(COUPONDESK_LRELEASE),
            { QStringLiteral(COUPONDESK_SOURCE_DIR "/resources/translations/coupondesk_zh_CN.ts"),
                QStringLiteral("-qm"), qm });
        QVERIFY(lrelease.waitForFinished(60000));
        QCOMPARE(lrelease.exitCode(), 0);
        QTranslator translator;
        QVERIFY(translator.load(qm));
        QCoreApplication::installTranslator(&translator);
        QCOMPARE(desk::chainStatusText(status(ChainStatus::State::Synced), m_now),
            QStringLiteral("连锁库：已同步"));
        QCOMPARE(desk::chainStatusText(status(ChainStatus::State::Waiting, 3), m_now),
            QStringLiteral("连锁库：3 条待同步"));
        ChainStatus down = status(ChainStatus::State::Unreachable, 12);
        down.unreachableSince = QDateTime(QDate(2026, 12, 5), QTime(14, 3));
        QCOMPARE(desk::chainStatusText(down, m_now),
            QStringLiteral("连锁库：自 14:03 起无法连接（已排队 12 条）"));
        ChainStatus old = status(ChainStatus::State::NeedsUpgrade);
        old.schemaFound = 1;
        QCOMPARE(desk::chainStatusText(old, m_now),
            QStringLiteral("连锁库需要升级：请运行 coupondesk-cli chain init"));
        QCoreApplication::removeTranslator(&translator);
    }
};

QTEST_GUILESS_MAIN(TestDeskChainStatus)
#include "test_desk_chainstatus.moc"
