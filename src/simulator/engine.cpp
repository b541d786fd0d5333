#include "engine.h"
#include "fieldproblems.h"

#include "wechatpay/busifavor.h"
#include "wechatpay/certificates.h"
#include "wechatpay/jsonwriter.h"

#include <QJsonDocument>

#include <functional>

namespace sim {

using wechatpay::JsonWriter;

namespace {

constexpr char kBusifavor[] = "/v3/marketing/busifavor/";

const QString kSended = QStringLiteral("SENDED");
const QString kUsed = QStringLiteral("USED");
const QString kExpired = QStringLiteral("EXPIRED");
const QString kDeactivated = QStringLiteral("DEACTIVATED");
const QString kDeleted = QStringLiteral("DELETED");

Reply notFound(const QString &message, const QString &reason)
{
    return Engine::error(404, QStringLiteral("RESOURCE_NOT_EXISTS"), message, Engine::detail(reason));
}

Reply invalid(const QString &message, const QString &reason)
{
    return Engine::error(400, QStringLiteral("INVALID_REQUEST"), message, Engine::detail(reason));
}

Reply noAuth()
{
    return Engine::error(403, QStringLiteral("NO_AUTH"), QStringLiteral("商户无权限操作该券"),
        Engine::detail(QStringLiteral("MERCHANT_MISMATCH")));
}

Reply ok(const QByteArray &body, bool changed)
{
    Reply r;
    r.status = 200;
    r.body = body;
    r.signable = true;
    r.changed = changed;
    return r;
}

bool notYetAvailable(const Coupon &c, qint64 now)
{
    const auto start = parseTime(c.availableStartTime);
    return start && *start > now;
}

struct StateRefusal
{
    QString state;
    QString message;
    QString reason;
};

// An operation starts from one state: the others are refused, each listed one with its own message,
// any other with `otherStates` ("券状态%1，…").
std::optional<Reply> refuseState(const QString &state, const QString &from,
    std::initializer_list<StateRefusal> refusals, const QString &otherStates)
{
    if (state == from)
        return std::nullopt;
    for (const StateRefusal &r : refusals)
        if (state == r.state)
            return invalid(r.message, r.reason);
    return invalid(otherStates.arg(state), QStringLiteral("COUPON_STATE_INVALID"));
}

// coupon_use_rule as the official schema has it: the validity, one of the three value objects by
// stock type (amounts in fen), and the use method.
QByteArray useRule(const Stock &s)
{
    JsonWriter w;
    w.rawField("coupon_available_time",
        JsonWriter()
            .field("available_begin_time", s.availableBeginTime)
            .field("available_end_time", s.availableEndTime)
            .finish());
    if (s.stockType == QLatin1String("NORMAL") && s.discountAmount > 0)
        w.rawField("fixed_normal_coupon",
            JsonWriter()
                .field("discount_amount", s.discountAmount)
                .field("transaction_minimum", s.transactionMinimum)
                .finish());
    else if (s.stockType == QLatin1String("DISCOUNT") && s.discountPercent > 0)
        w.rawField("discount_coupon",
            JsonWriter()
                .field("discount_percent", qint64(s.discountPercent))
                .field("transaction_minimum", s.transactionMinimum)
                .finish());
    else if (s.stockType == QLatin1String("EXCHANGE") && s.exchangePrice > 0)
        w.rawField("exchange_coupon",
            JsonWriter()
                .field("exchange_price", s.exchangePrice)
                .field("transaction_minimum", s.transactionMinimum)
                .finish());
    return w.field("use_method", QStringLiteral("OFF_LINE")).finish();
}

} // namespace

Engine::Engine(SimState &state, const KeyMaterial &keys, const wechatpay::Clock &clock)
    : m_state(state)
    , m_keys(keys)
    , m_clock(clock)
    , m_merchantPublicKey(keys.merchantCert.publicKey())
    , m_merchantSerial(keys.merchantCert.serialNumber())
{
}

Reply Engine::error(int status, const QString &code, const QString &message, const QByteArray &detailJson)
{
    Reply r;
    r.status = status;
    r.code = code;
    JsonWriter w;
    w.field("code", code).field("message", message);
    if (!detailJson.isEmpty()) {
        w.rawField("detail", detailJson);
        r.reason = QJsonDocument::fromJson(detailJson).object().value(QLatin1String("reason")).toString();
    }
    r.body = w.finish();
    return r;
}

QByteArray Engine::detail(
    const QString &reason, const QString &field, const QString &location, const QString &issue)
{
    return JsonWriter()
        .optionalField("field", field)
        .optionalField("location", location)
        .optionalField("issue", issue)
        .optionalField("reason", reason)
        .finish();
}

Route Engine::route(const IncomingRequest &request)
{
    Route r;
    const QByteArray &path = request.path;
    auto method = [&](const char *expected, Endpoint endpoint) {
        r.endpoint = endpoint;
        if (request.method != expected) {
            r.error = error(405, QStringLiteral("METHOD_NOT_ALLOWED"),
                QStringLiteral("不支持的请求方法%1，请使用%2")
                    .arg(QString::fromLatin1(request.method), QLatin1String(expected)),
                detail(QStringLiteral("METHOD_NOT_ALLOWED")));
        }
        return r;
    };
    if (path == wechatpay::busifavor::kUsePath)
        return method("POST", Endpoint::Use);
    if (path == wechatpay::busifavor::kDeactivatePath)
        return method("POST", Endpoint::Deactivate);
    if (path == wechatpay::busifavor::kReturnPath)
        return method("POST", Endpoint::Return);
    if (path == wechatpay::kCertificatesPath)
        return method("GET", Endpoint::Certificates);
    if (path.startsWith(kBusifavor)) {
        const QList<QByteArray> seg = path.split('/');
        auto decode
            = [](const QByteArray &s) { return QString::fromUtf8(QByteArray::fromPercentEncoding(s)); };
        // "" v3 marketing busifavor users {openid} coupons {coupon_code} appids {appid}
        if (seg.size() == 10 && seg.at(4) == "users" && seg.at(6) == "coupons" && seg.at(8) == "appids") {
            r.params = QStringList { decode(seg.at(5)), decode(seg.at(7)), decode(seg.at(9)) };
            return method("GET", Endpoint::QueryCoupon);
        }
        // "" v3 marketing busifavor stocks {stock_id}
        if (seg.size() == 6 && seg.at(4) == "stocks") {
            r.params = QStringList { decode(seg.at(5)) };
            return method("GET", Endpoint::QueryStock);
        }
    }
    r.endpoint = Endpoint::Unknown;
    r.error = error(404, QStringLiteral("NOT_FOUND"),
        QStringLiteral("请求的资源不存在，请检查URL：%1").arg(QString::fromUtf8(request.path)),
        detail(QStringLiteral("PATH_UNKNOWN")));
    return r;
}

Reply Engine::handle(const Route &route, const IncomingRequest &request, VerifyMode mode)
{
    if (route.error)
        return *route.error;
    if (auto failed = authenticate(request))
        return *failed;

    switch (route.endpoint) {
    case Endpoint::QueryCoupon:
        return queryCoupon(route.params);
    case Endpoint::QueryStock:
        return queryStock(route.params);
    case Endpoint::Certificates:
        return certificates(mode);
    case Endpoint::Use:
    case Endpoint::Deactivate:
    case Endpoint::Return:
        break;
    case Endpoint::Unknown:
        return error(404, QStringLiteral("NOT_FOUND"), QStringLiteral("请求的资源不存在"));
    }

    if (!request.header("Content-Type").toLower().startsWith("application/json"))
        return error(400, QStringLiteral("INVALID_REQUEST"),
            QStringLiteral("Http头Content-Type值必须为application/json"),
            detail(QStringLiteral("CONTENT_TYPE_INVALID"), {}, QStringLiteral("header")));
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(request.body, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject())
        return error(400, QStringLiteral("PARAM_ERROR"), QStringLiteral("请求体不是合法的JSON对象"),
            detail(QStringLiteral("JSON_INVALID"), {}, QStringLiteral("body"),
                pe.error != QJsonParseError::NoError ? pe.errorString() : QStringLiteral("not an object")));
    const QJsonObject body = doc.object();
    switch (route.endpoint) {
    case Endpoint::Use:
        return use(body);
    case Endpoint::Deactivate:
        return deactivate(body);
    default:
        return returnCoupon(body);
    }
}

std::optional<Reply> Engine::replayOrConflict(
    const QString &requestNo, const QString &field, Operation op, const QString &fp)
{
    const auto it = m_state.requests.find(requestNo);
    if (it == m_state.requests.end())
        return std::nullopt;
    if (it->op == op && it->fingerprint == fp) {
        ++it->replayCount;
        Reply r = ok(it->responseBody, true);
        r.requestNo = requestNo;
        r.replayed = true;
        return r;
    }
    return error(400, QStringLiteral("INVALID_REQUEST"),
        QStringLiteral("%1已被使用，且本次请求的参数与原请求不一致").arg(field),
        detail(QStringLiteral("REQUEST_NO_CONFLICT"), QLatin1Char('/') + field, QStringLiteral("body")));
}

std::optional<Reply> Engine::findCoupon(
    const QString &couponCode, const QString &stockId, Coupon *&coupon, const Stock *&stock)
{
    stock = nullptr;
    if (!stockId.isEmpty()) {
        stock = m_state.stock(stockId);
        if (!stock)
            return notFound(QStringLiteral("批次不存在"), QStringLiteral("STOCK_NOT_FOUND"));
        if (stock->belongMerchant != m_state.mchid)
            return noAuth();
    }
    coupon = m_state.coupon(couponCode);
    if (!coupon)
        return notFound(QStringLiteral("券不存在"), QStringLiteral("COUPON_NOT_FOUND"));
    if (stock && coupon->stockId != stock->stockId)
        return notFound(QStringLiteral("券不存在"), QStringLiteral("COUPON_STOCK_MISMATCH"));
    stock = m_state.stock(coupon->stockId);
    if (!stock || stock->belongMerchant != m_state.mchid)
        return noAuth();
    if (coupon->state == kDeleted)
        return notFound(QStringLiteral("券已被删除"), QStringLiteral("COUPON_DELETED"));
    return std::nullopt;
}

void Engine::record(
    const QString &requestNo, Operation op, const QString &fp, Coupon &coupon, const QByteArray &responseBody)
{
    coupon.applied[requestNo] += 1;
    RequestRecord rec;
    rec.requestNo = requestNo;
    rec.op = op;
    rec.fingerprint = fp;
    rec.couponCode = coupon.couponCode;
    rec.stockId = coupon.stockId;
    rec.responseBody = responseBody;
    rec.appliedCount = coupon.applied.value(requestNo);
    rec.appliedAtSecs = m_clock.nowSecs();
    m_state.requests.insert(requestNo, rec);
}

// What use, deactivate and return differ in; change() runs the steps they share.
struct Engine::CouponChange
{
    Operation op;
    QString couponCode;
    QString stockId; // as sent (use may leave it out)
    QString requestNo; // the <op>_request_no field
    QStringList parameters; // the others a retry must repeat to be a replay (fingerprint order)
    std::optional<Reply> fieldProblem = {}; // Fields::problem()
    std::optional<Reply> refusal = {}; // answered after the request number, before the lookup (use: AppID)
    // Refusals on the coupon found (its stock's mode, openid, state, times), the first one answers.
    std::function<std::optional<Reply>(const Coupon &, const Stock &, qint64 now)> rule = {};
    // Applies the change to the coupon; returns the answer body.
    std::function<QByteArray(Coupon &, qint64 now)> effect = {};
};

Reply Engine::change(const CouponChange &c)
{
    if (c.fieldProblem)
        return *c.fieldProblem;
    const QString name = operationName(c.op);
    const QString fp
        = (QStringList { name, c.couponCode, c.stockId } + c.parameters).join(QLatin1Char('\x1f'));
    if (auto r = replayOrConflict(c.requestNo, name + QStringLiteral("_request_no"), c.op, fp))
        return *r;
    if (c.refusal)
        return *c.refusal;
    Coupon *coupon = nullptr;
    const Stock *stock = nullptr;
    if (auto e = findCoupon(c.couponCode, c.stockId, coupon, stock))
        return *e;
    const qint64 now = m_clock.nowSecs();
    if (auto e = c.rule(*coupon, *stock, now))
        return *e;
    const QByteArray response = c.effect(*coupon, now);
    record(c.requestNo, c.op, fp, *coupon, response);
    Reply r = ok(response, true);
    r.requestNo = c.requestNo;
    return r;
}

Reply Engine::use(const QJsonObject &body)
{
    Fields f(body);
    const QString code = f.get("coupon_code");
    const QString stockId = f.get("stock_id");
    const QString appid = f.get("appid");
    const QString useTime = f.get("use_time");
    const QString requestNo = f.get("use_request_no");
    const QString openid = f.get("openid");
    namespace bf = wechatpay::busifavor;
    CouponChange c { Operation::Use, code, stockId, requestNo, { appid, openid, useTime } };
    c.fieldProblem = f.problem({ bf::checkCouponCode(code),
        stockId.isEmpty() ? std::nullopt : bf::checkStockId(stockId), bf::checkAppId(appid),
        bf::checkUseTime(useTime), bf::checkRequestNo(QStringLiteral("use_request_no"), requestNo, 128),
        bf::checkOpenId(openid, false) });
    if (!m_state.appidsOf(m_state.mchid).contains(appid))
        c.refusal = error(400, QStringLiteral("PARAM_ERROR"), QStringLiteral("appid与商户号不匹配"),
            detail(
                QStringLiteral("APPID_MCHID_NOT_MATCH"), QStringLiteral("/appid"), QStringLiteral("body")));
    c.rule = [&](const Coupon &coupon, const Stock &stock, qint64 now) -> std::optional<Reply> {
        if (stockId.isEmpty() && stock.couponCodeMode != QLatin1String("WECHATPAY_MODE"))
            return error(400, QStringLiteral("PARAM_ERROR"),
                QStringLiteral("参数错误：该券所属批次的券码模式为%1，须传入stock_id")
                    .arg(stock.couponCodeMode),
                detail(QStringLiteral("STOCK_ID_REQUIRED"), QStringLiteral("/stock_id"),
                    QStringLiteral("body"), QStringLiteral("MISSING")));
        if (!openid.isEmpty() && openid != coupon.openid)
            return error(400, QStringLiteral("PARAM_ERROR"), QStringLiteral("openid与券的所属用户不一致"),
                detail(QStringLiteral("OPENID_MISMATCH"), QStringLiteral("/openid"), QStringLiteral("body")));
        if (auto e = refuseState(coupon.effectiveState(now), kSended,
                { { kUsed, QStringLiteral("券已被核销"), QStringLiteral("COUPON_USED") },
                    { kExpired, QStringLiteral("券已过期"), QStringLiteral("COUPON_EXPIRED") },
                    { kDeactivated, QStringLiteral("券已失效"), QStringLiteral("COUPON_DEACTIVATED") } },
                QStringLiteral("券状态%1，不能核销")))
            return e;
        if (notYetAvailable(coupon, now))
            return invalid(QStringLiteral("券未到可用时间"), QStringLiteral("COUPON_NOT_YET_AVAILABLE"));
        return std::nullopt;
    };
    c.effect = [&](Coupon &coupon, qint64 now) {
        coupon.state = kUsed;
        coupon.useRequestNo = requestNo;
        coupon.useTime = useTime;
        coupon.wechatpayUseTime = rfc3339(now);
        coupon.useAppid = appid;
        return JsonWriter()
            .field("stock_id", coupon.stockId)
            .field("openid", coupon.openid)
            .field("wechatpay_use_time", coupon.wechatpayUseTime)
            .finish();
    };
    return change(c);
}

Reply Engine::deactivate(const QJsonObject &body)
{
    Fields f(body);
    const QString code = f.get("coupon_code");
    const QString stockId = f.get("stock_id");
    const QString requestNo = f.get("deactivate_request_no");
    const QString reason = f.get("deactivate_reason");
    namespace bf = wechatpay::busifavor;
    CouponChange c { Operation::Deactivate, code, stockId, requestNo, { reason } };
    c.fieldProblem = f.problem({ bf::checkCouponCode(code), bf::checkStockId(stockId),
        bf::checkRequestNo(QStringLiteral("deactivate_request_no"), requestNo, 128),
        bf::checkReason(reason, false) });
    c.rule = [](const Coupon &coupon, const Stock &, qint64 now) {
        return refuseState(coupon.effectiveState(now), kSended,
            { { kUsed, QStringLiteral("券已被核销，不能使其失效"), QStringLiteral("COUPON_USED") },
                { kDeactivated, QStringLiteral("券已失效"), QStringLiteral("COUPON_DEACTIVATED") },
                { kExpired, QStringLiteral("券已过期"), QStringLiteral("COUPON_EXPIRED") } },
            QStringLiteral("券状态%1，不能使其失效"));
    };
    c.effect = [&](Coupon &coupon, qint64 now) {
        coupon.state = kDeactivated;
        coupon.deactivateRequestNo = requestNo;
        coupon.deactivateTime = rfc3339(now);
        coupon.deactivateReason = reason;
        return JsonWriter().field("wechatpay_deactivate_time", coupon.deactivateTime).finish();
    };
    return change(c);
}

Reply Engine::returnCoupon(const QJsonObject &body)
{
    Fields f(body);
    const QString code = f.get("coupon_code");
    const QString stockId = f.get("stock_id");
    const QString requestNo = f.get("return_request_no");
    namespace bf = wechatpay::busifavor;
    CouponChange c { Operation::Return, code, stockId, requestNo, {} };
    c.fieldProblem = f.problem({ bf::checkCouponCode(code), bf::checkStockId(stockId),
        bf::checkRequestNo(QStringLiteral("return_request_no"), requestNo, 128) });
    c.rule = [](const Coupon &coupon, const Stock &, qint64 now) -> std::optional<Reply> {
        if (auto e = refuseState(coupon.effectiveState(now), kUsed,
                { { kSended, QStringLiteral("券未被核销，无法退券"), QStringLiteral("COUPON_NOT_USED") },
                    { kDeactivated, QStringLiteral("券已失效"), QStringLiteral("COUPON_DEACTIVATED") },
                    { kExpired, QStringLiteral("券已过期"), QStringLiteral("COUPON_EXPIRED") } },
                QStringLiteral("券状态%1，无法退券")))
            return e;
        const auto expire = parseTime(coupon.expireTime);
        if (expire && *expire < now)
            return invalid(QStringLiteral("券已过期，无需退券"), QStringLiteral("COUPON_EXPIRED"));
        return std::nullopt;
    };
    c.effect = [&](Coupon &coupon, qint64 now) {
        coupon.state = kSended;
        coupon.returnRequestNo = requestNo;
        coupon.returnTime = rfc3339(now);
        return JsonWriter().field("wechatpay_return_time", coupon.returnTime).finish();
    };
    return change(c);
}

Reply Engine::queryCoupon(const QStringList &params)
{
    const QString &openid = params.at(0);
    const QString &code = params.at(1);
    const QString &appid = params.at(2);
    namespace bf = wechatpay::busifavor;
    if (auto e = firstFieldError(
            { bf::checkOpenId(openid, true), bf::checkCouponCode(code), bf::checkAppId(appid) }, false))
        return *e;
    if (!m_state.appidsOf(m_state.mchid).contains(appid))
        return error(400, QStringLiteral("PARAM_ERROR"), QStringLiteral("appid与商户号不匹配"),
            detail(QStringLiteral("APPID_MCHID_NOT_MATCH"), QStringLiteral("appid"), QStringLiteral("path")));
    const Coupon *c = m_state.coupon(code);
    if (!c)
        return notFound(QStringLiteral("券不存在"), QStringLiteral("COUPON_NOT_FOUND"));
    const Stock *s = m_state.stock(c->stockId);
    if (!s || s->belongMerchant != m_state.mchid)
        return noAuth();
    if (c->openid != openid)
        return notFound(QStringLiteral("券不存在"), QStringLiteral("OPENID_MISMATCH"));

    const qint64 now = m_clock.nowSecs();
    JsonWriter w;
    w.field("belong_merchant", s->belongMerchant)
        .field("stock_name", s->stockName)
        .optionalField("comment", s->comment)
        .optionalField("goods_name", s->goodsName)
        .field("stock_type", s->stockType)
        .rawField("transferable", "false")
        .rawField("shareable", "false")
        .field("coupon_state", c->effectiveState(now))
        .rawField("coupon_use_rule", useRule(*s))
        .field("coupon_code", c->couponCode)
        .field("stock_id", c->stockId)
        .optionalField("available_start_time", c->availableStartTime)
        .optionalField("expire_time", c->expireTime)
        .optionalField("receive_time", c->receiveTime)
        .optionalField("use_request_no", c->useRequestNo)
        .optionalField("use_time", c->useTime)
        .optionalField("return_request_no", c->returnRequestNo)
        .optionalField("return_time", c->returnTime)
        .optionalField("deactivate_request_no", c->deactivateRequestNo)
        .optionalField("deactivate_time", c->deactivateTime)
        .optionalField("deactivate_reason", c->deactivateReason);
    return ok(w.finish(), false);
}

Reply Engine::queryStock(const QStringList &params)
{
    const QString &stockId = params.at(0);
    if (auto e = firstFieldError({ wechatpay::busifavor::checkStockId(stockId) }, false))
        return *e;
    const Stock *s = m_state.stock(stockId);
    if (!s)
        return notFound(QStringLiteral("批次不存在"), QStringLiteral("STOCK_NOT_FOUND"));
    if (s->belongMerchant != m_state.mchid)
        return error(403, QStringLiteral("NO_AUTH"), QStringLiteral("商户无权限查询该批次"),
            detail(QStringLiteral("MERCHANT_MISMATCH")));
    const qint64 now = m_clock.nowSecs();
    qint64 total = 0;
    qint64 available = 0;
    for (const Coupon &c : m_state.coupons) {
        if (c.stockId != stockId)
            continue;
        ++total;
        if (c.effectiveState(now) == kSended)
            ++available;
    }
    JsonWriter w;
    w.field("stock_name", s->stockName)
        .field("belong_merchant", s->belongMerchant)
        .optionalField("comment", s->comment)
        .optionalField("goods_name", s->goodsName)
        .field("stock_type", s->stockType)
        .rawField("coupon_use_rule", useRule(*s))
        .field("stock_state", s->stockState)
        .field("coupon_code_mode", s->couponCodeMode)
        .field("stock_id", s->stockId)
        .rawField("coupon_code_count",
            JsonWriter().field("total_count", total).field("available_count", available).finish());
    return ok(w.finish(), false);
}

Reply Engine::certificates(VerifyMode mode)
{
    if (mode == VerifyMode::PublicKey)
        return notFound(QStringLiteral("无可用的平台证书，请在商户平台-API安全申请使用微信支付公钥。"),
            QStringLiteral("NO_PLATFORM_CERTIFICATE"));
    auto body = wechatpay::encodeCertificatesResponse({ m_keys.platformCert }, m_keys.apiV3Key);
    if (!body)
        return error(500, QStringLiteral("SYSTEM_ERROR"), QStringLiteral("系统异常，请稍后重试"));
    return ok(body.value(), false);
}

} // namespace sim
