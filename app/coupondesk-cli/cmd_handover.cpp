// coupondesk-cli handover: ends the shift (交班) — the shift's totals recorded in the history and the
// slip saved as PDF — lists past handovers, and reprints one exactly as it was recorded.
#include "cli.h"
#include "runtime.h"

#include "desk/handoverservice.h"
#include "desk/money.h"
#include "desk/session.h"
#include "print/handoverslip.h"

#include <QDateTime>
#include <QJsonArray>
#include <QTextStream>

using namespace desk;

namespace cli {

namespace {

QString when(const QDateTime &t)
{
    return t.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString iso(const QDateTime &t)
{
    return t.toLocalTime().toOffsetFromUtc(t.toLocalTime().offsetFromUtc()).toString(Qt::ISODateWithMs);
}

QJsonObject lineJson(const ReportLine &l)
{
    return QJsonObject { { QStringLiteral("redeemed"), l.redeemed }, { QStringLiteral("voided"), l.voided },
        { QStringLiteral("returned"), l.returned }, { QStringLiteral("failed"), l.failed },
        { QStringLiteral("unsettled"), l.unsettled }, { QStringLiteral("value_fen"), l.valueFen },
        { QStringLiteral("value_unknown"), l.valueUnknown } };
}

QJsonObject handoverJson(const Handover &h)
{
    QJsonObject o = lineJson(h.report.total);
    o.insert(QStringLiteral("handover_id"), h.id);
    o.insert(QStringLiteral("counter_id"), h.counterId);
    o.insert(QStringLiteral("staff"), h.staff);
    o.insert(QStringLiteral("staff_name"), h.staffName);
    o.insert(QStringLiteral("confirmed_by"), h.confirmedBy);
    o.insert(QStringLiteral("shift_start"), iso(h.shiftStart));
    o.insert(QStringLiteral("shift_end"), iso(h.shiftEnd));
    QJsonArray stocks;
    for (const ReportLine &l : h.report.byStock) {
        QJsonObject s = lineJson(l);
        s.insert(QStringLiteral("stock_id"), l.key);
        s.insert(QStringLiteral("stock_name"), l.label);
        stocks.append(s);
    }
    o.insert(QStringLiteral("by_stock"), stocks);
    return o;
}

QString lineText(const ReportLine &l)
{
    QString value = formatYuan(l.valueFen);
    if (l.valueUnknown > 0)
        value += QStringLiteral(" (+%1 of unknown value)").arg(l.valueUnknown);
    return QStringLiteral("redeemed %1  value %2  voided %3  returned %4  failed %5  unsettled %6")
        .arg(l.redeemed)
        .arg(value)
        .arg(l.voided)
        .arg(l.returned)
        .arg(l.failed)
        .arg(l.unsettled);
}

QString handoverText(const Handover &h)
{
    QString t = QStringLiteral("Handover %1 at counter %2: %3 (%4), %5 – %6, confirmed by %7\n  %8")
                    .arg(h.id)
                    .arg(h.counterId, h.staffName, h.staff, when(h.shiftStart), when(h.shiftEnd),
                        h.confirmedBy, lineText(h.report.total));
    for (const ReportLine &l : h.report.byStock)
        t += QStringLiteral("\n  %1 %2: %3").arg(l.key, l.label, lineText(l));
    if (h.report.total.unsettled > 0)
        t += QStringLiteral("\n  %1 operation(s) not confirmed yet: run `reconcile`")
                 .arg(h.report.total.unsettled);
    return t;
}

// The slip as PDF when --pdf is given; an exit code.
int writePdf(const QCommandLineParser &p, const Handover &h, bool reprint, QJsonObject &json, QString &text)
{
    const QString file = p.value(QStringLiteral("pdf"));
    if (file.isEmpty())
        return Ok;
    const auto paper = print::paperFromName(
        p.value(QStringLiteral("paper")).isEmpty() ? QStringLiteral("a4") : p.value(QStringLiteral("paper")));
    print::SlipOptions options;
    options.printedAt = QDateTime::currentDateTime();
    options.reprint = reprint;
    auto pages = print::writeSlipPdf(h, paper.value_or(print::SlipPaper::A4), options, file);
    if (!pages)
        return fail(Failed, pages.error().message);
    json.insert(QStringLiteral("pdf"), file);
    json.insert(QStringLiteral("pages"), *pages);
    text += QStringLiteral("\n  slip: %1 (%2 page(s))").arg(file).arg(*pages);
    return Ok;
}

int listPast(const Context &ctx, Runtime &rt, int limit)
{
    auto past = rt.session->handovers().past(limit);
    if (!past)
        return fail(Failed, past.error().message);
    for (const Handover &h : *past)
        printResult(ctx, handoverJson(h),
            QStringLiteral("%1  %2 – %3  %4  %5  redeemed %6  %7")
                .arg(QString::number(h.id).rightJustified(5), when(h.shiftStart), when(h.shiftEnd),
                    h.staff.leftJustified(6), h.confirmedBy.leftJustified(6))
                .arg(h.report.total.redeemed)
                .arg(formatYuan(h.report.total.valueFen)));
    return Ok;
}

// Who confirms: --confirm, else the cashier themself when they have a PIN, else the first manager.
QString confirmerFor(const Runtime &rt, const QCommandLineParser &p, const StaffMember &owner)
{
    if (!p.value(QStringLiteral("confirm")).isEmpty())
        return p.value(QStringLiteral("confirm"));
    if (owner.role == Role::Manager || !owner.pinHash.isEmpty())
        return owner.id;
    const QList<StaffMember> managers = rt.session->staff().managers();
    return managers.isEmpty() ? QString() : managers.first().id;
}

int runHandover(Context &ctx)
{
    QCommandLineParser p;
    p.addOptions({
        { QStringLiteral("staff"), QStringLiteral("Whose shift ends (default: the first cashier)."),
            QStringLiteral("ID") },
        { QStringLiteral("confirm"),
            QStringLiteral(
                "Who confirms with their PIN: a manager, or the cashier themself when they have a PIN "
                "(default: the cashier when they have one, else the first manager)."),
            QStringLiteral("ID") },
        { QStringLiteral("pin"),
            QStringLiteral("The confirming PIN (or the COUPONDESK_PIN environment variable)."),
            QStringLiteral("PIN") },
        { QStringLiteral("pdf"), QStringLiteral("Save the slip as this PDF file."), QStringLiteral("FILE") },
        { QStringLiteral("paper"), QStringLiteral("a4 (default), 58mm or 80mm (receipt printers)."),
            QStringLiteral("P") },
        { QStringLiteral("reprint"),
            QStringLiteral("Print a past handover again as it was recorded (marked REPRINT); no PIN needed."),
            QStringLiteral("ID") },
        { QStringLiteral("list"), QStringLiteral("List past handovers at this counter, newest first.") },
        { QStringLiteral("limit"), QStringLiteral("How many --list shows (default 20)."),
            QStringLiteral("N") },
    });
    int code = Ok;
    if (!parseCommand(p, ctx,
            QStringLiteral(
                "Ends the shift (交班): records the shift's totals in the history — needs a manager's "
                "PIN, or the cashier's own when they have one — and saves the slip as PDF. "
                "--list shows past handovers; --reprint ID prints one again."),
            code))
        return code;
    if (!p.value(QStringLiteral("paper")).isEmpty()
        && !print::paperFromName(p.value(QStringLiteral("paper"))))
        return fail(Usage, QStringLiteral("--paper must be a4, 58mm or 80mm"));
    bool limitOk = true;
    const int limit
        = p.isSet(QStringLiteral("limit")) ? p.value(QStringLiteral("limit")).toInt(&limitOk) : 20;
    if (!limitOk || limit < 1 || limit > HandoverService::kMaxPageSize)
        return fail(Usage, QStringLiteral("--limit must be 1 to %1").arg(HandoverService::kMaxPageSize));
    qint64 reprintId = 0;
    if (p.isSet(QStringLiteral("reprint"))) {
        bool ok = false;
        reprintId = p.value(QStringLiteral("reprint")).toLongLong(&ok);
        if (!ok || reprintId < 1)
            return fail(Usage, QStringLiteral("--reprint needs a handover number (see --list)"));
    }

    Runtime rt;
    if (int rc = openRuntime(ctx, rt); rc != Ok)
        return rc;
    if (p.isSet(QStringLiteral("list")))
        return listPast(ctx, rt, limit);

    Handover handover;
    if (reprintId > 0) {
        auto found = rt.session->handovers().find(reprintId);
        if (!found)
            return fail(
                found.error().code == QLatin1String("NOT_FOUND") ? Usage : Failed, found.error().message);
        handover = *found;
    } else {
        StaffSession owner;
        if (int rc = staffSession(rt, p, false, owner); rc != Ok)
            return rc;
        const QString confirmerId = confirmerFor(rt, p, owner.member);
        if (confirmerId.isEmpty())
            return fail(
                Config, QStringLiteral("no manager in the settings' staff list to confirm the handover"));
        StaffSession confirmer;
        if (int rc = verifiedStaff(rt, p, confirmerId, confirmer); rc != Ok)
            return rc;
        if (!HandoverService::mayConfirm(owner.member, confirmer))
            return fail(Failed,
                QStringLiteral("%1 cannot confirm %2's handover: a manager's PIN is needed, or %2's own when "
                               "%2 has one")
                    .arg(confirmerId, owner.member.id));
        settleFirst(rt); // what an earlier run left unconfirmed is settled before it is counted
        auto ended = rt.session->handovers().endShift(owner.member.id, confirmer, rt.session->now());
        if (!ended)
            return fail(Failed, ended.error().message);
        handover = *ended;
    }
    QJsonObject json = handoverJson(handover);
    QString text = handoverText(handover);
    if (int rc = writePdf(p, handover, reprintId > 0, json, text); rc != Ok)
        return rc;
    printResult(ctx, json, text);
    return Ok;
}

} // namespace

QList<Command> handoverCommands()
{
    return {
        { QStringLiteral("handover"),
            QStringLiteral("End the shift (交班; PIN): record its totals, save the slip as PDF; reprint"),
            runHandover, true },
    };
}

} // namespace cli
