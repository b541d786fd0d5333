// Unit tests of the counter's code handling (desk/couponcodes.h): NFKC tidying, the per-stock code
// patterns in desk/stocks, the order stocks are tried in, and the patterns' round trip through the
// settings file. No network.
#include "desk/couponcodes.h"
#include "desk/settings.h"

#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using desk::StockRef;

class TestDeskCouponCodes : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void normalizeCode_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<QString>("expected");
        QTest::newRow("as scanned") << QStringLiteral("397812345678") << QStringLiteral("397812345678");
        QTest::newRow("full-width digits") << QStringLiteral("３９７８１２") << QStringLiteral("397812");
        QTest::newRow("full-width letters") << QStringLiteral("ＣＦ８Ａ") << QStringLiteral("CF8A");
        QTest::newRow("spaces around, ideographic too")
            << QStringLiteral(" 　1234\t ") << QStringLiteral("1234");
        QTest::newRow("inner characters kept")
            << QStringLiteral("VIP-2024-0001") << QStringLiteral("VIP-2024-0001");
        QTest::newRow("emoji left for the check to refuse")
            << QStringLiteral("AB\U0001F381") << QStringLiteral("AB\U0001F381");
        QTest::newRow("empty") << QString() << QString();
    }
    void normalizeCode()
    {
        QFETCH(QString, typed);
        QFETCH(QString, expected);
        QCOMPARE(desk::normalizeCode(typed), expected);
    }

    void patterns_data()
    {
        QTest::addColumn<QString>("pattern");
        QTest::addColumn<QString>("code");
        QTest::addColumn<bool>("matches");
        QTest::newRow("prefix") << QStringLiteral("CF") << QStringLiteral("CF12AB") << true;
        QTest::newRow("prefix, other code") << QStringLiteral("CF") << QStringLiteral("9Z12AB") << false;
        QTest::newRow("prefix is literal") << QStringLiteral("C.") << QStringLiteral("CF12") << false;
        QTest::newRow("regex, whole code")
            << QStringLiteral("re:[0-9]{12}") << QStringLiteral("397812345678") << true;
        QTest::newRow("regex is anchored")
            << QStringLiteral("re:[0-9]{12}") << QStringLiteral("3978123456789") << false;
        QTest::newRow("regex with alternation")
            << QStringLiteral("re:[0-9]{12}|VIP-.*") << QStringLiteral("VIP-2024-0001") << true;
        QTest::newRow("empty matches nothing") << QString() << QStringLiteral("CF12") << false;
        QTest::newRow("broken regex matches nothing")
            << QStringLiteral("re:[0-9") << QStringLiteral("[0-9") << false;
    }
    void patterns()
    {
        QFETCH(QString, pattern);
        QFETCH(QString, code);
        QFETCH(bool, matches);
        QCOMPARE(desk::codeMatchesPattern(code, pattern), matches);
    }

    void badPatternsAreExplained()
    {
        QVERIFY(!desk::checkCodePattern(QString()));
        QVERIFY(!desk::checkCodePattern(QStringLiteral("CF")));
        QVERIFY(!desk::checkCodePattern(QStringLiteral("re:\\d{12}")));
        QVERIFY(desk::checkCodePattern(QStringLiteral("re:")));
        QVERIFY(desk::checkCodePattern(QStringLiteral("re:(unclosed"))
                    ->contains(QStringLiteral("regular expression")));
        QVERIFY(desk::checkCodePattern(QStringLiteral("C F")));
    }

    void candidateOrder()
    {
        const QList<StockRef> stocks { { QStringLiteral("S1"), QStringLiteral("满100减20券"),
                                           QStringLiteral("re:[0-9]{12}") },
            { QStringLiteral("S2"), QStringLiteral("咖啡兑换券"), QStringLiteral("CF") },
            { QStringLiteral("S3"), QStringLiteral("9折券"), QString() },
            { QStringLiteral("S4"), QStringLiteral("新批次"), QString() } };
        // The pattern's stock first, then stocks without a pattern, then the rest (a wrong pattern must not
        // turn anyone away).
        QCOMPARE(desk::candidateStocks(stocks, QStringLiteral("CF12345678AB"), {}),
            (QStringList {
                QStringLiteral("S2"), QStringLiteral("S3"), QStringLiteral("S4"), QStringLiteral("S1") }));
        QCOMPARE(desk::candidateStocks(stocks, QStringLiteral("397812345678"), {}),
            (QStringList {
                QStringLiteral("S1"), QStringLiteral("S3"), QStringLiteral("S4"), QStringLiteral("S2") }));
        // What the journal knows comes right after the patterns, newest first; unknown stocks are not tried.
        QCOMPARE(desk::candidateStocks(stocks, QStringLiteral("XX1"),
                     { QStringLiteral("S4"), QStringLiteral("OLD"), QStringLiteral("S2") }),
            (QStringList {
                QStringLiteral("S4"), QStringLiteral("S2"), QStringLiteral("S3"), QStringLiteral("S1") }));
        QCOMPARE(desk::candidateStocks({}, QStringLiteral("CF1"), { QStringLiteral("S2") }), QStringList());
    }

    void patternsRoundTripThroughTheSettingsFile()
    {
        QTemporaryDir dir;
        const QString ini = dir.filePath(QStringLiteral("client.ini"));
        {
            QSettings s(ini, QSettings::IniFormat);
            s.setValue(QStringLiteral("desk/stocks"),
                QStringList { QStringLiteral("1212000000000001|满100减20券|re:[0-9]{12}|VIP-.*"),
                    QStringLiteral("1212000000000002|咖啡兑换券|CF"),
                    QStringLiteral("1212000000000003|9折券"), QStringLiteral("1212000000000004") });
        }
        desk::Settings read = desk::Settings::read(ini);
        QCOMPARE(read.stocks.size(), 4);
        QCOMPARE(
            read.stocks.at(0).codePattern, QStringLiteral("re:[0-9]{12}|VIP-.*")); // a regex keeps its '|'
        QCOMPARE(read.stocks.at(1).name, QStringLiteral("咖啡兑换券"));
        QCOMPARE(read.stocks.at(1).codePattern, QStringLiteral("CF"));
        QCOMPARE(read.stocks.at(2).codePattern, QString());
        QCOMPARE(read.stocks.at(3).name, QString());

        read.stocks[2].codePattern = QStringLiteral("re:(broken");
        bool complained = false;
        for (const desk::SettingIssue &i : read.validate())
            complained = complained
                || (i.key == QLatin1String("desk/stocks")
                    && i.message.contains(QStringLiteral("1212000000000003")));
        QVERIFY(complained);
        read.stocks[2].codePattern = QStringLiteral("9Z");
        QVERIFY(read.save(ini).ok());
        const desk::Settings again = desk::Settings::read(ini);
        QCOMPARE(again.stocks.at(0).codePattern, QStringLiteral("re:[0-9]{12}|VIP-.*"));
        QCOMPARE(again.stocks.at(2).codePattern, QStringLiteral("9Z"));
        QCOMPARE(again.stocks.at(3).id, QStringLiteral("1212000000000004"));
    }
};

QTEST_GUILESS_MAIN(TestDeskCouponCodes)
#include "test_desk_couponcodes.moc"
