// The shop's rules, once, for the GUI and the CLI: validate, journal before sending, send, verify,
// map the outcome, retry with the same request number and body, settle by query, never redeem twice.
#pragma once

#include "coupondetail.h"
#include "fielderror.h"
#include "historyrow.h"
#include "messages.h"
#include "result.h"
#include "staff.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace history {
struct Error;
class Journal;
struct JournalEntry;
enum class Operation;
enum class SettledBy;
enum class State;
} // namespace history

namespace wechatpay {
class ApiCall;
class ApiClient;
class Clock;
struct ApiRequest;
struct ApiResponse;
} // namespace wechatpay

namespace desk {

class Reconciler;

enum class Outcome {
    Succeeded, // verified by WeChat Pay
    Failed, // a definite refusal (or nothing could be sent)
    Uncertain, // sent, outcome not known yet: journaled UNCERTAIN and settled later
    Rejected, // bad input or not allowed: nothing was sent, nothing journaled
};
QString outcomeName(Outcome outcome);

struct OperationResult
{
    Operation operation = Operation::Use;
    Outcome outcome = Outcome::Rejected;
    qint64 journalId = 0;
    QString couponCode;
    QString stockId;
    QString requestNo;
    QString wechatTime; // wechatpay_use_time / _deactivate_time / _return_time
    QString requestId; // WeChat's Request-ID
    int attempts = 0;
    Error error; // the reason when not Succeeded
    StaffMessage message; // what staff read
    QList<FieldError> fieldErrors; // Rejected: which fields
    std::optional<CouponDetail> coupon; // queryCoupon
    std::optional<StockInfo> stock; // stockInfo
    QStringList triedStocks; // Redeemer: the stocks asked, in order (automatic stock)
    qint64 earlierJournalId = 0; // Redeemer: "already used" was this counter's own earlier success (that row)
    std::optional<qint64> orderFen; // Redeemer: the order's amount when the till gave it
    std::optional<qint64> discountFen; // …and what the coupon takes off it
    std::optional<qint64> dueFen; // …and what the customer pays
};

// One operation under way. Emits pending() once when the first answer leaves the outcome open,
// then finished() exactly once. Owned by the caller (deleteLater() after finished).
class Task final : public QObject
{
    Q_OBJECT
public:
    explicit Task(QObject *parent = nullptr)
        : QObject(parent)
    {
    }
    const OperationResult &result() const { return m_result; }
    bool isFinished() const { return m_finished; }

Q_SIGNALS:
    void pending(const desk::OperationResult &result);
    void finished(const desk::OperationResult &result);

private:
    friend class Desk;
    friend class Reconciler;
    friend class Redeemer;
    // Marks the task finished and emits finished() with its result: now, or on the next turn of the
    // event loop (so every caller connects the same way whether or not anything was sent).
    void finish();
    void finishLater();
    OperationResult m_result;
    bool m_finished = false;
    bool m_pendingSent = false;
};

struct RetryPolicy
{
    int maxAttempts = 4; // sends per settling run, the first included
    int firstDelayMs = 1000; // then doubled
    int maxDelayMs = 8000;
    int rateLimitDelayMs = 3000; // at least this after a 429
};

// Extras for a deactivate (additive; the plain overload leaves both empty).
struct DeactivateOptions
{
    QString batchId; // the bulk job it belongs to (journal batch_id)
    QString
        openid; // the customer's openid when known: journaled, so an unclear outcome can be settled by query
};

// What the till knew about the order a coupon is redeemed on; journaled with the redemption for the
// reports. Both absent when the counter did not check the order.
struct OrderAmounts
{
    std::optional<qint64> orderFen;
    std::optional<qint64> discountFen;
};

struct DeskOptions
{
    QString counterId;
    QString appid;
    RetryPolicy retry;
    int reconcileIntervalMs = 60 * 1000; // background settling of UNCERTAIN rows; 0 = off
};

class Desk final : public QObject
{
    Q_OBJECT
public:
    Desk(wechatpay::ApiClient &client, history::Journal &journal, const wechatpay::Clock &clock,
        DeskOptions options, QObject *parent = nullptr);
    ~Desk() override;

    // Writes. Each returns a Task at once; invalid input finishes it (Rejected) before returning.
    Task *redeem(const StaffSession &staff, const QString &couponCode, const QString &stockId,
        const QString &openid = {}, const OrderAmounts &order = {});
    Task *deactivate(const StaffSession &manager, const QString &couponCode, const QString &stockId,
        const QString &reason);
    Task *deactivate(const StaffSession &manager, const QString &couponCode, const QString &stockId,
        const QString &reason, const DeactivateOptions &options);
    Task *returnCoupon(const StaffSession &manager, const QString &couponCode, const QString &stockId);

    // Reads (not journaled).
    Task *queryCoupon(const QString &couponCode, const QString &openid);
    Task *stockInfo(const QString &stockId);

    // Settling: one row now (GUI "settle now"), or every PENDING/UNCERTAIN row (start-up, periodic, CLI
    // reconcile).
    Task *settle(qint64 journalId);
    Task *settleAll(); // finished() when every row has been tried once; result().attempts = rows tried
    // A manager closes an unconfirmed row by hand after checking the coupon in the WeChat Pay merchant
    // platform: `wentThrough` says whether the operation took effect. Recorded as settled "manual",
    // with who did it and why. Refused for rows being settled right now and for non-managers.
    Status settleManually(
        qint64 journalId, bool wentThrough, const StaffSession &manager, const QString &note);
    int unsettledCount() const;
    bool isBusy(const QString &couponCode) const { return m_activeCodes.contains(couponCode); }

    const DeskOptions &options() const { return m_options; }
    history::Journal &journal() { return m_journal; }

    // Field checks the forms use before anything is sent (empty list = fine).
    static QList<FieldError> checkRedeem(const QString &code, const QString &stockId, const QString &openid);
    static QList<FieldError> checkVoid(const QString &code, const QString &stockId, const QString &reason);
    static QList<FieldError> checkQuery(const QString &code, const QString &openid); // openid required
    static QList<FieldError> checkStock(const QString &stockId);
    static QList<FieldError> checkReason(const QString &reason); // a void's reason (required)
    // A stock id as the settings page adds it: what is wrong with it, in staff's words, or nothing.
    static std::optional<StaffMessage> checkStockId(const QString &stockId);
    // The result of input refused by one of the checks above: nothing sent, nothing journaled
    // (what a write or read with these fields finishes with, for callers that check first).
    static OperationResult refusal(
        Operation operation, const QString &code, const QString &stockId, const QList<FieldError> &fields);

Q_SIGNALS:
    void journalChanged(qint64 journalId);
    void settled(const desk::OperationResult &result); // a row settled in the background or by settle()
    void unsettledCountChanged(int count);
    void clockSkewObserved(qint64 secs);
    void wechatPayAnswered(bool reached); // after every call: an HTTP answer arrived, or the network failed

private:
    struct Job;
    Task *startWrite(history::Operation op, const StaffSession &staff, const QString &code,
        const QString &stockId, const QString &openid, const QString &reason, const QString &batchId = {},
        const OrderAmounts &order = {});
    Task *rejected(history::Operation op, const QString &code, const QString &stockId, const Error &error,
        const StaffMessage &message);
    Task *rejected(
        history::Operation op, const QString &code, const QString &stockId, const QList<FieldError> &fields);
    Task *refusedInsert(
        history::Operation op, const QString &code, const QString &stockId, const history::Error &error);
    void attempt(Job *job);
    void onAnswer(Job *job, wechatpay::ApiCall *call);
    void confirmByQuery(Job *job);
    void onQueryAnswer(Job *job, wechatpay::ApiCall *call);
    void retryLater(Job *job, const Error &error);
    void settleJob(Job *job, history::State state, const Error &error, const QString &wechatTime,
        const QString &requestId, history::SettledBy by, const StaffMessage &message);
    void leaveUncertain(Job *job, const Error &error);
    void markUncertain(Job *job, const Error &error);
    void finishJob(Job *job);
    Job *addJob(const history::JournalEntry &entry, Task *task);
    void startSettling(const history::JournalEntry &entry, Task *task);
    // A read (query, stock): not journaled; `accept` fills the result from a verified body.
    Task *startRead(const wechatpay::ApiRequest &request, OperationResult seed,
        std::function<std::optional<Error>(const QByteArray &, OperationResult &)> accept);
    void observeSkew(const wechatpay::ApiResponse &response);

    wechatpay::ApiClient &m_client;
    history::Journal &m_journal;
    const wechatpay::Clock &m_clock;
    DeskOptions m_options;
    std::vector<std::unique_ptr<Job>> m_jobs; // every write or settling under way (owned here)
    QHash<QString, Job *> m_activeCodes; // coupon code → its running write (in m_jobs)
    QSet<qint64> m_activeRows;
    std::unique_ptr<Reconciler> m_reconciler; // the settling queue and its timer
};

} // namespace desk
