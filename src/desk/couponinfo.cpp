#include "couponinfo.h"

#include "couponcodes.h"
#include "historymapping_p.h"

#include <QCoreApplication>
#include <QDate>

namespace desk {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(desk::CouponInfo)
};

} // namespace

CouponKnowledge couponKnowledge(
    const history::Journal &journal, const QList<StockRef> &stocks, const QString &couponCode)
{
    CouponKnowledge k;
    k.couponCode = normalizeCode(couponCode);
    history::JournalFilter f;
    f.codeExact = k.couponCode;
    if (auto rows = journal.query(f, 0, CouponKnowledge::kMaxRows); rows.ok())
        k.rows = rows.value();
    for (const history::JournalEntry &e : std::as_const(k.rows))
        if (e.state == history::State::Succeeded && k.stockId.isEmpty())
            k.stockId = e.stockId; // a success names the code's stock for sure
    // Automatic stock leaves a definite 404 per stock tried before the right one: those are not
    // the coupon's story, so they are left out once its stock is known.
    if (!k.stockId.isEmpty())
        k.rows.removeIf([&k](const history::JournalEntry &e) {
            return e.state == history::State::Failed && e.httpStatus == 404 && e.stockId != k.stockId;
        });
    if (k.stockId.isEmpty()) {
        QStringList matching;
        for (const StockRef &s : stocks)
            if (codeMatchesPattern(k.couponCode, s.codePattern))
                matching << s.id;
        if (matching.size() == 1)
            k.stockId = matching.first();
    }
    return k;
}

QString counterTime(const QDateTime &time)
{
    const QDateTime at = time.toLocalTime();
    return at.date() == QDate::currentDate() ? at.toString(QStringLiteral("HH:mm"))
                                             : at.toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

QString staffName(const StaffDirectory &staff, const QString &id)
{
    const auto member = staff.find(id);
    return member && !member->name.isEmpty() ? member->name : id;
}

QString describeRow(const history::JournalEntry &row, const StaffDirectory &staff)
{
    return Text::tr("%1 %2 · %3 (%4)")
        .arg(counterTime(row.createdAt), operationLabel(row.operation), stateLabel(row.state),
            staffName(staff, row.staff));
}

StaffMessage knowledgeMessage(const CouponKnowledge &k, const StaffDirectory &staff, const QString &stockLine)
{
    StaffMessage m;
    m.severity = Severity::Info;
    if (k.rows.isEmpty()) {
        m.headline = Text::tr("%1: no record at this counter").arg(k.couponCode);
    } else {
        m.headline = Text::tr("%1: %2").arg(k.couponCode, describeRow(k.rows.first(), staff));
    }
    QStringList lines;
    if (!stockLine.isEmpty())
        lines << stockLine;
    for (qsizetype i = 1; i < k.rows.size(); ++i)
        lines << describeRow(k.rows.at(i), staff);
    lines << Text::tr("For WeChat Pay's live state, type the customer's openid and press F5 again.");
    m.action = lines.join(QLatin1Char('\n'));
    return m;
}

} // namespace desk
