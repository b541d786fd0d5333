// ReportService::exportXlsx: the report as an Excel workbook for people, in the UI language — a sheet
// per breakdown (counts and yuan as numbers, ids as text cells so Excel keeps long numbers intact) and
// one of the unsettled rows. Written to a temporary name beside the target, then renamed: the file
// appears whole or not at all (xlsxfile_p.h).
#include "messages.h"
#include "reportservice_p.h"
#include "xlsxfile_p.h"

#include <QCoreApplication>

#include <xlsxwriter.h>

namespace desk {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(desk::ReportExport)
};

struct Formats
{
    lxw_format *bold = nullptr;
    lxw_format *money = nullptr;
    lxw_format *boldMoney = nullptr;
};

void writeText(
    lxw_worksheet *sheet, lxw_row_t row, lxw_col_t col, const QString &text, lxw_format *format = nullptr)
{
    if (!text.isEmpty())
        worksheet_write_string(sheet, row, col, text.toUtf8().constData(), format);
}

void writeTitles(
    lxw_worksheet *sheet, const QStringList &titles, const QList<double> &widths, lxw_format *bold)
{
    for (int c = 0; c < titles.size(); ++c) {
        worksheet_set_column(sheet, lxw_col_t(c), lxw_col_t(c), widths.value(c, 12), nullptr);
        writeText(sheet, 0, lxw_col_t(c), titles.at(c), bold);
    }
    worksheet_freeze_panes(sheet, 1, 0);
}

void writeLine(lxw_worksheet *sheet, lxw_row_t row, const ReportLine &l, bool total, const Formats &f)
{
    lxw_format *text = total ? f.bold : nullptr;
    writeText(sheet, row, 0, total ? Text::tr("Total") : l.key, text);
    if (!total && l.label != l.key)
        writeText(sheet, row, 1, l.label, text);
    const qint64 counts[] = { l.redeemed, l.voided, l.returned, l.failed, l.unsettled };
    for (int i = 0; i < 5; ++i)
        worksheet_write_number(sheet, row, lxw_col_t(2 + i), double(counts[i]), text);
    worksheet_write_number(sheet, row, 7, double(l.valueFen) / 100.0, total ? f.boldMoney : f.money);
    worksheet_write_number(sheet, row, 8, double(l.valueUnknown), text);
}

void writeBreakdown(lxw_workbook *book, const QString &name, const QString &keyTitle,
    const QList<ReportLine> &lines, const ReportLine &total, const Formats &f)
{
    lxw_worksheet *sheet = workbook_add_worksheet(book, name.toUtf8().constData());
    writeTitles(sheet,
        { keyTitle, Text::tr("Name"), Text::tr("Redeemed"), Text::tr("Voided"), Text::tr("Returned"),
            Text::tr("Failed"), Text::tr("Unsettled"), Text::tr("Value at the till (yuan)"),
            Text::tr("Redemptions of unknown value") },
        { 20, 24, 10, 10, 10, 10, 10, 22, 26 }, f.bold);
    lxw_row_t row = 0;
    for (const ReportLine &l : lines)
        writeLine(sheet, ++row, l, false, f);
    writeLine(sheet, ++row, total, true, f);
}

void writeUnsettled(lxw_workbook *book, const QList<HistoryRow> &rows, const Formats &f)
{
    lxw_worksheet *sheet = workbook_add_worksheet(book, Text::tr("Unsettled").toUtf8().constData());
    writeTitles(sheet,
        { Text::tr("Time"), Text::tr("Operation"), Text::tr("Result"), Text::tr("Coupon code"),
            Text::tr("Stock"), Text::tr("Staff"), Text::tr("Counter"), Text::tr("Shop"),
            Text::tr("Request number"), Text::tr("Message") },
        { 20, 8, 10, 24, 20, 12, 8, 12, 26, 48 }, f.bold);
    lxw_row_t row = 0;
    for (const HistoryRow &r : rows) {
        ++row;
        const QStringList cells { r.createdAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")),
            operationLabel(r.operation), stateLabel(r.state), r.couponCode, r.stockId, r.staff, r.counterId,
            r.shopName.isEmpty() ? r.shopId : r.shopName, r.requestNo, r.message };
        for (int c = 0; c < cells.size(); ++c) // every cell a string: codes and numbers stay intact
            writeText(sheet, row, lxw_col_t(c), cells.at(c));
    }
}

} // namespace

Result<int> ReportService::exportXlsx(const Report &report, const QString &path) const
{
    XlsxFile file(path); // the file appears whole or not at all
    lxw_workbook *book = file.book();
    if (!book)
        return file.openError();
    Formats f;
    f.bold = workbook_add_format(book);
    format_set_bold(f.bold);
    f.money = workbook_add_format(book);
    format_set_num_format(f.money, "0.00");
    f.boldMoney = workbook_add_format(book);
    format_set_num_format(f.boldMoney, "0.00");
    format_set_bold(f.boldMoney);

    int sheets = 0;
    writeBreakdown(book, Text::tr("By stock"), Text::tr("Stock"), report.byStock, report.total, f);
    writeBreakdown(book, Text::tr("By cashier"), Text::tr("Staff"), report.byStaff, report.total, f);
    writeBreakdown(book, Text::tr("By hour"), Text::tr("Hour"), report.byHour, report.total, f);
    writeBreakdown(book, Text::tr("By day"), Text::tr("Day"), report.byDay, report.total, f);
    sheets += 4;
    if (report.query.scope != HistoryScope::Counter) {
        writeBreakdown(book, Text::tr("By shop"), Text::tr("Shop"), report.byShop, report.total, f);
        ++sheets;
    }
    writeUnsettled(book, report.unsettled, f);
    ++sheets;

    if (auto committed = file.commit(); !committed)
        return committed.error();
    return sheets;
}

} // namespace desk
