// Chain mode (docs/chain.md) as the GUI and the CLI see it: where this counter's link to the chain's
// PostgreSQL stands (ChainStatus, with its status-bar text) and one row of another counter's history
// (ChainSighting). desk's own types: no history/ include, so the GUI may use them.
#pragma once

#include "historyrow.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>

namespace desk {

struct ChainStatus
{
    enum class State {
        Off, // no chain section in the settings
        Connecting, // not tried yet
        Synced, // reached, nothing waiting
        Waiting, // reached, rows still waiting (being pushed)
        Unreachable, // the last attempt failed (no connection, or the server refused the push)
        NeedsUpgrade, // the chain schema is older than this program needs (chain init); a newer one is used
        LoginRefused, // the server answered but refused this counter's role or password (chain/password)
    };
    State state = State::Off;
    qint64 waiting = 0; // journal rows queued in the outbox
    QDateTime oldestWaitingSince; // when the oldest queued change was made; invalid when none
    QDateTime unreachableSince; // the first failure since the last success; invalid when reached
    QDateTime lastSyncAt; // the last round that reached the server
    QString lastError; // one line, English, never a secret; empty when the last round succeeded
    QString server; // ChainSettings::describe()
    int schemaFound = 0; // the chain database's schema version (0: none or not known yet)
    int schemaNeeded = 0; // the version this program needs

    // Equal in everything the status bar shows (lastSyncAt and oldestWaitingSince aside, which move
    // with every round): ChainLink emits statusChanged only when this differs.
    bool sameDisplay(const ChainStatus &other) const;
};

// "连锁库：已同步", "连锁库：3 条待同步", "连锁库：自 14:03 起无法连接（已排队 12 条）",
// "连锁库需要升级：请运行 coupondesk-cli chain init". Empty for Off.
QString chainStatusText(const ChainStatus &status, const QDateTime &now = QDateTime::currentDateTime());
// The tooltip: the server, the last sync and the last error.
QString chainStatusToolTip(const ChainStatus &status);
// Green (true) for Synced and Waiting; red for Unreachable and NeedsUpgrade.
bool chainStatusHealthy(const ChainStatus &status);
QString chainStateName(ChainStatus::State state); // "synced", "unreachable"… (logs, --json output)

// One row of the chain's shared history, seen from this counter: where (shop, counter), by whom,
// and where it stands.
struct ChainSighting
{
    QString shopId;
    QString shopName; // from coupondesk.counters
    QString counterId;
    QString staff;
    QString requestNo;
    QString couponCode;
    Operation operation = Operation::Use;
    State state = State::Pending;
    QDateTime createdAt;
    QDateTime updatedAt;

    bool operator==(const ChainSighting &) const = default;
};

} // namespace desk

Q_DECLARE_METATYPE(desk::ChainStatus)
Q_DECLARE_METATYPE(desk::ChainSighting)
