#include "historyexport.h"

#include "historymapping_p.h"
#include "messages.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <xlsxwriter.h>

#include <memory>

namespace desk {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(desk::HistoryExport)
};

Error exportError(const QString &message)
{
    return Error::make(ErrorKind::InvalidInput, QStringLiteral("EXPORT_FAILED"), message);
}

struct WorkbookCloser
{
    void operator()(lxw_workbook *w) const
    {
        if (w)
            workbook_close(w);
    }
};

// libxlsxwriter opens a UTF-8 name on Windows (lxw_fopen → _wfopen) and the native 8-bit name elsewhere.
QByteArray xlsxFileName(const QString &path)
{
#ifdef Q_OS_WIN
    return QDir::toNativeSeparators(path).toUtf8();
#else
    return QFile::encodeName(path);
#endif
}

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
    // libxlsxwriter writes to a temporary name beside the target; the file appears whole or not at all.
    const QString partial = path + QStringLiteral(".part");
    QFile::remove(partial);
    lxw_workbook_options options {};
    options.constant_memory = LXW_FALSE; // shared strings: the same codes and words repeat a lot
    std::unique_ptr<lxw_workbook, WorkbookCloser> book(
        workbook_new_opt(xlsxFileName(partial).constData(), &options));
    if (!book)
        return exportError(Text::tr("Cannot create %1").arg(path));
    lxw_worksheet *sheet = workbook_add_worksheet(book.get(), Text::tr("History").toUtf8().constData());
    lxw_format *bold = workbook_add_format(book.get());
    format_set_bold(bold);
    lxw_format *money = workbook_add_format(book.get());
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
    if (const lxw_error rc = workbook_close(book.release()); rc != LXW_NO_ERROR)
        return exportError(Text::tr("Cannot write %1: %2").arg(path, QString::fromUtf8(lxw_strerror(rc))));
    QFile::remove(path);
    if (!QFile::rename(partial, path))
        return exportError(Text::tr("Cannot write %1").arg(path));
    return written;
}

} // namespace desk
