// The simulator's world: merchants, stocks (批次), coupons and the request numbers it has applied.
// Plain values plus JSON (de)serialisation; the same format is used for --seed files and for the
// persisted DIR/state.json (which adds the applied request numbers).
#pragma once

#include "wechatpay/result.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace sim {

// The endpoints faults and rate limits are keyed by ("use", "deactivate", …; see endpointName()).
enum class Endpoint { Use, Deactivate, Return, QueryCoupon, QueryStock, Certificates, Unknown };
QString endpointName(Endpoint endpoint); // use|deactivate|return|query|stock|certificates
Endpoint endpointFromName(const QString &name); // Unknown for anything else
QStringList allEndpointNames();

enum class Operation { Use, Deactivate, Return };
QString operationName(Operation op); // use|deactivate|return

// How answers are signed (see README.md): with the platform certificate; with the WeChat Pay public
// key; or, while a merchant migrates, with the public key when the request carries
// "Wechatpay-Serial: PUB_KEY_ID_…" and with the platform certificate otherwise.
enum class VerifyMode { PlatformCert, PublicKey, Migrating };
QString verifyModeName(VerifyMode mode); // platform-cert|public-key|migrating
std::optional<VerifyMode> verifyModeFromName(const QString &name);
struct Merchant
{
    QString mchid;
    QString name;
    QStringList appids;
};

struct Stock
{
    QString stockId;
    QString stockName;
    QString belongMerchant;
    QString couponCodeMode
        = QStringLiteral("MERCHANT_API"); // WECHATPAY_MODE | MERCHANT_API | MERCHANT_UPLOAD
    QString stockType = QStringLiteral("NORMAL"); // NORMAL | DISCOUNT | EXCHANGE
    QString stockState = QStringLiteral("RUNNING");
    QString goodsName;
    QString comment;
    QString availableBeginTime; // RFC 3339
    QString availableEndTime; // RFC 3339
    // coupon_use_rule, by stock_type (fen): NORMAL discount_amount, DISCOUNT discount_percent,
    // EXCHANGE exchange_price; 0 = not served (older seeds). transaction_minimum for all three.
    qint64 discountAmount = 0;
    int discountPercent = 0;
    qint64 exchangePrice = 0;
    qint64 transactionMinimum = 0;
    QString codePattern; // not WeChat's: the shape of the codes, written to the client config (desk/stocks)
};

struct Coupon
{
    QString couponCode;
    QString stockId;
    QString openid;
    QString appid; // the AppID the coupon was sent under
    QString state = QStringLiteral("SENDED"); // stored: SENDED | USED | DEACTIVATED | DELETED | EXPIRED
    QString availableStartTime; // RFC 3339
    QString expireTime; // RFC 3339
    QString receiveTime; // RFC 3339
    QString useRequestNo;
    QString useTime; // the merchant's use_time, as sent
    QString wechatpayUseTime; // when the simulator applied it
    QString useAppid;
    QString returnRequestNo;
    QString returnTime;
    QString deactivateRequestNo;
    QString deactivateTime;
    QString deactivateReason;
    QMap<QString, int> applied; // request number → times applied (never more than 1)

    // SENDED past expire_time reads as EXPIRED (computed with the simulator's clock).
    QString effectiveState(qint64 nowSecs) const;
};

// One applied request number. The simulator answers a replay with `responseBody` again.
struct RequestRecord
{
    QString requestNo;
    Operation op = Operation::Use;
    QString fingerprint; // the canonical parameters it was applied with
    QString couponCode;
    QString stockId;
    QByteArray responseBody;
    int appliedCount = 0; // state changes made under this number: 1
    int replayCount = 0; // answers given from `responseBody` to identical retries
    qint64 appliedAtSecs = 0;
};

class SimState
{
public:
    QString mchid; // the calling merchant: the simulator holds its API certificate
    QList<Merchant> merchants;
    QList<Stock> stocks;
    QList<Coupon> coupons;
    QHash<QString, RequestRecord> requests;

    const Merchant *merchant(const QString &mchid) const;
    const Stock *stock(const QString &stockId) const;
    Coupon *coupon(const QString &couponCode);
    const Coupon *coupon(const QString &couponCode) const;
    QStringList appidsOf(const QString &mchid) const;

    void reindex();
    // Duplicates, dangling references, bad codes or states, unparsable times.
    wechatpay::Status validate() const;

    QByteArray toJson() const;
    // One line of the change journal: the request record `requestNo` and its coupon, in full.
    QByteArray changeRecord(const QString &requestNo) const;
    // Applies such a line (an upsert, so applying it twice is harmless); false when unreadable.
    bool applyChangeRecord(const QByteArray &line);
    // Reads a seed or a persisted state. Times may be RFC 3339 or relative to `nowSecs`:
    // "now", "now+30d", "now-1d", "now+2h", "now-90m", "now+10s".
    static wechatpay::Result<SimState> fromJson(const QByteArray &json, qint64 nowSecs);

private:
    QHash<QString, qsizetype> m_couponIndex;
    QHash<QString, qsizetype> m_stockIndex;
};

QJsonObject couponToJson(const Coupon &coupon);
Coupon couponFromJson(const QJsonObject &object);
QJsonObject requestToJson(const RequestRecord &record);
RequestRecord requestFromJson(const QJsonObject &object);

// RFC 3339 in +08:00 (WeChat Pay's own offset).
QString rfc3339(qint64 secs);
// Seconds since the epoch of an RFC 3339 string; nullopt when it is not one.
std::optional<qint64> parseTime(const QString &text);

} // namespace sim
