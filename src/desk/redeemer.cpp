#include "redeemer.h"

#include "couponcodes.h"
#include "logging.h"

#include <QDate>
#include <QMetaObject>

namespace desk {

using history::Operation;
using history::State;

struct Redeemer::Run
{
    QPointer<Task> outer;
    StaffSession staff;
    QString code;
    QString openid;
    QStringList candidates;
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
    QObject *parent)
    : QObject(parent)
    , m_desk(desk)
    , m_journal(journal)
    , m_stocks(std::move(stocks))
    , m_staff(staff)
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

Task *Redeemer::redeem(
    const StaffSession &staff, const QString &couponCode, const QString &stockId, const QString &openid)
{
    auto *run = new Run;
    run->outer = new Task(this);
    run->staff = staff;
    run->code = normalizeCode(couponCode);
    run->openid = openid.trimmed();
    run->automatic = stockId.trimmed().isEmpty();
    m_runs.insert(run);
    run->candidates = run->automatic ? candidates(run->code) : QStringList { stockId.trimmed() };
    Task *outer = run->outer;
    outer->m_result.operation = Operation::Use;
    outer->m_result.couponCode = run->code;
    tryNext(run);
    return outer;
}

void Redeemer::tryNext(Run *run)
{
    // No stock configured: Desk rejects the empty stock id with its field message.
    const QString stock = run->candidates.value(run->next++);
    if (!stock.isEmpty())
        run->outer->m_result.triedStocks << stock;
    Task *t = m_desk.redeem(run->staff, run->code, stock, run->openid);
    connect(t, &Task::pending, this, [run](const OperationResult &r) {
        if (!run->outer || run->outer->m_pendingSent)
            return;
        const QStringList tried = run->outer->m_result.triedStocks;
        run->outer->m_result = r;
        run->outer->m_result.triedStocks = tried;
        run->outer->m_pendingSent = true;
        Q_EMIT run->outer->pending(run->outer->m_result);
    });
    connect(t, &Task::finished, this, [this, run, t](const OperationResult &r) {
        t->deleteLater();
        onTry(run, r);
    });
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
    if (run->automatic && notInThisStock(result) && result.triedStocks.size() > 1) {
        result.message.headline = tr("Coupon code not found in this shop's stocks");
        result.message.action
            = tr("Checked %n stock(s). Check the code; the coupon may be from another shop.", nullptr,
                static_cast<int>(result.triedStocks.size()));
    }
    explainAlreadyUsed(result);
    if (Task *outer = run->outer) {
        outer->m_result = result;
        outer->m_finished = true;
        Q_EMIT outer->finished(outer->m_result);
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
    f.operation = Operation::Use;
    f.state = State::Succeeded;
    auto rows = m_journal.query(f, 0, 1);
    if (!rows.ok() || rows.value().isEmpty())
        return false;
    const history::JournalEntry &earlier = rows.value().first();
    if (earlier.counterId != m_desk.options().counterId)
        return false;
    const QDateTime at
        = earlier.updatedAt.isValid() ? earlier.updatedAt.toLocalTime() : earlier.createdAt.toLocalTime();
    const QString when = at.date() == QDate::currentDate() ? at.toString(QStringLiteral("HH:mm"))
                                                           : at.toString(QStringLiteral("yyyy-MM-dd HH:mm"));
    const auto member = m_staff.find(earlier.staff);
    const QString who = member && !member->name.isEmpty() ? member->name : earlier.staff;
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
