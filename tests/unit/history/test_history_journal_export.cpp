// The history journal on real SQLite files: CSV and JSON exports.
#include "journalfixture.h"

#include "history/journal.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace history;
using namespace journaltest;

namespace {

// A minimal RFC 4180 reader: enough to read our own exports back.
QList<QStringList> parseCsv(const QString &text)
{
    QList<QStringList> records;
    QStringList record;
    QString field;
    bool quoted = false;
    bool fieldStarted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == u'"') {
                if (i + 1 < text.size() && text.at(i + 1) == u'"') {
                    field += u'"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                field += c;
            }
        } else if (c == u'"') {
            quoted = true;
            fieldStarted = true;
        } else if (c == u',') {
            record << field;
            field.clear();
            fieldStarted = false;
        } else if (c == u'\r' && i + 1 < text.size() && text.at(i + 1) == u'\n') {
            record << field;
            records << record;
            record.clear();
            field.clear();
            fieldStarted = false;
            ++i;
        } else {
            field += c;
            fieldStarted = true;
        }
    }
    if (fieldStarted || !field.isEmpty() || !record.isEmpty()) {
        record << field;
        records << record;
    }
    return records;
}

} // namespace

class TestHistoryJournalExport : public QObject, private JournalFixture
{
    Q_OBJECT

private Q_SLOTS:
    void init() { setUpJournal(); }
    void cleanup() { tearDownJournal(); }

    void csvExport_data();
    void csvExport();
    void csvExportAppliesTheFilterAndStreamsManyRows();
    void jsonExportParsesBack();
    void jsonExportOfNothingIsAnEmptyArray();
    void exportToClosedDeviceFails();
};

// ---------------------------------------------------------------------------------------------
// Exports

void TestHistoryJournalExport::csvExport_data()
{
    QTest::addColumn<bool>("withBom");
    QTest::newRow("with a byte order mark for Excel") << true;
    QTest::newRow("without a byte order mark") << false;
}

void TestHistoryJournalExport::csvExport()
{
    QFETCH(bool, withBom);
    Journal journal(clock());
    QVERIFY(journal.open(dbPath()).ok());

    JournalEntry tricky = makeEntry(QStringLiteral("R-tricky"), QStringLiteral("=HYPERLINK(\"http://x\")"));
    tricky.reason = QStringLiteral("broken, \"really\"\r\nsecond line");
    tricky.staff = QStringLiteral("+cmd|' /C calc'!A0");
    tricky.counterId = QStringLiteral("-2+3");
    tricky.note = QStringLiteral("@SUM(A1:A2)");
    tricky.createdAt = m_now.addSecs(60);
    JournalEntry chinese
        = makeEntry(QStringLiteral("R-zh"), QString::fromUtf8("券123"), Operation::Deactivate);
    chinese.reason = QString::fromUtf8("顾客退货，作废");
    chinese.staff = QString::fromUtf8("张三");
    QVERIFY(journal.insertPending(chinese).ok());
    QVERIFY(journal.insertPending(tricky).ok());
    QVERIFY(journal
                .markOutcome(chinese.id,
                    { State::Failed, {}, QStringLiteral("REQ-9"), QStringLiteral("USER_ACCOUNT_ABNORMAL"),
                        QString::fromUtf8("用户账户异常"), 403, SettledBy::Response })
                .ok());

    QBuffer buffer;
    QVERIFY(buffer.open(QIODevice::WriteOnly | QIODevice::Text)); // as a careless caller might
    const auto written = journal.exportCsv({}, buffer, withBom);
    QVERIFY(buffer.isTextModeEnabled()); // restored after the export
    QVERIFY2(written.ok(), qPrintable(written.error().toString()));
    QCOMPARE(*written, 2);
    QByteArray bytes = buffer.data();

    const QByteArray bom("\xEF\xBB\xBF");
    QCOMPARE(bytes.startsWith(bom), withBom);
    if (withBom) {
        bytes.remove(0, bom.size());
    }
    QVERIFY(bytes.startsWith("id,created_at,operation,state,coupon_code,"));
    QVERIFY(bytes.endsWith("\r\n"));

    const QList<QStringList> records = parseCsv(QString::fromUtf8(bytes));
    QCOMPARE(records.size(), 3);
    const QStringList header = records.at(0);
    QCOMPARE(header, Journal::exportColumns());
    const auto cell = [&header](const QStringList &record, const char *column) {
        return record.value(header.indexOf(QLatin1String(column)));
    };
    for (const QStringList &record : records) {
        QCOMPARE(record.size(), header.size());
    }

    const QStringList &first = records.at(1); // newest first: the tricky row
    QCOMPARE(cell(first, "request_no"), QStringLiteral("R-tricky"));
    QCOMPARE(cell(first, "coupon_code"), QStringLiteral("'=HYPERLINK(\"http://x\")"));
    QCOMPARE(cell(first, "reason"), QStringLiteral("broken, \"really\"\r\nsecond line"));
    QCOMPARE(cell(first, "staff"), QStringLiteral("'+cmd|' /C calc'!A0"));
    QCOMPARE(cell(first, "counter_id"), QStringLiteral("'-2+3"));
    QCOMPARE(cell(first, "note"), QStringLiteral("'@SUM(A1:A2)"));
    QCOMPARE(cell(first, "state"), QStringLiteral("PENDING"));
    QCOMPARE(cell(first, "request_body"), QString::fromUtf8(tricky.requestBody));

    const QStringList &second = records.at(2);
    QCOMPARE(cell(second, "coupon_code"), QString::fromUtf8("券123"));
    QCOMPARE(cell(second, "reason"), QString::fromUtf8("顾客退货，作废"));
    QCOMPARE(cell(second, "staff"), QString::fromUtf8("张三"));
    QCOMPARE(cell(second, "operation"), QStringLiteral("deactivate"));
    QCOMPARE(cell(second, "state"), QStringLiteral("FAILED"));
    QCOMPARE(cell(second, "http_status"), QStringLiteral("403"));
    QCOMPARE(cell(second, "wechat_code"), QStringLiteral("USER_ACCOUNT_ABNORMAL"));
    QCOMPARE(cell(second, "message"), QString::fromUtf8("用户账户异常"));
    QCOMPARE(cell(second, "settled_by"), QStringLiteral("response"));
    QCOMPARE(QDateTime::fromString(cell(second, "created_at"), Qt::ISODateWithMs), m_now);

    // Nothing but the quoted reason breaks a line: every record ends in CRLF, no bare LF.
    QCOMPARE(bytes.count("\r\n"), 4);
    QCOMPARE(bytes.count('\n'), 4);
}

void TestHistoryJournalExport::csvExportAppliesTheFilterAndStreamsManyRows()
{
    Journal journal(clock());
    QVERIFY(journal.open(dbPath()).ok());
    QList<JournalEntry> batch;
    for (int i = 0; i < 2500; ++i) {
        JournalEntry e = makeEntry(QStringLiteral("S%1").arg(i), QStringLiteral("%1").arg(i % 10));
        e.createdAt = m_now.addSecs(i);
        batch << e;
    }
    QVERIFY(journal.insertBatch(batch).ok());

    QBuffer all;
    QVERIFY(all.open(QIODevice::WriteOnly));
    QCOMPARE(journal.exportCsv({}, all, false).value(), 2500);
    QCOMPARE(parseCsv(QString::fromUtf8(all.data())).size(), 2501);

    JournalFilter seven;
    seven.codeExact = QStringLiteral("7");
    QBuffer some;
    QVERIFY(some.open(QIODevice::WriteOnly));
    QCOMPARE(journal.exportCsv(seven, some, false).value(), 250);
    const QList<QStringList> records = parseCsv(QString::fromUtf8(some.data()));
    QCOMPARE(records.size(), 251);
    QCOMPARE(records.at(1).at(Journal::exportColumns().indexOf(QStringLiteral("request_no"))),
        QStringLiteral("S2497"));
}

void TestHistoryJournalExport::jsonExportParsesBack()
{
    Journal journal(clock());
    QVERIFY(journal.open(dbPath()).ok());
    JournalEntry a = makeEntry(QStringLiteral("J1"), QString::fromUtf8("券1"));
    a.reason = QString::fromUtf8("顾客退货，\"作废\"\n第二行");
    a.batchId = QStringLiteral("JOB-1");
    JournalEntry b = makeEntry(QStringLiteral("J2"), QStringLiteral("=2"));
    b.createdAt = m_now.addSecs(1);
    QVERIFY(journal.insertPending(a).ok());
    QVERIFY(journal.insertPending(b).ok());
    QVERIFY(journal
                .markOutcome(a.id,
                    { State::Succeeded, QStringLiteral("2024-05-01T10:00:01+08:00"), QStringLiteral("REQ-1"),
                        {}, {}, 200, SettledBy::Query })
                .ok());

    QBuffer buffer;
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    QCOMPARE(journal.exportJson({}, buffer).value(), 2);
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(buffer.data(), &error);
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    QVERIFY(doc.isArray());
    const QJsonArray array = doc.array();
    QCOMPARE(array.size(), 2);

    const QJsonObject newest = array.at(0).toObject();
    QCOMPARE(newest.value(QLatin1String("request_no")).toString(), QStringLiteral("J2"));
    QCOMPARE(
        newest.value(QLatin1String("coupon_code")).toString(), QStringLiteral("=2")); // JSON needs no guard
    QVERIFY(newest.value(QLatin1String("batch_id")).isNull());
    QCOMPARE(newest.value(QLatin1String("state")).toString(), QStringLiteral("PENDING"));

    const QJsonObject oldest = array.at(1).toObject();
    QCOMPARE(oldest.value(QLatin1String("id")).toInteger(), a.id);
    QCOMPARE(oldest.value(QLatin1String("coupon_code")).toString(), QString::fromUtf8("券1"));
    QCOMPARE(oldest.value(QLatin1String("reason")).toString(), a.reason);
    QCOMPARE(oldest.value(QLatin1String("batch_id")).toString(), QStringLiteral("JOB-1"));
    QCOMPARE(oldest.value(QLatin1String("state")).toString(), QStringLiteral("SUCCEEDED"));
    QCOMPARE(oldest.value(QLatin1String("settled_by")).toString(), QStringLiteral("query"));
    QCOMPARE(oldest.value(QLatin1String("http_status")).toInt(), 200);
    QCOMPARE(oldest.value(QLatin1String("operation")).toString(), QStringLiteral("use"));
    QCOMPARE(oldest.value(QLatin1String("request_body")).toString().toUtf8(), a.requestBody);
    QCOMPARE(QDateTime::fromString(oldest.value(QLatin1String("created_at")).toString(), Qt::ISODateWithMs),
        m_now);
    QStringList keys = oldest.keys();
    QStringList columns = Journal::exportColumns();
    keys.sort();
    columns.sort();
    QCOMPARE(keys, columns);
}

void TestHistoryJournalExport::jsonExportOfNothingIsAnEmptyArray()
{
    Journal journal(clock());
    QVERIFY(journal.open(dbPath()).ok());
    QBuffer buffer;
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    QCOMPARE(journal.exportJson({}, buffer).value(), 0);
    const QJsonDocument doc = QJsonDocument::fromJson(buffer.data());
    QVERIFY(doc.isArray());
    QVERIFY(doc.array().isEmpty());
}

void TestHistoryJournalExport::exportToClosedDeviceFails()
{
    Journal journal(clock());
    QVERIFY(journal.open(dbPath()).ok());
    QBuffer closed;
    QCOMPARE(journal.exportCsv({}, closed, true).error().kind, ErrorKind::Io);
    QCOMPARE(journal.exportJson({}, closed).error().kind, ErrorKind::Io);
}

QTEST_GUILESS_MAIN(TestHistoryJournalExport)
#include "test_history_journal_export.moc"
