// Pure text helpers behind prefix search and CSV export.
#include "history/textutil.h"

#include <QTest>

using namespace history;

class TestHistoryText : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void prefixUpperBound_data();
    void prefixUpperBound();
    void prefixUpperBoundHasNoneForMaxCodePoints();
    void prefixRangeMatchesExactlyThePrefix();
    void csvField_data();
    void csvField();
};

void TestHistoryText::prefixUpperBound_data()
{
    QTest::addColumn<QString>("prefix");
    QTest::addColumn<QString>("upper");

    QTest::newRow("an ASCII prefix increments its last character")
        << QStringLiteral("ABC") << QStringLiteral("ABD");
    QTest::newRow("a digit prefix increments to the next digit")
        << QStringLiteral("1209") << QStringLiteral("120:");
    QTest::newRow("a percent sign is an ordinary character") << QStringLiteral("a%") << QStringLiteral("a&");
    QTest::newRow("a quote is an ordinary character") << QStringLiteral("a'") << QStringLiteral("a(");
    QTest::newRow("a Chinese prefix increments its code point")
        << QString::fromUtf8("券A券") << QString::fromUtf8("券A刹"); // U+5238 -> U+5239
    QTest::newRow("the last BMP code point before surrogates jumps over them")
        << QString(QChar(0xD7FF)) << QString(QChar(0xE000));
    QTest::newRow("a non-BMP code point increments as one code point")
        << QString::fromUcs4(U"x\U0001F600") << QString::fromUcs4(U"x\U0001F601");
}

void TestHistoryText::prefixUpperBound()
{
    QFETCH(QString, prefix);
    QFETCH(QString, upper);
    QCOMPARE(history::prefixUpperBound(prefix), upper);
}

void TestHistoryText::prefixUpperBoundHasNoneForMaxCodePoints()
{
    QVERIFY(history::prefixUpperBound(QString()).isNull());
    QVERIFY(history::prefixUpperBound(QString::fromUcs4(U"\U0010FFFF\U0010FFFF")).isNull());
    QCOMPARE(history::prefixUpperBound(QString::fromUcs4(U"a\U0010FFFF")), QStringLiteral("b"));
}

// SQLite's BINARY collation compares UTF-8 bytes, i.e. code points: check the bound in that order.
void TestHistoryText::prefixRangeMatchesExactlyThePrefix()
{
    const QString prefix = QString::fromUtf8("A券");
    const QByteArray lower = prefix.toUtf8();
    const QByteArray upper = history::prefixUpperBound(prefix).toUtf8();
    const QStringList candidates {
        QString::fromUtf8("A券"),
        QString::fromUtf8("A券001"),
        QString::fromUtf8("A券\U0010FFFF"),
        QString::fromUtf8("A券"),
        QString::fromUtf8("A刹"),
        QStringLiteral("A"),
        QStringLiteral("B"),
        QString::fromUtf8("A券").left(1) + QChar(0xFFFF),
    };
    for (const QString &candidate : candidates) {
        const QByteArray bytes = candidate.toUtf8();
        const bool inRange = bytes >= lower && bytes < upper;
        QCOMPARE(inRange, candidate.startsWith(prefix));
    }
}

void TestHistoryText::csvField_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("guard");
    QTest::addColumn<QString>("cell");

    QTest::newRow("a plain value is written as is")
        << QStringLiteral("COUPON1") << true << QStringLiteral("COUPON1");
    QTest::newRow("an empty value stays empty") << QString() << true << QString();
    QTest::newRow("a comma makes the cell quoted")
        << QStringLiteral("a,b") << true << QStringLiteral("\"a,b\"");
    QTest::newRow("a quote is doubled inside quotes")
        << QStringLiteral("say \"hi\"") << true << QStringLiteral("\"say \"\"hi\"\"\"");
    QTest::newRow("a line feed makes the cell quoted")
        << QStringLiteral("a\nb") << true << QStringLiteral("\"a\nb\"");
    QTest::newRow("a carriage return makes the cell quoted")
        << QStringLiteral("a\rb") << true << QStringLiteral("\"a\rb\"");
    QTest::newRow("Chinese text with a full-width comma is not quoted")
        << QString::fromUtf8("顾客退货，作废") << true << QString::fromUtf8("顾客退货，作废");
    QTest::newRow("a leading equals sign is neutralised")
        << QStringLiteral("=1+1") << true << QStringLiteral("'=1+1");
    QTest::newRow("a leading plus sign is neutralised")
        << QStringLiteral("+86 555") << true << QStringLiteral("'+86 555");
    QTest::newRow("a leading minus sign is neutralised")
        << QStringLiteral("-2") << true << QStringLiteral("'-2");
    QTest::newRow("a leading at sign is neutralised")
        << QStringLiteral("@SUM(A1)") << true << QStringLiteral("'@SUM(A1)");
    QTest::newRow("a leading tab is neutralised")
        << QStringLiteral("\t=1") << true << QStringLiteral("'\t=1");
    QTest::newRow("a guarded formula with a comma is quoted after the guard")
        << QStringLiteral("=HYPERLINK(\"http://x\",\"y\")") << true
        << QStringLiteral("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
    QTest::newRow("an equals sign inside the value is harmless")
        << QStringLiteral("a=b") << true << QStringLiteral("a=b");
    QTest::newRow("without the guard a formula is kept verbatim")
        << QStringLiteral("=1+1") << false << QStringLiteral("=1+1");
}

void TestHistoryText::csvField()
{
    QFETCH(QString, value);
    QFETCH(bool, guard);
    QFETCH(QString, cell);
    QCOMPARE(history::csvField(value, guard), cell);
}

QTEST_GUILESS_MAIN(TestHistoryText)
#include "test_history_text.moc"
