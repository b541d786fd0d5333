// The stocks this counter has looked up at WeChat Pay (table stocks, schema v4): kept so a report
// names stocks and values coupons without the network.
#include "journal.h"
#include "journal_p.h"

#include "sqlsupport.h"

#include <QVariant>

namespace history {

using namespace detail;

Result<void> Journal::saveStock(const StoredStock &stock)
{
    if (auto r = d->checkOpen(); !r) {
        return r;
    }
    if (stock.stockId.isEmpty()) {
        return Error::make(ErrorKind::InvalidArgument, QStringLiteral("a stock needs its id"));
    }
    const QDateTime fetched = stock.fetchedAt.isValid() ? stock.fetchedAt : d->currentTime();
    // A cache of WeChat Pay's answer: a power cut that loses it costs one more look-up, so it does not
    // wait for a disk sync of its own.
    WriteTransaction tx(d->statements, WriteTransaction::Flush::WithNextWrite);
    if (auto r = tx.begin(); !r) {
        return r;
    }
    Lease query(d->statements);
    const Statement upsert {
        QStringLiteral("INSERT INTO stocks (stock_id, stock_name, raw_json, fetched_at) VALUES (?, ?, ?, ?)"
                       " ON CONFLICT (stock_id) DO UPDATE SET stock_name = excluded.stock_name,"
                       " raw_json = excluded.raw_json, fetched_at = excluded.fetched_at"),
        { text(stock.stockId), text(stock.stockName),
            text(QString::fromUtf8(stock.rawJson.isEmpty() ? QByteArrayLiteral("{}") : stock.rawJson)),
            fetched.toMSecsSinceEpoch() }
    };
    if (auto r = query.run(upsert, QStringLiteral("could not save the stock")); !r) {
        return r;
    }
    query.finish();
    return tx.commit();
}

Result<QList<StoredStock>> Journal::stocks() const
{
    if (auto r = d->checkOpen(); !r) {
        return r.error();
    }
    Lease query(d->statements);
    const Statement select {
        QStringLiteral("SELECT stock_id, stock_name, raw_json, fetched_at FROM stocks ORDER BY stock_id"), {}
    };
    if (auto r = query.run(select, QStringLiteral("could not read the stocks")); !r) {
        return r.error();
    }
    QList<StoredStock> out;
    while (query.next()) {
        StoredStock s;
        s.stockId = query.value(0).toString();
        s.stockName = query.value(1).toString();
        s.rawJson = query.value(2).toString().toUtf8();
        s.fetchedAt = QDateTime::fromMSecsSinceEpoch(query.value(3).toLongLong());
        out.append(s);
    }
    if (query.lastError().isValid()) {
        return sqlError(query.lastError(), QStringLiteral("could not read the stocks"));
    }
    return out;
}

} // namespace history
