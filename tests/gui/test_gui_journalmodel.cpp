// The history table's model on its own, over a real SQLite journal in a temporary folder: its shape
// and headers, what each column shows in each role, a filter change as a reset, one page read at a
// time, and a reload that shows a row's new state. QAbstractItemModelTester checks every signal.
#include "gui/journalmodel.h"

#include "desk/historyservice.h"
#include "desk/staff.h"
#include "history/journal.h"
#include "wechatpay/clock.h"

#include <QAbstractItemModelTester>
#include <QBrush>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <optional>

using gui::JournalModel;
using history::Journal;
using history::JournalEntry;
using history::Operation;
using history::SettledBy;
using history::State;

namespace {

// A fixed local time with millisecond precision (the journal stores milliseconds).
const QDateTime kNow(QDate(2024, 5, 1), QTime(10, 0, 0, 123));

// The model over a journal file, and a second journal on the same file through which the test writes
// rows (as the desk would, from another connection).
struct Fixture
{
    QTemporaryDir dir;
    Journal writer { [] { return kNow; } };
    Journal journal { [] { return kNow; } };
    wechatpay::SystemClock clock;
    desk::StaffDirectory staffDirectory { {}, clock };
    std::unique_ptr<desk::HistoryService> history;
    std::unique_ptr<JournalModel> model;
    std::unique_ptr<QAbstractItemModelTester> tester;

    QString path() const { return dir.filePath(QStringLiteral("journal.sqlite")); }

    // The one place the model is built: a change to JournalModel's constructor is adapted here.
    bool open()
    {
        if (!dir.isValid() || !writer.open(path()).ok() || !journal.open(path()).ok())
            return false;
        history = std::make_unique<desk::HistoryService>(journal, staffDirectory);
        model = std::make_unique<JournalModel>(*history);
        tester = std::make_unique<QAbstractItemModelTester>(
            model.get(), QAbstractItemModelTester::FailureReportingMode::Fatal);
        // The tests page themselves. The tester's own fetchMore() after a reset trips its check that
        // the reset is over (Qt 6.4: its modelReset handlers run in that order), and from
        // rowsAboutToBeInserted it would call fetchMore() inside the model's own fetchMore().
        tester->setUseFetchMore(false);
        return true;
    }

    // Inserts a row as the desk does (PENDING first), then its outcome if it has one.
    JournalEntry add(JournalEntry e, const std::optional<history::Outcome> &outcome = std::nullopt)
    {
        if (e.requestBody.isEmpty())
            e.requestBody = QByteArrayLiteral("{}");
        if (!writer.insertPending(e, Journal::InFlightPolicy::Allow).ok())
            qFatal("insertPending failed for %s", qPrintable(e.requestNo));
        if (outcome && !writer.markOutcome(e.id, *outcome).ok())
            qFatal("markOutcome failed for %s", qPrintable(e.requestNo));
        return e;
    }

    // n redemptions by `staff` of codes <prefix>-0 … <prefix>-(n-1), one second apart, the last the newest.
    void addMany(
        int n, const QString &staff = QStringLiteral("alice"), const QString &prefix = QStringLiteral("CODE"))
    {
        QList<JournalEntry> batch;
        for (int i = 0; i < n; ++i) {
            JournalEntry e;
            e.couponCode = prefix + QStringLiteral("-%1").arg(i);
            e.requestNo = staff + QStringLiteral("-R%1").arg(i);
            e.requestBody = QByteArrayLiteral("{}");
            e.staff = staff;
            e.createdAt = kNow.addSecs(i);
            batch << e;
        }
        if (!writer.insertBatch(batch).ok())
            qFatal("insertBatch failed");
    }

    QString text(int row, int column, int role = Qt::DisplayRole) const
    {
        return model->index(row, column).data(role).toString();
    }
    QColor foreground(int row) const
    {
        return model->index(row, JournalModel::StateColumn).data(Qt::ForegroundRole).value<QBrush>().color();
    }
};

JournalEntry entry(const QString &requestNo, const QString &code, Operation op = Operation::Use)
{
    JournalEntry e;
    e.operation = op;
    e.couponCode = code;
    e.requestNo = requestNo;
    e.stockId = QStringLiteral("9856000");
    e.staff = QStringLiteral("alice");
    e.counterId = QStringLiteral("C01");
    return e;
}

history::Outcome outcome(State state, const QString &wechatCode = {}, const QString &message = {})
{
    history::Outcome o;
    o.state = state;
    o.wechatCode = wechatCode;
    o.message = message;
    o.httpStatus = state == State::Succeeded ? 200 : state == State::Failed ? 400 : 0;
    o.settledBy = isSettled(state) ? SettledBy::Response : SettledBy::None;
    return o;
}

} // namespace

class TestGuiJournalModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void emptyJournalHasTheColumnsAndNoRows();
    void headersNameEachColumn_data();
    void headersNameEachColumn();
    void eachColumnShowsItsField_data();
    void eachColumnShowsItsField();
    void messageToolTipHoldsTheLabelTheTextAndTheCode();
    void wechatTimeThatIsNotADateIsShownAsSent();
    void stateColumnIsColouredBySettledOrNot();
    void filterChangeResetsTheModelToTheMatchingRows();
    void rowsArriveOnePageAtATime();
    void pagingFollowsTheFilter();
    void rowAddedBetweenPagesIsNotShownTwice();
    void rowsSettledOutOfTheFilterEndThePages();
    void reloadShowsARowsNewState();
    void aChainScopeWithoutAChainSaysWhy();
};

void TestGuiJournalModel::emptyJournalHasTheColumnsAndNoRows()
{
    Fixture f;
    QVERIFY(f.open());
    f.model->reload();
    QCOMPARE(f.model->rowCount(), 0);
    QCOMPARE(f.model->columnCount(), int(JournalModel::ColumnCount));
    QCOMPARE(f.model->columnCount(), 10);
    QCOMPARE(f.model->totalCount(), 0);
    QVERIFY(!f.model->canFetchMore({}));
    QCOMPARE(f.model->entryAt(0), nullptr);
    QCOMPARE(f.model->entryAt(-1), nullptr);
}

void TestGuiJournalModel::headersNameEachColumn_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("header");
    QTest::newRow("time") << int(JournalModel::TimeColumn) << QStringLiteral("Time");
    QTest::newRow("shop") << int(JournalModel::ShopColumn) << QStringLiteral("Shop");
    QTest::newRow("counter") << int(JournalModel::CounterColumn) << QStringLiteral("Counter");
    QTest::newRow("operation") << int(JournalModel::OperationColumn) << QStringLiteral("Operation");
    QTest::newRow("coupon code") << int(JournalModel::CodeColumn) << QStringLiteral("Coupon code");
    QTest::newRow("stock") << int(JournalModel::StockColumn) << QStringLiteral("Stock");
    QTest::newRow("staff") << int(JournalModel::StaffColumn) << QStringLiteral("Staff");
    QTest::newRow("state") << int(JournalModel::StateColumn) << QStringLiteral("State");
    QTest::newRow("WeChat time") << int(JournalModel::WechatTimeColumn) << QStringLiteral("WeChat time");
    QTest::newRow("message") << int(JournalModel::MessageColumn) << QStringLiteral("Message");
}

void TestGuiJournalModel::headersNameEachColumn()
{
    QFETCH(int, column);
    QFETCH(QString, header);
    Fixture f;
    QVERIFY(f.open());
    QCOMPARE(f.model->headerData(column, Qt::Horizontal, Qt::DisplayRole).toString(), header);
    // Other roles and the vertical header are the base class's: no text of ours there.
    QVERIFY(!f.model->headerData(column, Qt::Horizontal, Qt::ToolTipRole).isValid());
    QVERIFY(f.model->headerData(column, Qt::Vertical, Qt::DisplayRole).toString() != header);
}

void TestGuiJournalModel::eachColumnShowsItsField_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("display");

    QTest::newRow("time in the counter's clock, to the second")
        << int(JournalModel::TimeColumn) << kNow.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    QTest::newRow("no shop for this counter's own row") << int(JournalModel::ShopColumn) << QString();
    QTest::newRow("the counter") << int(JournalModel::CounterColumn) << QStringLiteral("C01");
    QTest::newRow("the operation as staff name it")
        << int(JournalModel::OperationColumn) << QStringLiteral("Void");
    QTest::newRow("the coupon code as stored")
        << int(JournalModel::CodeColumn) << QString::fromUtf8("券ABC123");
    QTest::newRow("the stock") << int(JournalModel::StockColumn) << QStringLiteral("9856000");
    QTest::newRow("the cashier") << int(JournalModel::StaffColumn) << QString::fromUtf8("张三");
    QTest::newRow("the state as staff name it") << int(JournalModel::StateColumn) << QStringLiteral("Failed");
    QTest::newRow("no WeChat time for a refusal") << int(JournalModel::WechatTimeColumn) << QString();
    QTest::newRow("WeChat Pay's message")
        << int(JournalModel::MessageColumn) << QString::fromUtf8("用户账户异常");
}

// One refused void with every shown field set; each column in the display role, the same text as its
// tooltip (except Message, below), and the row's id in Qt::UserRole.
void TestGuiJournalModel::eachColumnShowsItsField()
{
    QFETCH(int, column);
    QFETCH(QString, display);
    Fixture f;
    QVERIFY(f.open());
    JournalEntry e = entry(QStringLiteral("R1"), QString::fromUtf8("券ABC123"), Operation::Deactivate);
    e.staff = QString::fromUtf8("张三");
    e = f.add(e,
        outcome(State::Failed, QStringLiteral("USER_ACCOUNT_ABNORMAL"), QString::fromUtf8("用户账户异常")));
    f.model->reload();
    QCOMPARE(f.model->rowCount(), 1);

    QCOMPARE(f.text(0, column), display);
    if (column != JournalModel::MessageColumn)
        QCOMPARE(f.text(0, column, Qt::ToolTipRole), display);
    QCOMPARE(f.model->index(0, column).data(Qt::UserRole).toLongLong(), e.id);
    QCOMPARE(f.model->entryAt(0)->id, e.id);
    QVERIFY(!f.model->index(0, column).data(Qt::EditRole).isValid());
}

// The Message column shows the staff label of a transport failure; its tooltip keeps, for the manager,
// the label, the raw system text and the code, one a line.
void TestGuiJournalModel::messageToolTipHoldsTheLabelTheTextAndTheCode()
{
    Fixture f;
    QVERIFY(f.open());
    f.add(entry(QStringLiteral("R1"), QStringLiteral("1001")),
        outcome(State::Uncertain, QStringLiteral("NETWORK_ERROR"), QStringLiteral("Connection refused")));
    f.model->reload();
    const QString label = QStringLiteral("Network failure: WeChat Pay could not be reached");
    QCOMPARE(f.text(0, JournalModel::MessageColumn), label);
    QCOMPARE(f.text(0, JournalModel::MessageColumn, Qt::ToolTipRole),
        label + QStringLiteral("\nConnection refused\nNETWORK_ERROR"));
}

// A time WeChat Pay sent that is not a date is shown as it came, not as an empty cell.
void TestGuiJournalModel::wechatTimeThatIsNotADateIsShownAsSent()
{
    Fixture f;
    QVERIFY(f.open());
    history::Outcome odd = outcome(State::Succeeded);
    odd.wechatTime = QStringLiteral("soon");
    f.add(entry(QStringLiteral("R1"), QStringLiteral("1001")), odd);
    f.model->reload();
    QCOMPARE(f.text(0, JournalModel::WechatTimeColumn), QStringLiteral("soon"));
    QCOMPARE(f.text(0, JournalModel::WechatTimeColumn, Qt::ToolTipRole), QStringLiteral("soon"));
}

// Only the State column is coloured: one colour for succeeded, one for failed, one for not settled yet.
void TestGuiJournalModel::stateColumnIsColouredBySettledOrNot()
{
    Fixture f;
    QVERIFY(f.open());
    JournalEntry pending = entry(QStringLiteral("P"), QStringLiteral("1"));
    pending.createdAt = kNow.addSecs(4);
    JournalEntry uncertain = entry(QStringLiteral("U"), QStringLiteral("2"));
    uncertain.createdAt = kNow.addSecs(3);
    JournalEntry succeeded = entry(QStringLiteral("S"), QStringLiteral("3"));
    succeeded.createdAt = kNow.addSecs(2);
    JournalEntry failed = entry(QStringLiteral("F"), QStringLiteral("4"));
    failed.createdAt = kNow.addSecs(1);
    f.add(pending);
    f.add(uncertain, outcome(State::Uncertain, {}, QStringLiteral("timeout")));
    f.add(succeeded, outcome(State::Succeeded));
    f.add(failed, outcome(State::Failed));
    f.model->reload();
    QCOMPARE(f.model->rowCount(), 4); // newest first: P, U, S, F
    const QStringList states { f.text(0, JournalModel::StateColumn), f.text(1, JournalModel::StateColumn),
        f.text(2, JournalModel::StateColumn), f.text(3, JournalModel::StateColumn) };
    QCOMPARE(states,
        (QStringList { QStringLiteral("Sending"), QStringLiteral("Not confirmed"),
            QStringLiteral("Succeeded"), QStringLiteral("Failed") }));

    QCOMPARE(f.foreground(0), f.foreground(1));
    QVERIFY(f.foreground(0) != f.foreground(2));
    QVERIFY(f.foreground(0) != f.foreground(3));
    QVERIFY(f.foreground(2) != f.foreground(3));
    for (int column = 0; column < JournalModel::ColumnCount; ++column) {
        if (column != JournalModel::StateColumn)
            QVERIFY(!f.model->index(0, column).data(Qt::ForegroundRole).isValid());
    }
}

void TestGuiJournalModel::filterChangeResetsTheModelToTheMatchingRows()
{
    Fixture f;
    QVERIFY(f.open());
    f.addMany(3, QStringLiteral("alice"));
    f.addMany(2, QStringLiteral("bob"), QStringLiteral("BOB"));
    QSignalSpy aboutToReset(f.model.get(), &QAbstractItemModel::modelAboutToBeReset);
    QSignalSpy reset(f.model.get(), &QAbstractItemModel::modelReset);
    f.model->reload();
    QCOMPARE(reset.count(), 1);
    QCOMPARE(f.model->rowCount(), 5);

    desk::HistoryFilter bob;
    bob.staff = QStringLiteral("bob");
    f.model->setFilter(bob);
    QCOMPARE(aboutToReset.count(), 2);
    QCOMPARE(reset.count(), 2);
    QCOMPARE(f.model->filter().staff, QStringLiteral("bob"));
    QCOMPARE(f.model->rowCount(), 2);
    QCOMPARE(f.model->totalCount(), 2);
    for (int row = 0; row < f.model->rowCount(); ++row)
        QCOMPARE(f.text(row, JournalModel::StaffColumn), QStringLiteral("bob"));

    desk::HistoryFilter nobody;
    nobody.staff = QStringLiteral("nobody");
    f.model->setFilter(nobody);
    QCOMPARE(reset.count(), 3);
    QCOMPARE(f.model->rowCount(), 0);
    QCOMPARE(f.model->totalCount(), 0);

    f.model->setFilter({});
    QCOMPARE(reset.count(), 4);
    QCOMPARE(f.model->rowCount(), 5);
}

// 250 rows: the first page on reload, then one page per fetchMore, newest first with no row twice.
void TestGuiJournalModel::rowsArriveOnePageAtATime()
{
    static_assert(JournalModel::kPageSize == 100, "the row counts below assume pages of 100");
    Fixture f;
    QVERIFY(f.open());
    f.addMany(250);
    f.model->reload();
    QCOMPARE(f.model->totalCount(), 250);
    QCOMPARE(f.model->rowCount(), 100);
    QVERIFY(f.model->canFetchMore({}));

    QSignalSpy inserted(f.model.get(), &QAbstractItemModel::rowsInserted);
    f.model->fetchMore({});
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 100);
    QCOMPARE(inserted.at(0).at(2).toInt(), 199);
    QVERIFY(f.model->canFetchMore({}));
    f.model->fetchMore({});
    QCOMPARE(inserted.count(), 2);
    QCOMPARE(inserted.at(1).at(1).toInt(), 200);
    QCOMPARE(inserted.at(1).at(2).toInt(), 249);
    QCOMPARE(f.model->rowCount(), 250);
    QVERIFY(!f.model->canFetchMore({}));
    f.model->fetchMore({}); // nothing more: no signal
    QCOMPARE(inserted.count(), 2);

    for (int row = 0; row < 250; ++row)
        QCOMPARE(f.text(row, JournalModel::CodeColumn), QStringLiteral("CODE-%1").arg(249 - row));
    QCOMPARE(f.model->entryAt(250), nullptr);
    // A child index has no rows to fetch.
    QVERIFY(!f.model->canFetchMore(f.model->index(0, 0)));

    // Reloading starts again from the first page.
    f.model->reload();
    QCOMPARE(f.model->totalCount(), 250);
    QCOMPARE(f.text(0, JournalModel::CodeColumn), QStringLiteral("CODE-249"));
}

void TestGuiJournalModel::pagingFollowsTheFilter()
{
    Fixture f;
    QVERIFY(f.open());
    f.addMany(130, QStringLiteral("alice"));
    f.addMany(90, QStringLiteral("bob"), QStringLiteral("BOB"));
    desk::HistoryFilter alice;
    alice.staff = QStringLiteral("alice");
    f.model->setFilter(alice);
    QCOMPARE(f.model->totalCount(), 130);
    QCOMPARE(f.model->rowCount(), 100);
    f.model->fetchMore({});
    QCOMPARE(f.model->rowCount(), 130);
    QVERIFY(!f.model->canFetchMore({}));
    for (int row = 0; row < f.model->rowCount(); ++row)
        QCOMPARE(f.text(row, JournalModel::StaffColumn), QStringLiteral("alice"));

    desk::HistoryFilter bob;
    bob.staff = QStringLiteral("bob");
    f.model->setFilter(bob);
    QCOMPARE(f.model->rowCount(), 90);
    QVERIFY(!f.model->canFetchMore({}));
}

// The desk writes while the History page is open: a row added after the first page was read must not
// make the next page repeat a row already shown, nor leave the oldest row out.
void TestGuiJournalModel::rowAddedBetweenPagesIsNotShownTwice()
{
    Fixture f;
    QVERIFY(f.open());
    f.addMany(150);
    f.model->reload();
    QCOMPARE(f.model->rowCount(), 100);
    JournalEntry late = entry(QStringLiteral("LATE"), QStringLiteral("LATE"));
    late.createdAt = kNow.addSecs(3600);
    f.add(late);
    while (f.model->canFetchMore({}))
        f.model->fetchMore({});

    QSet<qint64> ids;
    QSet<QString> codes;
    for (int row = 0; row < f.model->rowCount(); ++row) {
        ids.insert(f.model->entryAt(row)->id);
        codes.insert(f.model->entryAt(row)->couponCode);
    }
    QCOMPARE(ids.size(), f.model->rowCount());
    QVERIFY(codes.contains(QStringLiteral("CODE-0")));
    // The newer row and the count wait for the next reload (the count is the one read at reload).
    QCOMPARE(f.model->rowCount(), 150);
    QVERIFY(!codes.contains(QStringLiteral("LATE")));
    QCOMPARE(f.model->totalCount(), 150);
    f.model->reload();
    QCOMPARE(f.model->totalCount(), 151);
    QCOMPARE(f.model->entryAt(0)->couponCode, QStringLiteral("LATE"));
}

// Filtered by a state, rows that leave it between pages (settled by the desk) make the count read at
// reload too high: a short page still ends the paging, rather than asking again and again for more.
void TestGuiJournalModel::rowsSettledOutOfTheFilterEndThePages()
{
    Fixture f;
    QVERIFY(f.open());
    f.addMany(150);
    desk::HistoryFilter pending;
    pending.state = desk::State::Pending;
    f.model->setFilter(pending);
    QCOMPARE(f.model->totalCount(), 150);
    QCOMPARE(f.model->rowCount(), 100);
    const auto oldest = f.writer.query({}, 140, 10);
    QVERIFY(oldest.ok());
    QCOMPARE(oldest->size(), 10);
    for (const JournalEntry &e : oldest.value())
        QVERIFY(f.writer.markOutcome(e.id, outcome(State::Succeeded)).ok());

    QVERIFY(f.model->canFetchMore({}));
    f.model->fetchMore({});
    QCOMPARE(f.model->rowCount(), 140);
    QCOMPARE(f.model->entryAt(139)->couponCode, QStringLiteral("CODE-10"));
    QVERIFY(!f.model->canFetchMore({}));
}

// A row written PENDING and settled later (by another connection, as the desk does): reloading shows the
// new state, its colour and WeChat Pay's time, and keeps the filter.
void TestGuiJournalModel::reloadShowsARowsNewState()
{
    Fixture f;
    QVERIFY(f.open());
    JournalEntry other = entry(QStringLiteral("R0"), QStringLiteral("OTHER"));
    other.createdAt = kNow.addSecs(-60);
    f.add(other, outcome(State::Succeeded));
    const JournalEntry e = f.add(entry(QStringLiteral("R1"), QStringLiteral("1001")));
    desk::HistoryFilter code;
    code.codeExact = QStringLiteral("1001");
    f.model->setFilter(code);
    QCOMPARE(f.model->rowCount(), 1);
    QCOMPARE(f.text(0, JournalModel::StateColumn), QStringLiteral("Sending"));
    const QColor unsettled = f.foreground(0);

    history::Outcome done = outcome(State::Succeeded);
    done.wechatTime = kNow.toOffsetFromUtc(8 * 3600).toString(Qt::ISODate);
    QVERIFY(f.writer.markOutcome(e.id, done).ok());

    QSignalSpy reset(f.model.get(), &QAbstractItemModel::modelReset);
    f.model->reload();
    QCOMPARE(reset.count(), 1);
    QCOMPARE(f.model->rowCount(), 1);
    QCOMPARE(f.model->entryAt(0)->id, e.id);
    QCOMPARE(f.text(0, JournalModel::StateColumn), QStringLiteral("Succeeded"));
    QVERIFY(f.foreground(0) != unsettled);
    QCOMPARE(f.text(0, JournalModel::WechatTimeColumn), kNow.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
    QCOMPARE(f.model->filter().codeExact, QStringLiteral("1001"));
}

// Without a chain section the Shop and Chain scopes have no rows: the model says why, stops paging,
// and the Counter scope reads the journal again with the error gone.
void TestGuiJournalModel::aChainScopeWithoutAChainSaysWhy()
{
    Fixture f;
    QVERIFY(f.open());
    f.addMany(3);
    QSignalSpy errors(f.model.get(), &JournalModel::errorTextChanged);
    for (desk::HistoryScope scope : { desk::HistoryScope::Shop, desk::HistoryScope::Chain }) {
        desk::HistoryFilter chain;
        chain.scope = scope;
        f.model->setFilter(chain);
        QCOMPARE(f.model->rowCount(), 0);
        QCOMPARE(f.model->totalCount(), 0);
        QVERIFY(!f.model->canFetchMore({}));
        QVERIFY2(f.model->errorText().contains(QStringLiteral("not part of a chain")),
            qPrintable(f.model->errorText()));
    }
    QCOMPARE(errors.size(), 2); // one text per scope: the shop's, then the chain's
    f.model->setFilter({});
    QCOMPARE(f.model->rowCount(), 3);
    QVERIFY(f.model->errorText().isEmpty());
    QCOMPARE(errors.size(), 3);
    QVERIFY(errors.last().at(0).toString().isEmpty());
}

QTEST_MAIN(TestGuiJournalModel)
#include "test_gui_journalmodel.moc"
