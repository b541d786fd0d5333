// The counter's redeem: the cashier scans, the program finds the stock. Wraps Desk::redeem with
// what a busy shop needs and the protocol does not give: the code tidied (full-width, spaces), the
// stock resolved without asking (code patterns, the journal, then each configured stock in turn on
// a definite "not in this stock"), "already used" told apart when this counter did it, the coupon's
// value for the till, and the till's own check of an order against the stock's minimum.
#pragma once

#include "desk.h"
#include "settings.h"
#include "staff.h"
#include "stockcatalog.h"

#include <QObject>
#include <QSet>

#include <optional>

namespace desk {

class Redeemer final : public QObject
{
    Q_OBJECT
public:
    Redeemer(Desk &desk, history::Journal &journal, QList<StockRef> stocks, const StaffDirectory &staff,
        StockCatalog &catalog, QObject *parent = nullptr);
    ~Redeemer() override;

    // `stockId` empty = automatic. Each try is its own journaled request with its own number; an
    // unclear try stops the search (pending(), then finished() Uncertain) until it is settled.
    // finished() exactly once; result().triedStocks lists the stocks asked, in order.
    // `orderFen`: the order's amount, when the till checks it against the stock's minimum.
    Task *redeem(const StaffSession &staff, const QString &couponCode, const QString &stockId = {},
        const QString &openid = {}, std::optional<qint64> orderFen = std::nullopt);

    // The stocks that would be tried for this code, in order (automatic mode).
    QStringList candidates(const QString &couponCode) const;
    const QList<StockRef> &stocks() const { return m_stocks; }

private:
    struct Run;
    void tryNext(Run *run);
    void send(Run *run, const QString &stockId, const OrderAmounts &order);
    void refuseForAmount(Run *run);
    void complete(Run *run, const desk::OperationResult &result);
    void onTry(Run *run, const OperationResult &result);
    void finish(Run *run, OperationResult result);
    bool explainAlreadyUsed(OperationResult &result) const;
    void explainNotYetValid(Run *run, OperationResult result);

    Desk &m_desk;
    history::Journal &m_journal;
    QList<StockRef> m_stocks;
    const StaffDirectory &m_staff;
    StockCatalog &m_catalog;
    QSet<Run *> m_runs; // under way; freed with the Redeemer when it goes first
};

} // namespace desk
