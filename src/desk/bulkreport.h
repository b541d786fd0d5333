// The outcome of every row of a bulk void job, the job's summary, and the report CSV written from them.
#pragma once

#include "result.h"

#include <QList>
#include <QMetaType>
#include <QString>

class QIODevice;

namespace desk {

enum class BulkOutcome {
    Pending, // not finished yet
    Voided, // deactivated by this job (SUCCEEDED)
    AlreadyVoided, // WeChat Pay said "already deactivated" and a query confirmed DEACTIVATED
    AlreadyVoidedUnverified, // said "already deactivated" but could not be checked (no openid)
    Failed, // refused (used, expired, another merchant's…) or not sent
    Uncertain, // sent, outcome still unknown (journaled; settled later)
    SkippedInvalid,
    SkippedDuplicate,
    NotStarted, // the job was cancelled before this row
};
QString bulkOutcomeName(BulkOutcome outcome); // voided, already_voided, already_voided_unverified, failed, …

struct BulkRowResult
{
    int line = 0;
    QString couponCode;
    QString stockId;
    BulkOutcome outcome = BulkOutcome::Pending;
    QString requestNo;
    QString wechatTime;
    QString code; // WeChat's code or ours (e.g. COUPON_USED, NOT_SENT:TIMEOUT, FIELD_INVALID)
    QString message; // staff-facing
    qint64 journalId = 0;
};

struct BulkSummary
{
    QString jobId;
    int total = 0; // rows in the file
    int voided = 0;
    int alreadyVoided = 0;
    int alreadyVoidedUnverified = 0;
    int failed = 0;
    int uncertain = 0;
    int skippedInvalid = 0;
    int skippedDuplicate = 0;
    int notStarted = 0;
    int resumedDone = 0; // rows already finished by an earlier run (found in the journal)
    bool cancelled = false;
    qint64 elapsedMs = 0;
    int sentThisRun = 0; // deactivates started by this run (not counting Desk's own retries)

    bool allDone() const { return failed + uncertain + alreadyVoidedUnverified + notStarted == 0; }
};

// The report CSV: line,coupon_code,stock_id,outcome,request_no,wechat_time,code,message (RFC 4180,
// CRLF, UTF-8, optional BOM for Excel, formula-injection guard). Rows in file order.
Status writeBulkReport(const QList<BulkRowResult> &rows, QIODevice &out, bool withBom);

} // namespace desk

Q_DECLARE_METATYPE(desk::BulkSummary)
