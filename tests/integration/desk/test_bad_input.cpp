// Bad-input corpus (issue 8): over-long, empty, emoji, control characters, SQL-looking and path-
// looking values in every CLI flag that reaches WeChat Pay → a clear one-line error naming the field,
// exit status 2, and nothing sent. Free-text reasons accept SQL- and path-looking text as plain data.
// The corpus is shared with the GUI and CSV tests (tests/support/badinput.h).
#include "badinput.h"
#include "clirunner.h"
#include "simharness.h"

#include "desk/settings.h"

#include <QJsonDocument>
#include <QProcess>
#include <QTest>

class TestBadInput : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<sim::Simulator> m_sim;
    QTemporaryDir m_dir;
    QString m_ini;
    QString m_code;
    QString m_stock;

    using Run = testsupport::CliRun;
    Run cli(const QStringList &args)
    {
        return testsupport::runProgram(QStringLiteral(COUPONDESK_CLI_PATH),
            QStringList { QStringLiteral("--config"), m_ini, QStringLiteral("--json") } + args, {}, 60000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_sim = simtest::startSimulator();
        QVERIFY(m_sim);
        m_ini = m_dir.filePath(QStringLiteral("client.ini"));
        QVERIFY(m_sim->writeClientConfig(m_ini).ok());
        desk::Settings s = desk::Settings::load(m_ini).value();
        s.historyDb = m_dir.filePath(QStringLiteral("history.sqlite"));
        s.staff = { { QStringLiteral("m01"), QStringLiteral("店长"), desk::Role::Manager,
            desk::hashPin(QStringLiteral("1357"), 1000) } };
        QVERIFY(s.save(m_ini).ok());
        for (const sim::DemoCode &c : m_sim->demoCodes(1))
            if (c.note == QStringLiteral("可核销")) {
                m_code = c.couponCode;
                m_stock = c.stockId;
                break;
            }
        QVERIFY(!m_code.isEmpty());
    }

    void refusedEverywhere_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QString>("flag");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("field");
        const QList<testsupport::BadValue> corpus = testsupport::badInputCorpus();
        struct Target
        {
            const char *command;
            const char *flag;
            const char *field;
        };
        const Target targets[] = { { "use", "--code", "coupon_code" }, { "use", "--stock", "stock_id" },
            { "use", "--openid", "openid" }, { "deactivate", "--code", "coupon_code" },
            { "deactivate", "--stock", "stock_id" }, { "return", "--code", "coupon_code" },
            { "query", "--openid", "openid" }, { "stock", "--stock", "stock_id" } };
        for (const Target &t : targets)
            for (const auto &[name, value] : corpus) {
                if (QLatin1String(t.flag) == QLatin1String("--openid") && value.isEmpty()
                    && QLatin1String(t.command) == QLatin1String("use"))
                    continue; // the openid is optional when redeeming
                if (QLatin1String(t.flag) == QLatin1String("--code")
                    && QLatin1String(t.command) == QLatin1String("use")
                    && testsupport::fixedAtTheCounter(name))
                    continue; // converted to half-width, not refused (tested in test_cli_workflows)
                QTest::newRow(qPrintable(
                    QStringLiteral("%1 %2 %3")
                        .arg(QLatin1String(t.command), QLatin1String(t.flag), QLatin1String(name))))
                    << QString::fromLatin1(t.command) << QString::fromLatin1(t.flag) << value
                    << QString::fromLatin1(t.field);
            }
        // The reason is free text: only these are refused.
        const QList<testsupport::BadValue> reasons = testsupport::badReasonCorpus();
        for (const auto &[name, value] : reasons)
            QTest::newRow(qPrintable(QStringLiteral("deactivate --reason %1").arg(QLatin1String(name))))
                << QStringLiteral("deactivate") << QStringLiteral("--reason") << value
                << QStringLiteral("deactivate_reason");
    }
    void refusedEverywhere()
    {
        QFETCH(QString, command);
        QFETCH(QString, flag);
        QFETCH(QString, value);
        QFETCH(QString, field);
        QStringList args { command };
        QHash<QString, QString> flags { { QStringLiteral("--code"), m_code },
            { QStringLiteral("--stock"), m_stock } };
        if (command == QLatin1String("deactivate"))
            flags.insert(QStringLiteral("--reason"), QStringLiteral("测试"));
        if (command == QLatin1String("query")) {
            flags.insert(QStringLiteral("--openid"), QStringLiteral("oValid_1"));
            flags.remove(QStringLiteral("--stock"));
        }
        if (command == QLatin1String("stock"))
            flags.remove(QStringLiteral("--code"));
        flags.insert(flag, value);
        for (auto it = flags.cbegin(); it != flags.cend(); ++it)
            args << it.key() << it.value();
        if (command == QLatin1String("deactivate") || command == QLatin1String("return"))
            args << QStringLiteral("--pin") << QStringLiteral("1357");

        QSignalSpy served(m_sim.get(), &sim::Simulator::requestServed);
        const int before = static_cast<int>(served.count());
        Run r = cli(args);
        QCOMPARE(r.exitCode, 2);
        const QJsonObject json = QJsonDocument::fromJson(r.out).object();
        if (value.isEmpty() && json.isEmpty()) {
            QVERIFY2(r.err.contains("missing --"), r.err.constData()); // an empty flag is a missing flag
        } else {
            QCOMPARE(json.value(QLatin1String("field")).toString(), field);
            QVERIFY(!json.value(QLatin1String("message")).toString().isEmpty());
            QCOMPARE(json.value(QLatin1String("outcome")).toString(), QStringLiteral("rejected"));
        }
        QCOMPARE(served.count(), before); // nothing sent
    }

    void freeTextReasonIsPlainData()
    {
        // SQL- and path-looking reasons are legitimate text: sent and stored verbatim, breaking nothing.
        const QString reason = testsupport::plainDataReasons().first().value;
        Run r = cli({ QStringLiteral("deactivate"), QStringLiteral("--code"), m_code,
            QStringLiteral("--stock"), m_stock, QStringLiteral("--reason"), reason, QStringLiteral("--pin"),
            QStringLiteral("1357") });
        QCOMPARE(r.exitCode, 0);
        Run h = cli({ QStringLiteral("history"), QStringLiteral("--code"), m_code });
        QVERIFY(QString::fromUtf8(h.out).contains(QStringLiteral("DROP TABLE journal")));
        QCOMPARE(m_sim->coupon(m_code)->state, QStringLiteral("DEACTIVATED"));
    }
};

QTEST_GUILESS_MAIN(TestBadInput)
#include "test_bad_input.moc"
