// chainShopNames (reportcells.h): the names of the chain's shops, for a report by shop.
#include "chainsql.h"
#include "reportcells.h"

#include <QSqlQuery>
#include <QVariant>

namespace history {

using namespace detail;

Result<QHash<QString, QString>> chainShopNames(QSqlDatabase &db)
{
    if (auto r = requireOpen(db); !r)
        return r.error();
    const QString what = QStringLiteral("could not read the chain's shops");
    QSqlQuery query(db);
    query.setForwardOnly(true);
    // A shop's counters carry its name; min() picks one should two registrations spell it differently.
    if (auto r = runChain(query,
            { QStringLiteral("SELECT shop_id, min(shop_name) FROM coupondesk.counters GROUP BY shop_id"),
                {} },
            what);
        !r)
        return r.error();
    QHash<QString, QString> names;
    while (query.next())
        names.insert(query.value(0).toString(), query.value(1).toString());
    if (query.lastError().isValid())
        return chainError(query.lastError(), what);
    return names;
}

} // namespace history
