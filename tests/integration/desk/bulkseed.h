// Test support: a simulator seed with many usable coupons (the demo world plus `count` SENDED coupons
// "BULK00000001"… of the merchant's own stock 1212000000000001), for bulk-void tests and the benchmark.
#pragma once

#include "simulator/demoseed.h"
#include "simulator/model.h"

#include <QByteArray>
#include <QDateTime>
#include <QStringList>

namespace bulktest {

inline const QString kBulkStock = QStringLiteral("1212000000000001");

inline QString bulkCode(int i)
{
    return QStringLiteral("BULK%1").arg(i, 8, 10, QLatin1Char('0'));
}

inline QString bulkOpenid(int i)
{
    return QStringLiteral("oBulk%1").arg(i % 50, 23, 10, QLatin1Char('0'));
}

inline QByteArray bulkSeedJson(int count)
{
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    sim::SimState st = sim::buildDemoState(now);
    st.coupons.reserve(st.coupons.size() + count);
    for (int i = 1; i <= count; ++i) {
        sim::Coupon c;
        c.couponCode = bulkCode(i);
        c.stockId = kBulkStock;
        c.openid = bulkOpenid(i);
        c.appid = QString::fromLatin1(sim::kDemoAppid);
        c.availableStartTime = sim::rfc3339(now - 86400);
        c.expireTime = sim::rfc3339(now + 90 * 86400);
        c.receiveTime = sim::rfc3339(now - 86400);
        st.coupons << c;
    }
    return st.toJson();
}

// A bulk CSV for codes first..last (header coupon_code,stock_id[,openid]).
inline QByteArray bulkCsv(int first, int last, bool withOpenid = false)
{
    QByteArray out = withOpenid ? "coupon_code,stock_id,openid\r\n" : "coupon_code,stock_id\r\n";
    for (int i = first; i <= last; ++i) {
        out += bulkCode(i).toLatin1() + ',' + kBulkStock.toLatin1();
        if (withOpenid)
            out += ',' + bulkOpenid(i).toLatin1();
        out += "\r\n";
    }
    return out;
}

} // namespace bulktest
