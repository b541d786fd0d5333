// Reading the chain's history (history/chainreads.h) against a real PostgreSQL 15 started for this
// test class, as a counter's own login: every filter gives exactly the rows the same filter picks from
// the seed (computed here independently), in the same newest-first order; paging by offset and after a
// row goes through rows sharing a millisecond without repeats or gaps; and the exports carry the shop.
// (The index plans: test_chain_plans.cpp.)
#include "chainfixture.h"
#include "history/chainreads.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QTimeZone>

#include <algorithm>
#include <climits>
#include <tuple>

using history::ChainEntry;
using history::ChainReads;
using history::ChainSelection;
using history::JournalFilter;
using history::Operation;
using history::State;

namespace {

const QDateTime kT0
    = QDateTime::fromString(QStringLiteral("2026-12-06T10:00:00.000+08:00"), Qt::ISODateWithMs);

struct Seed
{
    Seed() = default;
    Seed(const char *shop_, const char *counter_, const char *requestNo_, const char *code_,
        QDateTime createdAt_, Operation operation_, State state_, const char *staff_, const char *batch_)
        : shop(QString::fromUtf8(shop_))
        , counter(QString::fromUtf8(counter_))
        , requestNo(QString::fromUtf8(requestNo_))
        , code(QString::fromUtf8(code_))
        , createdAt(std::move(createdAt_))
        , operation(operation_)
        , state(state_)
        , staff(QString::fromUtf8(staff_))
        , batch(QString::fromUtf8(batch_))
    {
    }

    QString shop;
    QString counter;
    QString requestNo;
    QString code;
    QDateTime createdAt;
    Operation operation = Operation::Use;
    State state = State::Succeeded;
    QString staff;
    QString batch;
};

QString key(const QString &shop, const QString &counter, const QString &requestNo)
{
    return shop + QLatin1Char('/') + counter + QLatin1Char('/') + requestNo;
}

QStringList keys(const QList<ChainEntry> &rows)
{
    QStringList list;
    for (const ChainEntry &r : rows)
        list << key(r.shopId, r.entry.counterId, r.entry.requestNo);
    return list;
}

// The filter's meaning, written again without SQL.
bool matches(const Seed &s, const ChainSelection &sel)
{
    const JournalFilter &f = sel.filter;
    return (sel.shopId.isEmpty() || s.shop == sel.shopId) && (f.codeExact.isEmpty() || s.code == f.codeExact)
        && (f.codePrefix.isEmpty() || s.code.startsWith(f.codePrefix))
        && (f.codeContains.isEmpty() || s.code.contains(f.codeContains))
        && (!f.from.isValid() || s.createdAt >= f.from) && (!f.to.isValid() || s.createdAt < f.to)
        && (!f.operation || s.operation == *f.operation) && (!f.state || s.state == *f.state)
        && (f.staff.isEmpty() || s.staff == f.staff) && (f.batchId.isEmpty() || s.batch == f.batchId);
}

} // namespace

class TestChainReads : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        COUPONDESK_REQUIRE_POSTGRES();
        QVERIFY2(m_chain.start(), qPrintable(m_chain.errorString()));
        auto login = m_chain.addTwoShopChain();
        QVERIFY(login.ok());
        // Every read below is the counter s1/01's: row-level security lets it read the whole chain.
        QVERIFY2(m_chain.openCounter(login.value()), qPrintable(m_chain.errorString()));

        // Odd codes (%, _ are literal), and many rows on the same millisecond across shops and counters.
        m_seed = {
            { "s1", "01", "01-A", "CODE100%", kT0, Operation::Use, State::Succeeded, "c01", "" },
            { "s1", "01", "01-B", "CODE_200", kT0, Operation::Use, State::Failed, "c01", "" },
            { "s1", "02", "02-A", "CODE300", kT0, Operation::Deactivate, State::Succeeded, "m01", "B1" },
            { "s2", "01", "01-A", "XCODE400", kT0, Operation::Use, State::Pending, "c02", "" },
            { "s2", "01", "01-B", "CODE100%", kT0.addSecs(1), Operation::Return, State::Succeeded, "c02",
                "B1" },
        };
        for (int i = 0; i < 24; ++i) {
            const QString shop = i % 3 == 0 ? QStringLiteral("s2") : QStringLiteral("s1");
            const QString counter
                = shop == QLatin1String("s1") && i % 2 ? QStringLiteral("02") : QStringLiteral("01");
            Seed row;
            row.shop = shop;
            row.counter = counter;
            row.requestNo = QStringLiteral("T%1").arg(i, 2, 10, QLatin1Char('0'));
            row.code = QStringLiteral("9%1").arg(i * 7919, 8, 10, QLatin1Char('0'));
            row.createdAt = kT0.addMSecs(-(i / 5) * 250);
            row.operation = i % 4 == 0 ? Operation::Query : Operation::Use;
            row.state = i % 5 == 0 ? State::Uncertain : State::Succeeded;
            row.staff = i % 2 ? QStringLiteral("c01") : QStringLiteral("c02");
            m_seed.append(row);
        }
        for (const Seed &s : std::as_const(m_seed))
            QVERIFY(insert(s));
    }

    void cleanupTestCase() { m_chain.close(); }

    void rowsCarryTheirShopAndCounter()
    {
        auto rows = ChainReads::page(m_chain.counter(), {}, 0, 100);
        QVERIFY2(rows.ok(), qPrintable(rows.error().message));
        QCOMPARE(rows->size(), m_seed.size());
        const ChainEntry &newest = rows->first(); // s2/01/01-B, a second after the rest
        QCOMPARE(newest.shopId, QStringLiteral("s2"));
        QCOMPARE(newest.shopName, QStringLiteral("静安店"));
        QCOMPARE(newest.entry.counterId, QStringLiteral("01"));
        QCOMPARE(newest.entry.requestNo, QStringLiteral("01-B"));
        QCOMPARE(newest.entry.couponCode, QStringLiteral("CODE100%"));
        QCOMPARE(newest.entry.operation, Operation::Return);
        QCOMPARE(newest.entry.batchId, QStringLiteral("B1"));
        QCOMPARE(newest.entry.createdAt, kT0.addSecs(1));
        QCOMPARE(newest.entry.id, 0);
        QCOMPARE(newest.entry.orderFen, std::optional<qint64>(12800));
        QVERIFY(!rows->last().entry.discountFen.has_value());
    }

    void filtersPickTheSameRowsAsTheJournalsMeaning_data()
    {
        QTest::addColumn<QString>("shop");
        QTest::addColumn<QString>("exact");
        QTest::addColumn<QString>("prefix");
        QTest::addColumn<QString>("contains");
        QTest::addColumn<int>("fromMs"); // relative to kT0; INT_MIN: unbounded
        QTest::addColumn<int>("toMs");
        QTest::addColumn<QString>("operation");
        QTest::addColumn<QString>("state");
        QTest::addColumn<QString>("staff");
        QTest::addColumn<QString>("batch");
        QTest::addColumn<int>("expected");
        const int no = INT_MIN;
        QTest::newRow("whole chain") << ""
                                     << ""
                                     << ""
                                     << "" << no << no << ""
                                     << ""
                                     << ""
                                     << "" << 29;
        QTest::newRow("one shop") << "s2"
                                  << ""
                                  << ""
                                  << "" << no << no << ""
                                  << ""
                                  << ""
                                  << "" << 10;
        QTest::newRow("exact code, two shops") << ""
                                               << "CODE100%"
                                               << ""
                                               << "" << no << no << ""
                                               << ""
                                               << ""
                                               << "" << 2;
        QTest::newRow("exact code in one shop") << "s1"
                                                << "CODE100%"
                                                << ""
                                                << "" << no << no << ""
                                                << ""
                                                << ""
                                                << "" << 1;
        QTest::newRow("prefix, _ is literal") << ""
                                              << ""
                                              << "CODE_"
                                              << "" << no << no << ""
                                              << ""
                                              << ""
                                              << "" << 1;
        QTest::newRow("prefix") << ""
                                << ""
                                << "CODE"
                                << "" << no << no << ""
                                << ""
                                << ""
                                << "" << 4;
        QTest::newRow("any part, % is literal") << ""
                                                << ""
                                                << ""
                                                << "%" << no << no << ""
                                                << ""
                                                << ""
                                                << "" << 2;
        QTest::newRow("any part") << ""
                                  << ""
                                  << ""
                                  << "400" << no << no << ""
                                  << ""
                                  << ""
                                  << "" << 1;
        QTest::newRow("from (inclusive)") << ""
                                          << ""
                                          << ""
                                          << "" << 0 << no << ""
                                          << ""
                                          << ""
                                          << "" << 10;
        QTest::newRow("to (exclusive)") << ""
                                        << ""
                                        << ""
                                        << "" << no << 0 << ""
                                        << ""
                                        << ""
                                        << "" << 19;
        QTest::newRow("a day's slice") << ""
                                       << ""
                                       << ""
                                       << "" << -500 << 1 << ""
                                       << ""
                                       << ""
                                       << "" << 19;
        QTest::newRow("operation") << ""
                                   << ""
                                   << ""
                                   << "" << no << no << "deactivate"
                                   << ""
                                   << ""
                                   << "" << 1;
        QTest::newRow("state") << ""
                               << ""
                               << ""
                               << "" << no << no << ""
                               << "UNCERTAIN"
                               << ""
                               << "" << 5;
        QTest::newRow("staff") << "s1"
                               << ""
                               << ""
                               << "" << no << no << ""
                               << ""
                               << "c01"
                               << "" << 10;
        QTest::newRow("batch") << ""
                               << ""
                               << ""
                               << "" << no << no << ""
                               << ""
                               << ""
                               << "B1" << 2;
        QTest::newRow("everything at once") << "s1"
                                            << ""
                                            << "9"
                                            << "" << -1000 << 1 << "use"
                                            << "SUCCEEDED"
                                            << "c01"
                                            << "" << 7;
        QTest::newRow("nothing") << ""
                                 << "NOPE"
                                 << ""
                                 << "" << no << no << ""
                                 << ""
                                 << ""
                                 << "" << 0;
    }

    void filtersPickTheSameRowsAsTheJournalsMeaning()
    {
        QFETCH(QString, shop);
        QFETCH(int, fromMs);
        QFETCH(int, toMs);
        QFETCH(QString, operation);
        QFETCH(QString, state);
        QFETCH(int, expected);
        ChainSelection sel;
        sel.shopId = shop;
        QFETCH(QString, exact);
        QFETCH(QString, prefix);
        QFETCH(QString, contains);
        QFETCH(QString, staff);
        QFETCH(QString, batch);
        sel.filter.codeExact = exact;
        sel.filter.codePrefix = prefix;
        sel.filter.codeContains = contains;
        sel.filter.staff = staff;
        sel.filter.batchId = batch;
        if (fromMs != INT_MIN)
            sel.filter.from = kT0.addMSecs(fromMs);
        if (toMs != INT_MIN)
            sel.filter.to = kT0.addMSecs(toMs);
        if (!operation.isEmpty())
            sel.filter.operation = history::operationFromName(operation);
        if (!state.isEmpty())
            sel.filter.state = history::stateFromName(state);

        const QStringList want = expectedKeys(sel);
        QCOMPARE(want.size(), expected); // the seed is what this table thinks it is
        auto rows = ChainReads::page(m_chain.counter(), sel, 0, 1000);
        QVERIFY2(rows.ok(), qPrintable(rows.error().message));
        QCOMPARE(keys(*rows), want);
        auto n = ChainReads::count(m_chain.counter(), sel);
        QVERIFY(n.ok());
        QCOMPARE(n.value(), qint64(expected));
    }

    void pagesGoThroughTiesWithoutRepeatsOrGaps()
    {
        const QStringList all = expectedKeys({});
        for (int size : { 1, 2, 3, 4, 7 }) {
            QStringList byCursor;
            QStringList byOffset;
            auto page = ChainReads::page(m_chain.counter(), {}, 0, size);
            QVERIFY(page.ok());
            while (!page->isEmpty()) {
                byCursor += keys(*page);
                page = ChainReads::pageAfter(
                    m_chain.counter(), {}, history::ChainCursor::of(page->constLast()), size);
                QVERIFY2(page.ok(), qPrintable(page.error().message));
            }
            for (int offset = 0;; offset += size) {
                auto rows = ChainReads::page(m_chain.counter(), {}, offset, size);
                QVERIFY(rows.ok());
                if (rows->isEmpty())
                    break;
                byOffset += keys(*rows);
            }
            QCOMPARE(byCursor, all);
            QCOMPARE(byOffset, all);
        }
        // A row written after the first page, newer than all, does not shift the pages after it.
        ChainSelection s1;
        s1.shopId = QStringLiteral("s1");
        auto first = ChainReads::page(m_chain.counter(), s1, 0, 5);
        QVERIFY(first.ok());
        QVERIFY(insert(
            { "s1", "02", "02-NEW", "NEW1", kT0.addSecs(60), Operation::Use, State::Pending, "c01", "" }));
        auto second
            = ChainReads::pageAfter(m_chain.counter(), s1, history::ChainCursor::of(first->constLast()), 5);
        QVERIFY(second.ok());
        QCOMPARE(keys(*second), expectedKeys(s1).mid(5, 5));
        QSqlQuery q(m_chain.admin());
        QVERIFY(q.exec(QStringLiteral("DELETE FROM coupondesk.history WHERE request_no = '02-NEW'")));
    }

    void badPagesAreRefused()
    {
        QCOMPARE(ChainReads::page(m_chain.counter(), {}, -1, 10).error().kind,
            history::ErrorKind::InvalidArgument);
        QCOMPARE(
            ChainReads::page(m_chain.counter(), {}, 0, 0).error().kind, history::ErrorKind::InvalidArgument);
        QCOMPARE(ChainReads::pageAfter(m_chain.counter(), {}, {}, 10).error().kind,
            history::ErrorKind::InvalidArgument);
        QSqlDatabase closed;
        QCOMPARE(ChainReads::count(closed, {}).error().kind, history::ErrorKind::NotOpen);
    }

    void exportsCarryTheShop()
    {
        ChainSelection sel;
        sel.filter.codeExact = QStringLiteral("CODE100%");
        QBuffer csv;
        QVERIFY(csv.open(QIODevice::WriteOnly));
        auto n = ChainReads::exportCsv(m_chain.counter(), sel, csv, false);
        QVERIFY2(n.ok(), qPrintable(n.error().message));
        QCOMPARE(n.value(), 2);
        const QList<QByteArray> lines = csv.data().split('\n');
        QCOMPARE(lines.size(), 4); // header, two rows, and the empty rest after the last CRLF
        const QStringList header = QString::fromUtf8(lines.at(0).trimmed()).split(QLatin1Char(','));
        QCOMPARE(header, ChainReads::exportColumns());
        QCOMPARE(header.mid(0, history::Journal::exportColumns().size()), history::Journal::exportColumns());
        QCOMPARE(header.mid(header.size() - 2),
            (QStringList { QStringLiteral("shop_id"), QStringLiteral("shop_name") }));
        const QStringList newest = QString::fromUtf8(lines.at(1).trimmed()).split(QLatin1Char(','));
        QCOMPARE(newest.size(), header.size());
        QCOMPARE(newest.at(0), QString()); // no local id
        QCOMPARE(newest.at(header.indexOf(QLatin1String("request_no"))), QStringLiteral("01-B"));
        QCOMPARE(newest.at(header.indexOf(QLatin1String("counter_id"))), QStringLiteral("01"));
        QCOMPARE(newest.at(header.indexOf(QLatin1String("shop_id"))), QStringLiteral("s2"));
        QCOMPARE(newest.at(header.indexOf(QLatin1String("shop_name"))), QStringLiteral("静安店"));

        QBuffer json;
        QVERIFY(json.open(QIODevice::WriteOnly));
        QCOMPARE(ChainReads::exportJson(m_chain.counter(), sel, json).value(), 2);
        const QJsonArray array = QJsonDocument::fromJson(json.data()).array();
        QCOMPARE(array.size(), 2);
        const QJsonObject older = array.at(1).toObject();
        QCOMPARE(older.value(QLatin1String("shop_id")).toString(), QStringLiteral("s1"));
        QCOMPARE(older.value(QLatin1String("shop_name")).toString(), QStringLiteral("徐汇店"));
        QVERIFY(older.value(QLatin1String("id")).isNull());
        const QDateTime local = kT0.toLocalTime();
        QCOMPARE(older.value(QLatin1String("created_at")).toString(),
            local.toOffsetFromUtc(local.offsetFromUtc()).toString(Qt::ISODateWithMs));

        // More rows than one export page (1,000): every one exactly once.
        QSqlQuery q(m_chain.admin());
        QVERIFY2(
            q.exec(QStringLiteral(
                "INSERT INTO coupondesk.history (shop_id, counter_id, request_no, operation, coupon_code,"
                " state, created_at, updated_at)"
                " SELECT 's2', '01', 'E' || i, 'use', 'EXPORT', 'SUCCEEDED',"
                " timestamptz '2026-12-01 10:00:00+08' - (i / 3) * interval '1 ms', now()"
                " FROM generate_series(1, 2500) AS i")),
            qPrintable(q.lastError().text()));
        sel.filter.codeExact = QStringLiteral("EXPORT");
        QBuffer big;
        QVERIFY(big.open(QIODevice::WriteOnly));
        QCOMPARE(ChainReads::exportJson(m_chain.counter(), sel, big).value(), 2500);
        QSet<QString> seen;
        for (const QJsonValue &v : QJsonDocument::fromJson(big.data()).array())
            seen.insert(v.toObject().value(QLatin1String("request_no")).toString());
        QCOMPARE(seen.size(), 2500);
        QVERIFY(q.exec(QStringLiteral("DELETE FROM coupondesk.history WHERE coupon_code = 'EXPORT'")));
    }

private:
    bool insert(const Seed &s)
    {
        QSqlQuery q(m_chain.admin());
        q.prepare(QStringLiteral(
            "INSERT INTO coupondesk.history (shop_id, counter_id, request_no, operation, coupon_code, state,"
            " staff, settled_by, batch_id, created_at, updated_at, order_amount_fen)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULLIF(?, ''), ?::timestamptz, ?::timestamptz, ?)"));
        for (const QVariant &v : QVariantList { s.shop, s.counter, s.requestNo,
                 history::operationName(s.operation), s.code, history::stateName(s.state), s.staff,
                 history::isSettled(s.state) ? QStringLiteral("response") : QStringLiteral(""), s.batch,
                 s.createdAt.toUTC().toString(Qt::ISODateWithMs),
                 s.createdAt.toUTC().toString(Qt::ISODateWithMs),
                 s.requestNo == QLatin1String("01-B") && s.shop == QLatin1String("s2")
                     ? QVariant(12800)
                     : QVariant(QMetaType(QMetaType::LongLong)) })
            q.addBindValue(v);
        if (!q.exec()) {
            qWarning("%s", qPrintable(q.lastError().text()));
            return false;
        }
        return true;
    }

    // The seed rows the selection picks, in the order the chain pages them.
    QStringList expectedKeys(const ChainSelection &sel) const
    {
        QList<Seed> picked;
        for (const Seed &s : m_seed)
            if (matches(s, sel))
                picked << s;
        std::sort(picked.begin(), picked.end(), [](const Seed &a, const Seed &b) {
            if (a.createdAt != b.createdAt)
                return a.createdAt > b.createdAt;
            return std::tie(a.shop, a.counter, a.requestNo) > std::tie(b.shop, b.counter, b.requestNo);
        });
        QStringList list;
        for (const Seed &s : std::as_const(picked))
            list << key(s.shop, s.counter, s.requestNo);
        return list;
    }

    testsupport::ChainFixture m_chain; // its counter() is the counter s1/01
    QList<Seed> m_seed;
};

QTEST_GUILESS_MAIN(TestChainReads)
#include "test_chain_reads.moc"
