#include "handoverservice.h"

#include "handoverjson_p.h"
#include "historymapping_p.h"
#include "logging.h"
#include "reportservice.h"

#include "history/journal.h"

#include <utility>

namespace desk {

namespace {

Result<Handover> fromRecord(const history::HandoverRecord &r)
{
    Handover h;
    h.id = r.id;
    h.counterId = r.counterId;
    h.staff = r.staff;
    h.confirmedBy = r.confirmedBy;
    h.shiftStart = r.shiftStart.toLocalTime();
    h.shiftEnd = r.shiftEnd.toLocalTime();
    h.createdAt = r.createdAt.toLocalTime();
    if (auto st = detail::readHandoverTotals(r.totalsJson, h); !st)
        return st.error();
    h.report.query.from = h.shiftStart;
    h.report.query.to = h.shiftEnd;
    return h;
}

QString nameOf(const StaffDirectory &staff, const QString &id)
{
    const auto m = staff.find(id);
    return m && !m->name.isEmpty() ? m->name : id;
}

} // namespace

HandoverService::HandoverService(history::Journal &journal, const ReportService &reports,
    const StaffDirectory &staff, QString counterId, QString shop)
    : m_journal(journal)
    , m_reports(reports)
    , m_staff(staff)
    , m_counterId(std::move(counterId))
    , m_shop(std::move(shop))
{
}

Result<ReportQuery> HandoverService::currentShift(const QDateTime &now) const
{
    const auto last = m_journal.lastHandover(m_counterId);
    if (!last)
        return historyError(last.error().message);
    ReportQuery q;
    q.scope = HistoryScope::Counter;
    // Whole seconds, the precision of the journal's rows (the session's clock): a row stamped in the
    // second of a handover belongs to the next shift, whether it was written just before or just after
    // it, so every row is in exactly one shift and none falls between two.
    q.to = QDateTime::fromSecsSinceEpoch(now.toSecsSinceEpoch()).toLocalTime();
    q.from = last->has_value() ? (*last)->shiftEnd.toLocalTime() : q.to.date().startOfDay();
    if (q.to == q.from)
        return Error::make(ErrorKind::InvalidInput, QStringLiteral("SHIFT_EMPTY"),
            QStringLiteral("the last shift at this counter was handed over this very second: nothing to hand "
                           "over yet"));
    if (q.to < q.from)
        return Error::make(ErrorKind::InvalidInput, QStringLiteral("CLOCK_BEHIND"),
            QStringLiteral("the last shift at this counter was handed over at %1, not before now (%2): "
                           "check the computer's clock")
                .arg(q.from.toString(Qt::ISODateWithMs), q.to.toString(Qt::ISODateWithMs)));
    return q;
}

bool HandoverService::mayConfirm(const StaffMember &shiftOwner, const StaffSession &confirmer)
{
    if (!confirmer.pinVerified)
        return false;
    if (confirmer.member.role == Role::Manager)
        return true;
    return confirmer.member.id == shiftOwner.id && !shiftOwner.pinHash.isEmpty();
}

Result<Handover> HandoverService::endShift(
    const QString &staffId, const StaffSession &confirmer, const QDateTime &now)
{
    const auto owner = m_staff.find(staffId);
    if (!owner)
        return Error::make(ErrorKind::InvalidInput, QStringLiteral("UNKNOWN_STAFF"),
            QStringLiteral("unknown staff id \"%1\"").arg(staffId));
    if (!mayConfirm(*owner, confirmer))
        return Error::make(ErrorKind::InvalidInput, QStringLiteral("NOT_ALLOWED"),
            QStringLiteral("ending %1's shift needs a manager's PIN, or %1's own PIN when they have one")
                .arg(staffId));
    const auto shift = currentShift(now);
    if (!shift)
        return shift.error();
    auto report = m_reports.build(*shift);
    if (!report)
        return report.error();

    Handover h;
    h.counterId = m_counterId;
    h.staff = owner->id;
    h.staffName = owner->name.isEmpty() ? owner->id : owner->name;
    h.confirmedBy = confirmer.member.id;
    h.confirmedByName = nameOf(m_staff, confirmer.member.id);
    h.shop = m_shop;
    h.shiftStart = shift->from;
    h.shiftEnd = shift->to;
    h.report = std::move(report.value());

    history::HandoverRecord record;
    record.counterId = h.counterId;
    record.staff = h.staff;
    record.confirmedBy = h.confirmedBy;
    record.shiftStart = h.shiftStart;
    record.shiftEnd = h.shiftEnd;
    record.totalsJson = detail::handoverTotalsJson(h);
    record.createdAt = h.shiftEnd;
    if (auto id = m_journal.insertHandover(record); !id) {
        if (id.error().kind == history::ErrorKind::Duplicate)
            return Error::make(
                ErrorKind::InvalidInput, QStringLiteral("ALREADY_HANDED_OVER"), id.error().message);
        return historyError(id.error().message);
    }
    h.id = record.id;
    h.createdAt = record.createdAt.toLocalTime();
    qCInfo(lcDesk).noquote() << "shift handed over: id" << h.id << "staff" << h.staff << "confirmed by"
                             << h.confirmedBy << "redeemed" << h.report.total.redeemed;
    return h;
}

Result<QList<Handover>> HandoverService::past(int limit, int offset) const
{
    if (limit < 1 || limit > kMaxPageSize || offset < 0)
        return Error::make(ErrorKind::InvalidInput, QStringLiteral("BAD_PAGE"),
            QStringLiteral("bad page: offset %1, limit %2").arg(offset).arg(limit));
    const auto records = m_journal.handovers(m_counterId, offset, limit);
    if (!records)
        return historyError(records.error().message);
    QList<Handover> list;
    for (const history::HandoverRecord &r : *records) {
        auto h = fromRecord(r);
        if (!h)
            return h.error();
        list.append(std::move(h.value()));
    }
    return list;
}

Result<Handover> HandoverService::find(qint64 id) const
{
    const auto record = m_journal.handover(id);
    if (!record) {
        if (record.error().kind == history::ErrorKind::NotFound)
            return Error::make(ErrorKind::InvalidInput, QStringLiteral("NOT_FOUND"),
                QStringLiteral("there is no handover %1").arg(id));
        return historyError(record.error().message);
    }
    return fromRecord(*record);
}

} // namespace desk
