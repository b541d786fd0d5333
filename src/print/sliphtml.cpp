#include "sliphtml_p.h"

#include "desk/money.h"

#include <QCoreApplication>

namespace print {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(print::Slip)
};

QString esc(const QString &s)
{
    return s.toHtmlEscaped();
}

QString when(const QDateTime &t)
{
    return t.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

// The value at the till, and how many redemptions nobody could value.
QString valueText(const desk::ReportLine &l)
{
    QString s = desk::formatYuan(l.valueFen);
    if (l.valueUnknown > 0)
        s += QStringLiteral(" ") + esc(Text::tr("(+%1 of unknown value)").arg(l.valueUnknown));
    return s;
}

QString personText(const QString &name, const QString &id)
{
    return name.isEmpty() || name == id ? esc(id)
                                        : esc(name) + QStringLiteral(" (") + esc(id) + QLatin1Char(')');
}

// A label and its value on one line; `valueStyle` makes the value stand out (the totals).
QString row(const QString &label, const QString &value, const QString &valueStyle = QString())
{
    return QStringLiteral("<tr><td valign=\"middle\">%1</td><td align=\"right\"%3>%2</td></tr>")
        .arg(
            label, value, valueStyle.isEmpty() ? QString() : QStringLiteral(" style=\"%1\"").arg(valueStyle));
}

QString header(const desk::Handover &h, const SlipOptions &o, const detail::SlipFonts &f)
{
    QString s = QStringLiteral("<p align=\"center\" style=\"font-size:%1pt; font-weight:bold;\">%2</p>")
                    .arg(f.total)
                    .arg(esc(Text::tr("Shift handover")));
    if (o.reprint)
        s += QStringLiteral("<p align=\"center\" style=\"font-size:%1pt; font-weight:bold;\">*** %2 ***</p>")
                 .arg(f.total)
                 .arg(esc(Text::tr("REPRINT")));
    s += QStringLiteral("<table width=\"100%\" cellspacing=\"0\" cellpadding=\"1\">");
    if (!h.shop.isEmpty())
        s += row(esc(Text::tr("Shop")), esc(h.shop));
    s += row(esc(Text::tr("Counter")), esc(h.counterId));
    s += row(esc(Text::tr("Cashier")), personText(h.staffName, h.staff));
    s += row(esc(Text::tr("Shift start")), when(h.shiftStart));
    s += row(esc(Text::tr("Shift end")), when(h.shiftEnd));
    if (h.id > 0)
        s += row(esc(Text::tr("Handover no.")), QString::number(h.id));
    s += QStringLiteral("</table><hr/>");
    return s;
}

QString totals(const desk::ReportLine &t, const detail::SlipFonts &f)
{
    const QString big = QStringLiteral("font-size:%1pt; font-weight:bold;").arg(f.total);
    QString s = QStringLiteral("<table width=\"100%\" cellspacing=\"0\" cellpadding=\"1\">");
    s += row(esc(Text::tr("Redeemed")), QString::number(t.redeemed), big);
    s += row(esc(Text::tr("Value at the till")), desk::formatYuan(t.valueFen), big);
    if (t.valueUnknown > 0)
        s += QStringLiteral("<tr><td colspan=\"2\">%1</td></tr>")
                 .arg(esc(Text::tr("plus %1 redemption(s) of unknown value (a percentage or exchange coupon "
                                   "without the order amount)")
                              .arg(t.valueUnknown)));
    s += row(esc(Text::tr("Voided")), QString::number(t.voided));
    s += row(esc(Text::tr("Returned")), QString::number(t.returned));
    s += row(esc(Text::tr("Failed")), QString::number(t.failed));
    s += row(esc(Text::tr("Unsettled")), QString::number(t.unsettled),
        t.unsettled > 0 ? QStringLiteral("font-weight:bold;") : QString());
    s += QStringLiteral("</table>");
    if (t.unsettled > 0)
        s += QStringLiteral("<p style=\"font-weight:bold;\">%1</p>")
                 .arg(
                     esc(Text::tr("Some operations were not confirmed by WeChat Pay when the shift ended.")));
    return s;
}

QString stockName(const desk::ReportLine &l)
{
    return l.label.isEmpty() || l.label == l.key
        ? esc(l.key)
        : esc(l.label) + QStringLiteral(" (") + esc(l.key) + QLatin1Char(')');
}

// Receipt paper: one block per stock, one column.
QString stocksNarrow(const QList<desk::ReportLine> &stocks)
{
    QString s;
    for (const desk::ReportLine &l : stocks) {
        s += QStringLiteral("<p style=\"font-weight:bold; margin-top:4px;\">%1</p>").arg(stockName(l));
        s += QStringLiteral("<table width=\"100%\" cellspacing=\"0\" cellpadding=\"0\">");
        s += row(esc(Text::tr("Redeemed")), QString::number(l.redeemed));
        s += row(esc(Text::tr("Value at the till")), valueText(l));
        s += row(esc(Text::tr("Voided")), QString::number(l.voided));
        s += row(esc(Text::tr("Returned")), QString::number(l.returned));
        s += row(esc(Text::tr("Failed")), QString::number(l.failed));
        s += row(esc(Text::tr("Unsettled")), QString::number(l.unsettled));
        s += QStringLiteral("</table>");
    }
    return s;
}

// A4: one table, a row per stock.
QString stocksTable(const QList<desk::ReportLine> &stocks)
{
    QString s = QStringLiteral("<table width=\"100%\" border=\"1\" cellspacing=\"0\" cellpadding=\"3\"><tr>");
    for (const QString &h : { Text::tr("Stock"), Text::tr("Redeemed"), Text::tr("Value at the till"),
             Text::tr("Voided"), Text::tr("Returned"), Text::tr("Failed"), Text::tr("Unsettled") })
        s += QStringLiteral("<th>%1</th>").arg(esc(h));
    s += QStringLiteral("</tr>");
    for (const desk::ReportLine &l : stocks) {
        // The name, and the long stock id on a line of its own.
        s += QStringLiteral("<tr><td>%1</td>")
                 .arg(l.label.isEmpty() || l.label == l.key
                         ? esc(l.key)
                         : esc(l.label) + QStringLiteral("<br/>") + esc(l.key));
        s += QStringLiteral("<td align=\"right\">%1</td><td align=\"right\">%2</td>")
                 .arg(QString::number(l.redeemed), valueText(l));
        for (qint64 n : { l.voided, l.returned, l.failed, l.unsettled })
            s += QStringLiteral("<td align=\"right\">%1</td>").arg(n);
        s += QStringLiteral("</tr>");
    }
    s += QStringLiteral("</table>");
    return s;
}

QString footer(const desk::Handover &h, const SlipOptions &o)
{
    QString s = QStringLiteral("<hr/><table width=\"100%\" cellspacing=\"0\" cellpadding=\"1\">");
    s += row(esc(Text::tr("Confirmed by")), personText(h.confirmedByName, h.confirmedBy));
    s += row(esc(Text::tr("Printed at")),
        when(o.printedAt.isValid() ? o.printedAt : QDateTime::currentDateTime()));
    s += QStringLiteral("</table>");
    return s;
}

} // namespace

namespace detail {

SlipFonts slipFonts(SlipPaper paper)
{
    switch (paper) {
    case SlipPaper::Receipt58:
        return { 7.5, 13 };
    case SlipPaper::Receipt80:
        return { 9, 15 };
    case SlipPaper::A4:
        break;
    }
    return { 10, 18 };
}

} // namespace detail

QString slipHtml(const desk::Handover &h, SlipPaper paper, const SlipOptions &options)
{
    const detail::SlipFonts f = detail::slipFonts(paper);
    QString s = QStringLiteral("<html><body style=\"font-size:%1pt;\">").arg(f.body);
    s += header(h, options, f);
    s += totals(h.report.total, f);
    if (!h.report.byStock.isEmpty()) {
        s += QStringLiteral("<hr/><p style=\"font-weight:bold;\">%1</p>").arg(esc(Text::tr("By stock")));
        s += paper == SlipPaper::A4 ? stocksTable(h.report.byStock) : stocksNarrow(h.report.byStock);
    }
    s += footer(h, options);
    s += QStringLiteral("</body></html>");
    return s;
}

} // namespace print
