// The chain schema's pure parts, no server needed: the SCRAM-SHA-256 verifier a counter's password
// is stored as (a known answer: RFC 7677's example password and salt, the value computed
// independently with Python's hashlib.pbkdf2_hmac), role names and identifier quoting.
#include "history/chainschema.h"

#include <QTest>

using history::ChainSchema;

class TestHistoryChainNames : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void scramVerifierKnownAnswer()
    {
        const QByteArray salt = QByteArray::fromBase64("W22ZaJ0SNY7soEsUEjb6gQ==");
        QCOMPARE(ChainSchema::scramVerifier(QStringLiteral("pencil"), salt, 4096),
            QStringLiteral(
                "SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=:"
                "wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU="));
        // Another password, another verifier; another salt, another verifier.
        QVERIFY(ChainSchema::scramVerifier(QStringLiteral("pencil2"), salt)
            != ChainSchema::scramVerifier(QStringLiteral("pencil"), salt));
        QVERIFY(ChainSchema::scramVerifier(QStringLiteral("pencil"), QByteArray(16, 'x'))
            != ChainSchema::scramVerifier(QStringLiteral("pencil"), salt));
    }

    void roleNamesAreOneToOne()
    {
        QCOMPARE(
            ChainSchema::roleName(QStringLiteral("s1"), QStringLiteral("01")), QStringLiteral("cd.s1.01"));
        QVERIFY(ChainSchema::roleName(QStringLiteral("s1"), QStringLiteral("1_01"))
            != ChainSchema::roleName(QStringLiteral("s1_1"), QStringLiteral("01")));
        const QString longest
            = ChainSchema::roleName(QString(32, QLatin1Char('s')), QString(27, QLatin1Char('c')));
        QVERIFY(longest.toUtf8().size() <= 63); // PostgreSQL's NAMEDATALEN - 1
    }

    void idsAreChecked()
    {
        QVERIFY(ChainSchema::isValidShopId(u"s1"));
        QVERIFY(ChainSchema::isValidShopId(QString(32, QLatin1Char('a'))));
        QVERIFY(!ChainSchema::isValidShopId(QString(33, QLatin1Char('a'))));
        QVERIFY(!ChainSchema::isValidShopId(u""));
        QVERIFY(!ChainSchema::isValidShopId(u"s.1"));
        QVERIFY(!ChainSchema::isValidShopId(u"s\"1"));
        QVERIFY(ChainSchema::isValidCounterId(u"01"));
        QVERIFY(!ChainSchema::isValidCounterId(QString(28, QLatin1Char('c'))));
        QVERIFY(!ChainSchema::isValidCounterId(u"0 1"));
    }

    void identifiersAreQuoted()
    {
        QCOMPARE(ChainSchema::quoteIdentifier(QStringLiteral("cd.s1.01")), QStringLiteral("\"cd.s1.01\""));
        QCOMPARE(ChainSchema::quoteIdentifier(QStringLiteral("a\"b")), QStringLiteral("\"a\"\"b\""));
    }
};

QTEST_GUILESS_MAIN(TestHistoryChainNames)
#include "test_history_chainnames.moc"
