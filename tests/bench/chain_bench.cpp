// chain_bench: the chain mode's benchmark rows (issue 18), against throwaway PostgreSQL 15 servers it
// starts itself (tests/support/testpostgres.h). A benchmark, not a test; scripts/bench.sh runs it.
//
//   chain_bench [--lag] [--lag-pause-ms MS] [--catchup] [--history-rows N]
//
// --lag           the 20-counter load of test_chain_load (chainloadrig.h: 20 chaincounter processes x 500
//                 redemptions at once through desk::Desk against one wechatpay-sim over HTTPS, each
//                 replicating through its ChainLink). Every ~20 ms the bench asks PostgreSQL for the rows
//                 that became visible since its last look; a row's lag is the time of the first look that
//                 saw it SUCCEEDED minus the moment its counter logged it settled (chaincounter
//                 --settle-log, milliseconds; the journal's updated_at is whole seconds). p50 / p99 / max
//                 over the 10,000 rows.
// --lag-pause-ms  with --lag: each counter pauses this long between redemptions (default 0: back to
//                 back, the CPU saturated); a paced run shows the lag when the machine has room.
// --catchup       an hour offline at one redemption a second: 3,600 rows journaled and settled (7,200
//                 outbox entries) while the chain was unreachable, then ChainPusher::pushAll with the
//                 real batch size through the counter's own login (connection included).
// --history-rows  N rows generated server-side (500 shops x 4 counters x 30 days, chainhistorygen.h),
//                 VACUUM ANALYZE, then: a coupon's trail by code, one shop's day page (50 rows, newest
//                 first) and the chain-wide day totals by shop, each through the real function, as a
//                 counter's login; many samples, median / p99 / max.
//
// stdout: key=value lines (scripts/bench.sh reads them); stderr: progress.
#include "chainbench_history.h"
#include "chainbench_lag.h"
#include "chainloadrig.h"

#include "desk/chainpusher.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QSet>
#include <QTextStream>

#include <algorithm>
#include <cstdio>
#include <vector>

namespace {

[[noreturn]] void fail(const QString &message)
{
    chainbench::historyFail(message); // stops the servers still running
}

void progress(const QString &message)
{
    std::fprintf(stderr, "chain_bench: %s\n", qPrintable(message));
    std::fflush(stderr);
}

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

void benchCatchUp()
{
    progress(QStringLiteral("catch-up: 3,600 rows queued while offline, then ChainPusher::pushAll"));
    testsupport::TestPostgres pg;
    const chainbench::CleanupGuard guard([&pg] { pg.stop(); });
    if (!pg.start())
        fail(pg.errorString());
    QSqlDatabase adminDb
        = chainbench::openOrFail(pg.uri(pg.superuser(), pg.caPath()), pg.superuserPassword());
    if (auto r = history::ChainSchema::init(adminDb); !r)
        fail(r.error().message);
    auto login = history::ChainSchema::addCounter(adminDb, QStringLiteral("s01"), QStringLiteral("门店01"),
        QStringLiteral("c01"), { pg.host(), pg.port(), pg.database(), pg.caPath() });
    if (!login)
        fail(login.error().message);

    QTemporaryDir dir;
    const QString journalPath = dir.filePath(QStringLiteral("history.sqlite"));
    constexpr int kRows = 3600;
    {
        // An hour at one redemption a second: each row journaled PENDING, then settled 300 ms later:
        // two outbox entries per row, in the order a real counter makes them. Only the push is timed.
        QDateTime t = QDateTime::currentDateTime().addSecs(-kRows);
        history::Journal journal([&t] { return t; });
        if (auto r = journal.open(journalPath); !r)
            fail(r.error().message);
        if (auto r = journal.setOutboxEnabled(true); !r)
            fail(r.error().message);
        const QDateTime start = t;
        for (int i = 1; i <= kRows; ++i) {
            t = start.addSecs(i);
            history::JournalEntry e;
            e.couponCode = QStringLiteral("CATCH%1").arg(i, 6, 10, QLatin1Char('0'));
            e.stockId = chainload::kStockId;
            e.openid = QLatin1Char('o') + e.couponCode;
            e.appid = QStringLiteral("wxd678efh567hg6787");
            e.requestNo = QStringLiteral("c01-CATCH%1").arg(i, 6, 10, QLatin1Char('0'));
            e.requestBody = QByteArrayLiteral("{}");
            e.staff = QStringLiteral("s1");
            e.counterId = QStringLiteral("c01");
            e.orderFen = 10000 + i;
            e.discountFen = 2000;
            if (auto r = journal.insertPending(e); !r)
                fail(r.error().message);
            t = t.addMSecs(300);
            history::Outcome ok;
            ok.state = history::State::Succeeded;
            ok.settledBy = history::SettledBy::Response;
            ok.httpStatus = 200;
            ok.wechatTime = t.toString(Qt::ISODate);
            if (auto r = journal.markOutcome(e.id, ok); !r)
                fail(r.error().message);
        }
        auto status = journal.outboxStatus();
        if (!status || status->rows != kRows)
            fail(QStringLiteral("the outbox does not hold %1 rows").arg(kRows));
        out() << "catchup_entries=" << status->entries << '\n';
    }

    desk::ChainPusherConfig config;
    config.journalPath = journalPath;
    config.chain.databaseUrl = login->databaseUrl;
    config.chain.passwordRef = login->password;
    config.chain.shopId = QStringLiteral("s01");
    config.chain.shopName = QStringLiteral("门店01");
    config.password = login->password;
    config.counterId = QStringLiteral("c01");
    QElapsedTimer timer;
    timer.start();
    qint64 pushedMs = 0;
    {
        desk::ChainPusher pusher(config);
        auto report = pusher.pushAll();
        pushedMs = timer.elapsed();
        if (!report)
            fail(report.error().toString());
        out() << "catchup_rows=" << report->pushed << '\n'
              << "catchup_batches=" << report->batches << '\n'
              << "catchup_batch_size=" << desk::ChainPusher::kDefaultBatchSize << '\n'
              << "catchup_waiting=" << report->waiting << '\n';
    }
    {
        QSqlQuery q(adminDb);
        if (!q.exec(QStringLiteral("SELECT count(*) FROM coupondesk.history WHERE state = 'SUCCEEDED'"))
            || !q.next() || q.value(0).toInt() != kRows)
            fail(QStringLiteral("PostgreSQL does not hold the %1 settled rows").arg(kRows));
    }
    out() << "catchup_ms=" << pushedMs << '\n';
    out().flush();
    history::closeChainDatabase(adminDb);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("chain_bench"));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("The chain mode's benchmark rows (issue 18)."));
    parser.addHelpOption();
    const QCommandLineOption lag(QStringLiteral("lag"), QStringLiteral("Replication lag under 20 counters."));
    const QCommandLineOption catchUp(
        QStringLiteral("catchup"), QStringLiteral("Catch-up of 3,600 queued rows."));
    const QCommandLineOption rows(QStringLiteral("history-rows"),
        QStringLiteral("Chain history of N generated rows (0: skip)."), QStringLiteral("N"),
        QStringLiteral("0"));
    const QCommandLineOption lagPause(QStringLiteral("lag-pause-ms"),
        QStringLiteral("Pause of each counter between redemptions in --lag."), QStringLiteral("ms"),
        QStringLiteral("0"));
    parser.addOptions({ lag, lagPause, catchUp, rows });
    parser.process(app);
    if (!testsupport::TestPostgres::missingPrerequisites().isEmpty())
        fail(testsupport::TestPostgres::missingPrerequisites());
    bool ok = false;
    const qint64 historyRows = parser.value(rows).toLongLong(&ok);
    if (!ok || historyRows < 0)
        fail(QStringLiteral("--history-rows must be a whole number"));
    if (parser.isSet(catchUp))
        benchCatchUp();
    if (historyRows > 0)
        chainbench::benchHistory(historyRows, out());
    if (parser.isSet(lag))
        chainbench::benchLag(out(), parser.value(lagPause).toInt());
    return 0;
}
