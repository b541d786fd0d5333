// The simulator's control endpoints (/__sim/…, README.md "Control endpoints"): faults, clock, mode,
// rate limits, connection costs, served-request times and the truth about coupons, as JSON for
// tests and clients in other languages. Loopback callers only; no signature.
#include "simulator.h"

#include "engine.h"
#include "ratelimiter.h"
#include "rawhttpserver.h"

#include "wechatpay/jsonwriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>

namespace sim {

using wechatpay::JsonWriter;

namespace {

Reply controlError(int status, const QString &message)
{
    return Engine::error(
        status, status == 403 ? QStringLiteral("NO_AUTH") : QStringLiteral("PARAM_ERROR"), message);
}

Reply controlOk(const QByteArray &body)
{
    Reply r;
    r.status = 200;
    r.body = body;
    return r;
}

QByteArray compact(const QJsonValue &v)
{
    if (v.isArray())
        return QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact);
    return QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact);
}

} // namespace

void Simulator::control(
    const IncomingRequest &request, QPointer<QTcpSocket> socket, const QByteArray &requestId)
{
    auto answer = [&](const Reply &reply) {
        OutgoingResponse out;
        out.status = reply.status;
        out.body = reply.body;
        out.headers.append({ QByteArray("Request-ID"), requestId });
        RawHttpServer::write(socket, out, !request.closeRequested);
    };
    if (!request.peer.isLoopback()) {
        answer(controlError(403, QStringLiteral("control endpoints answer loopback callers only")));
        return;
    }
    const QByteArray &path = request.path;
    const QByteArray &method = request.method;
    auto bodyObject = [&](QJsonValue &out) -> bool {
        QJsonParseError pe;
        const QJsonDocument doc = QJsonDocument::fromJson(request.body, &pe);
        if (pe.error != QJsonParseError::NoError || (!doc.isObject() && !doc.isArray())) {
            answer(controlError(400, QStringLiteral("the body is not a JSON object: ") + pe.errorString()));
            return false;
        }
        out = doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array());
        return true;
    };
    auto faultsJson = [this] {
        QJsonArray a;
        for (const FaultSpec &f : m_faults->active())
            a.append(f.toJson());
        QJsonObject o;
        o.insert(QLatin1String("faults"), a);
        return compact(o);
    };

    if (path == "/__sim/coupons" && method == "GET") {
        const QString code = QUrlQuery(QString::fromLatin1(request.query))
                                 .queryItemValue(QStringLiteral("coupon_code"), QUrl::FullyDecoded);
        answer(controlOk(couponsJson(code)));
    } else if (path == "/__sim/service-times" && (method == "GET" || method == "DELETE")) {
        if (method == "DELETE")
            m_served.clear();
        QJsonArray list;
        for (const ServedRequest &r : std::as_const(m_served)) {
            QJsonObject o;
            o.insert(QLatin1String("request_no"), r.requestNo);
            o.insert(QLatin1String("method"), QString::fromLatin1(r.method));
            o.insert(QLatin1String("target"), QString::fromLatin1(r.target));
            o.insert(QLatin1String("status"), r.status);
            o.insert(QLatin1String("service_us"), r.serviceUs);
            list.append(o);
        }
        QJsonObject o;
        o.insert(QLatin1String("service_times"), list);
        answer(controlOk(compact(o)));
    } else if (path == "/__sim/faults" && method == "GET") {
        answer(controlOk(faultsJson()));
    } else if (path == "/__sim/faults" && method == "DELETE") {
        clearFaults();
        answer(controlOk(faultsJson()));
    } else if (path == "/__sim/faults" && method == "POST") {
        QJsonValue v;
        if (!bodyObject(v))
            return;
        const QJsonArray list = v.isArray() ? v.toArray() : QJsonArray { v };
        QList<FaultSpec> specs;
        for (const QJsonValue &item : list) {
            auto spec = FaultSpec::fromJson(item.toObject());
            if (!spec) {
                answer(controlError(400, spec.error().message));
                return;
            }
            specs << spec.value();
        }
        for (const FaultSpec &s : specs)
            addFault(s);
        answer(controlOk(faultsJson()));
    } else if (path == "/__sim/clock" && (method == "GET" || method == "POST")) {
        if (method == "POST") {
            QJsonValue v;
            if (!bodyObject(v))
                return;
            const QJsonValue offset = v.toObject().value(QLatin1String("offset_secs"));
            if (!offset.isDouble()) {
                answer(controlError(400, QStringLiteral("expected {\"offset_secs\": N}")));
                return;
            }
            setClockOffset(offset.toInteger());
        }
        answer(controlOk(JsonWriter()
                             .field("offset_secs", clockOffset())
                             .field("now", rfc3339(m_clock->nowSecs()))
                             .field("now_secs", m_clock->nowSecs())
                             .finish()));
    } else if (path == "/__sim/connections" && (method == "GET" || method == "POST")) {
        if (method == "POST") {
            QJsonValue v;
            if (!bodyObject(v))
                return;
            const QJsonObject o = v.toObject();
            const QJsonValue delay = o.value(QLatin1String("connect_delay_ms"));
            const QJsonValue idle = o.value(QLatin1String("idle_timeout_s"));
            auto valid = [](const QJsonValue &x, int max) {
                return x.isUndefined() || (x.toInteger(-1) >= 0 && x.toInteger(-1) <= max); // whole numbers
            };
            if ((delay.isUndefined() && idle.isUndefined()) || !valid(delay, kMaxConnectDelayMs)
                || !valid(idle, kMaxIdleTimeoutSecs)) {
                answer(controlError(400,
                    QStringLiteral("expected {\"connect_delay_ms\": 0..%1, \"idle_timeout_s\": 0..%2} "
                                   "(either may be left out)")
                        .arg(kMaxConnectDelayMs)
                        .arg(kMaxIdleTimeoutSecs)));
                return;
            }
            if (!delay.isUndefined())
                setConnectDelayMs(delay.toInt());
            if (!idle.isUndefined())
                setIdleTimeoutSecs(idle.toInt());
        }
        answer(controlOk(JsonWriter()
                             .field("connect_delay_ms", qint64(connectDelayMs()))
                             .field("idle_timeout_s", qint64(idleTimeoutSecs()))
                             .finish()));
    } else if (path == "/__sim/mode" && method == "POST") {
        QJsonValue v;
        if (!bodyObject(v))
            return;
        const auto mode = verifyModeFromName(v.toObject().value(QLatin1String("mode")).toString());
        if (!mode) {
            answer(controlError(400, QStringLiteral("mode must be platform-cert, public-key or migrating")));
            return;
        }
        setMode(*mode);
        answer(controlOk(JsonWriter().field("mode", verifyModeName(*mode)).finish()));
    } else if (path == "/__sim/rate-limit" && method == "POST") {
        QJsonValue v;
        if (!bodyObject(v))
            return;
        const QString ep = v.toObject().value(QLatin1String("endpoint")).toString();
        if (endpointFromName(ep) == Endpoint::Unknown) {
            answer(controlError(400, QStringLiteral("unknown endpoint")));
            return;
        }
        setRateLimit(ep, v.toObject().value(QLatin1String("qps")).toDouble(0));
        answer(controlOk(JsonWriter()
                             .field("endpoint", ep)
                             .rawField("qps", QByteArray::number(m_limiter->limit(ep)))
                             .finish()));
    } else if (path == "/__sim/info" && method == "GET") {
        answer(controlOk(infoJson()));
    } else if (path == "/__sim/demo-codes" && method == "GET") {
        QJsonArray a;
        for (const DemoCode &d : demoCodes()) {
            QJsonObject o;
            o.insert(QLatin1String("coupon_code"), d.couponCode);
            o.insert(QLatin1String("stock_id"), d.stockId);
            o.insert(QLatin1String("stock_name"), d.stockName);
            o.insert(QLatin1String("openid"), d.openid);
            o.insert(QLatin1String("appid"), d.appid);
            o.insert(QLatin1String("state"), d.state);
            o.insert(QLatin1String("note"), d.note);
            a.append(o);
        }
        answer(controlOk(compact(a)));
    } else {
        Reply r = Engine::error(404, QStringLiteral("NOT_FOUND"),
            QStringLiteral("unknown control endpoint %1 %2")
                .arg(QString::fromLatin1(method), QString::fromUtf8(path)));
        answer(r);
    }
}

QByteArray Simulator::couponsJson(const QString &onlyCode) const
{
    QJsonArray a;
    for (const Coupon &c : m_state.coupons) {
        if (!onlyCode.isEmpty() && c.couponCode != onlyCode)
            continue;
        const CouponTruth t = truth(c);
        QJsonObject o;
        o.insert(QLatin1String("coupon_code"), t.couponCode);
        o.insert(QLatin1String("stock_id"), t.stockId);
        o.insert(QLatin1String("appid"), t.appid);
        o.insert(QLatin1String("openid"), t.openid);
        o.insert(QLatin1String("state"), t.state);
        o.insert(QLatin1String("use_request_no"), t.useRequestNo);
        o.insert(QLatin1String("deactivate_request_no"), t.deactivateRequestNo);
        o.insert(QLatin1String("return_request_no"), t.returnRequestNo);
        QJsonObject applied;
        for (auto it = t.applied.cbegin(); it != t.applied.cend(); ++it)
            applied.insert(it.key(), it.value());
        o.insert(QLatin1String("applied"), applied);
        a.append(o);
    }
    return compact(a);
}

QByteArray Simulator::infoJson() const
{
    QJsonObject o;
    o.insert(QLatin1String("base_url"), baseUrl().toString());
    o.insert(QLatin1String("mode"), verifyModeName(m_options.mode));
    o.insert(QLatin1String("mchid"), mchid());
    o.insert(QLatin1String("appids"), QJsonArray::fromStringList(appids()));
    o.insert(QLatin1String("merchant_cert_serial"), merchantCertSerial());
    o.insert(QLatin1String("merchant_private_key_file"), m_keys.merchantKeyFile);
    o.insert(QLatin1String("merchant_cert_file"), m_keys.merchantCertFile);
    o.insert(QLatin1String("public_key_id"), m_keys.publicKeyId);
    o.insert(QLatin1String("public_key_file"), m_keys.publicKeyFile);
    o.insert(QLatin1String("platform_cert_serial"), m_keys.platformCert.serialNumber());
    o.insert(QLatin1String("platform_cert_file"), m_keys.platformCertFile);
    o.insert(QLatin1String("platform_cert_dir"), m_keys.platformCertDir);
    o.insert(QLatin1String("apiv3_key"), QString::fromLatin1(m_keys.apiV3Key));
    o.insert(QLatin1String("data_dir"), m_dataDir);
    if (m_options.https)
        o.insert(QLatin1String("ca_certificate_file"), m_keys.tlsCertFile);
    o.insert(QLatin1String("clock_offset_secs"), clockOffset());
    return compact(o);
}

} // namespace sim
