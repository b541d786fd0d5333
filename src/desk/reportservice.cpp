// ReportService (reportservice.h): a Report from the journal's (or the chain's) cells, the stocks this
// counter remembers and the staff list; and the report as JSON, CSV and a text table.
#include "reportservice.h"

#include "historyservice.h"
#include "logging.h"
#include "money.h"
#include "reportbuild_p.h"
#include "reportservice_p.h"
#include "staff.h"

#include "history/journal.h"
#include "history/reportcells.h"
#include "history/textutil.h"
#include "wechatpay/busifavor.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>

#include <algorithm>
#include <tuple>

namespace desk {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(desk::ReportService)
};

Error reportError(const QString &message)
{
    return Error::make(ErrorKind::InvalidInput, QStringLiteral("REPORT_FAILED"), message);
}

// The stocks this counter has looked up, read back from WeChat Pay's own answer.
QHash<QString, ReportStock> storedStocks(const history::Journal &journal)
{
    QHash<QString, ReportStock> out;
    auto stocks = journal.stocks();
    if (!stocks) {
        qCWarning(lcDesk).noquote() << "report: the remembered stocks cannot be read:"
                                    << stocks.error().message;
        return out;
    }
    for (const history::StoredStock &s : stocks.value()) {
        ReportStock stock { s.stockName, std::nullopt };
        if (auto info = wechatpay::busifavor::StockInfo::fromJson(s.rawJson); info) {
            const StockInfo described(info.value());
            stock.rule = described.useRule;
            if (stock.name.isEmpty())
                stock.name = described.stockName;
        }
        out.insert(s.stockId, stock);
    }
    return out;
}

// The PENDING and UNCERTAIN rows of the query's period and scope, oldest first: the History page's
// own reads (the journal's state index, or the chain database), one page at a time.
Result<QList<HistoryRow>> unsettledRows(const HistoryService &history, const ReportQuery &query)
{
    const QString chosenShop = query.scope == HistoryScope::Chain ? query.shopId : QString();
    QList<HistoryRow> rows;
    for (const State state : { State::Pending, State::Uncertain }) {
        HistoryFilter filter;
        filter.scope = query.scope;
        filter.from = query.from;
        filter.to = query.to;
        filter.state = state;
        std::optional<HistoryRow> last;
        for (;;) {
            auto page = last ? history.pageAfter(filter, *last, HistoryService::kMaxPageSize)
                             : history.page(filter, 0, HistoryService::kMaxPageSize);
            if (!page)
                return page.error();
            for (const HistoryRow &row : page.value())
                if (row.operation != Operation::Query && (chosenShop.isEmpty() || row.shopId == chosenShop))
                    rows.append(row);
            if (page->size() < HistoryService::kMaxPageSize)
                break;
            last = page->constLast();
        }
    }
    std::sort(rows.begin(), rows.end(), [](const HistoryRow &a, const HistoryRow &b) {
        return std::tie(a.createdAt, a.shopId, a.counterId, a.requestNo, a.id)
            < std::tie(b.createdAt, b.shopId, b.counterId, b.requestNo, b.id);
    });
    return rows;
}

} // namespace

Result<Report> ReportService::Impl::buildFromJournal(const ReportQuery &query, const ReportNames &names) const
{
    auto cells
        = history::journalReportCells(journal, query.from.toMSecsSinceEpoch(), query.to.toMSecsSinceEpoch());
    if (!cells)
        return reportError(cells.error().message);
    return buildReport(query, cells.value(), names, staff);
}

ReportService::ReportService(history::Journal &journal, const StaffDirectory &staff)
    : d(std::make_unique<Impl>(journal, staff))
{
}

ReportService::~ReportService() = default;

void ReportService::setChain(ChainReader chain)
{
    d->rows.setChain(chain);
    d->chain = std::move(chain);
}

Result<Report> ReportService::build(const ReportQuery &query) const
{
    if (!query.from.isValid() || !query.to.isValid() || query.to <= query.from)
        return Error::make(ErrorKind::InvalidInput, QStringLiteral("REPORT_PERIOD"),
            Text::tr("A report needs a period that ends after it starts."));
    ReportNames names;
    names.stocks = storedStocks(d->journal);
    Result<Report> report = query.scope != HistoryScope::Counter ? d->buildFromChain(query, names)
                                                                 : d->buildFromJournal(query, names);
    if (!report)
        return report;
    auto unsettled = unsettledRows(d->rows, query);
    if (!unsettled)
        return unsettled.error();
    report->unsettled = unsettled.value();
    return report;
}

// ---------------------------------------------------------------------------------------------
// Text outputs for coupondesk-cli

namespace {

// The key's and the name's column for a breakdown.
QPair<QString, QString> keyColumns(ReportBreakdown by)
{
    switch (by) {
    case ReportBreakdown::Stock:
        return { QStringLiteral("stock_id"), QStringLiteral("stock_name") };
    case ReportBreakdown::Staff:
        return { QStringLiteral("staff_id"), QStringLiteral("staff_name") };
    case ReportBreakdown::Hour:
        return { QStringLiteral("hour"), QStringLiteral("label") };
    case ReportBreakdown::Day:
        return { QStringLiteral("day"), QStringLiteral("label") };
    case ReportBreakdown::Shop:
        return { QStringLiteral("shop_id"), QStringLiteral("shop_name") };
    }
    return {};
}

const QStringList &countColumns()
{
    static const QStringList columns { QStringLiteral("redeemed"), QStringLiteral("voided"),
        QStringLiteral("returned"), QStringLiteral("failed"), QStringLiteral("unsettled"),
        QStringLiteral("value_fen"), QStringLiteral("value_unknown") };
    return columns;
}

QList<qint64> counts(const ReportLine &l)
{
    return { l.redeemed, l.voided, l.returned, l.failed, l.unsettled, l.valueFen, l.valueUnknown };
}

// Columns a terminal gives the text: East Asian wide characters (满100减20券's 满, 减, 券) take two, so
// padding by QString::size() would push every column after a Chinese stock name out of line.
int terminalWidth(const QString &text)
{
    int width = 0;
    for (const char32_t c : text.toUcs4()) {
        const bool wide = (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF && c != 0x303F)
            || (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F)
            || (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD);
        width += wide ? 2 : 1;
    }
    return width;
}

QString padded(const QString &text, int width, bool left)
{
    const QString fill(qMax(0, width - terminalWidth(text)), QLatin1Char(' '));
    return left ? text + fill : fill + text;
}

} // namespace

QByteArray ReportService::toJson(const Report &report, ReportBreakdown by)
{
    const auto [keyColumn, nameColumn] = keyColumns(by);
    QJsonArray array;
    for (const ReportLine &l : linesOf(report, by)) {
        QJsonObject o { { keyColumn, l.key }, { nameColumn, l.label } };
        const QList<qint64> values = counts(l);
        for (int i = 0; i < values.size(); ++i)
            o.insert(countColumns().at(i), values.at(i));
        if (l.valueUnknown > 0)
            o.insert(QStringLiteral("value_fen"), QJsonValue::Null); // not the whole value: no number
        array.append(o);
    }
    return QJsonDocument(array).toJson(QJsonDocument::Indented);
}

QByteArray ReportService::toCsv(const Report &report, ReportBreakdown by)
{
    const auto [keyColumn, nameColumn] = keyColumns(by);
    QStringList lines { (QStringList { keyColumn, nameColumn } + countColumns()).join(QLatin1Char(',')) };
    for (const ReportLine &l : linesOf(report, by)) {
        QStringList cells { history::csvField(l.key), history::csvField(l.label) };
        const QList<qint64> values = counts(l);
        for (int i = 0; i < values.size(); ++i)
            cells << (i == 5 && l.valueUnknown > 0 ? QString() : QString::number(values.at(i)));
        lines << cells.join(QLatin1Char(','));
    }
    return (lines.join(QStringLiteral("\r\n")) + QStringLiteral("\r\n")).toUtf8();
}

QString ReportService::toTable(const Report &report, ReportBreakdown by)
{
    const QString period
        = QStringLiteral("%1 – %2").arg(report.query.from.toString(QStringLiteral("yyyy-MM-dd HH:mm")),
            report.query.to.toString(QStringLiteral("yyyy-MM-dd HH:mm")));
    QStringList header { breakdownName(by), QStringLiteral("name"), QStringLiteral("redeemed"),
        QStringLiteral("voided"), QStringLiteral("returned"), QStringLiteral("failed"),
        QStringLiteral("unsettled"), QStringLiteral("value"), QStringLiteral("value unknown") };
    QList<QStringList> rows { header };
    auto row = [](const QString &key, const QString &label, const ReportLine &l) {
        return QStringList { key, label == key ? QString() : label, QString::number(l.redeemed),
            QString::number(l.voided), QString::number(l.returned), QString::number(l.failed),
            QString::number(l.unsettled), formatYuan(l.valueFen),
            l.valueUnknown ? QString::number(l.valueUnknown) : QString() };
    };
    for (const ReportLine &l : linesOf(report, by))
        rows << row(l.key, l.label, l);
    rows << row(QStringLiteral("total"), QString(), report.total);
    QList<int> widths(header.size(), 0);
    for (const QStringList &r : rows)
        for (int c = 0; c < r.size(); ++c)
            widths[c] = qMax(widths[c], terminalWidth(r.at(c)));
    QString out = QStringLiteral("period %1\n").arg(period);
    if (report.hasUnsettled())
        out += QStringLiteral("%1 operation(s) still unsettled: the counts may change (run reconcile)\n")
                   .arg(report.total.unsettled);
    for (const QStringList &r : rows) {
        QStringList cells;
        for (int c = 0; c < r.size(); ++c)
            cells << padded(r.at(c), widths[c], c < 2);
        out += cells.join(QStringLiteral("  ")).trimmed() + QLatin1Char('\n');
    }
    if (report.total.valueUnknown > 0)
        out += QStringLiteral("value: %1 redemption(s) of unknown value are not in it\n")
                   .arg(report.total.valueUnknown);
    return out;
}

} // namespace desk
