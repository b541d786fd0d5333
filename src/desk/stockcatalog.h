// The shop's stocks as WeChat Pay describes them (name, value, validity), cached per stock for the
// program's run: the counter shows what a coupon is worth and checks an order against it without a
// query per scan. Filled at start (prefetch) and on demand. Each stock learnt is also remembered in the
// journal file (Journal::saveStock), so reports name and value stocks offline.
#pragma once

#include "desk.h"

#include <QHash>
#include <QObject>
#include <QPointer>

#include <functional>
#include <optional>

namespace desk {

class StockCatalog final : public QObject
{
    Q_OBJECT
public:
    explicit StockCatalog(Desk &desk, QObject *parent = nullptr);

    std::optional<StockInfo> find(const QString &stockId) const;
    // Queries each stock not known yet (one request each, one at a time).
    void prefetch(const QStringList &stockIds);
    // Calls `done` with the stock (nullopt when WeChat Pay could not be asked or refused): at once when
    // known, else after one query. `context` going away cancels the call.
    void fetch(const QString &stockId, QObject *context, std::function<void(std::optional<StockInfo>)> done);

Q_SIGNALS:
    void stockKnown(const QString &stockId);

private:
    void startNext();
    void remember(const QString &stockId, const StockInfo &stock);

    Desk &m_desk;
    QHash<QString, StockInfo> m_known;
    struct Waiter
    {
        QPointer<QObject> context;
        std::function<void(std::optional<StockInfo>)> done;
    };
    QHash<QString, QList<Waiter>> m_waiting; // stock → callers waiting for its answer
    QStringList m_queue;
    QString m_asking; // the stock being queried now
};

} // namespace desk
