// Journal's shift handovers (table handovers, schema v4): record one, the counter's last one, the
// counter's past ones by page, one by id. desk owns what the totals mean; here they are bytes.
#include "journal.h"
#include "journal_p.h"

#include "sqlsupport.h"

#include <QVariant>

namespace history {

using namespace detail;

namespace {

const QLatin1String kHandoverColumns(
    "id, counter_id, staff, confirmed_by, shift_start, shift_end, totals_json, created_at");

HandoverRecord readHandover(const Lease &row)
{
    HandoverRecord r;
    r.id = row.value(0).toLongLong();
    r.counterId = row.value(1).toString();
    r.staff = row.value(2).toString();
    r.confirmedBy = row.value(3).toString();
    r.shiftStart = QDateTime::fromMSecsSinceEpoch(row.value(4).toLongLong());
    r.shiftEnd = QDateTime::fromMSecsSinceEpoch(row.value(5).toLongLong());
    r.totalsJson = row.value(6).toString().toUtf8();
    r.createdAt = QDateTime::fromMSecsSinceEpoch(row.value(7).toLongLong());
    return r;
}

Result<QList<HandoverRecord>> readHandovers(
    StatementCache &statements, const Statement &statement, const QString &what)
{
    Lease query(statements);
    if (auto r = query.run(statement, what); !r) {
        return r.error();
    }
    QList<HandoverRecord> list;
    while (query.next()) {
        list.append(readHandover(query));
    }
    if (query.lastError().isValid()) {
        return sqlError(query.lastError(), what);
    }
    return list;
}

Result<void> validateHandover(const HandoverRecord &record)
{
    if (!record.shiftStart.isValid() || !record.shiftEnd.isValid()) {
        return Error::make(
            ErrorKind::InvalidArgument, QStringLiteral("a handover needs its shift's start and end"));
    }
    if (record.shiftEnd < record.shiftStart) {
        return Error::make(
            ErrorKind::InvalidArgument, QStringLiteral("a handover's shift cannot end before it starts"));
    }
    if (record.staff.isEmpty() || record.confirmedBy.isEmpty()) {
        return Error::make(ErrorKind::InvalidArgument,
            QStringLiteral("a handover needs whose shift it was and who confirmed it"));
    }
    if (record.totalsJson.isEmpty()) {
        return Error::make(ErrorKind::InvalidArgument, QStringLiteral("a handover needs its totals"));
    }
    return {};
}

} // namespace

Result<qint64> Journal::insertHandover(HandoverRecord &record)
{
    if (auto r = d->checkOpen(); !r) {
        return r.error();
    }
    if (auto r = validateHandover(record); !r) {
        return r.error();
    }
    const QDateTime createdAt = record.createdAt.isValid() ? record.createdAt : d->currentTime();

    WriteTransaction tx(d->statements);
    if (auto r = tx.begin(); !r) {
        return r.error();
    }
    Lease query(d->statements);
    // Checked inside the write transaction: two instances ending the same shift cannot both pass.
    if (auto r = query.run({ QStringLiteral("SELECT MAX(shift_end) FROM handovers WHERE counter_id = ?"),
                               { text(record.counterId) } },
            QStringLiteral("could not read the counter's last handover"));
        !r) {
        return r.error();
    }
    if (query.next() && !query.value(0).isNull()) {
        const qint64 lastEnd = query.value(0).toLongLong();
        if (record.shiftStart.toMSecsSinceEpoch() < lastEnd) {
            return Error::make(ErrorKind::Duplicate,
                QLatin1String("this shift was handed over already: counter ") + record.counterId
                    + QLatin1String("'s last handover ended at ")
                    + isoWithOffset(QDateTime::fromMSecsSinceEpoch(lastEnd)));
        }
    }
    query.finish();
    if (auto r
        = query.run({ QStringLiteral("INSERT INTO handovers (counter_id, staff, confirmed_by, shift_start,"
                                     " shift_end, totals_json, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"),
                        { text(record.counterId), text(record.staff), text(record.confirmedBy),
                            record.shiftStart.toMSecsSinceEpoch(), record.shiftEnd.toMSecsSinceEpoch(),
                            QString::fromUtf8(record.totalsJson), createdAt.toMSecsSinceEpoch() } },
            QStringLiteral("could not record the handover"));
        !r) {
        return r.error();
    }
    const qint64 id = query.query().lastInsertId().toLongLong();
    query.finish();
    if (auto r = tx.commit(); !r) {
        return r.error();
    }
    record.id = id;
    record.createdAt = QDateTime::fromMSecsSinceEpoch(createdAt.toMSecsSinceEpoch());
    return id;
}

Result<std::optional<HandoverRecord>> Journal::lastHandover(const QString &counterId) const
{
    if (auto r = d->checkOpen(); !r) {
        return r.error();
    }
    auto rows = readHandovers(d->statements,
        { QLatin1String("SELECT ") + kHandoverColumns
                + QLatin1String(
                    " FROM handovers WHERE counter_id = ? ORDER BY shift_end DESC, id DESC LIMIT 1"),
            { text(counterId) } },
        QStringLiteral("could not read the counter's last handover"));
    if (!rows) {
        return rows.error();
    }
    if (rows->isEmpty()) {
        return std::optional<HandoverRecord>();
    }
    return std::optional<HandoverRecord>(rows->first());
}

Result<QList<HandoverRecord>> Journal::handovers(const QString &counterId, int offset, int limit) const
{
    if (auto r = d->checkOpen(); !r) {
        return r.error();
    }
    if (offset < 0 || limit < 1 || limit > kMaxPageSize) {
        return Error::make(ErrorKind::InvalidArgument,
            QLatin1String("bad page: offset ") + QString::number(offset) + QLatin1String(", limit ")
                + QString::number(limit) + QLatin1String(" (1..") + QString::number(kMaxPageSize)
                + QLatin1Char(')'));
    }
    return readHandovers(d->statements,
        { QLatin1String("SELECT ") + kHandoverColumns
                + QLatin1String(
                    " FROM handovers WHERE counter_id = ? ORDER BY shift_end DESC, id DESC LIMIT ? OFFSET ?"),
            { text(counterId), limit, offset } },
        QStringLiteral("could not list the handovers"));
}

Result<HandoverRecord> Journal::handover(qint64 id) const
{
    if (auto r = d->checkOpen(); !r) {
        return r.error();
    }
    auto rows = readHandovers(d->statements,
        { QLatin1String("SELECT ") + kHandoverColumns + QLatin1String(" FROM handovers WHERE id = ?"),
            { id } },
        QStringLiteral("could not read the handover"));
    if (!rows) {
        return rows.error();
    }
    if (rows->isEmpty()) {
        return Error::make(ErrorKind::NotFound, QLatin1String("no handover ") + QString::number(id));
    }
    return rows->first();
}

} // namespace history
