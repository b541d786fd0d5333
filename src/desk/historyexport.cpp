#include "historyexport.h"

#include "historymapping_p.h"
#include "messages.h"
#include "xlsxfile_p.h"

#include <QCoreApplication>

#include <xlsxwriter.h>

namespace desk {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(desk::HistoryExport)
};

} // namespace

Result<qint64> exportHistoryXlsx(const history::Journal &journal, const history::JournalFilter &filter,
    const QString &path, const StaffDirectory &staff)
{
    const auto pages = [&journal, &filter](const XlsxRow *last) -> Result<QList<XlsxRow>> {
        auto rows = last ? journal.queryAfter(
                        filter, { last->entry.createdAt, last->entry.id }, history::Journal::kMaxPageSize)
                         : journal.query(filter, 0, history::Journal::kMaxPageSize);
        if (!rows)
            return exportError(rows.error().message);
        QList<XlsxRow> out;
        out.reserve(rows->size());
        for (const history::JournalEntry &e : rows.value())
            out.append({ e, QString(), QString() });
        return out;
    };
    return exportHistoryXlsx(pages, false, path, staff);
}

Result<qint64> exportHistoryXlsx(
    const XlsxPages &pages, bool withShop, const QString &path, const StaffDirectory &staff)
{
    XlsxFile file(path); // the file appears whole or not at all
    lxw_workbook *book = file.book();
    if (!book)
        return file.openError();
    lxw_worksheet *sheet = workbook_add_worksheet(book, Text::tr("History").toUtf8().constData());
    lxw_format *bold = workbook_add_format(book);
    format_set_bold(bold);
    lxw_format *money = workbook_add_format(book);
    format_set_num_format(money, "0.00");

    QStringList titles { Text::tr("Time"), Text::tr("Operation"), Text::tr("Result"), Text::tr("Coupon code"),
        Text::tr("Stock"), Text::tr("Staff"), Text::tr("Counter"), Text::tr("WeChat Pay time"),
        Text::tr("Request number"), Text::tr("Reason"), Text::tr("Order amount (yuan)"),
        Text::tr("Discount (yuan)") };
    const double widths[] = { 20, 8, 10, 24, 20, 12, 8, 26, 26, 48, 14, 14, 16 };
    const auto orderColumn = lxw_col_t(titles.size() - 2);
    const auto shopColumn = lxw_col_t(titles.size());
    if (withShop)
        titles << Text::tr("Shop");
    for (int c = 0; c < titles.size(); ++c) {
        worksheet_set_column(sheet, lxw_col_t(c), lxw_col_t(c), widths[c], nullptr);
        worksheet_write_string(sheet, 0, lxw_col_t(c), titles.at(c).toUtf8().constData(), bold);
    }
    worksheet_freeze_panes(sheet, 1, 0);

    qint64 written = 0;
    QList<XlsxRow> page;
    for (;;) {
        auto rows = pages(page.isEmpty() ? nullptr : &page.constLast());
        if (!rows)
            return rows.error();
        page = rows.value();
        for (const XlsxRow &r : std::as_const(page)) {
            const history::JournalEntry &e = r.entry;
            const auto member = staff.find(e.staff);
            const QString who = member && !member->name.isEmpty()
                ? QStringLiteral("%1 (%2)").arg(member->name, e.staff)
                : e.staff;
            const QStringList cells { e.createdAt.toLocalTime().toString(
                                          QStringLiteral("yyyy-MM-dd HH:mm:ss")),
                operationLabel(e.operation), stateLabel(e.state), e.couponCode, e.stockId, who, e.counterId,
                e.wechatTime, e.requestNo, journalReason(e) };
            const auto row = lxw_row_t(++written);
            for (int c = 0; c < cells.size(); ++c) // every cell a string: long numbers stay intact
                if (!cells.at(c).isEmpty())
                    worksheet_write_string(
                        sheet, row, lxw_col_t(c), cells.at(c).toUtf8().constData(), nullptr);
            // Amounts are numbers (a manager sums them), in yuan with two decimals.
            if (e.orderFen)
                worksheet_write_number(sheet, row, orderColumn, double(*e.orderFen) / 100.0, money);
            if (e.discountFen)
                worksheet_write_number(sheet, row, orderColumn + 1, double(*e.discountFen) / 100.0, money);
            if (withShop && !r.shopName.isEmpty())
                worksheet_write_string(sheet, row, shopColumn, r.shopName.toUtf8().constData(), nullptr);
        }
        if (page.size() < history::Journal::kMaxPageSize)
            break;
    }
    if (auto committed = file.commit(); !committed)
        return committed.error();
    return written;
}

} // namespace desk
