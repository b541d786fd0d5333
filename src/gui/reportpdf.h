// The Reports page as a PDF on A4 (QPdfWriter): the title, the period and scope, the notes a manager
// must not miss (unsettled rows, unknown values), the charts as drawn on the page, and the table with
// its total row, over as many pages as it needs.
#pragma once

#include <QImage>
#include <QString>
#include <QStringList>

class QAbstractItemModel;

namespace gui {

struct ReportDocument
{
    QString title;
    QStringList facts; // "Period: …", "Scope: …", "Printed: …", one line each
    QStringList notes; // warnings, in red
    QImage chart; // drawn to the page's width, keeping its proportions
    const QAbstractItemModel *table = nullptr; // every row and column, headers on each page
};

// Writes the whole file or nothing (QSaveFile). Returns the number of pages, or 0 and `error`.
int writeReportPdf(const QString &path, const ReportDocument &document, QString *error);

} // namespace gui
