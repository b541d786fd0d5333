#include "bulkvoidplan.h"

#include "answers.h"
#include "historymapping_p.h"
#include "logging.h"

#include "history/journal.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QHash>

namespace desk {

namespace {

QString rowKey(const QString &code, const QString &stock)
{
    return code + QChar(0x1F) + stock;
}

// Whether the journal rows of one coupon in this batch leave nothing to send (the same rules as
// BulkVoidJob's resume: a success, or a settled refusal for a request that was really sent).
bool settledEarlier(const QList<history::JournalEntry> &rows)
{
    if (rows.isEmpty())
        return false;
    const history::JournalEntry *latest = &rows.first();
    for (const history::JournalEntry &e : rows) {
        if (e.state == history::State::Succeeded)
            return true;
        if (!history::isSettled(e.state))
            return false;
        if (e.id > latest->id)
            latest = &e;
    }
    return !isNotSent(latest->wechatCode);
}

} // namespace

BulkSendPlan planBulkSend(const history::Journal &journal, const QString &jobDir, const BulkPreview &preview,
    const QString &defaultReason, const QString &stockId)
{
    BulkSendPlan plan;
    QList<BulkRow> rows = preview.rows;
    QString batchId;
    const QString path = bulkManifestPath(jobDir, bulkJobKey(preview.sha256, defaultReason, stockId));
    if (QFileInfo::exists(path)) {
        if (auto loaded = BulkManifest::load(path); loaded && loaded->fileSha256 == preview.sha256) {
            plan.resumed = true;
            rows = loaded->rows;
            batchId = loaded->jobId;
        }
    }
    QHash<QString, QList<history::JournalEntry>> byCoupon;
    if (!batchId.isEmpty()) {
        history::JournalFilter filter;
        filter.batchId = batchId;
        filter.operation = history::Operation::Deactivate;
        for (int offset = 0;; offset += history::Journal::kMaxPageSize) {
            auto page = journal.query(filter, offset, history::Journal::kMaxPageSize);
            if (!page) {
                qCWarning(lcDesk) << "bulk job" << batchId
                                  << "cannot read the journal:" << page.error().toString();
                break;
            }
            for (const history::JournalEntry &e : page.value())
                byCoupon[rowKey(e.couponCode, e.stockId)] << e;
            if (page->size() < history::Journal::kMaxPageSize)
                break;
        }
    }
    for (const BulkRow &row : std::as_const(rows)) {
        if (row.status != BulkRowStatus::Ok)
            continue;
        if (settledEarlier(byCoupon.value(rowKey(row.couponCode, row.stockId))))
            ++plan.alreadyDone;
        else
            ++plan.toSend;
    }
    return plan;
}

QString bulkConfirmText(const BulkSendPlan &plan)
{
    if (plan.toSend == 0)
        return QCoreApplication::translate(
            "desk::BulkVoid", "%1 of %2 coupons already handled: nothing to send. Show their results?")
            .arg(plan.alreadyDone)
            .arg(plan.total());
    if (plan.alreadyDone > 0)
        return QCoreApplication::translate(
            "desk::BulkVoid", "Void %1 coupons now (%2 already handled)? This cannot be undone.")
            .arg(plan.toSend)
            .arg(plan.alreadyDone);
    return QCoreApplication::translate("desk::BulkVoid", "Void %1 coupons now? This cannot be undone.")
        .arg(plan.toSend);
}

} // namespace desk
