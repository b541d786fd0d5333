// This counter's link to the chain's PostgreSQL (docs/chain.md), synchronous: pushes the journal's
// outbox in batches, says where the link stands, and reads the chain's open rows and a coupon's trail.
// Thread-confined: it owns its own Journal on the counter's SQLite file and its own QPSQL connection
// (QtSql connections belong to the thread that opened them), both opened on first use; use one
// ChainPusher from one thread only. ChainLink runs one in a worker thread for the GUI; the CLI's
// `chain sync` and `chain status` use one directly.
//
// Errors (desk::Error::code): CHAIN_UNREACHABLE (ErrorKind::Network: no connection, or the server
// failed or refused a statement; the connection is closed so the next call opens a new one, as a QPSQL
// connection stays dead after a server restart), CHAIN_NEEDS_UPGRADE (ErrorKind::Protocol: the chain
// schema is older than this program needs, or newer; nothing is pushed), CHAIN_SETTINGS
// (ErrorKind::InvalidInput: the database URL is refused before connecting), CHAIN_DRIVER (the QPSQL
// plugin is missing), CHAIN_JOURNAL (the local SQLite file could not be read or written). Whatever
// fails, the rows stay queued in the outbox.
#pragma once

#include "chainsettings.h"
#include "chainstatus.h"
#include "result.h"

#include <QList>
#include <QString>

#include <memory>

namespace desk {

class SecretStore;
struct Settings;

struct ChainPusherConfig
{
    QString journalPath; // the counter's SQLite journal (Settings::historyDb)
    ChainSettings chain;
    QString password; // the counter role's password, read from chain.passwordRef; never logged
    QString counterId; // this counter (Settings::counterId): its own open rows are not "elsewhere"
    int connectTimeoutSecs = 5; // added to the URL as connect_timeout unless it has one

    static ChainPusherConfig from(const Settings &settings, const QString &password);
};

// chain/password through the secret store (the value, file:PATH or keychain:NAME). InvalidInput with
// field chain/password when it cannot be read or is empty.
Result<QString> readChainPassword(const ChainSettings &chain, const SecretStore &secrets);

// One batch: how many rows it held, how many the server inserted or changed (a row already there with
// a newer copy is not changed), and how many rows still wait afterwards.
struct ChainPushRound
{
    int rows = 0;
    int written = 0;
    qint64 waiting = 0;
};

struct ChainSyncReport
{
    qint64 pushed = 0; // rows sent, summed over the batches
    int batches = 0;
    qint64 waiting = 0; // left when it stopped (0 unless other writers kept adding)
    qint64 elapsedMs = 0;
};

class ChainPusher
{
public:
    static constexpr int kDefaultBatchSize = 500;

    explicit ChainPusher(ChainPusherConfig config);
    ~ChainPusher(); // closes the connection and the journal (in the thread that used them)
    ChainPusher(const ChainPusher &) = delete;
    ChainPusher &operator=(const ChainPusher &) = delete;

    // Connects if needed (checking the schema version), pushes the oldest `batchSize` (1..10000)
    // outbox entries in one statement and removes them from the outbox once the server has them.
    // A failure on a connection reused from an earlier call is tried once more on a new connection.
    Result<ChainPushRound> pushOnce(int batchSize = kDefaultBatchSize);
    // pushOnce until nothing waits, or the first error (then the rest stays queued).
    Result<ChainSyncReport> pushAll(int batchSize = kDefaultBatchSize);
    // Connects (or checks the open connection with a query) and reads the outbox: the status as a
    // value, Unreachable and NeedsUpgrade included. An error only when the journal cannot be read.
    Result<ChainStatus> check();

    // The chain's use/deactivate/return rows still PENDING or UNCERTAIN at other counters.
    Result<QList<ChainSighting>> openElsewhere(int limit = 1000);
    // A coupon's rows across the chain, newest first (this counter's included).
    Result<QList<ChainSighting>> trail(const QString &couponCode, int limit = 20);

    // Where things stood after the last call (Connecting before the first).
    ChainStatus status() const;
    bool isConnected() const;
    void disconnect();

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace desk
