#include "model.h"

#include "wechatpay/busifavor.h"
#include "wechatpay/certificates.h"
#include "wechatpay/qtcompat.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QTimeZone>

namespace sim {

using wechatpay::Error;
using wechatpay::ErrorKind;
using wechatpay::Result;
using wechatpay::Status;

namespace {

struct EndpointName
{
    Endpoint endpoint;
    const char *name;
};
constexpr EndpointName kEndpointNames[] = {
    { Endpoint::Use, "use" },
    { Endpoint::Deactivate, "deactivate" },
    { Endpoint::Return, "return" },
    { Endpoint::QueryCoupon, "query" },
    { Endpoint::QueryStock, "stock" },
    { Endpoint::Certificates, "certificates" },
};

Error seedError(const QString &message)
{
    return Error::make(ErrorKind::InvalidInput, QStringLiteral("SEED_INVALID"), message);
}

QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

void put(QJsonObject &o, const char *key, const QString &value)
{
    if (!value.isEmpty())
        o.insert(QLatin1String(key), value);
}

// RFC 3339 or "now[+-]N[smhd]" → RFC 3339 (+08:00); empty stays empty; invalid → nullopt.
std::optional<QString> resolveTime(const QString &text, qint64 nowSecs)
{
    if (text.isEmpty())
        return QString();
    static const QRegularExpression relative(QStringLiteral("^now(?:([+-])(\\d{1,9})([smhd]))?$"));
    const auto m = relative.match(text);
    if (m.hasMatch()) {
        qint64 delta = 0;
        if (m.lastCapturedIndex() >= 3) {
            const qint64 n = m.captured(2).toLongLong();
            const QChar unit = m.captured(3).at(0);
            const qint64 scale = unit == QLatin1Char('s') ? 1
                : unit == QLatin1Char('m')                ? 60
                : unit == QLatin1Char('h')                ? 3600
                                                          : 86400;
            delta = n * scale * (m.captured(1) == QLatin1String("-") ? -1 : 1);
        }
        return rfc3339(nowSecs + delta);
    }
    if (!wechatpay::parseRfc3339(text).isValid())
        return std::nullopt;
    return text;
}

const QSet<QString> &validStates()
{
    static const QSet<QString> s { QStringLiteral("SENDED"), QStringLiteral("USED"),
        QStringLiteral("EXPIRED"), QStringLiteral("DEACTIVATED"), QStringLiteral("DELETED") };
    return s;
}

} // namespace

QString endpointName(Endpoint endpoint)
{
    for (const auto &e : kEndpointNames)
        if (e.endpoint == endpoint)
            return QString::fromLatin1(e.name);
    return QStringLiteral("unknown");
}

Endpoint endpointFromName(const QString &name)
{
    for (const auto &e : kEndpointNames)
        if (name == QLatin1String(e.name))
            return e.endpoint;
    return Endpoint::Unknown;
}

QStringList allEndpointNames()
{
    QStringList out;
    for (const auto &e : kEndpointNames)
        out << QString::fromLatin1(e.name);
    return out;
}

QString operationName(Operation op)
{
    switch (op) {
    case Operation::Use:
        return QStringLiteral("use");
    case Operation::Deactivate:
        return QStringLiteral("deactivate");
    case Operation::Return:
        return QStringLiteral("return");
    }
    return QString();
}

QString verifyModeName(VerifyMode mode)
{
    switch (mode) {
    case VerifyMode::PlatformCert:
        return QStringLiteral("platform-cert");
    case VerifyMode::PublicKey:
        return QStringLiteral("public-key");
    case VerifyMode::Migrating:
        return QStringLiteral("migrating");
    }
    return QString();
}

std::optional<VerifyMode> verifyModeFromName(const QString &name)
{
    if (name == QLatin1String("platform-cert"))
        return VerifyMode::PlatformCert;
    if (name == QLatin1String("public-key"))
        return VerifyMode::PublicKey;
    if (name == QLatin1String("migrating"))
        return VerifyMode::Migrating;
    return std::nullopt;
}

QString rfc3339(qint64 secs)
{
    return wechatpay::formatRfc3339(wechatpay::compat::fromSecsUtc(secs), 8 * 3600);
}

std::optional<qint64> parseTime(const QString &text)
{
    const QDateTime dt = wechatpay::parseRfc3339(text);
    if (!dt.isValid())
        return std::nullopt;
    return dt.toSecsSinceEpoch();
}

QString Coupon::effectiveState(qint64 nowSecs) const
{
    if (state == QLatin1String("SENDED")) {
        const auto expire = parseTime(expireTime);
        if (expire && *expire < nowSecs)
            return QStringLiteral("EXPIRED");
    }
    return state;
}

const Merchant *SimState::merchant(const QString &id) const
{
    for (const Merchant &m : merchants)
        if (m.mchid == id)
            return &m;
    return nullptr;
}

const Stock *SimState::stock(const QString &stockId) const
{
    const auto it = m_stockIndex.constFind(stockId);
    return it == m_stockIndex.cend() ? nullptr : &stocks.at(*it);
}

Coupon *SimState::coupon(const QString &couponCode)
{
    const auto it = m_couponIndex.constFind(couponCode);
    return it == m_couponIndex.cend() ? nullptr : &coupons[*it];
}

const Coupon *SimState::coupon(const QString &couponCode) const
{
    const auto it = m_couponIndex.constFind(couponCode);
    return it == m_couponIndex.cend() ? nullptr : &coupons.at(*it);
}

QStringList SimState::appidsOf(const QString &id) const
{
    const Merchant *m = merchant(id);
    return m ? m->appids : QStringList();
}

void SimState::reindex()
{
    m_couponIndex.clear();
    m_stockIndex.clear();
    for (qsizetype i = 0; i < stocks.size(); ++i)
        m_stockIndex.insert(stocks.at(i).stockId, i);
    for (qsizetype i = 0; i < coupons.size(); ++i)
        m_couponIndex.insert(coupons.at(i).couponCode, i);
}

Status SimState::validate() const
{
    if (mchid.isEmpty() || !merchant(mchid))
        return seedError(QStringLiteral("the calling merchant (mchid) must be listed in merchants"));
    if (appidsOf(mchid).isEmpty())
        return seedError(QStringLiteral("merchant %1 has no appids").arg(mchid));
    QSet<QString> seen;
    for (const Merchant &m : merchants) {
        if (m.mchid.isEmpty() || seen.contains(m.mchid))
            return seedError(QStringLiteral("merchant ids must be unique and non-empty (%1)").arg(m.mchid));
        seen.insert(m.mchid);
        for (const QString &a : m.appids)
            if (auto e = wechatpay::busifavor::checkAppId(a))
                return seedError(QStringLiteral("merchant %1: appid \"%2\" is not valid").arg(m.mchid, a));
    }
    seen.clear();
    for (const Stock &s : stocks) {
        if (auto e = wechatpay::busifavor::checkStockId(s.stockId))
            return seedError(
                QStringLiteral("stock_id \"%1\" is not valid (1–20 letters/digits)").arg(s.stockId));
        if (seen.contains(s.stockId))
            return seedError(QStringLiteral("stock %1 appears twice").arg(s.stockId));
        seen.insert(s.stockId);
        if (!merchant(s.belongMerchant))
            return seedError(QStringLiteral("stock %1 belongs to unknown merchant \"%2\"")
                                 .arg(s.stockId, s.belongMerchant));
        if (s.stockName.isEmpty())
            return seedError(QStringLiteral("stock %1 has no stock_name").arg(s.stockId));
        static const QSet<QString> modes { QStringLiteral("WECHATPAY_MODE"), QStringLiteral("MERCHANT_API"),
            QStringLiteral("MERCHANT_UPLOAD") };
        if (!modes.contains(s.couponCodeMode))
            return seedError(
                QStringLiteral("stock %1: unknown coupon_code_mode %2").arg(s.stockId, s.couponCodeMode));
        if (!parseTime(s.availableBeginTime) || !parseTime(s.availableEndTime))
            return seedError(
                QStringLiteral("stock %1: available_begin_time/available_end_time must be RFC 3339")
                    .arg(s.stockId));
    }
    seen.clear();
    for (const Coupon &c : coupons) {
        if (auto e = wechatpay::busifavor::checkCouponCode(c.couponCode))
            return seedError(
                QStringLiteral("coupon_code \"%1\" is not valid (1–32 of 0-9 A-Z a-z space - _ \\ / = |)")
                    .arg(c.couponCode));
        if (seen.contains(c.couponCode))
            return seedError(QStringLiteral("coupon %1 appears twice (codes are unique in the simulator)")
                                 .arg(c.couponCode));
        seen.insert(c.couponCode);
        if (!stock(c.stockId))
            return seedError(
                QStringLiteral("coupon %1 refers to unknown stock \"%2\"").arg(c.couponCode, c.stockId));
        if (auto e = wechatpay::busifavor::checkOpenId(c.openid, true))
            return seedError(
                QStringLiteral("coupon %1: openid \"%2\" is not valid").arg(c.couponCode, c.openid));
        if (!validStates().contains(c.state))
            return seedError(QStringLiteral("coupon %1: unknown state %2").arg(c.couponCode, c.state));
        if (!parseTime(c.availableStartTime) || !parseTime(c.expireTime))
            return seedError(QStringLiteral("coupon %1: available_start_time/expire_time must be RFC 3339")
                                 .arg(c.couponCode));
    }
    return {};
}

QJsonObject couponToJson(const Coupon &c)
{
    QJsonObject o;
    put(o, "coupon_code", c.couponCode);
    put(o, "stock_id", c.stockId);
    put(o, "openid", c.openid);
    put(o, "appid", c.appid);
    put(o, "state", c.state);
    put(o, "available_start_time", c.availableStartTime);
    put(o, "expire_time", c.expireTime);
    put(o, "receive_time", c.receiveTime);
    put(o, "use_request_no", c.useRequestNo);
    put(o, "use_time", c.useTime);
    put(o, "wechatpay_use_time", c.wechatpayUseTime);
    put(o, "use_appid", c.useAppid);
    put(o, "return_request_no", c.returnRequestNo);
    put(o, "return_time", c.returnTime);
    put(o, "deactivate_request_no", c.deactivateRequestNo);
    put(o, "deactivate_time", c.deactivateTime);
    put(o, "deactivate_reason", c.deactivateReason);
    if (!c.applied.isEmpty()) {
        QJsonObject applied;
        for (auto it = c.applied.cbegin(); it != c.applied.cend(); ++it)
            applied.insert(it.key(), it.value());
        o.insert(QLatin1String("applied"), applied);
    }
    return o;
}

Coupon couponFromJson(const QJsonObject &o)
{
    Coupon c;
    c.couponCode = str(o, "coupon_code");
    c.stockId = str(o, "stock_id");
    c.openid = str(o, "openid");
    c.appid = str(o, "appid");
    if (!str(o, "state").isEmpty())
        c.state = str(o, "state");
    c.availableStartTime = str(o, "available_start_time");
    c.expireTime = str(o, "expire_time");
    c.receiveTime = str(o, "receive_time");
    c.useRequestNo = str(o, "use_request_no");
    c.useTime = str(o, "use_time");
    c.wechatpayUseTime = str(o, "wechatpay_use_time");
    c.useAppid = str(o, "use_appid");
    c.returnRequestNo = str(o, "return_request_no");
    c.returnTime = str(o, "return_time");
    c.deactivateRequestNo = str(o, "deactivate_request_no");
    c.deactivateTime = str(o, "deactivate_time");
    c.deactivateReason = str(o, "deactivate_reason");
    const QJsonObject applied = o.value(QLatin1String("applied")).toObject();
    for (auto it = applied.begin(); it != applied.end(); ++it)
        c.applied.insert(it.key(), it.value().toInt());
    return c;
}

QJsonObject requestToJson(const RequestRecord &r)
{
    QJsonObject o;
    o.insert(QLatin1String("request_no"), r.requestNo);
    o.insert(QLatin1String("op"), operationName(r.op));
    o.insert(QLatin1String("fingerprint"), r.fingerprint);
    o.insert(QLatin1String("coupon_code"), r.couponCode);
    put(o, "stock_id", r.stockId);
    o.insert(QLatin1String("response"), QString::fromUtf8(r.responseBody));
    o.insert(QLatin1String("applied"), r.appliedCount);
    o.insert(QLatin1String("replayed"), r.replayCount);
    o.insert(QLatin1String("applied_at"), r.appliedAtSecs);
    return o;
}

RequestRecord requestFromJson(const QJsonObject &o)
{
    RequestRecord r;
    r.requestNo = str(o, "request_no");
    const QString op = str(o, "op");
    r.op = op == QLatin1String("deactivate") ? Operation::Deactivate
        : op == QLatin1String("return")      ? Operation::Return
                                             : Operation::Use;
    r.fingerprint = str(o, "fingerprint");
    r.couponCode = str(o, "coupon_code");
    r.stockId = str(o, "stock_id");
    r.responseBody = str(o, "response").toUtf8();
    r.appliedCount = o.value(QLatin1String("applied")).toInt();
    r.replayCount = o.value(QLatin1String("replayed")).toInt();
    r.appliedAtSecs = o.value(QLatin1String("applied_at")).toInteger();
    return r;
}

QByteArray SimState::changeRecord(const QString &requestNo) const
{
    QJsonObject line;
    const auto it = requests.constFind(requestNo);
    if (it == requests.cend())
        return {};
    line.insert(QLatin1String("request"), requestToJson(*it));
    if (const Coupon *c = coupon(it->couponCode))
        line.insert(QLatin1String("coupon"), couponToJson(*c));
    return QJsonDocument(line).toJson(QJsonDocument::Compact);
}

bool SimState::applyChangeRecord(const QByteArray &line)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(line, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject())
        return false;
    const QJsonObject o = doc.object();
    if (o.contains(QLatin1String("coupon"))) {
        const Coupon c = couponFromJson(o.value(QLatin1String("coupon")).toObject());
        Coupon *existing = coupon(c.couponCode);
        if (!existing)
            return false;
        *existing = c;
    }
    if (o.contains(QLatin1String("request"))) {
        const RequestRecord r = requestFromJson(o.value(QLatin1String("request")).toObject());
        if (r.requestNo.isEmpty())
            return false;
        requests.insert(r.requestNo, r);
    }
    return true;
}

QByteArray SimState::toJson() const
{
    QJsonObject root;
    root.insert(QLatin1String("version"), 1);
    root.insert(QLatin1String("mchid"), mchid);
    QJsonArray ms;
    for (const Merchant &m : merchants) {
        QJsonObject o;
        o.insert(QLatin1String("mchid"), m.mchid);
        put(o, "name", m.name);
        o.insert(QLatin1String("appids"), QJsonArray::fromStringList(m.appids));
        ms.append(o);
    }
    root.insert(QLatin1String("merchants"), ms);
    QJsonArray ss;
    for (const Stock &s : stocks) {
        QJsonObject o;
        put(o, "stock_id", s.stockId);
        put(o, "stock_name", s.stockName);
        put(o, "belong_merchant", s.belongMerchant);
        put(o, "coupon_code_mode", s.couponCodeMode);
        put(o, "stock_type", s.stockType);
        put(o, "stock_state", s.stockState);
        put(o, "goods_name", s.goodsName);
        put(o, "comment", s.comment);
        put(o, "available_begin_time", s.availableBeginTime);
        put(o, "available_end_time", s.availableEndTime);
        for (const auto &[key, value] : { std::pair { "discount_amount", s.discountAmount },
                 std::pair { "discount_percent", qint64(s.discountPercent) },
                 std::pair { "exchange_price", s.exchangePrice },
                 std::pair { "transaction_minimum", s.transactionMinimum } })
            if (value > 0)
                o.insert(QLatin1String(key), value);
        put(o, "code_pattern", s.codePattern);
        ss.append(o);
    }
    root.insert(QLatin1String("stocks"), ss);
    QJsonArray cs;
    for (const Coupon &c : coupons)
        cs.append(couponToJson(c));
    root.insert(QLatin1String("coupons"), cs);
    QJsonArray rs;
    for (const RequestRecord &r : requests)
        rs.append(requestToJson(r));
    root.insert(QLatin1String("requests"), rs);
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

Result<SimState> SimState::fromJson(const QByteArray &json, qint64 nowSecs)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject())
        return seedError(
            QStringLiteral("not a JSON object: %1 at offset %2").arg(pe.errorString()).arg(pe.offset));
    const QJsonObject root = doc.object();
    SimState st;

    for (const QJsonValue &v : root.value(QLatin1String("merchants")).toArray()) {
        Merchant m;
        if (v.isString()) {
            m.mchid = v.toString();
        } else {
            const QJsonObject o = v.toObject();
            m.mchid = str(o, "mchid");
            m.name = str(o, "name");
            for (const QJsonValue &a : o.value(QLatin1String("appids")).toArray())
                m.appids << a.toString();
        }
        st.merchants << m;
    }
    st.mchid = str(root, "mchid");
    if (st.mchid.isEmpty() && !st.merchants.isEmpty())
        st.mchid = st.merchants.first().mchid;
    if (!st.mchid.isEmpty() && !st.merchant(st.mchid))
        st.merchants.prepend(Merchant { st.mchid, QString(), {} });
    // Top-level "appids" belong to the calling merchant.
    for (const QJsonValue &a : root.value(QLatin1String("appids")).toArray())
        for (Merchant &m : st.merchants)
            if (m.mchid == st.mchid && !m.appids.contains(a.toString()))
                m.appids << a.toString();

    auto time = [nowSecs](const QJsonObject &o, const char *key,
                    const QString &fallback) -> std::optional<QString> {
        const QString raw = str(o, key);
        auto t = resolveTime(raw.isEmpty() ? fallback : raw, nowSecs);
        return t;
    };

    for (const QJsonValue &v : root.value(QLatin1String("stocks")).toArray()) {
        const QJsonObject o = v.toObject();
        Stock s;
        s.stockId = str(o, "stock_id");
        s.stockName = str(o, "stock_name");
        s.belongMerchant = str(o, "belong_merchant");
        if (s.belongMerchant.isEmpty())
            s.belongMerchant = st.mchid;
        if (!str(o, "coupon_code_mode").isEmpty())
            s.couponCodeMode = str(o, "coupon_code_mode");
        if (!str(o, "stock_type").isEmpty())
            s.stockType = str(o, "stock_type");
        if (!str(o, "stock_state").isEmpty())
            s.stockState = str(o, "stock_state");
        s.goodsName = str(o, "goods_name");
        s.comment = str(o, "comment");
        const auto begin = time(o, "available_begin_time", QStringLiteral("now-1d"));
        const auto end = time(o, "available_end_time", QStringLiteral("now+365d"));
        if (!begin || !end)
            return seedError(
                QStringLiteral("stock %1: available_begin_time/available_end_time must be RFC 3339 or "
                               "now±N[smhd]")
                    .arg(s.stockId));
        s.availableBeginTime = *begin;
        s.availableEndTime = *end;
        s.discountAmount = o.value(QLatin1String("discount_amount")).toInteger();
        s.discountPercent = static_cast<int>(o.value(QLatin1String("discount_percent")).toInteger());
        s.exchangePrice = o.value(QLatin1String("exchange_price")).toInteger();
        s.transactionMinimum = o.value(QLatin1String("transaction_minimum")).toInteger();
        if (s.discountAmount < 0 || s.discountPercent < 0 || s.discountPercent > 99 || s.exchangePrice < 0
            || s.transactionMinimum < 0)
            return seedError(QStringLiteral("stock %1: amounts are fen (0 or more), discount_percent 1 to 99")
                                 .arg(s.stockId));
        s.codePattern = str(o, "code_pattern");
        if (!st.merchant(s.belongMerchant))
            st.merchants << Merchant { s.belongMerchant, QString(), {} };
        st.stocks << s;
    }
    st.reindex();

    const QStringList ownAppids = st.appidsOf(st.mchid);
    for (const QJsonValue &v : root.value(QLatin1String("coupons")).toArray()) {
        const QJsonObject o = v.toObject();
        Coupon c = couponFromJson(o);
        if (c.appid.isEmpty() && !ownAppids.isEmpty())
            c.appid = ownAppids.first();
        const Stock *s = st.stock(c.stockId);
        const QString begin = s ? s->availableBeginTime : QStringLiteral("now-1d");
        const QString end = s ? s->availableEndTime : QStringLiteral("now+365d");
        const auto start = time(o, "available_start_time", begin);
        const auto expire = time(o, "expire_time", end);
        const auto receive = time(o, "receive_time", start ? *start : begin);
        if (!start || !expire || !receive)
            return seedError(
                QStringLiteral("coupon %1: times must be RFC 3339 or now±N[smhd]").arg(c.couponCode));
        c.availableStartTime = *start;
        c.expireTime = *expire;
        c.receiveTime = *receive;
        st.coupons << c;
    }

    for (const QJsonValue &v : root.value(QLatin1String("requests")).toArray()) {
        const RequestRecord r = requestFromJson(v.toObject());
        if (!r.requestNo.isEmpty())
            st.requests.insert(r.requestNo, r);
    }
    st.reindex();
    return st;
}

} // namespace sim
