#include "redeemer.h"

#include "couponcodes.h"
#include "couponinfo.h"
#include "couponvalue.h"
#include "historymapping_p.h"
#include "logging.h"

#include <QMetaObject>

namespace desk {

struct Redeemer::Run
{
    QPointer<Task> outer;
    StaffSession staff;
    QString code;
    QString openid;
    std::optional<qint64> orderFen;
    QStringList candidates;
    QStringList knownStocks; // stocks the code is known to belong to (pattern or journal)
    QStringList belowMinimum; // stocks skipped: the order does not reach their minimum
    QString amountProblem; // …and what the first of them said
    int next = 0;
    bool automatic = false;
};

namespace {

// 404 for "this code is not in this stock" (or the stock is unknown): definite, so the next stock
// may be asked. A code that exists but was deleted by the customer is an answer, not a miss.
bool notInThisStock(const OperationResult &r)
{
    if (r.outcome != Outcome::Failed || couponProblem(r.error) != CouponProblem::NotFound)
        return false;
    return !r.error.message.contains(QStringLiteral("删除"));
}

} // namespace

Redeemer::Redeemer(Desk &desk, history::Journal &journal, QList<StockRef> stocks, const StaffDirectory &staff,
    StockCatalog &catalog, QObject *parent)
    : QObject(parent)
    , m_desk(desk)
    , m_journal(journal)
    , m_stocks(std::move(stocks))
    , m_staff(staff)
    , m_catalog(catalog)
{
}

Redeemer::~Redeemer()
{
    qDeleteAll(m_runs);
}

QStringList Redeemer::candidates(const QString &couponCode) const
{
    const QString code = normalizeCode(couponCode);
    QStringList seen;
    history::JournalFilter f;
    f.codeExact = code;
    if (!code.isEmpty())
        if (auto rows = m_journal.query(f, 0, 20); rows.ok())
            for (const history::JournalEntry &e : rows.value())
                seen << e.stockId;
    return candidateStocks(m_stocks, code, seen);
}

Task *Redeemer::redeem(const StaffSession &staff, const QString &couponCode, const QString &stockId,
    const QString &openid, std::optional<qint64> orderFen)
{
    auto *run = new Run;
    run->outer = new Task(this);
    run->staff = staff;
    run->code = normalizeCode(couponCode);
    run->openid = openid.trimmed();
    run->orderFen = orderFen;
    run->automatic = stockId.trimmed().isEmpty();
    m_runs.insert(run);
    run->candidates = run->automatic ? candidates(run->code) : QStringList { stockId.trimmed() };
    if (!run->automatic)
        run->knownStocks = run->candidates;
    else
        for (const StockRef &s : std::as_const(m_stocks))
            if (codeMatchesPattern(run->code, s.codePattern))
                run->knownStocks << s.id;
    Task *outer = run->outer;
    outer->m_result.operation = toDesk(history::Operation::Use);
    outer->m_result.couponCode = run->code;
    outer->m_result.orderFen = orderFen;
    tryNext(run);
    return outer;
}

void Redeemer::tryNext(Run *run)
{
    // No stock configured: Desk rejects the empty stock id with its field message.
    const QString stock = run->candidates.value(run->next++);
    if (!run->orderFen || stock.isEmpty()) {
        send(run, stock, {});
        return;
    }
    // The till's own check, before anything is sent: the order must reach the stock's minimum.
    m_catalog.fetch(stock, this, [this, run, stock](std::optional<StockInfo> info) {
        const auto problem
            = info && info->useRule ? orderAmountProblem(*info->useRule, *run->orderFen) : std::nullopt;
        if (!problem) {
            // Fine, or the stock's rule is not known (WeChat Pay decides; no discount to journal).
            OrderAmounts order { run->orderFen, std::nullopt };
            if (info && info->useRule)
                order.discountFen = discountFen(*info->useRule, *run->orderFen);
            send(run, stock, order);
            return;
        }
        run->belowMinimum << stock;
        if (run->amountProblem.isEmpty())
            run->amountProblem = *problem;
        if (run->knownStocks.contains(stock) || run->next >= run->candidates.size()) {
            refuseForAmount(run);
            return;
        }
        tryNext(run); // the code may well be another stock's: ask that one
    });
}

void Redeemer::send(Run *run, const QString &stock, const OrderAmounts &order)
{
    if (!stock.isEmpty())
        run->outer->m_result.triedStocks << stock;
    Task *t = m_desk.redeem(run->staff, run->code, stock, run->openid, order);
    connect(t, &Task::pending, this, [run](const OperationResult &r) {
        if (!run->outer || run->outer->m_pendingSent)
            return;
        const QStringList tried = run->outer->m_result.triedStocks;
        const std::optional<qint64> orderFen = run->outer->m_result.orderFen;
        run->outer->m_result = r;
        run->outer->m_result.triedStocks = tried;
        run->outer->m_result.orderFen = orderFen;
        run->outer->m_pendingSent = true;
        Q_EMIT run->outer->pending(run->outer->m_result);
    });
    connect(t, &Task::finished, this, [this, run, t](const OperationResult &r) {
        t->deleteLater();
        onTry(run, r);
    });
}

void Redeemer::refuseForAmount(Run *run)
{
    OperationResult r = run->outer->m_result;
    r.outcome = Outcome::Rejected;
    r.stockId = run->belowMinimum.first();
    r.error = Error::make(ErrorKind::InvalidInput, QStringLiteral("ORDER_BELOW_MINIMUM"), run->amountProblem);
    r.message.severity = Severity::Failure;
    r.message.headline = run->amountProblem;
    r.message.action = tr("The coupon cannot be used on this order; nothing was sent. Add to the order or "
                          "keep the coupon for later.");
    complete(run, r);
}

void Redeemer::onTry(Run *run, const OperationResult &result)
{
    if (run->automatic && notInThisStock(result) && run->next < run->candidates.size()) {
        qCInfo(lcDesk) << "code not in stock" << result.stockId << "- trying the next configured stock";
        tryNext(run);
        return;
    }
    finish(run, result);
}

void Redeemer::finish(Run *run, OperationResult result)
{
    result.triedStocks = run->outer ? run->outer->m_result.triedStocks : QStringList();
    result.orderFen = run->orderFen;
    if (run->automatic && notInThisStock(result) && !run->belowMinimum.isEmpty()) {
        refuseForAmount(run); // not in any stock the order qualifies for: the amount is the reason to give
        return;
    }
    if (run->automatic && notInThisStock(result) && result.triedStocks.size() > 1) {
        result.message.headline = tr("Coupon code not found in this shop's stocks");
        result.message.action
            = tr("Checked %n stock(s). Check the code; the coupon may be from another shop.", nullptr,
                static_cast<int>(result.triedStocks.size()));
    }
    explainAlreadyUsed(result);
    if (result.outcome == Outcome::Failed && couponProblem(result.error) == CouponProblem::NotYetValid) {
        explainNotYetValid(run, result);
        return;
    }
    if (result.outcome != Outcome::Succeeded || result.stockId.isEmpty()) {
        complete(run, result);
        return;
    }
    // What the coupon is worth, for the till (one query the first time a stock is seen).
    m_catalog.fetch(result.stockId, this, [this, run, result](std::optional<StockInfo> info) mutable {
        result.stock = info;
        if (info && info->useRule && run->orderFen) {
            result.discountFen = discountFen(*info->useRule, *run->orderFen);
            result.dueFen = dueFen(*info->useRule, *run->orderFen);
        }
        complete(run, result);
    });
}

void Redeemer::explainNotYetValid(Run *run, OperationResult result)
{
    // WeChat Pay says only "not yet": from when comes from the coupon (with the customer's openid) or
    // from its stock's validity.
    auto tell = [this, run, result](const QString &rfc3339) mutable {
        const QDateTime from = QDateTime::fromString(rfc3339, Qt::ISODate).toLocalTime();
        if (from.isValid() && from > QDateTime::currentDateTime())
            result.message.action = tr("It can be used from %1. Ask the customer to come back then.")
                                        .arg(from.toString(QStringLiteral("yyyy-MM-dd HH:mm")));
        complete(run, result);
    };
    if (!run->openid.isEmpty()) {
        Task *q = m_desk.queryCoupon(result.couponCode, run->openid);
        connect(q, &Task::finished, this, [q, tell](const OperationResult &r) mutable {
            q->deleteLater();
            tell(r.coupon ? r.coupon->availableStartTime : QString());
        });
        return;
    }
    m_catalog.fetch(result.stockId, this,
        [tell](std::optional<StockInfo> info) mutable { tell(info ? info->availableBeginTime : QString()); });
}

void Redeemer::complete(Run *run, const OperationResult &result)
{
    if (Task *outer = run->outer) {
        outer->m_result = result;
        outer->finish();
    }
    m_runs.remove(run);
    delete run;
}

bool Redeemer::explainAlreadyUsed(OperationResult &result) const
{
    if (result.outcome != Outcome::Failed || couponProblem(result.error) != CouponProblem::AlreadyUsed)
        return false;
    history::JournalFilter f;
    f.codeExact = result.couponCode;
    f.operation = history::Operation::Use;
    f.state = history::State::Succeeded;
    auto rows = m_journal.query(f, 0, 1);
    if (!rows.ok() || rows.value().isEmpty())
        return false;
    const history::JournalEntry &earlier = rows.value().first();
    if (earlier.counterId != m_desk.options().counterId)
        return false;
    const QString when = counterTime(earlier.updatedAt.isValid() ? earlier.updatedAt : earlier.createdAt);
    const QString who = staffName(m_staff, earlier.staff);
    result.outcome = Outcome::Succeeded;
    result.earlierJournalId = earlier.id;
    result.wechatTime = earlier.wechatTime;
    result.message.severity = Severity::Success;
    result.message.headline
        = tr("This counter redeemed it at %1 (%2) — no need to redeem again").arg(when, who);
    result.message.action
        = tr("The coupon is already used for this customer; hand over the goods or discount.");
    result.message.detail = tr("WeChat Pay answered: already used (request %1)").arg(earlier.requestNo);
    return true;
}

} // namespace desk
