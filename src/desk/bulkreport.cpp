#include "bulkreport.h"

#include "bulkvoid_p.h"

#include "history/textutil.h"

#include <QIODevice>

namespace desk {

using namespace wechatpay;

QString bulkOutcomeName(BulkOutcome outcome)
{
    switch (outcome) {
    case BulkOutcome::Pending:
        return QStringLiteral("pending");
    case BulkOutcome::Voided:
        return QStringLiteral("voided");
    case BulkOutcome::AlreadyVoided:
        return QStringLiteral("already_voided");
    case BulkOutcome::AlreadyVoidedUnverified:
        return QStringLiteral("already_voided_unverified");
    case BulkOutcome::Failed:
        return QStringLiteral("failed");
    case BulkOutcome::Uncertain:
        return QStringLiteral("uncertain");
    case BulkOutcome::SkippedInvalid:
        return QStringLiteral("skipped_invalid");
    case BulkOutcome::SkippedDuplicate:
        return QStringLiteral("skipped_duplicate");
    case BulkOutcome::NotStarted:
        return QStringLiteral("not_started");
    }
    return {};
}

Status writeBulkReport(const QList<BulkRowResult> &rows, QIODevice &out, bool withBom)
{
    QByteArray buf;
    if (withBom)
        buf += "\xEF\xBB\xBF";
    buf += "line,coupon_code,stock_id,outcome,request_no,wechat_time,code,message\r\n";
    auto flush = [&]() -> bool {
        const bool ok = out.write(buf) == buf.size();
        buf.clear();
        return ok;
    };
    for (const BulkRowResult &r : rows) {
        const QString line = QString::number(r.line) + QLatin1Char(',') + history::csvField(r.couponCode)
            + QLatin1Char(',') + history::csvField(r.stockId) + QLatin1Char(',') + bulkOutcomeName(r.outcome)
            + QLatin1Char(',') + history::csvField(r.requestNo) + QLatin1Char(',')
            + history::csvField(r.wechatTime) + QLatin1Char(',') + history::csvField(r.code)
            + QLatin1Char(',') + history::csvField(r.message) + QStringLiteral("\r\n");
        buf += line.toUtf8();
        if (buf.size() > 64 * 1024 && !flush())
            return Error::make(ErrorKind::InvalidInput, QStringLiteral("WRITE_FAILED"),
                BulkVoid::tr("Cannot write the report: %1").arg(out.errorString()));
    }
    if (!flush())
        return Error::make(ErrorKind::InvalidInput, QStringLiteral("WRITE_FAILED"),
            BulkVoid::tr("Cannot write the report: %1").arg(out.errorString()));
    return {};
}

} // namespace desk
