#include "handoverjson_p.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace desk::detail {

namespace {

QJsonObject lineJson(const ReportLine &line)
{
    // Counts and fen are whole numbers well below 2^53: exact as JSON doubles.
    return QJsonObject { { QStringLiteral("key"), line.key }, { QStringLiteral("label"), line.label },
        { QStringLiteral("redeemed"), line.redeemed }, { QStringLiteral("voided"), line.voided },
        { QStringLiteral("returned"), line.returned }, { QStringLiteral("failed"), line.failed },
        { QStringLiteral("unsettled"), line.unsettled }, { QStringLiteral("value_fen"), line.valueFen },
        { QStringLiteral("value_unknown"), line.valueUnknown } };
}

QJsonArray linesJson(const QList<ReportLine> &lines)
{
    QJsonArray a;
    for (const ReportLine &l : lines)
        a.append(lineJson(l));
    return a;
}

ReportLine lineFrom(const QJsonObject &o)
{
    ReportLine l;
    l.key = o.value(QStringLiteral("key")).toString();
    l.label = o.value(QStringLiteral("label")).toString();
    l.redeemed = o.value(QStringLiteral("redeemed")).toInteger();
    l.voided = o.value(QStringLiteral("voided")).toInteger();
    l.returned = o.value(QStringLiteral("returned")).toInteger();
    l.failed = o.value(QStringLiteral("failed")).toInteger();
    l.unsettled = o.value(QStringLiteral("unsettled")).toInteger();
    l.valueFen = o.value(QStringLiteral("value_fen")).toInteger();
    l.valueUnknown = o.value(QStringLiteral("value_unknown")).toInteger();
    return l;
}

QList<ReportLine> linesFrom(const QJsonValue &v)
{
    QList<ReportLine> lines;
    const QJsonArray a = v.toArray();
    for (const QJsonValue &e : a)
        lines.append(lineFrom(e.toObject()));
    return lines;
}

} // namespace

QByteArray handoverTotalsJson(const Handover &h)
{
    const QJsonObject o { { QStringLiteral("version"), 1 }, { QStringLiteral("shop"), h.shop },
        { QStringLiteral("staff_name"), h.staffName },
        { QStringLiteral("confirmed_by_name"), h.confirmedByName },
        { QStringLiteral("scope"), scopeName(h.report.query.scope) },
        { QStringLiteral("total"), lineJson(h.report.total) },
        { QStringLiteral("by_stock"), linesJson(h.report.byStock) },
        { QStringLiteral("by_staff"), linesJson(h.report.byStaff) },
        { QStringLiteral("by_hour"), linesJson(h.report.byHour) },
        { QStringLiteral("unsettled"), h.report.total.unsettled } };
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

Status readHandoverTotals(const QByteArray &json, Handover &h)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject()
        || doc.object().value(QStringLiteral("version")).toInt() != 1)
        return Error::make(ErrorKind::InvalidInput, QStringLiteral("HANDOVER_UNREADABLE"),
            QStringLiteral("the recorded totals of handover %1 cannot be read").arg(h.id));
    const QJsonObject o = doc.object();
    h.shop = o.value(QStringLiteral("shop")).toString();
    h.staffName = o.value(QStringLiteral("staff_name")).toString();
    h.confirmedByName = o.value(QStringLiteral("confirmed_by_name")).toString();
    h.report.query.scope
        = scopeFromName(o.value(QStringLiteral("scope")).toString()).value_or(HistoryScope::Counter);
    h.report.total = lineFrom(o.value(QStringLiteral("total")).toObject());
    h.report.byStock = linesFrom(o.value(QStringLiteral("by_stock")));
    h.report.byStaff = linesFrom(o.value(QStringLiteral("by_staff")));
    h.report.byHour = linesFrom(o.value(QStringLiteral("by_hour")));
    return {};
}

} // namespace desk::detail
