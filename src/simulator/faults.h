// Fault injection: per endpoint, for the next N requests or with a probability.
#pragma once

#include "wechatpay/result.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <functional>

namespace sim {

enum class FaultKind {
    Delay, // answer normally, delay_ms later (the change is applied at once)
    Hang, // read the request, never answer, never apply; the socket stays open
    DropBefore, // close the connection without applying
    DropAfter, // apply, then close without answering
    Status500, // 500 SYSTEM_ERROR, not applied
    Status502, // 502 SERVICE_UNAVAILABLE, not applied
    Status503, // 503 SERVICE_UNAVAILABLE, not applied
    Status202, // apply, answer 202 with an empty body (accepted; a retry gets the 200)
    Status429, // 429 RATELIMIT_EXCEEDED, not applied
    MalformedJson, // apply; a correctly signed 200 whose body is not valid JSON
    TruncatedBody, // apply; Content-Length of the whole body, half of it sent, then closed
    Unsigned, // apply; a 200 without Wechatpay-* headers
    BadSignature, // apply; a well-formed signature over different bytes
    StaleTimestamp, // apply; signed correctly but Wechatpay-Timestamp 10 minutes old
    NonNumericTimestamp, // apply; Wechatpay-Timestamp is an RFC 3339 date instead of seconds
    UnknownSerial, // apply; signed by a key and serial the client cannot know
    SignTestProbe, // apply; Wechatpay-Signature starts with WECHATPAY/SIGNTEST/
};

QString faultName(FaultKind kind);
std::optional<FaultKind> faultFromName(const QString &name);
QStringList allFaultNames();
// Whether the change requested is applied when this fault fires (on use/deactivate/return).
bool faultApplies(FaultKind kind);

struct FaultSpec
{
    QString endpoint = QStringLiteral("*"); // use|deactivate|return|query|stock|certificates|*
    FaultKind kind = FaultKind::Status500;
    int count = 1; // fire for the next N requests; with a probability: at most N times (0 = no limit)
    double probability = -1; // 0 < p ≤ 1: fire on each request with this chance; < 0: count-based
    int delayMs = 0; // the answer (if any) is written this much later; `delay` defaults to 1000

    QJsonObject toJson() const;
    // {"endpoint":"use","fault":"status_503","count":2} or {"…","probability":0.3,"delay_ms":500}
    static wechatpay::Result<FaultSpec> fromJson(const QJsonObject &object);
    // endpoint:name[:count|pP[:delay_ms]], e.g. "use:drop_after:2", "*:status_503:p0.2", "query:delay:1:1500"
    static wechatpay::Result<FaultSpec> fromArgument(const QString &argument);
};

class FaultTable
{
public:
    using Random = std::function<double()>; // uniform in [0, 1)
    explicit FaultTable(Random random);

    void add(const FaultSpec &spec);
    void clear();
    QList<FaultSpec> active() const { return m_specs; }
    // The fault for the next request to `endpoint`, consuming one use of it; the first matching
    // spec (in the order added) wins.
    std::optional<FaultSpec> take(const QString &endpoint);

private:
    Random m_random;
    QList<FaultSpec> m_specs;
};

} // namespace sim
