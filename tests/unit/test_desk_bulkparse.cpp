// Bulk void, the pure parts: reading the file into a preview (encodings, delimiters, quoting, line
// ends, per-row problems, duplicates, refusals), the manifest and the report. (The token bucket that
// paces the job: test_core_tokenbucket.cpp.)
#include "badinput.h"

#include "desk/bulkvoid.h"

#include <QBuffer>
#include <QTest>

using desk::BulkOutcome;
using desk::BulkPreview;
using desk::BulkRowStatus;

namespace {

const QString kStock = QStringLiteral("1212000000000001");

BulkPreview parse(
    const QByteArray &bytes, const QString &stock = {}, const QString &reason = QStringLiteral("发错了"))
{
    desk::BulkParseOptions o;
    o.stockId = stock;
    o.defaultReason = reason;
    return desk::parseBulkFile(bytes, o);
}

QByteArray utf8(const char *s)
{
    return QByteArray(s);
}

desk::StaffSession manager()
{
    return desk::StaffSession {
        desk::StaffMember { QStringLiteral("m01"), QStringLiteral("店长"), desk::Role::Manager, {} }, true
    };
}

} // namespace

class TestDeskBulkParse : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void withAndWithoutBomReadTheSame()
    {
        const QByteArray body = "coupon_code,stock_id\r\nA001,1212000000000001\r\nA002,1212000000000001\r\n";
        const BulkPreview plain = parse(body);
        const BulkPreview bom = parse(QByteArray("\xEF\xBB\xBF") + body);
        QVERIFY2(plain.isFileOk(), qPrintable(plain.fileError));
        QVERIFY2(bom.isFileOk(), qPrintable(bom.fileError));
        QVERIFY(!plain.hadBom);
        QVERIFY(bom.hadBom);
        QCOMPARE(bom.rows.size(), 2);
        QCOMPARE(
            bom.rows.at(0).couponCode, QStringLiteral("A001")); // the BOM is not part of the header or a code
        QCOMPARE(plain.rows.at(1).couponCode, bom.rows.at(1).couponCode);
        QCOMPARE(bom.validCount(), 2);
        QVERIFY(bom.sha256 != plain.sha256); // the job is identified by the exact bytes
    }

    void commaOrTabIsDetected_data()
    {
        QTest::addColumn<QByteArray>("file");
        QTest::addColumn<QChar>("delimiter");
        QTest::newRow("comma separated")
            << QByteArray("coupon_code,stock_id,reason\nA1,1212000000000001,错发\n")
            << QChar(QLatin1Char(','));
        QTest::newRow("tab separated")
            << QByteArray("coupon_code\tstock_id\treason\nA1\t1212000000000001\t错发\n")
            << QChar(QLatin1Char('\t'));
        QTest::newRow("tab separated with a comma in a reason")
            << QByteArray("coupon_code\tstock_id\treason\nA1\t1212000000000001\t错发, 重发\n")
            << QChar(QLatin1Char('\t'));
    }
    void commaOrTabIsDetected()
    {
        QFETCH(QByteArray, file);
        QFETCH(QChar, delimiter);
        const BulkPreview p = parse(file);
        QVERIFY2(p.isFileOk(), qPrintable(p.fileError));
        QCOMPARE(p.delimiter, delimiter);
        QCOMPARE(p.rows.size(), 1);
        QCOMPARE(p.rows.first().couponCode, QStringLiteral("A1"));
        QCOMPARE(p.rows.first().stockId, kStock);
        QVERIFY(p.rows.first().reason.startsWith(QStringLiteral("错发")));
        QCOMPARE(p.rows.first().status, BulkRowStatus::Ok);
    }

    void quotedFieldsFollowRfc4180()
    {
        const BulkPreview p = parse(utf8("coupon_code,stock_id,reason\n"
                                         "\"A1\",\"1212000000000001\",\"错发, 第二批\"\n"
                                         "A2,1212000000000001,\"他说\"\"作废\"\"\"\n"
                                         "\"A3\" ,1212000000000001,ok\n"));
        QVERIFY2(p.isFileOk(), qPrintable(p.fileError));
        QCOMPARE(p.rows.size(), 3);
        QCOMPARE(p.rows.at(0).reason, QStringLiteral("错发, 第二批"));
        QCOMPARE(p.rows.at(1).reason, QStringLiteral("他说\"作废\""));
        QCOMPARE(p.rows.at(2).couponCode, QStringLiteral("A3"));
        QCOMPARE(p.validCount(), 3);
    }

    void quoteProblemsAreExplained()
    {
        const BulkPreview stray
            = parse(utf8("coupon_code,stock_id\nA\"1,1212000000000001\n\"A2\"x,1212000000000001\n"));
        QVERIFY(stray.isFileOk());
        QCOMPARE(stray.rows.at(0).status, BulkRowStatus::Invalid);
        QVERIFY(stray.rows.at(0).errors.join(QLatin1Char(' ')).contains(QStringLiteral("double quote")));
        QCOMPARE(stray.rows.at(1).status, BulkRowStatus::Invalid);
        QVERIFY(stray.rows.at(1).errors.join(QLatin1Char(' ')).contains(QStringLiteral("closing quote")));

        const BulkPreview open = parse(
            utf8("coupon_code,stock_id\nA1,1212000000000001\n\"A2,1212000000000001\nA3,1212000000000001\n"));
        QVERIFY(!open.isFileOk());
        QVERIFY2(open.fileError.contains(QStringLiteral("Line 3")), qPrintable(open.fileError));
    }

    void lineEndsAndBlankLines()
    {
        // CRLF, LF and a lone CR mixed; blank lines (also only blanks or delimiters) are left out;
        // line numbers are the file's, counting the line breaks inside a quoted field.
        const BulkPreview p = parse(utf8("coupon_code,stock_id,reason\r\n"
                                         "\r\n"
                                         "A1,1212000000000001,x\r\n"
                                         "   \n"
                                         "A2,1212000000000001,\"two\nlines\"\n"
                                         ",,\r"
                                         "A3,1212000000000001,y"));
        QVERIFY2(p.isFileOk(), qPrintable(p.fileError));
        QCOMPARE(p.rows.size(), 3);
        QCOMPARE(p.rows.at(0).line, 3);
        QCOMPARE(p.rows.at(1).line, 5);
        QCOMPARE(p.rows.at(2).line, 8);
        QCOMPARE(p.rows.at(2).reason, QStringLiteral("y"));
        QCOMPARE(p.rows.at(1).status, BulkRowStatus::Invalid); // a line break in a reason is refused
        QVERIFY(p.rows.at(1).errors.first().contains(QStringLiteral("line breaks")));
    }

    void duplicatesAreFlagged()
    {
        const BulkPreview p = parse(utf8("coupon_code,stock_id\n"
                                         "A1,1212000000000001\n"
                                         "A2,1212000000000001\n"
                                         "A1,1212000000000001\n"
                                         "A1,1212000000000002\n"
                                         " A1 ,1212000000000001\n"));
        QVERIFY(p.isFileOk());
        QCOMPARE(p.rows.at(2).status, BulkRowStatus::Duplicate);
        QCOMPARE(p.rows.at(2).duplicateOfLine, 2);
        QCOMPARE(p.rows.at(3).status, BulkRowStatus::Ok); // same code, another stock
        QCOMPARE(p.rows.at(4).status, BulkRowStatus::Duplicate);
        QCOMPARE(p.duplicateCount(), 2);
        QCOMPARE(p.validCount(), 3);
        QVERIFY(p.canStart(false)); // duplicates are skipped, not errors
    }

    void invalidFieldsAreNamed_data()
    {
        QTest::addColumn<QByteArray>("row");
        QTest::addColumn<QString>("defaultReason");
        QTest::addColumn<QString>("expected");
        const QString r = QStringLiteral("发错了");
        QTest::newRow("a missing code")
            << QByteArray(",1212000000000001,x") << r << QStringLiteral("Coupon code is required");
        QTest::newRow("a code longer than 32")
            << QByteArray("123456789012345678901234567890123,1212000000000001,x") << r
            << QStringLiteral("Coupon code is too long (at most 32 characters)");
        QTest::newRow("a code with a dot")
            << QByteArray("A.1,1212000000000001,x") << r << QStringLiteral("(found \".\")");
        QTest::newRow("a code with Chinese")
            << QByteArray("券1,1212000000000001,x") << r << QStringLiteral("(found \"券\")");
        QTest::newRow("a code with an emoji") << QByteArray("A\xF0\x9F\x98\x80,1212000000000001,x") << r
                                              << QStringLiteral("Coupon code must not contain emoji");
        QTest::newRow("a code with a control character")
            << QByteArray("A\x01,1212000000000001,x") << r
            << QStringLiteral("Coupon code must not contain line breaks or tabs");
        QTest::newRow("a missing stock") << QByteArray("A1,,x") << r << QStringLiteral("Stock is required");
        QTest::newRow("a stock with letters and dashes")
            << QByteArray("A1,1212-0001,x") << r << QStringLiteral("(found \"-\")");
        QTest::newRow("a stock longer than 20") << QByteArray(
            "A1,123456789012345678901,x") << r << QStringLiteral("Stock is too long (at most 20 characters)");
        QTest::newRow("a reason longer than 64") << QByteArray("A1,1212000000000001,")
                + QByteArray(65, 'r') << r << QStringLiteral("Reason is too long (at most 64 characters)");
        QTest::newRow("a reason with an emoji") << QByteArray("A1,1212000000000001,发错了\xF0\x9F\x98\x80")
                                                << r << QStringLiteral("Reason must not contain emoji");
        QTest::newRow("a reason with a tab") << QByteArray("A1,1212000000000001,\"a\tb\"") << r
                                             << QStringLiteral("Reason must not contain line breaks or tabs");
        QTest::newRow("no reason anywhere")
            << QByteArray("A1,1212000000000001,") << QString()
            << QStringLiteral("Reason is required (give a default reason or fill the reason column)");
        QTest::newRow("a bad openid")
            << QByteArray("A1,1212000000000001,x,o-pen.id") << r << QStringLiteral("(found \".\")");
        QTest::newRow("too many fields") << QByteArray("A1,1212000000000001,x,oOpen1,extra") << r
                                         << QStringLiteral("5 fields, but the header has 4");
    }
    void invalidFieldsAreNamed()
    {
        QFETCH(QByteArray, row);
        QFETCH(QString, defaultReason);
        QFETCH(QString, expected);
        const BulkPreview p
            = parse(QByteArray("coupon_code,stock_id,reason,openid\nOK1,1212000000000001,x\n") + row + '\n',
                {}, defaultReason);
        QVERIFY2(p.isFileOk(), qPrintable(p.fileError));
        QCOMPARE(p.rows.size(), 2);
        QCOMPARE(p.rows.at(0).status, BulkRowStatus::Ok);
        const desk::BulkRow &bad = p.rows.at(1);
        QCOMPARE(bad.status, BulkRowStatus::Invalid);
        QCOMPARE(bad.line, 3);
        const QString all = bad.errors.join(QStringLiteral(" | "));
        QVERIFY2(all.contains(expected), qPrintable(all));
        QVERIFY(!p.canStart(false)); // nothing may be sent while a row has an error…
        QVERIFY(p.canStart(true)); // …unless the bad rows are explicitly excluded
    }

    void chineseReasonsAreFine()
    {
        const QString sixtyFour = QString(64, QChar(0x5E9F)); // 废 ×64: 64 characters, 192 bytes
        const BulkPreview p = parse(QByteArray("coupon_code,stock_id,reason\n"
                                               "A1,1212000000000001,批次发错，全部作废（第二轮）\n"
                                               "A2,1212000000000001,")
            + sixtyFour.toUtf8() + "\nA3,1212000000000001," + sixtyFour.toUtf8() + "废\n");
        QVERIFY2(p.isFileOk(), qPrintable(p.fileError));
        QCOMPARE(p.rows.at(0).status, BulkRowStatus::Ok);
        QCOMPARE(p.rows.at(0).reason, QStringLiteral("批次发错，全部作废（第二轮）"));
        QCOMPARE(p.rows.at(1).status, BulkRowStatus::Ok);
        QCOMPARE(p.rows.at(2).status, BulkRowStatus::Invalid);
        QVERIFY(p.hasReasonColumn);
    }

    void emojiIsRefusedWithAClearMessage()
    {
        const BulkPreview p = parse(utf8("coupon_code,stock_id\nA1,1212000000000001\n"), {},
            QString::fromUtf8("发错了\xF0\x9F\x99\x88"));
        QCOMPARE(p.rows.first().status, BulkRowStatus::Invalid);
        QCOMPARE(p.rows.first().errors,
            QStringList { QStringLiteral("Reason must not contain emoji or rare characters") });
    }

    void sqlAndPathLookingCodesAreRefused_data()
    {
        QTest::addColumn<QByteArray>("code");
        QTest::addColumn<QString>("found");
        QTest::newRow("SQL: ' OR '1'='1") << QByteArray("1' OR '1'='1") << QStringLiteral("'");
        QTest::newRow("SQL: DROP TABLE") << QByteArray("x;DROP TABLE journal") << QStringLiteral(";");
        QTest::newRow("SQL: comment") << QByteArray("A1--") + QByteArray("*/") << QStringLiteral("*");
        QTest::newRow("path: ../../etc/passwd") << QByteArray("../../etc/passwd") << QStringLiteral(".");
        QTest::newRow("path: C:\\Windows\\win.ini")
            << QByteArray("C:\\Windows\\win.ini") << QStringLiteral(":");
        QTest::newRow("path: percent-encoded") << QByteArray("%2e%2e%2fetc") << QStringLiteral("%");
        QTest::newRow("path: home") << QByteArray("~/coupons") << QStringLiteral("~");
    }
    void sqlAndPathLookingCodesAreRefused()
    {
        QFETCH(QByteArray, code);
        QFETCH(QString, found);
        const BulkPreview p = parse("coupon_code,stock_id\n\"" + code + "\",1212000000000001\n");
        QVERIFY2(p.isFileOk(), qPrintable(p.fileError));
        QCOMPARE(p.rows.first().status, BulkRowStatus::Invalid);
        QCOMPARE(p.rows.first().errors.first(),
            QStringLiteral(
                "Coupon code may only contain letters, digits, spaces and - _ \\ / = | (found \"%1\")")
                .arg(found));
    }

    // The bad-input corpus of the CLI and GUI tests (tests/support/badinput.h) in every column: the
    // row is refused with its line and a message naming the column, the rows around it are not.
    void badInputCorpusInEveryColumn_data()
    {
        QTest::addColumn<int>("column"); // 0 coupon_code, 1 stock_id, 2 reason, 3 openid
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("naming");
        const char *names[] = { "coupon_code", "stock_id", "reason", "openid" };
        const QString labels[] = { QStringLiteral("Coupon code"), QStringLiteral("Stock"),
            QStringLiteral("Reason"), QStringLiteral("Customer openid") };
        for (int column : { 0, 1, 3 })
            for (const auto &[name, value] : testsupport::badInputCorpus())
                if (column != 3 || !value.isEmpty()) // the openid column is optional
                    QTest::newRow(qPrintable(
                        QStringLiteral("%1 %2").arg(QLatin1String(names[column]), QLatin1String(name))))
                        << column << value << labels[column];
        for (const auto &[name, value] : testsupport::badReasonCorpus())
            QTest::newRow(qPrintable(QStringLiteral("reason %1").arg(QLatin1String(name))))
                << 2 << value << labels[2];
    }
    void badInputCorpusInEveryColumn()
    {
        QFETCH(int, column);
        QFETCH(QString, value);
        QFETCH(QString, naming);
        QList<QByteArray> cells { "A2", "1212000000000001", "发错了", "oUser2" };
        cells[column] = testsupport::csvQuoted(value);
        const QByteArray file = "coupon_code,stock_id,reason,openid\r\nA1,1212000000000001,发错了,oUser1\r\n"
            + cells.join(',') + "\r\nA3,1212000000000001,发错了,oUser3\r\n";
        const BulkPreview p
            = parse(file, {}, QString()); // no default stock or reason: an empty cell is missing
        QVERIFY2(p.isFileOk(), qPrintable(p.fileError));
        QCOMPARE(p.rows.size(), 3);
        QCOMPARE(p.rows.at(0).status, BulkRowStatus::Ok);
        QCOMPARE(p.rows.at(2).status, BulkRowStatus::Ok);
        const desk::BulkRow &bad = p.rows.at(1);
        QCOMPARE(bad.status, BulkRowStatus::Invalid);
        QCOMPARE(bad.line, 3); // the line…
        QCOMPARE(bad.errors.size(), 1); // …and only the column with the bad value
        QVERIFY2(bad.errors.first().startsWith(naming), qPrintable(bad.errors.first()));
        QCOMPARE(p.invalidCount(), 1);
        QCOMPARE(p.validCount(), 2);
        QVERIFY(!p.canStart(false)); // nothing is sent while a row has an error
    }

    void notUtf8IsRefused_data()
    {
        QTest::addColumn<QByteArray>("file");
        QTest::addColumn<QString>("expected");
        QTest::newRow("GBK from Excel")
            << QByteArray("coupon_code,stock_id,reason\nA1,1212000000000001,\xB7\xA2\xB4\xED\xC1\xCB\n")
            << QStringLiteral("not UTF-8 text (line 2 is not)");
        QTest::newRow("a character cut by a line break")
            << QByteArray("coupon_code,stock_id\nA1,1\nA2,\xE5\n\x88\xA0,1\n")
            << QStringLiteral("(line 3 is not)");
        QTest::newRow("Latin-1") << QByteArray("coupon_code,stock_id,reason\nA1,1212000000000001,caf\xE9\n")
                                 << QStringLiteral("not UTF-8");
        QTest::newRow("an overlong encoding")
            << QByteArray("coupon_code,stock_id\n\xC0\xAF,1\n") << QStringLiteral("not UTF-8");
        QTest::newRow("an encoded surrogate")
            << QByteArray("coupon_code,stock_id\n\xED\xA0\x80,1\n") << QStringLiteral("not UTF-8");
        QTest::newRow("UTF-16 with a BOM") << QByteArray("\xFF\xFE"
                                                         "c\0o\0",
            6) << QStringLiteral("UTF-16");
        QTest::newRow("binary with NUL bytes")
            << QByteArray("coupon_code\0stock_id", 20) << QStringLiteral("NUL");
    }
    void notUtf8IsRefused()
    {
        QFETCH(QByteArray, file);
        QFETCH(QString, expected);
        const BulkPreview p = parse(file);
        QVERIFY(!p.isFileOk());
        QVERIFY2(p.fileError.contains(expected), qPrintable(p.fileError));
        QVERIFY(p.rows.isEmpty());
        QVERIFY(!p.canStart(true));
    }

    void emptyFilesAreRefused_data()
    {
        QTest::addColumn<QByteArray>("file");
        QTest::addColumn<QString>("expected");
        QTest::newRow("zero bytes") << QByteArray() << QStringLiteral("The file is empty.");
        QTest::newRow("only a BOM") << QByteArray("\xEF\xBB\xBF") << QStringLiteral("The file is empty.");
        QTest::newRow("only blank lines")
            << QByteArray("\r\n  \r\n\n") << QStringLiteral("The file is empty.");
        QTest::newRow("only a header")
            << QByteArray("coupon_code,stock_id\r\n\r\n") << QStringLiteral("header but no coupons");
    }
    void emptyFilesAreRefused()
    {
        QFETCH(QByteArray, file);
        QFETCH(QString, expected);
        const BulkPreview p = parse(file);
        QVERIFY(!p.isFileOk());
        QVERIFY2(p.fileError.contains(expected), qPrintable(p.fileError));
    }

    void headerProblemsAreRefused_data()
    {
        QTest::addColumn<QByteArray>("file");
        QTest::addColumn<QString>("stock");
        QTest::addColumn<QString>("expected");
        QTest::newRow("no header, two columns")
            << QByteArray("A1,1212000000000001\n") << QString()
            << QStringLiteral("The first line must be the header coupon_code,stock_id");
        QTest::newRow("no header, a plain list without a stock")
            << QByteArray("A1\nA2\n") << QString() << QStringLiteral("There is no header line");
        QTest::newRow("an unknown column") << QByteArray("coupon_code,stock,reason\nA1,1,x\n") << QString()
                                           << QStringLiteral("Unknown column \"stock\"");
        QTest::newRow("other names for the columns")
            << QByteArray("code,stock_id\nA1,1212000000000001\n") << QString()
            << QStringLiteral("The first line must be the header");
        QTest::newRow("a column twice") << QByteArray("coupon_code,stock_id,coupon_code\nA1,1,A1\n")
                                        << QString() << QStringLiteral("appears twice");
        QTest::newRow("no stock column and no stock")
            << QByteArray("coupon_code,reason\nA1,x\n") << QString() << QStringLiteral("no stock_id column");
    }
    void headerProblemsAreRefused()
    {
        QFETCH(QByteArray, file);
        QFETCH(QString, stock);
        QFETCH(QString, expected);
        const BulkPreview p = parse(file, stock);
        QVERIFY(!p.isFileOk());
        QVERIFY2(p.fileError.contains(expected), qPrintable(p.fileError));
    }

    void plainListOfCodesWithOneStock()
    {
        const BulkPreview p = parse(utf8("A1\r\nA2\r\n\r\n  A3  \r\nA1\r\n"), kStock);
        QVERIFY2(p.isFileOk(), qPrintable(p.fileError));
        QCOMPARE(p.format, BulkPreview::Format::CodeList);
        QCOMPARE(p.rows.size(), 4);
        QCOMPARE(p.rows.at(0).line, 1);
        QCOMPARE(p.rows.at(2).couponCode, QStringLiteral("A3"));
        QCOMPARE(p.rows.at(2).line, 4);
        for (const desk::BulkRow &r : p.rows)
            QCOMPARE(r.stockId, kStock);
        QCOMPARE(p.rows.at(3).status, BulkRowStatus::Duplicate);

        // A header with coupon_code alone takes the stock from the caller as well.
        const BulkPreview h = parse(utf8("coupon_code\nB1\n"), kStock);
        QVERIFY(h.isFileOk());
        QCOMPARE(h.format, BulkPreview::Format::Csv);
        QCOMPARE(h.rows.first().stockId, kStock);
    }

    void tooManyRowsOrBytesAreRefused()
    {
        desk::BulkParseOptions o;
        o.defaultReason = QStringLiteral("x");
        o.maxRows = 3;
        QByteArray f = "coupon_code,stock_id\n";
        for (int i = 0; i < 4; ++i)
            f += "A" + QByteArray::number(i) + ",1212000000000001\n";
        const BulkPreview p = desk::parseBulkFile(f, o);
        QVERIFY(!p.isFileOk());
        QVERIFY2(p.fileError.contains(QStringLiteral("4 rows; at most 3")), qPrintable(p.fileError));
        QCOMPARE(desk::BulkParseOptions().maxRows, 100000);

        o.maxRows = 100000;
        o.maxBytes = 10;
        QVERIFY(desk::parseBulkFile(f, o).fileError.contains(QStringLiteral("too large")));
    }

    void manifestRoundTripsAndIsChecked()
    {
        const BulkPreview p = parse(utf8("coupon_code,stock_id,reason,openid\nA1,1212000000000001,错发,"
                                         "oUser1\nA1,1212000000000001,,\nA.2,1212000000000001,,\n"));
        QVERIFY(p.isFileOk());
        auto refused = desk::makeBulkManifest(p, QStringLiteral("f.csv"), QStringLiteral("默认"), {},
            manager(), false, QDateTime::currentDateTime());
        QVERIFY(!refused.ok()); // a row has an error and it was not excluded
        auto notManager = desk::makeBulkManifest(p, QStringLiteral("f.csv"), QStringLiteral("默认"), {},
            desk::StaffSession { manager().member, false }, true, QDateTime::currentDateTime());
        QVERIFY(!notManager.ok()); // no PIN confirmed
        auto m = desk::makeBulkManifest(p, QStringLiteral("f.csv"), QStringLiteral("默认"), {}, manager(),
            true, QDateTime::currentDateTime());
        QVERIFY2(m.ok(), qPrintable(m.error().message));
        QVERIFY(m->jobId.startsWith(QLatin1Char('B')));
        QVERIFY(m->jobId.size() <= 32);
        QCOMPARE(m->key, desk::bulkJobKey(p.sha256, QStringLiteral("默认"), {}));

        auto back = desk::BulkManifest::fromJson(m->toJson());
        QVERIFY2(back.ok(), qPrintable(back.error().message));
        QCOMPARE(back->jobId, m->jobId);
        QCOMPARE(back->rows.size(), 3);
        QCOMPARE(back->rows.at(0).reason, QStringLiteral("错发"));
        QCOMPARE(back->rows.at(0).openid, QStringLiteral("oUser1"));
        QCOMPARE(back->rows.at(1).status, BulkRowStatus::Duplicate);
        QCOMPARE(back->rows.at(1).duplicateOfLine, 2);
        QCOMPARE(back->rows.at(2).status, BulkRowStatus::Invalid);
        QCOMPARE(back->rows.at(2).errors, p.rows.at(2).errors);

        // A job file edited to send a row the checks refuse is not accepted.
        QByteArray tampered = m->toJson();
        tampered.replace("\"status\":\"invalid\"", "\"status\":\"ok\"");
        QVERIFY(!desk::BulkManifest::fromJson(tampered).ok());

        // The job's identity: same file, reason and stock → same key; any of them different → another job.
        QCOMPARE(desk::bulkJobKey("ab", QStringLiteral("r"), QStringLiteral("1")),
            desk::bulkJobKey("ab", QStringLiteral(" r "), QStringLiteral("1")));
        QVERIFY(desk::bulkJobKey("ab", QStringLiteral("r"), QStringLiteral("1"))
            != desk::bulkJobKey("ab", QStringLiteral("r2"), QStringLiteral("1")));
        QVERIFY(desk::bulkJobKey("ab", QStringLiteral("r"), QStringLiteral("1"))
            != desk::bulkJobKey("ab", QStringLiteral("r"), QStringLiteral("2")));
        QVERIFY(desk::bulkJobKey("ab", QStringLiteral("r"), QStringLiteral("1"))
            != desk::bulkJobKey("ac", QStringLiteral("r"), QStringLiteral("1")));
    }

    void reportIsCsvForExcel()
    {
        QList<desk::BulkRowResult> rows;
        desk::BulkRowResult a;
        a.line = 2;
        a.couponCode = QStringLiteral("=HYPERLINK(1)");
        a.stockId = kStock;
        a.outcome = BulkOutcome::Failed;
        a.requestNo = QStringLiteral("01-D261123101010-abcd");
        a.code = QStringLiteral("INVALID_REQUEST");
        a.message = QStringLiteral("券已核销, \"勿重复\"");
        desk::BulkRowResult b;
        b.line = 3;
        b.couponCode = QStringLiteral("A2");
        b.stockId = kStock;
        b.outcome = BulkOutcome::Voided;
        b.wechatTime = QStringLiteral("2026-11-23T10:10:10+08:00");
        rows << a << b;
        QBuffer buf;
        buf.open(QIODevice::WriteOnly);
        QVERIFY(desk::writeBulkReport(rows, buf, true).ok());
        const QByteArray out = buf.data();
        QVERIFY(out.startsWith(
            "\xEF\xBB\xBFline,coupon_code,stock_id,outcome,request_no,wechat_time,code,message\r\n"));
        QVERIFY(out.contains(
            QStringLiteral("2,'=HYPERLINK(1),1212000000000001,failed,01-D261123101010-abcd,,INVALID_REQUEST,"
                           "\"券已核销, \"\"勿重复\"\"\"\r\n")
                .toUtf8()));
        QVERIFY(out.endsWith("3,A2,1212000000000001,voided,,2026-11-23T10:10:10+08:00,,\r\n"));
        QCOMPARE(desk::bulkOutcomeName(BulkOutcome::AlreadyVoided), QStringLiteral("already_voided"));
        QCOMPARE(desk::bulkOutcomeName(BulkOutcome::SkippedDuplicate), QStringLiteral("skipped_duplicate"));
    }
};

QTEST_GUILESS_MAIN(TestDeskBulkParse)
#include "test_desk_bulkparse.moc"
