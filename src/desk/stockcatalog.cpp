#include "stockcatalog.h"

#include "logging.h"

#include "history/journal.h"

#include <QJsonDocument>

namespace desk {

StockCatalog::StockCatalog(Desk &desk, QObject *parent)
    : QObject(parent)
    , m_desk(desk)
{
}

std::optional<StockInfo> StockCatalog::find(const QString &stockId) const
{
    const auto it = m_known.constFind(stockId);
    return it == m_known.cend() ? std::nullopt : std::optional(*it);
}

void StockCatalog::prefetch(const QStringList &stockIds)
{
    for (const QString &id : stockIds)
        if (!m_known.contains(id) && !m_queue.contains(id) && id != m_asking)
            m_queue << id;
    startNext();
}

void StockCatalog::fetch(
    const QString &stockId, QObject *context, std::function<void(std::optional<StockInfo>)> done)
{
    if (auto known = find(stockId)) {
        done(known);
        return;
    }
    m_waiting[stockId] << Waiter { context, std::move(done) };
    // Asked for now: ahead of the prefetch queue.
    m_queue.removeAll(stockId);
    if (stockId != m_asking)
        m_queue.prepend(stockId);
    startNext();
}

void StockCatalog::remember(const QString &stockId, const StockInfo &stock)
{
    // Reports name and value this stock from the journal file, without the network.
    const history::StoredStock stored { stockId, stock.stockName,
        QJsonDocument(stock.raw).toJson(QJsonDocument::Compact), QDateTime() };
    if (auto saved = m_desk.journal().saveStock(stored); !saved)
        qCWarning(lcDesk).noquote() << "stock" << stored.stockId
                                    << "could not be remembered for reports:" << saved.error().message;
}

void StockCatalog::startNext()
{
    if (!m_asking.isEmpty() || m_queue.isEmpty())
        return;
    m_asking = m_queue.takeFirst();
    Task *t = m_desk.stockInfo(m_asking);
    connect(t, &Task::finished, this, [this, t](const OperationResult &r) {
        t->deleteLater();
        const QString id = m_asking;
        m_asking.clear();
        std::optional<StockInfo> info;
        if (r.outcome == Outcome::Succeeded && r.stock) {
            info = r.stock;
            m_known.insert(id, *r.stock);
            remember(id, *r.stock);
        } else {
            qCInfo(lcDesk) << "stock" << id << "could not be described:" << r.error.code;
        }
        for (const Waiter &w : m_waiting.take(id))
            if (w.context)
                w.done(info);
        if (info)
            Q_EMIT stockKnown(id);
        startNext();
    });
}

} // namespace desk
