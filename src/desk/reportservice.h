// Builds Reports (report.h) from this counter's journal or, in chain mode, from the chain database, and
// writes them out: the Excel workbook for people (a sheet per breakdown), and CSV / JSON / a text
// table for coupondesk-cli report. Owned by Session (Session::reports()); the caller never holds the
// journal. Stock names and rules come from the stocks this counter has looked up at WeChat Pay,
// remembered in its journal file, so a report needs no network.
#pragma once

#include "chainreader.h"
#include "report.h"
#include "result.h"

#include <QByteArray>
#include <QString>

#include <memory>

class QIODevice;

namespace history {
class Journal;
}

namespace desk {

class StaffDirectory;

class ReportService
{
public:
    ReportService(history::Journal &journal, const StaffDirectory &staff);
    ~ReportService();

    // Chain mode: the Shop and Chain scopes read the chain database through `chain` (Session gives
    // HistoryService the same reader).
    void setChain(ChainReader chain);

    // InvalidInput when the period is invalid or empty, a Shop / Chain scope without chain mode
    // (CHAIN_NOT_CONFIGURED), or a chosen shop the chain does not have (REPORT_UNKNOWN_SHOP); the chain
    // database's failures as HistoryService's (CHAIN_UNREACHABLE, CHAIN_LOGIN_REFUSED, CHAIN_PASSWORD…).
    Result<Report> build(const ReportQuery &query) const;

    // Chain mode: every shop registered in the chain database, with rows or none, sorted by name in
    // pinyin order (静安 before 徐汇), then id. InvalidInput without chain mode; Network (a message saying
    // so) when the chain database cannot be reached.
    Result<QList<ChainShop>> chainShops() const;

    // The workbook: a sheet per breakdown and one of the unsettled rows, codes and ids as text cells,
    // counts and yuan as numbers; written whole or not at all. Returns the number of sheets.
    Result<int> exportXlsx(const Report &report, const QString &path) const;
    // coupondesk-cli report: one breakdown. JSON: an array of objects with key (stock_id, staff_id,
    // hour, day or shop_id), its name (stock_name…), redeemed, voided, returned, failed, unsettled,
    // value_fen (null when any redemption's value is unknown) and value_unknown.
    static QByteArray toJson(const Report &report, ReportBreakdown by);
    static QByteArray toCsv(const Report &report, ReportBreakdown by); // same columns, RFC 4180
    static QString toTable(const Report &report, ReportBreakdown by); // aligned text for a terminal

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace desk
