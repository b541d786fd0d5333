// history_bench: the history journal at scale (a benchmark, not a test; ctest never runs it).
//
//   history_bench [--rows N] [--batch B] [--samples S] [--db FILE] [--keep]
//
// Fills a fresh SQLite file with N realistic journal rows through Journal::insertBatch (one
// transaction per B rows), then times the queries the GUI and CLI run and prints a markdown table.
// Targets (issue 4): lookup by code <= 5 ms, a filtered page <= 50 ms, >= 20,000 rows/s batched.
#include "history/journal.h"

#include <QBuffer>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <vector>

using namespace history;

namespace {

struct Stats
{
    double median = 0;
    double p95 = 0;
    double max = 0;
};

Stats stats(std::vector<double> samples)
{
    Stats s;
    if (samples.empty()) {
        return s;
    }
    std::sort(samples.begin(), samples.end());
    s.median = samples[samples.size() / 2];
    s.p95 = samples[std::min(samples.size() - 1, samples.size() * 95 / 100)];
    s.max = samples.back();
    return s;
}

QString ms(double value)
{
    return QString::number(value, 'f', value < 10 ? 3 : 1);
}

QString fmtStats(const Stats &s)
{
    return QLatin1String("median ") + ms(s.median) + QLatin1String(" ms (p95 ") + ms(s.p95)
        + QLatin1String(", max ") + ms(s.max) + QLatin1String(")");
}

QString withThousands(qint64 n)
{
    QString digits = QString::number(n);
    for (qsizetype i = digits.size() - 3; i > 0; i -= 3) {
        digits.insert(i, QLatin1Char(','));
    }
    return digits;
}

[[noreturn]] void fail(const QString &what, const Error &error)
{
    std::fprintf(stderr, "history_bench: %s: %s\n", qPrintable(what), qPrintable(error.toString()));
    std::exit(1);
}

struct Generator
{
    QRandomGenerator random { 20240501u };
    QDateTime start { QDate(2024, 1, 1), QTime(8, 0) };
    qint64 spanMs = 0;
    qint64 rows = 0;
    QStringList staff { QStringLiteral("alice"), QStringLiteral("bob"), QStringLiteral("carol"),
        QString::fromUtf8("张三"), QString::fromUtf8("李四"), QString::fromUtf8("王五"),
        QStringLiteral("dave"), QStringLiteral("erin") };

    JournalEntry make(qint64 i)
    {
        JournalEntry e;
        const quint32 op = random.bounded(100u);
        e.operation = op < 85 ? Operation::Use : op < 95 ? Operation::Deactivate : Operation::Return;
        // 12-digit codes, uniformly spread: exact lookups hit ~1 row, prefixes a controlled share.
        e.couponCode = QString::number(100000000000LL + qint64(random.generate64() % 900000000000ULL));
        e.stockId = QString::number(1200000000 + random.bounded(20u));
        e.openid = QLatin1String("oWmnN4")
            + QString::number(random.generate64(), 36).rightJustified(22, QLatin1Char('x'));
        e.appid = QStringLiteral("wx1234567890abcdef");
        e.createdAt = start.addMSecs(spanMs * i / rows + random.bounded(1000u));
        e.counterId = QLatin1String("C0") + QString::number(1 + random.bounded(4u));
        e.staff = staff.at(int(random.bounded(quint32(staff.size()))));
        e.requestNo = e.counterId + e.createdAt.toString(QStringLiteral("yyyyMMddHHmmss"))
            + QString::number(i).rightJustified(8, QLatin1Char('0'));
        if (e.operation == Operation::Deactivate) {
            e.reason = QString::fromUtf8("顾客退货，作废");
        }
        e.requestBody = QByteArrayLiteral("{\"coupon_code\":\"") + e.couponCode.toUtf8()
            + QByteArrayLiteral("\",\"stock_id\":\"") + e.stockId.toUtf8()
            + QByteArrayLiteral("\",\"appid\":\"") + e.appid.toUtf8()
            + QByteArrayLiteral("\",\"use_time\":\"")
            + e.createdAt.toOffsetFromUtc(e.createdAt.offsetFromUtc()).toString(Qt::ISODate).toUtf8()
            + QByteArrayLiteral("\",\"use_request_no\":\"") + e.requestNo.toUtf8()
            + QByteArrayLiteral("\",\"openid\":\"") + e.openid.toUtf8() + QByteArrayLiteral("\"}");
        e.attempts = 1;
        const quint32 st = random.bounded(10000u);
        if (st < 9690) {
            e.state = State::Succeeded;
            e.settledBy = st < 9600 ? SettledBy::Response : SettledBy::Retry;
            e.httpStatus = 200;
            e.wechatTime
                = e.createdAt.addSecs(1).toOffsetFromUtc(e.createdAt.offsetFromUtc()).toString(Qt::ISODate);
            e.requestId = QString::number(random.generate64(), 16).toUpper() + QLatin1String("-0");
        } else if (st < 9990) {
            e.state = State::Failed;
            e.settledBy = SettledBy::Response;
            e.httpStatus = 400;
            e.wechatCode = QStringLiteral("RESOURCE_ALREADY_EXISTS");
            e.message = QString::fromUtf8("券已核销，请勿重复核销");
        } else if (st < 9999) {
            e.state = State::Uncertain;
            e.message = QStringLiteral("timeout");
        } else {
            e.state = State::Pending;
            e.attempts = 0;
        }
        if (random.bounded(100u) == 0) {
            e.batchId = QLatin1String("BULK-") + QString::number(i / 50000);
        }
        return e;
    }
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("history_bench"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("CouponDesk history journal benchmark"));
    parser.addHelpOption();
    const QCommandLineOption rowsOption(QStringLiteral("rows"),
        QStringLiteral("Rows to insert (default 1000000)."), QStringLiteral("N"), QStringLiteral("1000000"));
    const QCommandLineOption batchOption(QStringLiteral("batch"),
        QStringLiteral("Rows per transaction (default 10000)."), QStringLiteral("B"),
        QStringLiteral("10000"));
    const QCommandLineOption samplesOption(QStringLiteral("samples"),
        QStringLiteral("Timed runs per query (default 100)."), QStringLiteral("S"), QStringLiteral("100"));
    const QCommandLineOption dbOption(QStringLiteral("db"),
        QStringLiteral("History file to create (default: in a temporary folder)."), QStringLiteral("FILE"));
    const QCommandLineOption keepOption(QStringLiteral("keep"), QStringLiteral("Keep the temporary folder."));
    parser.addOptions({ rowsOption, batchOption, samplesOption, dbOption, keepOption });
    parser.process(app);

    bool ok = false;
    const qint64 rows = parser.value(rowsOption).toLongLong(&ok);
    if (!ok || rows < 1000) {
        std::fprintf(stderr, "history_bench: --rows must be a number >= 1000\n");
        return 2;
    }
    const int batchSize = parser.value(batchOption).toInt(&ok);
    if (!ok || batchSize < 1) {
        std::fprintf(stderr, "history_bench: --batch must be a positive number\n");
        return 2;
    }
    const int samples = parser.value(samplesOption).toInt(&ok);
    if (!ok || samples < 1) {
        std::fprintf(stderr, "history_bench: --samples must be a positive number\n");
        return 2;
    }

    QTemporaryDir tempDir;
    tempDir.setAutoRemove(!parser.isSet(keepOption));
    const QString path = parser.isSet(dbOption) ? parser.value(dbOption)
                                                : tempDir.filePath(QStringLiteral("history-bench.sqlite"));
    if (QFileInfo::exists(path)) {
        std::fprintf(stderr, "history_bench: %s exists; give a new file\n", qPrintable(path));
        return 2;
    }

    Journal journal;
    if (auto r = journal.open(path); !r) {
        fail(QStringLiteral("open"), r.error());
    }

    // --- fill ---------------------------------------------------------------------------------
    Generator gen;
    gen.rows = rows;
    gen.spanMs = qint64(365) * 24 * 3600 * 1000;
    QStringList sampleCodes;
    QStringList sampleRequestNos;
    const qint64 sampleEvery = std::max<qint64>(1, rows / 1000);
    qint64 insertNs = 0;
    QElapsedTimer total;
    total.start();
    QList<JournalEntry> batch;
    batch.reserve(batchSize);
    for (qint64 i = 0; i < rows; ++i) {
        batch.append(gen.make(i));
        if (i % sampleEvery == 0) {
            sampleCodes << batch.last().couponCode;
            sampleRequestNos << batch.last().requestNo;
        }
        if (batch.size() == batchSize || i == rows - 1) {
            QElapsedTimer t;
            t.start();
            if (auto r = journal.insertBatch(batch); !r) {
                fail(QStringLiteral("insertBatch"), r.error());
            }
            insertNs += t.nsecsElapsed();
            batch.clear();
            if ((i + 1) % 100000 == 0) {
                std::fprintf(stderr, "\r%lld rows", static_cast<long long>(i + 1));
            }
        }
    }
    const double fillSeconds = double(total.nsecsElapsed()) / 1e9;
    std::fprintf(stderr, "\n");
    const double insertRate = double(rows) / (double(insertNs) / 1e9);

    // --- timed queries ------------------------------------------------------------------------
    QRandomGenerator pick(7u);
    const auto time = [samples](const std::function<void(int)> &run) {
        std::vector<double> timings;
        timings.reserve(size_t(samples));
        for (int i = 0; i < samples; ++i) {
            QElapsedTimer t;
            t.start();
            run(i);
            timings.push_back(double(t.nsecsElapsed()) / 1e6);
        }
        return stats(timings);
    };
    const auto randomSample
        = [&pick](const QStringList &list) { return list.at(int(pick.bounded(quint32(list.size())))); };
    qint64 found = 0;

    found = 0;
    const Stats exact = time([&](int) {
        JournalFilter f;
        f.codeExact = randomSample(sampleCodes);
        const auto r = journal.query(f, 0, 50);
        if (!r) {
            fail(QStringLiteral("exact lookup"), r.error());
        }
        found += r->size();
    });
    const qint64 exactFound = found;

    const Stats byRequestNo = time([&](int) {
        const auto r = journal.findByRequestNo(randomSample(sampleRequestNos));
        if (!r || !r->has_value()) {
            fail(QStringLiteral("request-number lookup"),
                r ? Error::make(ErrorKind::NotFound, QStringLiteral("missing")) : r.error());
        }
    });

    const auto windowFilter = [&](State state, int days) {
        JournalFilter f;
        f.state = state;
        f.from = gen.start.addDays(qint64(pick.bounded(quint32(365 - days))));
        f.to = f.from.addDays(days);
        return f;
    };
    qint64 pageRows = 0;
    const Stats page = time([&](int) {
        const auto r = journal.query(windowFilter(State::Succeeded, 7), 0, 50);
        if (!r) {
            fail(QStringLiteral("filtered page"), r.error());
        }
        pageRows += r->size();
    });
    const Stats rarePage = time([&](int) {
        const auto r = journal.query(windowFilter(State::Failed, 30), 0, 50);
        if (!r) {
            fail(QStringLiteral("filtered page"), r.error());
        }
    });
    const Stats deepPage = time([&](int) {
        const auto r = journal.query(windowFilter(State::Succeeded, 30), 1000, 50);
        if (!r) {
            fail(QStringLiteral("deep page"), r.error());
        }
    });
    qint64 windowCount = 0;
    const Stats countWeek = time([&](int) {
        const auto r = journal.count(windowFilter(State::Succeeded, 7));
        if (!r) {
            fail(QStringLiteral("count"), r.error());
        }
        windowCount = *r;
    });

    const auto prefixStats = [&](int length, qint64 *matches) {
        *matches = 0;
        return time([&](int) {
            JournalFilter f;
            f.codePrefix = randomSample(sampleCodes).left(length);
            const auto r = journal.query(f, 0, 50);
            if (!r) {
                fail(QStringLiteral("prefix search"), r.error());
            }
            if (*matches == 0) {
                *matches = journal.count(f).value();
            }
        });
    };
    qint64 prefix8Matches = 0;
    qint64 prefix5Matches = 0;
    qint64 prefix3Matches = 0;
    const Stats prefix8 = prefixStats(8, &prefix8Matches);
    const Stats prefix5 = prefixStats(5, &prefix5Matches);
    const Stats prefix3 = prefixStats(3, &prefix3Matches);
    // Any part of the code (the History search box, issue 15): the last 4 digits a cashier reads.
    qint64 substringMatches = 0;
    const Stats substring = time([&](int) {
        JournalFilter f;
        f.codeContains = randomSample(sampleCodes).right(4);
        const auto r = journal.query(f, 0, 50);
        if (!r) {
            fail(QStringLiteral("substring search"), r.error());
        }
        if (substringMatches == 0) {
            substringMatches = journal.count(f).value();
        }
    });

    const Stats newest = time([&](int) {
        const auto r = journal.query({}, 0, 50);
        if (!r) {
            fail(QStringLiteral("newest page"), r.error());
        }
    });

    QElapsedTimer unsettledTimer;
    unsettledTimer.start();
    const auto open = journal.unsettled();
    if (!open) {
        fail(QStringLiteral("unsettled"), open.error());
    }
    const double unsettledMs = double(unsettledTimer.nsecsElapsed()) / 1e6;

    JournalFilter week;
    week.from = gen.start.addDays(100);
    week.to = week.from.addDays(7);
    QBuffer csv;
    csv.open(QIODevice::WriteOnly);
    QElapsedTimer exportTimer;
    exportTimer.start();
    const auto exported = journal.exportCsv(week, csv, true);
    if (!exported) {
        fail(QStringLiteral("export"), exported.error());
    }
    const double exportMs = double(exportTimer.nsecsElapsed()) / 1e6;

    JournalFilter exactPlanFilter;
    exactPlanFilter.codeExact = sampleCodes.first();
    JournalFilter prefixPlanFilter;
    prefixPlanFilter.codePrefix = sampleCodes.first().left(5);
    const QStringList plans {
        QLatin1String("exact: ") + journal.queryPlan(exactPlanFilter).value().join(QLatin1String("; ")),
        QLatin1String("state+range: ")
            + journal.queryPlan(windowFilter(State::Succeeded, 7)).value().join(QLatin1String("; ")),
        QLatin1String("prefix: ") + journal.queryPlan(prefixPlanFilter).value().join(QLatin1String("; ")),
    };

    QString sqliteVersion;
    {
        QSqlDatabase db = QSqlDatabase::database(journal.connectionName(), false);
        QSqlQuery q(db);
        if (q.exec(QStringLiteral("SELECT sqlite_version()")) && q.next()) {
            sqliteVersion = q.value(0).toString();
        }
    }
    const qint64 fileBytes = QFileInfo(path).size() + QFileInfo(path + QLatin1String("-wal")).size();

    // --- report -------------------------------------------------------------------------------
    QTextStream out(stdout);
    const auto verdict = [](bool pass) { return pass ? QStringLiteral("yes") : QStringLiteral("**NO**"); };
    out << "### history_bench: " << withThousands(rows) << " rows\n\n";
    out << "SQLite " << sqliteVersion << ", Qt " << qVersion() << ", WAL, synchronous=FULL, batch "
        << withThousands(batchSize) << " rows/transaction, " << samples << " runs per query, file "
        << QString::number(double(fileBytes) / (1024.0 * 1024.0), 'f', 0) << " MiB. OS cache warm.\n\n";
    out << "| Measure | Result | Target | Met |\n|---|---|---|---|\n";
    out << "| Batched insert (insertBatch) | " << withThousands(qint64(insertRate)) << " rows/s ("
        << QString::number(double(insertNs) / 1e9, 'f', 1) << " s in SQL, "
        << QString::number(fillSeconds, 'f', 1) << " s with row generation) | >= 20,000 rows/s | "
        << verdict(insertRate >= 20000) << " |\n";
    out << "| Lookup by exact code, page of 50 (" << exactFound << " rows found in " << samples << " runs) | "
        << fmtStats(exact) << " | <= 5 ms | " << verdict(exact.median <= 5) << " |\n";
    out << "| Lookup by request number | " << fmtStats(byRequestNo) << " | | |\n";
    out << "| Filtered page of 50: SUCCEEDED in a random 7-day range | " << fmtStats(page) << " | <= 50 ms | "
        << verdict(page.median <= 50) << " |\n";
    out << "| Filtered page of 50: FAILED (3 %) in a random 30-day range | " << fmtStats(rarePage)
        << " | <= 50 ms | " << verdict(rarePage.median <= 50) << " |\n";
    out << "| Filtered page 21 (offset 1000): SUCCEEDED, 30 days | " << fmtStats(deepPage) << " | | |\n";
    out << "| count(): SUCCEEDED in a 7-day range (~" << withThousands(windowCount) << " rows) | "
        << fmtStats(countWeek) << " | | |\n";
    out << "| Prefix search, 8 digits (~" << prefix8Matches << " matches), page of 50 | " << fmtStats(prefix8)
        << " | | |\n";
    out << "| Prefix search, 5 digits (~" << withThousands(prefix5Matches) << " matches), page of 50 | "
        << fmtStats(prefix5) << " | | |\n";
    out << "| Prefix search, 3 digits (~" << withThousands(prefix3Matches) << " matches), page of 50 | "
        << fmtStats(prefix3) << " | | |\n";
    out << "| Substring search, last 4 digits (~" << withThousands(substringMatches)
        << " matches), page of 50 | " << fmtStats(substring) << " | | |\n";
    out << "| Newest page of 50, no filter | " << fmtStats(newest) << " | | |\n";
    out << "| unsettled() (" << open->size() << " rows) | " << ms(unsettledMs) << " ms | | |\n";
    out << "| CSV export of 7 days (" << withThousands(*exported) << " rows, "
        << QString::number(double(csv.size()) / (1024.0 * 1024.0), 'f', 1) << " MiB) | " << ms(exportMs)
        << " ms | | |\n";
    out << "\nQuery plans:\n";
    for (const QString &plan : plans) {
        out << "- " << plan << '\n';
    }
    out.flush();

    const bool met = insertRate >= 20000 && exact.median <= 5 && page.median <= 50;
    return met ? 0 : 3;
}
