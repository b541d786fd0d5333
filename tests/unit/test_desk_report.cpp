// desk's reports over a real journal file (no network): the periods of the Reports page, every
// breakdown added up from the journal's cells, values from the till's record or the stock's fixed
// discount, local hours and every day of the period, the unsettled rows, and the CLI's outputs.
#include "desk/report.h"
#include "desk/reportservice.h"
#include "desk/staff.h"
#include "history/journal.h"
#include "wechatpay/clock.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace desk;

namespace {

const QDate kDay(2024, 5, 1); // a Wednesday
const QDateTime kNow(kDay, QTime(18, 0));

QByteArray fixedStock(const char *id, const char *name, qint64 discountFen)
{
    return QStringLiteral(R"({"stock_id":"%1","stock_name":"%2","coupon_use_rule":{"fixed_normal_coupon":)"
                          R"({"discount_amount":%3,"transaction_minimum":10000}}})")
        .arg(QLatin1String(id), QString::fromUtf8(name))
        .arg(discountFen)
        .toUtf8();
}

QByteArray percentStock(const char *id, const char *name)
{
    return QStringLiteral(R"({"stock_id":"%1","stock_name":"%2","coupon_use_rule":{"discount_coupon":)"
                          R"({"discount_percent":90}}})")
        .arg(QLatin1String(id), QString::fromUtf8(name))
        .toUtf8();
}

} // namespace

class TestDeskReport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_journal = std::make_unique<history::Journal>([] { return kNow; });
        QVERIFY(m_journal->open(m_dir->filePath(QStringLiteral("journal.sqlite"))).ok());
        m_reports = std::make_unique<ReportService>(*m_journal, m_staff);
        m_seq = 0;
    }
    void cleanup()
    {
        m_reports.reset();
        m_journal.reset();
        m_dir.reset();
    }

    void periodsAreWholeLocalDays()
    {
        const ReportQuery today = periodQuery(ReportPeriod::Today, kNow);
        QCOMPARE(today.from, QDateTime(kDay, QTime(0, 0)));
        QCOMPARE(today.to, QDateTime(kDay.addDays(1), QTime(0, 0)));
        QCOMPARE(today.scope, HistoryScope::Counter);
        const ReportQuery yesterday = periodQuery(ReportPeriod::Yesterday, kNow);
        QCOMPARE(yesterday.from, QDateTime(kDay.addDays(-1), QTime(0, 0)));
        QCOMPARE(yesterday.to, today.from);
        // The week starts on Monday, also when today is Monday or Sunday.
        const ReportQuery week = periodQuery(ReportPeriod::ThisWeek, kNow);
        QCOMPARE(week.from, QDateTime(QDate(2024, 4, 29), QTime(0, 0)));
        QCOMPARE(week.to, QDateTime(QDate(2024, 5, 6), QTime(0, 0)));
        QCOMPARE(
            periodQuery(ReportPeriod::ThisWeek, QDateTime(QDate(2024, 4, 29), QTime(0, 0))).from, week.from);
        QCOMPARE(
            periodQuery(ReportPeriod::ThisWeek, QDateTime(QDate(2024, 5, 5), QTime(23, 59))).from, week.from);
        const ReportQuery range = dayRangeQuery(QDate(2024, 4, 30), QDate(2024, 5, 2));
        QCOMPARE(range.from, QDateTime(QDate(2024, 4, 30), QTime(0, 0)));
        QCOMPARE(range.to, QDateTime(QDate(2024, 5, 3), QTime(0, 0)));
    }

    void breakdownNamesRoundTrip()
    {
        for (const ReportBreakdown by : { ReportBreakdown::Stock, ReportBreakdown::Staff,
                 ReportBreakdown::Hour, ReportBreakdown::Day, ReportBreakdown::Shop })
            QCOMPARE(breakdownFromName(breakdownName(by)), by);
        QCOMPARE(breakdownName(ReportBreakdown::Staff), QStringLiteral("staff"));
        QVERIFY(!breakdownFromName(u"cashier"));
    }

    void badPeriodOrScopeIsRefused()
    {
        QCOMPARE(m_reports->build({}).error().code, QStringLiteral("REPORT_PERIOD"));
        QCOMPARE(m_reports->build(dayRangeQuery(kDay, kDay.addDays(-1))).error().code,
            QStringLiteral("REPORT_PERIOD"));
        ReportQuery shop = dayRangeQuery(kDay, kDay);
        shop.scope = HistoryScope::Shop;
        QCOMPARE(m_reports->build(shop).error().code, QStringLiteral("CHAIN_NOT_CONFIGURED"));
    }

    void everyBreakdownAddsUp()
    {
        QVERIFY(m_journal
                    ->saveStock({ QStringLiteral("S1"), QStringLiteral("满100减20券"),
                        fixedStock("S1", "满100减20券", 2000), kNow })
                    .ok());
        QVERIFY(m_journal
                    ->saveStock(
                        { QStringLiteral("S2"), QStringLiteral("9折券"), percentStock("S2", "9折券"), kNow })
                    .ok());
        const QDateTime h9(kDay, QTime(9, 15)), h14(kDay, QTime(14, 40));
        QList<history::JournalEntry> rows {
            // S1: fixed ¥20 — one with the order typed (discount recorded 2000), two without (valued 2000
            // each)
            row(h9, history::Operation::Use, history::State::Succeeded, "S1", "c01", 2000),
            row(h9, history::Operation::Use, history::State::Succeeded, "S1", "c01"),
            row(h14, history::Operation::Use, history::State::Succeeded, "S1", "c02"),
            // S2: 9折 — one with the order typed (¥150 → 1500 off), one without: value unknown
            row(h14, history::Operation::Use, history::State::Succeeded, "S2", "c01", 1500),
            row(h14, history::Operation::Use, history::State::Succeeded, "S2", "c02"),
            // a stock never looked up: name and value unknown
            row(h14, history::Operation::Use, history::State::Succeeded, "S9", "c01"),
            row(h9, history::Operation::Use, history::State::Failed, "S1", "c01"),
            row(h9, history::Operation::Deactivate, history::State::Succeeded, "S1", "m01"),
            row(h14, history::Operation::Return, history::State::Succeeded, "S1", "m01"),
            row(h14, history::Operation::Use, history::State::Uncertain, "S2", "c02"),
            row(h14, history::Operation::Query, history::State::Succeeded, "S1", "c01"),
            // outside the period
            row(QDateTime(kDay.addDays(2), QTime(10, 0)), history::Operation::Use, history::State::Succeeded,
                "S1", "c01"),
            row(QDateTime(kDay.addDays(2), QTime(10, 0)), history::Operation::Use, history::State::Pending,
                "S1", "c01"),
        };
        QVERIFY(m_journal->insertBatch(rows).ok());

        auto built = m_reports->build(dayRangeQuery(kDay.addDays(-1), kDay));
        QVERIFY2(built.ok(), qPrintable(built.ok() ? QString() : built.error().message));
        const Report &r = built.value();
        QCOMPARE(r.total.redeemed, qint64(6));
        QCOMPARE(r.total.voided, qint64(1));
        QCOMPARE(r.total.returned, qint64(1));
        QCOMPARE(r.total.failed, qint64(1));
        QCOMPARE(r.total.unsettled, qint64(1));
        QCOMPARE(r.total.valueFen, qint64(2000 * 3 + 1500));
        QCOMPARE(r.total.valueUnknown, qint64(2));
        QVERIFY(r.hasUnsettled());

        QCOMPARE(r.byStock.size(), 3);
        const ReportLine &s1 = r.byStock.at(0);
        QCOMPARE(s1.key, QStringLiteral("S1"));
        QCOMPARE(s1.label, QStringLiteral("满100减20券"));
        QCOMPARE(s1.redeemed, qint64(3));
        QCOMPARE(s1.valueFen, qint64(6000));
        QCOMPARE(s1.valueUnknown, qint64(0));
        QCOMPARE(s1.voided, qint64(1));
        QCOMPARE(s1.returned, qint64(1));
        QCOMPARE(s1.failed, qint64(1));
        const ReportLine &s2 = r.byStock.at(1);
        QCOMPARE(s2.label, QStringLiteral("9折券"));
        QCOMPARE(s2.valueFen, qint64(1500));
        QCOMPARE(s2.valueUnknown, qint64(1));
        QCOMPARE(s2.unsettled, qint64(1));
        QCOMPARE(r.byStock.at(2).label, QStringLiteral("S9")); // the id when no name is known
        QCOMPARE(r.byStock.at(2).valueUnknown, qint64(1));

        QCOMPARE(r.byStaff.size(), 3);
        QCOMPARE(r.byStaff.at(0).key, QStringLiteral("c01"));
        QCOMPARE(r.byStaff.at(0).label, QStringLiteral("收银员小王"));
        QCOMPARE(r.byStaff.at(0).redeemed, qint64(4));
        QCOMPARE(r.byStaff.at(1).label, QStringLiteral("c02")); // not in the staff list
        QCOMPARE(r.byStaff.at(2).voided + r.byStaff.at(2).returned, qint64(2));

        QCOMPARE(r.byHour.size(), 2);
        QCOMPARE(r.byHour.at(0).key, QStringLiteral("09"));
        QCOMPARE(r.byHour.at(0).label, QStringLiteral("09:00–10:00"));
        QCOMPARE(r.byHour.at(0).redeemed, qint64(2));
        QCOMPARE(r.byHour.at(1).key, QStringLiteral("14"));
        QCOMPARE(r.byHour.at(1).redeemed, qint64(4));

        QCOMPARE(r.byDay.size(), 2); // every day of the period, also one without rows
        QCOMPARE(r.byDay.at(0).key, QStringLiteral("2024-04-30"));
        QCOMPARE(r.byDay.at(0).redeemed, qint64(0));
        QCOMPARE(r.byDay.at(1).key, QStringLiteral("2024-05-01"));
        QCOMPARE(r.byDay.at(1).redeemed, qint64(6));
        QVERIFY(r.byShop.isEmpty());

        QCOMPARE(r.hourByStock.size(), 4);
        QCOMPARE(r.hourByStock.at(0).hour, 9);
        QCOMPARE(r.hourByStock.at(0).stockId, QStringLiteral("S1"));
        QCOMPARE(r.hourByStock.at(0).redeemed, qint64(2));
        QCOMPARE(r.hourByStock.at(3).stockId, QStringLiteral("S9"));

        QCOMPARE(r.unsettled.size(), 1); // the one of the period; not the PENDING row two days later
        QCOMPARE(r.unsettled.first().state, State::Uncertain);
        QCOMPARE(r.unsettled.first().stockId, QStringLiteral("S2"));
    }

    void cliOutputsCarryEveryColumn()
    {
        QVERIFY(m_journal
                    ->saveStock({ QStringLiteral("S1"), QStringLiteral("满100减20券"),
                        fixedStock("S1", "满100减20券", 2000), kNow })
                    .ok());
        QList<history::JournalEntry> rows {
            row(QDateTime(kDay, QTime(9, 0)), history::Operation::Use, history::State::Succeeded, "S1",
                "c01"),
            row(QDateTime(kDay, QTime(9, 1)), history::Operation::Use, history::State::Succeeded, "S2",
                "c01"),
        };
        QVERIFY(m_journal->insertBatch(rows).ok());
        const Report r = m_reports->build(dayRangeQuery(kDay, kDay)).value();
        const QJsonArray stocks
            = QJsonDocument::fromJson(ReportService::toJson(r, ReportBreakdown::Stock)).array();
        QCOMPARE(stocks.size(), 2);
        const QJsonObject s1 = stocks.at(0).toObject();
        QCOMPARE(s1.value(QLatin1String("stock_id")).toString(), QStringLiteral("S1"));
        QCOMPARE(s1.value(QLatin1String("stock_name")).toString(), QStringLiteral("满100减20券"));
        QCOMPARE(s1.value(QLatin1String("redeemed")).toInteger(), 1);
        QCOMPARE(s1.value(QLatin1String("value_fen")).toInteger(), 2000);
        QCOMPARE(s1.value(QLatin1String("value_unknown")).toInteger(), 0);
        for (const char *key : { "voided", "returned", "failed", "unsettled" })
            QCOMPARE(s1.value(QLatin1String(key)).toInteger(-1), 0);
        QVERIFY(stocks.at(1).toObject().value(QLatin1String("value_fen")).isNull()); // not known: no number
        const QJsonObject hour = QJsonDocument::fromJson(ReportService::toJson(r, ReportBreakdown::Hour))
                                     .array()
                                     .first()
                                     .toObject();
        QCOMPARE(hour.value(QLatin1String("hour")).toString(), QStringLiteral("09"));

        const QList<QByteArray> csv = ReportService::toCsv(r, ReportBreakdown::Staff).split('\n');
        QCOMPARE(csv.at(0),
            QByteArray(
                "staff_id,staff_name,redeemed,voided,returned,failed,unsettled,value_fen,value_unknown\r"));
        QCOMPARE(csv.at(1), QByteArray("c01,收银员小王,2,0,0,0,0,,1\r"));

        const QString table = ReportService::toTable(r, ReportBreakdown::Stock);
        QVERIFY2(table.contains(QStringLiteral("满100减20券")), qPrintable(table));
        QVERIFY(table.contains(QStringLiteral("¥20.00")));
        QVERIFY(table.contains(QStringLiteral("total")));
    }

    void workbookHasASheetPerBreakdown()
    {
        QList<history::JournalEntry> rows {
            row(QDateTime(kDay, QTime(9, 0)), history::Operation::Use, history::State::Succeeded,
                "1212000000000001", "c01", 2000),
            row(QDateTime(kDay, QTime(9, 5)), history::Operation::Use, history::State::Uncertain,
                "1212000000000001", "c01"),
        };
        QVERIFY(m_journal->insertBatch(rows).ok());
        const Report r = m_reports->build(dayRangeQuery(kDay, kDay)).value();
        const QString file = m_dir->filePath(QStringLiteral("report.xlsx"));
        auto sheets = m_reports->exportXlsx(r, file);
        QVERIFY2(sheets.ok(), qPrintable(sheets.ok() ? QString() : sheets.error().message));
        QCOMPARE(sheets.value(), 5); // stock, cashier, hour, day, unsettled
        QVERIFY(!QFile::exists(file + QStringLiteral(".part")));
        const QString workbook = zipPart(file, "xl/workbook.xml");
        for (const char *name : { "By stock", "By cashier", "By hour", "By day", "Unsettled" })
            QVERIFY2(workbook.contains(QLatin1String(name)), name);
        // The stock id is a text cell, the counts and yuan numbers.
        const QString bystock = zipPart(file, "xl/worksheets/sheet1.xml");
        QVERIFY2(bystock.contains(QStringLiteral("<c r=\"A2\" t=\"s\">")), qPrintable(bystock));
        QVERIFY(!bystock.contains(QStringLiteral("<v>1212000000000001</v>")));
        QVERIFY(bystock.contains(QRegularExpression(QStringLiteral("<c r=\"C2\"[^>]*><v>1</v></c>"))));
        QVERIFY(bystock.contains(QRegularExpression(QStringLiteral("<c r=\"H2\"[^>]*><v>20</v></c>"))));
        const QString unsettled = zipPart(file, "xl/worksheets/sheet5.xml");
        QVERIFY(unsettled.contains(QStringLiteral("<c r=\"D2\" t=\"s\">")));
        QVERIFY(zipPart(file, "xl/sharedStrings.xml").contains(QStringLiteral("CODE-R2")));
    }

private:
    history::JournalEntry row(const QDateTime &at, history::Operation op, history::State state,
        const char *stock, const char *staff, std::optional<qint64> discount = std::nullopt)
    {
        history::JournalEntry e;
        e.requestNo = QStringLiteral("R%1").arg(++m_seq);
        e.couponCode = QStringLiteral("CODE-") + e.requestNo;
        e.operation = op;
        e.state = state;
        e.settledBy = history::isSettled(state) ? history::SettledBy::Response : history::SettledBy::None;
        e.stockId = QLatin1String(stock);
        e.staff = QLatin1String(staff);
        e.counterId = QStringLiteral("C01");
        e.createdAt = at;
        e.discountFen = discount;
        if (discount)
            e.orderFen = 15000;
        return e;
    }

    // An .xlsx is a zip of XML parts: read one with Python's zipfile.
    static QString zipPart(const QString &file, const char *name)
    {
        QProcess py;
        py.start(QStringLiteral("python3"),
            { QStringLiteral("-c"),
                QStringLiteral("import sys,zipfile; "
                               "sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))"),
                file, QString::fromLatin1(name) });
        py.waitForFinished(30000);
        return QString::fromUtf8(py.readAllStandardOutput());
    }

    wechatpay::SystemClock m_clock;
    StaffDirectory m_staff { { { QStringLiteral("c01"), QStringLiteral("收银员小王"), Role::Cashier, {} },
                                 { QStringLiteral("m01"), QStringLiteral("王店长"), Role::Manager, {} } },
        m_clock };
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<history::Journal> m_journal;
    std::unique_ptr<ReportService> m_reports;
    int m_seq = 0;
};

QTEST_GUILESS_MAIN(TestDeskReport)
#include "test_desk_report.moc"
