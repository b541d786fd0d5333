#include "demoseed.h"

#include <QRandomGenerator>
#include <QSet>

namespace sim {

namespace {

QString randomText(QRandomGenerator &rng, const char *alphabet, int length)
{
    const auto size = static_cast<quint32>(qstrlen(alphabet));
    QString out;
    out.reserve(length);
    for (int i = 0; i < length; ++i)
        out += QLatin1Char(alphabet[rng.bounded(size)]);
    return out;
}

constexpr char kDigits[] = "0123456789";
constexpr char kUpperAlnum[] = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";
constexpr char kAlnum[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

} // namespace

SimState buildDemoState(qint64 now)
{
    constexpr qint64 day = 86400;
    QRandomGenerator rng(20240520u); // fixed: the demo codes are the same everywhere

    SimState st;
    st.mchid = QString::fromLatin1(kDemoMchid);
    st.merchants << Merchant { st.mchid, QStringLiteral("CouponDesk 演示商户"),
        { QString::fromLatin1(kDemoAppid), QString::fromLatin1(kDemoSecondAppid) } };
    st.merchants << Merchant { QString::fromLatin1(kDemoOtherMchid), QStringLiteral("隔壁小店"),
        { QStringLiteral("wx1111111111111111") } };

    auto stock = [&](const char *id, const QString &name, const char *type, const char *mode,
                     const QString &goods, const QString &comment, const QString &owner) {
        Stock s;
        s.stockId = QString::fromLatin1(id);
        s.stockName = name;
        s.stockType = QString::fromLatin1(type);
        s.couponCodeMode = QString::fromLatin1(mode);
        s.goodsName = goods;
        s.comment = comment;
        s.belongMerchant = owner;
        s.availableBeginTime = rfc3339(now - 90 * day);
        s.availableEndTime = rfc3339(now + 365 * day);
        st.stocks << s;
        return s.stockId;
    };
    const QString other = QString::fromLatin1(kDemoOtherMchid);
    const QString s1 = stock("1212000000000001", QStringLiteral("满100减20券"), "NORMAL", "MERCHANT_API",
        QStringLiteral("全场商品"), QStringLiteral("满100元减20元"), st.mchid);
    const QString s2 = stock("1212000000000002", QStringLiteral("咖啡兑换券"), "EXCHANGE", "MERCHANT_API",
        QStringLiteral("美式咖啡（中杯）"), QStringLiteral("到店兑换一杯美式咖啡"), st.mchid);
    const QString s3 = stock("1212000000000003", QStringLiteral("9折券"), "DISCOUNT", "WECHATPAY_MODE",
        QStringLiteral("全场商品"), QStringLiteral("全场九折"), st.mchid);
    // What the coupons are worth (fen) and the shape of their codes (the client's automatic stock).
    st.stocks[0].discountAmount = 2000;
    st.stocks[0].transactionMinimum = 10000;
    st.stocks[0].codePattern = QStringLiteral("re:[0-9]{12}|VIP-.*");
    st.stocks[1].exchangePrice = 100;
    st.stocks[1].codePattern = QStringLiteral("CF");
    st.stocks[2].discountPercent = 90;
    st.stocks[2].codePattern = QStringLiteral("9Z");
    const QString s4 = stock("1212000000000004", QStringLiteral("隔壁小店满50减10券"), "NORMAL",
        "MERCHANT_API", QStringLiteral("隔壁小店商品"), QStringLiteral("满50元减10元"), other);
    st.stocks[3].discountAmount = 1000;
    st.stocks[3].transactionMinimum = 5000;

    QStringList users;
    for (int i = 0; i < 24; ++i)
        users << QStringLiteral("oDemo") + randomText(rng, kAlnum, 23);

    QSet<QString> codes;
    int userIndex = 0;
    auto coupon = [&](const QString &stockId, const QString &code, const QString &appid) -> Coupon & {
        Q_ASSERT(!codes.contains(code));
        codes.insert(code);
        Coupon c;
        c.couponCode = code;
        c.stockId = stockId;
        c.openid = users.at(userIndex++ % users.size());
        c.appid = appid;
        c.availableStartTime = rfc3339(now - 30 * day);
        c.expireTime = rfc3339(now + 180 * day);
        c.receiveTime = rfc3339(now - 30 * day + (userIndex % 97) * 600);
        st.coupons << c;
        return st.coupons.last();
    };
    auto uniqueCode = [&](const char *prefix, const char *alphabet, int length) {
        QString code;
        do {
            code = QString::fromLatin1(prefix) + randomText(rng, alphabet, length);
        } while (codes.contains(code));
        return code;
    };
    const QString appid = QString::fromLatin1(kDemoAppid);
    const QString otherAppid = QStringLiteral("wx1111111111111111");
    int useNo = 0;
    int deactivateNo = 0;
    auto markUsed = [&](Coupon &c) {
        c.state = QStringLiteral("USED");
        c.useRequestNo = QStringLiteral("DEMOUSE%1").arg(++useNo, 6, 10, QLatin1Char('0'));
        c.useTime = rfc3339(now - 2 * day - useNo * 3600);
        c.wechatpayUseTime = c.useTime;
        c.useAppid = c.appid;
        c.applied.insert(c.useRequestNo, 1);
        RequestRecord r;
        r.requestNo = c.useRequestNo;
        r.op = Operation::Use;
        r.couponCode = c.couponCode;
        r.stockId = c.stockId;
        r.appliedCount = 1;
        r.appliedAtSecs = now - 2 * day;
        r.fingerprint = QStringLiteral("seed"); // any replay with real parameters conflicts
        r.responseBody = QByteArray("{\"stock_id\":\"") + c.stockId.toUtf8() + "\",\"openid\":\""
            + c.openid.toUtf8() + "\",\"wechatpay_use_time\":\"" + c.wechatpayUseTime.toUtf8() + "\"}";
        st.requests.insert(r.requestNo, r);
    };
    auto markExpired = [&](Coupon &c) {
        c.availableStartTime = rfc3339(now - 60 * day);
        c.expireTime = rfc3339(now - day);
    };
    auto markDeactivated = [&](Coupon &c) {
        c.state = QStringLiteral("DEACTIVATED");
        c.deactivateRequestNo = QStringLiteral("DEMODEACT%1").arg(++deactivateNo, 6, 10, QLatin1Char('0'));
        c.deactivateTime = rfc3339(now - 3 * day);
        c.deactivateReason = QStringLiteral("发券错误");
        c.applied.insert(c.deactivateRequestNo, 1);
        RequestRecord r;
        r.requestNo = c.deactivateRequestNo;
        r.op = Operation::Deactivate;
        r.couponCode = c.couponCode;
        r.stockId = c.stockId;
        r.appliedCount = 1;
        r.appliedAtSecs = now - 3 * day;
        r.fingerprint = QStringLiteral("seed");
        r.responseBody = QByteArray("{\"wechatpay_deactivate_time\":\"") + c.deactivateTime.toUtf8() + "\"}";
        st.requests.insert(r.requestNo, r);
    };

    // 满100减20券: 180 coupons, 12-digit numeric codes.
    for (int i = 0; i < 180; ++i) {
        Coupon &c = coupon(s1, uniqueCode("", kDigits, 12), appid);
        if (i < 5)
            markUsed(c);
        else if (i < 8)
            markExpired(c);
        else if (i < 11)
            markDeactivated(c);
        else if (i == 11)
            c.availableStartTime = rfc3339(now + 7 * day); // not yet usable
    }
    coupon(s1, QStringLiteral("VIP-2024-0001"), appid);
    coupon(s1, QStringLiteral("VIP-2024-0002"), appid);
    // 咖啡兑换券: 100 coupons, "CF" + 10 letters/digits.
    for (int i = 0; i < 100; ++i) {
        Coupon &c = coupon(s2, uniqueCode("CF", kUpperAlnum, 10), appid);
        if (i < 2)
            markUsed(c);
        else if (i < 3)
            markExpired(c);
        else if (i < 4)
            markDeactivated(c);
    }
    coupon(s2, QStringLiteral("gift_card_007"), appid);
    // 9折券: 60 coupons of a WECHATPAY_MODE stock (stock_id optional when redeeming).
    for (int i = 0; i < 60; ++i) {
        Coupon &c = coupon(s3, uniqueCode("9Z", kUpperAlnum, 14), QString::fromLatin1(kDemoSecondAppid));
        if (i < 1)
            markUsed(c);
    }
    // Another merchant's stock: every call on these answers 403 NO_AUTH.
    for (int i = 0; i < 10; ++i)
        coupon(s4, uniqueCode("NB", kDigits, 10), otherAppid);

    st.reindex();
    return st;
}

QList<DemoCode> demoCodes(const SimState &state, qint64 now, int usablePerStock)
{
    QList<DemoCode> out;
    auto make = [&](const Coupon &c, const QString &note) {
        const Stock *s = state.stock(c.stockId);
        out << DemoCode { c.couponCode, c.stockId, s ? s->stockName : QString(), c.openid, c.appid,
            c.effectiveState(now), note };
    };
    auto notYet = [now](const Coupon &c) {
        const auto start = parseTime(c.availableStartTime);
        return start && *start > now;
    };
    for (const Stock &s : state.stocks) {
        if (s.belongMerchant != state.mchid)
            continue;
        int n = 0;
        for (const Coupon &c : state.coupons) {
            if (n >= usablePerStock)
                break;
            if (c.stockId == s.stockId && c.effectiveState(now) == QLatin1String("SENDED") && !notYet(c)
                && !c.couponCode.contains(QLatin1Char('-')) && !c.couponCode.contains(QLatin1Char('_'))) {
                make(c, QStringLiteral("可核销"));
                ++n;
            }
        }
    }
    for (const Coupon &c : state.coupons) {
        const Stock *s = state.stock(c.stockId);
        if (s && s->belongMerchant == state.mchid && c.effectiveState(now) == QLatin1String("SENDED")
            && (c.couponCode.contains(QLatin1Char('-')) || c.couponCode.contains(QLatin1Char('_'))))
            make(c, QStringLiteral("可核销（券码含 - 或 _）"));
    }
    struct Wanted
    {
        const char *state;
        QString note;
        bool done = false;
    };
    Wanted wanted[] = {
        { "USED", QStringLiteral("已核销（再次核销：400 COUPON_USED）") },
        { "EXPIRED", QStringLiteral("已过期（400 COUPON_EXPIRED）") },
        { "DEACTIVATED", QStringLiteral("已失效（400 COUPON_DEACTIVATED）") },
    };
    bool notYetDone = false;
    bool otherDone = false;
    for (const Coupon &c : state.coupons) {
        const Stock *s = state.stock(c.stockId);
        if (!s)
            continue;
        if (s->belongMerchant != state.mchid) {
            if (!otherDone) {
                make(c, QStringLiteral("其他商户的券（403 NO_AUTH）"));
                otherDone = true;
            }
            continue;
        }
        const QString st = c.effectiveState(now);
        for (Wanted &w : wanted) {
            if (!w.done && st == QLatin1String(w.state)) {
                make(c, w.note);
                w.done = true;
            }
        }
        if (!notYetDone && st == QLatin1String("SENDED") && notYet(c)) {
            make(c, QStringLiteral("未到可用时间（400 COUPON_NOT_YET_AVAILABLE）"));
            notYetDone = true;
        }
    }
    return out;
}

} // namespace sim
