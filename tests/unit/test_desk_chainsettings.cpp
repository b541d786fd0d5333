// The chain section of the settings (desk/chainsettings.h): absent means a counter on its own and
// nothing is written; given, every key is checked with a message naming the key; the password never
// sits in the address; a relative CA path is found beside the settings file.
#include "desk/chainsettings.h"
#include "desk/settings.h"

#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using desk::ChainSettings;

namespace {

ChainSettings valid(const QString &caPath)
{
    ChainSettings c;
    c.databaseUrl
        = QStringLiteral("postgresql://counter_s1_01@db.example:5432/coupondesk?sslmode=verify-full&"
                         "sslrootcert=")
        + caPath;
    c.passwordRef = QStringLiteral("file:chain-password.txt");
    c.shopId = QStringLiteral("s1");
    c.shopName = QStringLiteral("徐汇店");
    return c;
}

QStringList keys(const QList<desk::SettingIssue> &issues)
{
    QStringList k;
    for (const desk::SettingIssue &i : issues)
        k << i.key;
    return k;
}

} // namespace

class TestDeskChainSettings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QFile ca(m_dir.filePath(QStringLiteral("ca.pem")));
        QVERIFY(ca.open(QIODevice::WriteOnly));
        ca.write("not checked here: libpq reads it\n");
    }

    void absentMeansOnItsOwn()
    {
        const QString path = m_dir.filePath(QStringLiteral("alone.ini"));
        QSettings(path, QSettings::IniFormat)
            .setValue(QStringLiteral("desk/counter_id"), QStringLiteral("01"));
        const desk::Settings s = desk::Settings::read(path);
        QVERIFY(!s.chain.isEnabled());
        QVERIFY(s.chain.validate().isEmpty());
        QVERIFY(!keys(s.validate()).join(QLatin1Char(' ')).contains(QLatin1String("chain/")));

        QSettings out(m_dir.filePath(QStringLiteral("written.ini")), QSettings::IniFormat);
        s.chain.write(out);
        QVERIFY(out.allKeys().isEmpty()); // no chain section appears by saving
    }

    void validRoundTrip()
    {
        const ChainSettings c = valid(m_dir.filePath(QStringLiteral("ca.pem")));
        QVERIFY(c.isEnabled());
        QCOMPARE(keys(c.validate()), QStringList());
        QCOMPARE(c.describe(), QStringLiteral("db.example:5432/coupondesk as counter_s1_01"));
        QVERIFY(!c.describe().contains(QLatin1String("password")));

        const QString path = m_dir.filePath(QStringLiteral("chain.ini"));
        {
            QSettings ini(path, QSettings::IniFormat);
            c.write(ini);
        }
        const ChainSettings back = ChainSettings::read(QSettings(path, QSettings::IniFormat), m_dir.path());
        QCOMPARE(back.databaseUrl, c.databaseUrl);
        QCOMPARE(back.passwordRef, c.passwordRef);
        QCOMPARE(back.shopId, c.shopId);
        QCOMPARE(back.shopName, c.shopName);
    }

    void relativeCaIsBesideTheSettings()
    {
        const QString path = m_dir.filePath(QStringLiteral("relative.ini"));
        {
            QSettings ini(path, QSettings::IniFormat);
            valid(QStringLiteral("ca.pem")).write(ini);
        }
        const ChainSettings c = ChainSettings::read(QSettings(path, QSettings::IniFormat), m_dir.path());
        QVERIFY2(c.databaseUrl.contains(m_dir.filePath(QStringLiteral("ca.pem"))), qPrintable(c.databaseUrl));
        QCOMPARE(keys(c.validate()), QStringList());
    }

    void eachProblemNamesItsKey_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("password");
        QTest::addColumn<QString>("shopId");
        QTest::addColumn<QString>("shopName");
        QTest::addColumn<QStringList>("expected");
        const QString ok
            = QStringLiteral("postgresql://counter_s1_01@db.example:5432/coupondesk?sslmode=verify-full");
        const QString pw = QStringLiteral("secret");
        const QString id = QStringLiteral("s1");
        const QString name = QStringLiteral("徐汇店");
        const QStringList url { QStringLiteral("chain/database_url") };
        QTest::newRow("fine") << ok << pw << id << name << QStringList();
        QTest::newRow("no address") << QString() << pw << id << name << url;
        QTest::newRow("not a postgresql address")
            << QStringLiteral("https://db.example/coupondesk") << pw << id << name << url;
        QTest::newRow("no role") << QStringLiteral(
            "postgresql://db.example:5432/coupondesk?sslmode=verify-full")
                                 << pw << id << name << url;
        QTest::newRow("no database") << QStringLiteral("postgresql://r@db.example:5432?sslmode=verify-full")
                                     << pw << id << name << url;
        QTest::newRow("password in the address")
            << QStringLiteral("postgresql://r:hunter2@db.example/coupondesk?sslmode=verify-full") << pw << id
            << name << url;
        QTest::newRow("TLS not verified")
            << QStringLiteral("postgresql://r@db.example/coupondesk?sslmode=require") << pw << id << name
            << url;
        QTest::newRow("no TLS named")
            << QStringLiteral("postgresql://r@db.example/coupondesk") << pw << id << name << url;
        QTest::newRow("loopback may go without TLS")
            << QStringLiteral("postgresql://r@127.0.0.1:5433/coupondesk") << pw << id << name
            << QStringList();
        QTest::newRow("CA file missing") << QStringLiteral(
            "postgresql://r@db.example/coupondesk?sslmode=verify-full&sslrootcert=/nonexistent/ca.pem")
                                         << pw << id << name << url;
        QTest::newRow("no password") << ok << QString() << id << name
                                     << QStringList { QStringLiteral("chain/password") };
        QTest::newRow("shop id with a space")
            << ok << pw << QStringLiteral("s 1") << name << QStringList { QStringLiteral("chain/shop_id") };
        QTest::newRow("shop id missing")
            << ok << pw << QString() << name << QStringList { QStringLiteral("chain/shop_id") };
        QTest::newRow("shop name missing")
            << ok << pw << id << QString() << QStringList { QStringLiteral("chain/shop_name") };
        QTest::newRow("only a shop id: the rest is asked for")
            << QString() << QString() << id << QString()
            << QStringList { QStringLiteral("chain/database_url"), QStringLiteral("chain/password"),
                   QStringLiteral("chain/shop_name") };
    }
    void eachProblemNamesItsKey()
    {
        QFETCH(QString, url);
        QFETCH(QString, password);
        QFETCH(QString, shopId);
        QFETCH(QString, shopName);
        QFETCH(QStringList, expected);
        ChainSettings c;
        c.databaseUrl = url;
        c.passwordRef = password;
        c.shopId = shopId;
        c.shopName = shopName;
        const auto issues = c.validate();
        QCOMPARE(keys(issues), expected);
        for (const desk::SettingIssue &i : issues) {
            QVERIFY(!i.message.isEmpty());
            QVERIFY2(
                !i.message.contains(QLatin1String("hunter2")), qPrintable(i.message)); // no secret echoed
        }
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestDeskChainSettings)
#include "test_desk_chainsettings.moc"
