// The Reports page's exports (issue 19): the report as an Excel workbook (desk::ReportService), as an
// A4 PDF with the charts and the table (reportpdf.h), and the charts as a PNG. Each asks where to write
// through the prompter, suggests a file in Documents named after the period's first day, and says what
// was written (or why not).
#pragma once

#include "appcontext.h"

#include "desk/report.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

class QWidget;

namespace gui {

class ReportCharts;
class ReportTableModel;

// The page's own words about the report, put on the PDF as the page shows them.
struct ReportPageTexts
{
    QString scope; // "Counter 01", "This shop", "Shop 静安店"…
    QString breakdown; // the breakdown chosen
    QString totals; // the line of totals under the table
    QStringList notes; // what a manager must not miss: unsettled rows, values unknown
};

class ReportExports final
{
    Q_DECLARE_TR_FUNCTIONS(gui::ReportExports)
public:
    // `page` parents the dialogs; `charts` and `table` are the page's, drawn and printed as they are.
    ReportExports(
        AppContext &context, QWidget *page, const ReportCharts &charts, const ReportTableModel &table);

    void toXlsx(const desk::Report &report) const;
    void toPdf(const desk::Report &report, const ReportPageTexts &texts) const;
    void toPng(const desk::Report &report) const;

private:
    QString suggestedFile(const desk::Report &report, const QString &suffix) const;

    AppContext &m_ctx;
    QWidget *m_page;
    const ReportCharts &m_charts;
    const ReportTableModel &m_table;
};

} // namespace gui
