// The WeChat Pay side of the simulator as a function of (state, keys, clock, request): routing,
// the server's request checks (headers, Authorization, timestamp, signature, Content-Type, JSON,
// fields) and the busifavor coupon rules. It moves no bytes and signs nothing: the Simulator does.
// engine.cpp: routing, the coupon rules and answers; authentication.cpp: authenticate();
// fieldproblems.h: the wording of field problems.
#pragma once

#include "keystore.h"
#include "model.h"
#include "rawhttpserver.h"

#include "wechatpay/clock.h"

#include <QJsonObject>

namespace sim {

struct Reply
{
    int status = 200;
    QByteArray body;
    bool signable = false; // a 2xx of a WeChat Pay endpoint: signed on the way out
    bool changed = false; // the state changed and must be persisted
    QString code; // WeChat error code, for logs
    QString reason; // detail.reason, for logs
    QString requestNo; // the request number applied or replayed
    bool replayed = false; // answered from the original result of an applied request number
};

struct Route
{
    Endpoint endpoint = Endpoint::Unknown;
    QStringList params; // percent-decoded path parameters
    std::optional<Reply> error; // 404 unknown path / 405 wrong method
};

class Engine
{
public:
    Engine(SimState &state, const KeyMaterial &keys, const wechatpay::Clock &clock);

    static Route route(const IncomingRequest &request);
    // Authenticates, validates and executes one request that route() accepted.
    Reply handle(const Route &route, const IncomingRequest &request, VerifyMode mode);

    // The request checks alone (empty when the request is authentic).
    std::optional<Reply> authenticate(const IncomingRequest &request) const;

    static Reply error(
        int status, const QString &code, const QString &message, const QByteArray &detailJson = {});
    // {"reason": …} (+ field/location/issue when given), encoded.
    static QByteArray detail(const QString &reason, const QString &field = {}, const QString &location = {},
        const QString &issue = {});

private:
    Reply use(const QJsonObject &body);
    Reply deactivate(const QJsonObject &body);
    Reply returnCoupon(const QJsonObject &body);
    Reply queryCoupon(const QStringList &params);
    Reply queryStock(const QStringList &params);
    Reply certificates(VerifyMode mode);

    // use, deactivate and return: the parts they differ in (engine.cpp), run by change() in the order
    // of README.md "Order of business checks": fields → request number (replay or conflict) → the
    // operation's early refusal → stock and coupon → the operation's rule → its effect, recorded.
    struct CouponChange;
    Reply change(const CouponChange &c);
    std::optional<Reply> replayOrConflict(
        const QString &requestNo, const QString &field, Operation op, const QString &fingerprint);
    // Stock and coupon lookup: unknown stock or coupon, wrong merchant, deleted coupon.
    std::optional<Reply> findCoupon(
        const QString &couponCode, const QString &stockId, Coupon *&coupon, const Stock *&stock);
    void record(const QString &requestNo, Operation op, const QString &fingerprint, Coupon &coupon,
        const QByteArray &responseBody);

    SimState &m_state;
    const KeyMaterial &m_keys;
    const wechatpay::Clock &m_clock;
    wechatpay::PublicKey m_merchantPublicKey;
    QString m_merchantSerial;
};

} // namespace sim
