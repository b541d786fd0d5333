#include "historymapping_p.h"

namespace desk {

namespace {
template<typename A, typename B> constexpr bool same(A a, B b)
{
    return static_cast<int>(a) == static_cast<int>(b);
}
} // namespace

static_assert(same(Operation::Use, history::Operation::Use)
    && same(Operation::Deactivate, history::Operation::Deactivate)
    && same(Operation::Return, history::Operation::Return)
    && same(Operation::Query, history::Operation::Query));
static_assert(same(State::Pending, history::State::Pending)
    && same(State::Uncertain, history::State::Uncertain) && same(State::Succeeded, history::State::Succeeded)
    && same(State::Failed, history::State::Failed));
static_assert(same(SettledBy::None, history::SettledBy::None)
    && same(SettledBy::Response, history::SettledBy::Response)
    && same(SettledBy::Retry, history::SettledBy::Retry) && same(SettledBy::Query, history::SettledBy::Query)
    && same(SettledBy::Manual, history::SettledBy::Manual));

QString operationName(Operation operation)
{
    return history::operationName(toHistory(operation));
}

std::optional<Operation> operationFromName(QStringView name)
{
    const auto o = history::operationFromName(name);
    return o ? std::optional<Operation>(toDesk(*o)) : std::nullopt;
}

QString stateName(State state)
{
    return history::stateName(toHistory(state));
}

std::optional<State> stateFromName(QStringView name)
{
    const auto s = history::stateFromName(name);
    return s ? std::optional<State>(toDesk(*s)) : std::nullopt;
}

QString settledByName(SettledBy settledBy)
{
    return history::settledByName(toHistory(settledBy));
}

QString scopeName(HistoryScope scope)
{
    switch (scope) {
    case HistoryScope::Counter:
        return QStringLiteral("counter");
    case HistoryScope::Shop:
        return QStringLiteral("shop");
    case HistoryScope::Chain:
        return QStringLiteral("chain");
    }
    return {};
}

std::optional<HistoryScope> scopeFromName(QStringView name)
{
    for (const HistoryScope s : { HistoryScope::Counter, HistoryScope::Shop, HistoryScope::Chain })
        if (name == scopeName(s))
            return s;
    return std::nullopt;
}

HistoryRow toDesk(const history::JournalEntry &e)
{
    HistoryRow r;
    r.id = e.id;
    r.operation = toDesk(e.operation);
    r.couponCode = e.couponCode;
    r.stockId = e.stockId;
    r.reason = e.reason;
    r.requestNo = e.requestNo;
    r.state = toDesk(e.state);
    r.staff = e.staff;
    r.counterId = e.counterId;
    r.createdAt = e.createdAt;
    r.attempts = e.attempts;
    r.wechatTime = e.wechatTime;
    r.requestId = e.requestId;
    r.wechatCode = e.wechatCode;
    r.message = e.message;
    r.settledBy = toDesk(e.settledBy);
    r.batchId = e.batchId;
    r.note = e.note;
    return r;
}

history::JournalFilter toHistory(const HistoryFilter &f)
{
    history::JournalFilter h;
    h.codeExact = f.codeExact;
    h.codePrefix = f.codePrefix;
    h.codeContains = f.codeContains;
    h.from = f.from;
    h.to = f.to;
    if (f.operation)
        h.operation = toHistory(*f.operation);
    if (f.state)
        h.state = toHistory(*f.state);
    h.staff = f.staff;
    h.batchId = f.batchId;
    return h;
}

} // namespace desk
