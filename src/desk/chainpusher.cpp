#include "chainpusher.h"

#include "historymapping_p.h"
#include "logging.h"
#include "settings.h"

#include "history/chainconnection.h"
#include "history/chainpush.h"
#include "history/chainschema.h"
#include "history/chaintrail.h"
#include "history/journal.h"

#include <QElapsedTimer>
#include <QSqlDatabase>
#include <QUrl>
#include <QUrlQuery>

namespace desk {

namespace {

const QString kUnreachable = QStringLiteral("CHAIN_UNREACHABLE");
const QString kNeedsUpgrade = QStringLiteral("CHAIN_NEEDS_UPGRADE");
const QString kLoginRefused = QStringLiteral("CHAIN_LOGIN_REFUSED"); // as chainadmin.h's
const QString kJournal = QStringLiteral("CHAIN_JOURNAL");

// The server's message on one line, short: the status bar's tooltip and `chain status` show it.
QString oneLine(const QString &text)
{
    QString line = text.simplified();
    if (line.size() > 300)
        line = line.left(299) + QChar(0x2026);
    return line;
}

// libpq waits for the operating system's TCP timeout (minutes) without connect_timeout: a pusher
// stuck that long would hold up the program's exit.
QString withConnectTimeout(const QString &uri, int seconds)
{
    QUrl url(uri, QUrl::StrictMode);
    QUrlQuery query(url);
    if (!url.isValid() || seconds <= 0 || query.hasQueryItem(QStringLiteral("connect_timeout")))
        return uri;
    query.addQueryItem(QStringLiteral("connect_timeout"), QString::number(seconds));
    url.setQuery(query);
    return url.toString(QUrl::FullyEncoded);
}

ChainSighting toSighting(const history::ChainRow &row)
{
    ChainSighting s;
    s.shopId = row.shopId;
    s.shopName = row.shopName;
    s.counterId = row.counterId;
    s.staff = row.staff;
    s.requestNo = row.requestNo;
    s.couponCode = row.couponCode;
    s.operation = toDesk(row.operation);
    s.state = toDesk(row.state);
    s.createdAt = row.createdAt.toLocalTime();
    s.updatedAt = row.updatedAt.toLocalTime();
    return s;
}

} // namespace

ChainPusherConfig ChainPusherConfig::from(const Settings &settings, const QString &password)
{
    ChainPusherConfig c;
    c.journalPath = settings.historyDb;
    c.chain = settings.chain;
    c.password = password;
    c.counterId = settings.counterId;
    return c;
}

Result<QString> readChainPassword(const ChainSettings &chain, const SecretStore &secrets)
{
    auto fail = [](const QString &why) {
        Error e = Error::make(ErrorKind::InvalidInput, QStringLiteral("CHAIN_PASSWORD_UNREADABLE"),
            QStringLiteral("cannot read the chain database password (chain/password): %1").arg(why));
        e.field = QStringLiteral("chain/password");
        return e;
    };
    if (chain.passwordRef.isEmpty())
        return fail(QStringLiteral("it is not set"));
    auto secret = secrets.read(chain.passwordRef);
    if (!secret)
        return fail(secret.error().message);
    const QString password = QString::fromUtf8(secret.value());
    if (password.isEmpty())
        return fail(QStringLiteral("it is empty"));
    return password;
}

struct ChainPusher::Private
{
    ChainPusherConfig config;
    history::Journal journal;
    QSqlDatabase db;
    ChainStatus status;

    Error journalError(const history::Error &e)
    {
        status.lastError = oneLine(e.message);
        return Error::make(ErrorKind::InvalidInput, kJournal,
            QStringLiteral("the history file %1: %2").arg(config.journalPath, e.message));
    }

    Result<void> openJournal()
    {
        if (journal.isOpen())
            return {};
        if (auto r = journal.open(config.journalPath); !r)
            return journalError(r.error());
        // A pusher exists only in chain mode, so the outbox is on: a counter whose settings gained a
        // chain section but which has not run the program since (`chain sync` from a script) would
        // otherwise push nothing and say all is synced. Switching it on queues the existing rows.
        if (auto queued = journal.setOutboxEnabled(true); !queued)
            return journalError(queued.error());
        else if (queued.value() > 0)
            qCInfo(lcDesk) << "chain mode: queued" << queued.value() << "existing history rows";
        return {};
    }

    void close()
    {
        if (db.isValid())
            history::closeChainDatabase(db);
    }

    Error unreachable(const QString &message)
    {
        close();
        if (status.state != ChainStatus::State::Unreachable || !status.unreachableSince.isValid())
            status.unreachableSince = QDateTime::currentDateTime();
        if (status.lastError != oneLine(message))
            qCWarning(lcDesk).noquote() << "chain database" << status.server << "unreachable:" << message;
        status.state = ChainStatus::State::Unreachable;
        status.lastError = oneLine(message);
        return Error::make(ErrorKind::Network, kUnreachable, message);
    }

    void reached()
    {
        status.unreachableSince = QDateTime();
        status.lastSyncAt = QDateTime::currentDateTime();
        status.lastError.clear();
    }

    // Opens a connection unless one is open; with `probe`, an open one is checked with a query first
    // (it may have died with a server restart or pg_terminate_backend). Checks the schema version.
    Result<void> connect(bool probe)
    {
        if (db.isOpen()) {
            if (!probe)
                return {};
            if (auto version = history::ChainSchema::version(db);
                version && *version >= status.schemaNeeded) {
                status.schemaFound = *version;
                return {};
            }
            close(); // dead, or the schema moved: a new connection tells which
        }
        close();
        {
            // Scoped: a copy of the connection left in `opened` would keep it "in use" when it is closed.
            auto opened = history::openChainDatabase(
                withConnectTimeout(config.chain.databaseUrl, config.connectTimeoutSecs), config.password);
            if (!opened) {
                const history::Error &e = opened.error();
                if (e.kind == history::ErrorKind::InvalidArgument || e.kind == history::ErrorKind::Driver) {
                    status.state = ChainStatus::State::Unreachable;
                    status.lastError = oneLine(e.message);
                    return Error::make(ErrorKind::InvalidInput,
                        e.kind == history::ErrorKind::Driver ? QStringLiteral("CHAIN_DRIVER")
                                                             : QStringLiteral("CHAIN_SETTINGS"),
                        e.message);
                }
                if (history::isLoginRefused(e)) {
                    // Not "unreachable": waiting would not help, the settings must change.
                    if (status.state != ChainStatus::State::LoginRefused)
                        qCWarning(lcDesk).noquote() << "chain database" << status.server
                                                    << "refused the login:" << oneLine(e.message);
                    status.state = ChainStatus::State::LoginRefused;
                    status.lastError = oneLine(e.message);
                    Error refused = Error::make(ErrorKind::Key, kLoginRefused,
                        QStringLiteral("the chain database %1 refused this counter's login: check "
                                       "chain/password (%2)")
                            .arg(status.server, oneLine(e.message)));
                    refused.field = QStringLiteral("chain/password");
                    return refused;
                }
                return unreachable(e.message);
            }
            db = opened.value();
        }
        auto version = history::ChainSchema::version(db);
        if (!version)
            return unreachable(version.error().message);
        status.schemaFound = version.value();
        // Chain migrations only ever add (docs/chain.md, "Upgrading counters one by one"): a schema
        // newer than this program still has every column and policy it uses, so it pushes on while
        // the chain's counters are upgraded one by one. An older one lacks what it needs: it waits.
        if (status.schemaFound < status.schemaNeeded) {
            close();
            reached(); // the server answered; it is the schema that does not fit
            status.state = ChainStatus::State::NeedsUpgrade;
            const QString message
                = QStringLiteral("the chain database has schema version %1, this program needs %2: run "
                                 "coupondesk-cli chain init")
                      .arg(status.schemaFound)
                      .arg(status.schemaNeeded);
            status.lastError = message;
            qCWarning(lcDesk).noquote() << message;
            return Error::make(ErrorKind::Protocol, kNeedsUpgrade, message);
        }
        qCInfo(lcDesk).noquote() << "connected to the chain database" << status.server;
        return {};
    }

    // The queue as it is now: waiting rows and the state that follows from them.
    Result<void> readQueue(bool reachedServer)
    {
        auto queue = journal.outboxStatus();
        if (!queue)
            return journalError(queue.error());
        status.waiting = queue->rows;
        status.oldestWaitingSince = queue->oldestQueuedAt;
        if (reachedServer)
            status.state = status.waiting > 0 ? ChainStatus::State::Waiting : ChainStatus::State::Synced;
        return {};
    }

    // Runs `read` on a connection, once more on a new one when a reused connection fails.
    template<typename T, typename Read> Result<T> withConnection(Read read)
    {
        const bool reused = db.isOpen();
        if (auto r = connect(false); !r)
            return r.error();
        auto result = read();
        if (!result && reused) {
            close();
            if (auto r = connect(false); !r)
                return r.error();
            result = read();
        }
        if (!result)
            return unreachable(result.error().message);
        return std::move(result).value();
    }
};

ChainPusher::ChainPusher(ChainPusherConfig config)
    : d(std::make_unique<Private>())
{
    d->config = std::move(config);
    d->status.state = ChainStatus::State::Connecting;
    d->status.server = d->config.chain.describe();
    d->status.schemaNeeded = history::ChainSchema::kVersion;
}

ChainPusher::~ChainPusher()
{
    d->close();
    d->journal.close();
}

Result<ChainPushRound> ChainPusher::pushOnce(int batchSize)
{
    if (auto r = d->openJournal(); !r)
        return r.error();
    auto batch = d->journal.outboxBatch(batchSize);
    if (!batch)
        return d->journalError(batch.error());
    // A failed round still counts what waits ("unreachable since 14:03, 12 rows queued").
    auto failed = [this](const Error &e) -> Error {
        (void)d->readQueue(false);
        return e;
    };
    ChainPushRound round;
    round.rows = int(batch->size());
    if (batch->isEmpty()) {
        if (auto r = d->connect(false); !r)
            return failed(r.error());
    } else {
        auto written = d->withConnection<int>(
            [&] { return history::pushToChain(d->db, d->config.chain.shopId, batch.value()); });
        if (!written)
            return failed(written.error());
        round.written = written.value();
        if (auto acked = d->journal.ackOutbox(batch->last().seq); !acked)
            return d->journalError(acked.error()); // pushed again next time: the upsert is idempotent
    }
    d->reached();
    if (auto r = d->readQueue(true); !r)
        return r.error();
    round.waiting = d->status.waiting;
    return round;
}

Result<ChainSyncReport> ChainPusher::pushAll(int batchSize)
{
    QElapsedTimer timer;
    timer.start();
    ChainSyncReport report;
    for (;;) {
        auto round = pushOnce(batchSize);
        if (!round)
            return round.error();
        report.waiting = round->waiting;
        if (round->rows == 0)
            break;
        report.pushed += round->rows;
        ++report.batches;
        if (round->waiting == 0)
            break;
    }
    report.elapsedMs = timer.elapsed();
    return report;
}

Result<ChainStatus> ChainPusher::check()
{
    if (auto r = d->openJournal(); !r)
        return r.error();
    const bool reached = d->connect(true).ok();
    if (reached)
        d->reached();
    if (auto r = d->readQueue(reached); !r)
        return r.error();
    return d->status;
}

Result<QList<ChainSighting>> ChainPusher::openElsewhere(int limit)
{
    auto rows = d->withConnection<QList<history::ChainRow>>(
        [&] { return history::chainOpenRows(d->db, d->config.chain.shopId, d->config.counterId, limit); });
    if (!rows)
        return rows.error();
    QList<ChainSighting> sightings;
    sightings.reserve(rows->size());
    for (const history::ChainRow &row : rows.value())
        sightings << toSighting(row);
    return sightings;
}

Result<QList<ChainSighting>> ChainPusher::trail(const QString &couponCode, int limit)
{
    auto rows = d->withConnection<QList<history::ChainRow>>(
        [&] { return history::chainTrail(d->db, couponCode, limit); });
    if (!rows)
        return rows.error();
    QList<ChainSighting> sightings;
    sightings.reserve(rows->size());
    for (const history::ChainRow &row : rows.value())
        sightings << toSighting(row);
    return sightings;
}

ChainStatus ChainPusher::status() const
{
    return d->status;
}

bool ChainPusher::isConnected() const
{
    return d->db.isOpen();
}

void ChainPusher::disconnect()
{
    d->close();
}

} // namespace desk
