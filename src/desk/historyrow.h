// The journal as desk's callers see it: what an operation was, where it stands, who settled it, one
// row of the history and the filter that selects rows. desk's own types, mapped from the history
// layer's inside desk (historymapping_p.h), so the GUI never includes history/.
#pragma once

#include <QDateTime>
#include <QString>
#include <QStringView>

#include <optional>

namespace desk {

enum class Operation { Use, Deactivate, Return, Query };

// PENDING: written before sending. UNCERTAIN: sent, outcome unknown. SUCCEEDED / FAILED: settled, final.
enum class State { Pending, Uncertain, Succeeded, Failed };

// Who settled a row.
enum class SettledBy { None, Response, Retry, Query, Manual };

// The names the journal stores and the CSV export writes ('use', 'SUCCEEDED', 'query', …).
QString operationName(Operation operation);
std::optional<Operation> operationFromName(QStringView name);
QString stateName(State state);
std::optional<State> stateFromName(QStringView name);
QString settledByName(SettledBy settledBy);
inline bool isSettled(State state)
{
    return state == State::Succeeded || state == State::Failed;
}

// Whose rows (chain mode, docs/chain.md): this counter's own journal, this shop's or the whole chain's
// rows in the chain database. Shop and Chain show only rows already pushed there.
enum class HistoryScope { Counter, Shop, Chain };
// "counter", "shop", "chain" (coupondesk-cli history --scope).
QString scopeName(HistoryScope scope);
std::optional<HistoryScope> scopeFromName(QStringView name);

// One journal row as the history page shows it (no request body). A row from the chain database has
// id 0 (it is not in this counter's journal); shop, counter and request number name it there.
struct HistoryRow
{
    qint64 id = 0;
    Operation operation = Operation::Use;
    QString couponCode;
    QString stockId;
    QString reason;
    QString requestNo;
    State state = State::Pending;
    QString staff;
    QString counterId;
    QString shopId; // Shop and Chain scopes; empty for this counter's own rows
    QString shopName;
    QDateTime createdAt;
    int attempts = 0;
    QString wechatTime; // RFC 3339 as WeChat Pay sent it
    QString requestId;
    QString wechatCode;
    QString message;
    SettledBy settledBy = SettledBy::None;
    QString batchId;
    QString note;
};

// Every set field narrows the result (AND). Empty strings and unset optionals do not filter.
struct HistoryFilter
{
    HistoryScope scope = HistoryScope::Counter; // not a narrowing: which rows the filter applies to
    QString codeExact;
    QString codePrefix;
    QString codeContains; // any part of the code (cashiers read the last digits)
    QDateTime from; // inclusive; invalid = unbounded
    QDateTime to; // exclusive; invalid = unbounded
    std::optional<Operation> operation;
    std::optional<State> state;
    QString staff;
    QString batchId;
};

} // namespace desk
