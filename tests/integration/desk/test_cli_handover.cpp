// coupondesk-cli handover as a user runs it against a simulator: redemptions with `use`, then the
// shift ended with a manager's PIN and the slip saved as PDF (pdfinfo, pdftotext), a wrong PIN
// refused with nothing recorded, the list of past handovers, and a reprint of one as recorded.
#include "clirunner.h"
#include "clisettings.h"
#include "simharness.h"

#include "desk/money.h"
#include "desk/settings.h"
#include "desk/staff.h"

#include <QJsonArray>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

class TestCliHandover : public QObject
{
    Q_OBJECT

private:
    using Run = testsupport::CliRun;

    std::unique_ptr<sim::Simulator> m_sim;
    QTemporaryDir m_dir;
    QString m_ini;

    Run cfg(const QStringList &args, const QStringList &env = {})
    {
        return testsupport::runProgram(QStringLiteral(COUPONDESK_CLI_PATH),
            QStringList { QStringLiteral("--config"), m_ini, QStringLiteral("--json") } + args, env, 60000);
    }

    QString usable(int index)
    {
        int i = 0;
        for (const sim::DemoCode &c : m_sim->demoCodes(60))
            if (c.note == QStringLiteral("可核销") && i++ == index)
                return c.couponCode;
        qFatal("not enough demo coupons");
        return {};
    }

    static QString tool(const QString &program, const QStringList &args)
    {
        QProcess p;
        p.start(program, args);
        p.waitForFinished(30000);
        return QString::fromUtf8(p.readAllStandardOutput());
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_sim = simtest::startSimulator();
        QVERIFY(m_sim);
        m_ini = testsupport::writeCliSettings(*m_sim, m_dir.path(), testsupport::cliStaff());
        QVERIFY(!m_ini.isEmpty());
    }

    void handoverSavesTheSlipAndReprintsIt()
    {
        for (int i = 0; i < 2; ++i) {
            const Run use = cfg({ QStringLiteral("use"), QStringLiteral("--code"), usable(i) });
            QCOMPARE(use.exitCode, 0);
        }
        // Shifts end on whole seconds, as the journal stamps rows: the handover comes a second later.
        const qint64 usedBy = QDateTime::currentSecsSinceEpoch();
        QTRY_VERIFY_WITH_TIMEOUT(QDateTime::currentSecsSinceEpoch() > usedBy, 3000);
        // A wrong PIN: refused, nothing recorded.
        const Run wrong = cfg({ QStringLiteral("handover"), QStringLiteral("--staff"), QStringLiteral("c01"),
            QStringLiteral("--pin"), QStringLiteral("0000") });
        QCOMPARE(wrong.exitCode, 1);
        QVERIFY(wrong.err.contains("wrong PIN"));
        const Run none = cfg({ QStringLiteral("handover"), QStringLiteral("--list") });
        QCOMPARE(none.exitCode, 0);
        QVERIFY(none.lines().isEmpty());

        const QString pdf = m_dir.filePath(QStringLiteral("shift.pdf"));
        const Run ended
            = cfg({ QStringLiteral("handover"), QStringLiteral("--staff"), QStringLiteral("c01"),
                      QStringLiteral("--pdf"), pdf, QStringLiteral("--paper"), QStringLiteral("58mm") },
                { QStringLiteral("COUPONDESK_PIN=8642") });
        QVERIFY2(ended.exitCode == 0, ended.err.constData());
        const QJsonObject h = ended.json();
        QVERIFY(h.value(QStringLiteral("handover_id")).toInteger() > 0);
        QCOMPARE(h.value(QStringLiteral("staff")).toString(), QStringLiteral("c01"));
        QCOMPARE(h.value(QStringLiteral("confirmed_by")).toString(), QStringLiteral("m01"));
        QCOMPARE(h.value(QStringLiteral("redeemed")).toInteger(), 2);
        QCOMPARE(h.value(QStringLiteral("pdf")).toString(), pdf);
        const QJsonArray stocks = h.value(QStringLiteral("by_stock")).toArray();
        QVERIFY(!stocks.isEmpty());

        const QString info = tool(QStringLiteral("pdfinfo"), { pdf });
        const auto size = QRegularExpression(QStringLiteral(R"(Page size:\s+([\d.]+) x)")).match(info);
        QVERIFY2(size.hasMatch(), qPrintable(info));
        QVERIFY(qAbs(size.captured(1).toDouble() - 164.4) < 1.0); // 58 mm
        const QString text = tool(QStringLiteral("pdftotext"), { pdf, QStringLiteral("-") });
        QVERIFY2(text.contains(QStringLiteral("小王")), qPrintable(text));
        QVERIFY(text.contains(stocks.first().toObject().value(QStringLiteral("stock_id")).toString()));
        QVERIFY(text.contains(desk::formatYuan(h.value(QStringLiteral("value_fen")).toInteger())));

        // The handover is listed, and the next one starts where it ended.
        const Run list = cfg({ QStringLiteral("handover"), QStringLiteral("--list") });
        QCOMPARE(list.lines().size(), 1);
        QCOMPARE(
            list.lines().first().value(QStringLiteral("shift_end")), h.value(QStringLiteral("shift_end")));

        // More redemptions, then the reprint: the recorded totals, marked REPRINT, no PIN needed.
        QCOMPARE(cfg({ QStringLiteral("use"), QStringLiteral("--code"), usable(2) }).exitCode, 0);
        const qint64 usedAgainBy = QDateTime::currentSecsSinceEpoch();
        const QString again = m_dir.filePath(QStringLiteral("again.pdf"));
        const Run reprint = cfg({ QStringLiteral("handover"), QStringLiteral("--reprint"),
            QString::number(h.value(QStringLiteral("handover_id")).toInteger()), QStringLiteral("--pdf"),
            again });
        QVERIFY2(reprint.exitCode == 0, reprint.err.constData());
        QCOMPARE(reprint.json().value(QStringLiteral("redeemed")).toInteger(), 2);
        QCOMPARE(reprint.json().value(QStringLiteral("value_fen")), h.value(QStringLiteral("value_fen")));
        const QString reprinted = tool(QStringLiteral("pdftotext"), { again, QStringLiteral("-") });
        QVERIFY(reprinted.contains(QStringLiteral("REPRINT")));
        QVERIFY(tool(QStringLiteral("pdfinfo"), { again })
                    .contains(QRegularExpression(QStringLiteral("595(\\.\\d+)? x 842")))); // A4

        QTRY_VERIFY_WITH_TIMEOUT(QDateTime::currentSecsSinceEpoch() > usedAgainBy, 3000);
        const Run second
            = cfg({ QStringLiteral("handover"), QStringLiteral("--pin"), QStringLiteral("8642") });
        QCOMPARE(second.exitCode, 0);
        QCOMPARE(second.json().value(QStringLiteral("shift_start")), h.value(QStringLiteral("shift_end")));
        QCOMPARE(second.json().value(QStringLiteral("redeemed")).toInteger(), 1);

        const Run bad
            = cfg({ QStringLiteral("handover"), QStringLiteral("--paper"), QStringLiteral("57mm") });
        QCOMPARE(bad.exitCode, 2);
        const Run missing
            = cfg({ QStringLiteral("handover"), QStringLiteral("--reprint"), QStringLiteral("999") });
        QCOMPARE(missing.exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(TestCliHandover)
#include "test_cli_handover.moc"
