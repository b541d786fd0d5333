// A counter process for test_chain_kill: `chain_counter write JOURNAL URL COUNTER` journals rows
// (insert, then outcome) one after another while a ChainLink pushes them, printing "row N" after each,
// until it is killed; `chain_counter sync JOURNAL URL COUNTER` pushes what waits (as `chain sync` will)
// and exits 0 when nothing is left. The password comes in CHAIN_PASSWORD (never on the command line).
#include "desk/chainlink.h"
#include "desk/chainpusher.h"

#include "history/journal.h"

#include <QCoreApplication>
#include <QTimer>

#include <cstdio>
#include <cstdlib>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 5)
        return 2;
    desk::ChainPusherConfig config;
    config.journalPath = args.at(2);
    config.chain.databaseUrl = args.at(3);
    config.chain.passwordRef = QStringLiteral("env");
    config.chain.shopId = QStringLiteral("s1");
    config.chain.shopName = QStringLiteral("徐汇店");
    config.counterId = args.at(4);
    config.password = qEnvironmentVariable("CHAIN_PASSWORD");

    if (args.at(1) == QLatin1String("sync")) {
        desk::ChainPusher pusher(config);
        auto report = pusher.pushAll();
        if (!report) {
            std::fprintf(stderr, "%s\n", qPrintable(report.error().message));
            return 1;
        }
        std::printf("pushed %lld in %d batches\n", report->pushed, report->batches);
        return report->waiting == 0 ? 0 : 1;
    }

    history::Journal journal;
    if (!journal.open(config.journalPath) || !journal.setOutboxEnabled(true))
        return 3;
    desk::ChainLinkOptions options;
    options.batchSize = 7; // many small rounds: the kill lands between a push and its acknowledgement
    desk::ChainLink link(config, options);
    link.start();
    int n = 0;
    QTimer writer;
    QObject::connect(&writer, &QTimer::timeout, [&] {
        history::JournalEntry e;
        e.couponCode = QStringLiteral("K%1").arg(n);
        // Unique across runs of the program on the same journal.
        e.requestNo
            = config.counterId + QStringLiteral("-K%1-%2").arg(QCoreApplication::applicationPid()).arg(n);
        e.requestBody = QByteArrayLiteral("{}");
        e.counterId = config.counterId;
        e.staff = QStringLiteral("c01");
        if (!journal.insertPending(e, history::Journal::InFlightPolicy::Allow))
            std::exit(4);
        history::Outcome o;
        o.state = n % 3 ? history::State::Succeeded : history::State::Uncertain;
        o.settledBy = n % 3 ? history::SettledBy::Response : history::SettledBy::None;
        if (!journal.markOutcome(e.id, o))
            std::exit(5);
        link.nudge();
        std::printf("row %d\n", n++);
        std::fflush(stdout);
    });
    writer.start(2);
    return app.exec();
}
