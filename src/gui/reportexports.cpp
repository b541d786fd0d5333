#include "reportexports.h"

#include "reportchart.h"
#include "reportpdf.h"
#include "reporttablemodel.h"

#include "desk/reportservice.h"

#include <QDir>
#include <QImage>
#include <QStandardPaths>

namespace gui {

namespace {

// The period as a manager reads it: "2026-12-05", "2026-12-01 – 2026-12-07", or with the times.
QString periodText(const desk::ReportQuery &q)
{
    const QDateTime last = q.to.addMSecs(-1);
    const auto midnight = [](const QDateTime &t) { return t.time() == QTime(0, 0); };
    if (midnight(q.from) && midnight(q.to)) {
        const QString first = q.from.date().toString(Qt::ISODate);
        return q.from.date() == last.date()
            ? first
            : first + QStringLiteral(" – ") + last.date().toString(Qt::ISODate);
    }
    const QString format = QStringLiteral("yyyy-MM-dd HH:mm");
    return q.from.toString(format) + QStringLiteral(" – ") + q.to.toString(format);
}

} // namespace

ReportExports::ReportExports(
    AppContext &context, QWidget *page, const ReportCharts &charts, const ReportTableModel &table)
    : m_ctx(context)
    , m_page(page)
    , m_charts(charts)
    , m_table(table)
{
}

QString ReportExports::suggestedFile(const desk::Report &report, const QString &suffix) const
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
        .filePath(QStringLiteral("coupondesk-report-%1.%2")
                      .arg(report.query.from.date().toString(QStringLiteral("yyyyMMdd")), suffix));
}

void ReportExports::toXlsx(const desk::Report &report) const
{
    const QString path = m_ctx.prompter->saveFileName(m_page, tr("Export report"),
        suggestedFile(report, QStringLiteral("xlsx")), tr("Excel workbook (*.xlsx)"));
    if (path.isEmpty())
        return;
    auto sheets = m_ctx.session->reports().exportXlsx(report, path);
    m_ctx.prompter->inform(m_page, tr("Export report"),
        sheets ? tr("%n sheet(s) written to %1", nullptr, sheets.value()).arg(path) : sheets.error().message);
}

void ReportExports::toPdf(const desk::Report &report, const ReportPageTexts &texts) const
{
    const QString path = m_ctx.prompter->saveFileName(m_page, tr("Export report"),
        suggestedFile(report, QStringLiteral("pdf")), tr("PDF document (*.pdf)"));
    if (path.isEmpty())
        return;
    ReportDocument doc;
    doc.title = tr("Coupon report");
    doc.facts << tr("Period: %1").arg(periodText(report.query)) << tr("Scope: %1").arg(texts.scope)
              << tr("Breakdown: %1").arg(texts.breakdown)
              << tr("Made: %1").arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")))
              << texts.totals;
    doc.notes = texts.notes;
    doc.chart = m_charts.render(m_charts.size() * 2); // twice the screen's pixels: sharp on paper
    doc.table = &m_table;
    QString error;
    const int pages = writeReportPdf(path, doc, &error);
    m_ctx.prompter->inform(m_page, tr("Export report"),
        pages > 0 ? tr("%n page(s) written to %1", nullptr, pages).arg(path) : error);
}

void ReportExports::toPng(const desk::Report &report) const
{
    const QString path = m_ctx.prompter->saveFileName(
        m_page, tr("Export chart"), suggestedFile(report, QStringLiteral("png")), tr("PNG image (*.png)"));
    if (path.isEmpty())
        return;
    const bool saved = m_charts.render(m_charts.size()).save(path, "PNG");
    m_ctx.prompter->inform(m_page, tr("Export chart"),
        saved ? tr("The chart was written to %1").arg(path) : tr("Cannot write %1").arg(path));
}

} // namespace gui
