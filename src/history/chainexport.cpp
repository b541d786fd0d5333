// The chain's history as CSV and JSON (chainreads.h): the local export's columns and cells, then the
// shop's, read a page at a time after the last row written (keyset), so memory stays flat.
#include "chainreads.h"

#include "journalrows.h"
#include "textutil.h"

#include <QIODevice>
#include <QJsonDocument>
#include <QJsonObject>
#include <QScopeGuard>

namespace history {

using namespace detail;

namespace {

constexpr int kExportPageRows = 1000;

Result<void> writeAll(QIODevice &out, const QByteArray &bytes)
{
    if (bytes.isEmpty() || out.write(bytes) == bytes.size())
        return {};
    return Error::make(ErrorKind::Io, QLatin1String("could not write the export: ") + out.errorString());
}

// Pages through the selection, newest first, handing each row to writeRow(chunk, row); one write()
// per page.
template<typename RowWriter>
Result<qint64> exportRows(QSqlDatabase &db, const ChainSelection &selection, QIODevice &out,
    QByteArray prologue, RowWriter &&writeRow, const QByteArray &separator)
{
    if (!out.isWritable())
        return Error::make(ErrorKind::Io, QStringLiteral("the export device is not open for writing"));
    // Exact bytes: a device opened with QIODevice::Text would turn CRLF into CR CR LF on Windows.
    const bool textMode = out.isTextModeEnabled();
    out.setTextModeEnabled(false);
    const auto restoreTextMode = qScopeGuard([&out, textMode] { out.setTextModeEnabled(textMode); });

    QByteArray chunk = std::move(prologue);
    qint64 rows = 0;
    std::optional<ChainCursor> after;
    for (;;) {
        auto page = after ? ChainReads::pageAfter(db, selection, *after, kExportPageRows)
                          : ChainReads::page(db, selection, 0, kExportPageRows);
        if (!page)
            return page.error();
        for (const ChainEntry &row : std::as_const(page.value())) {
            if (rows++ > 0)
                chunk += separator;
            writeRow(chunk, row);
        }
        if (auto r = writeAll(out, chunk); !r)
            return r.error();
        chunk.clear();
        if (page->size() < kExportPageRows)
            break;
        after = ChainCursor::of(page->constLast());
    }
    return rows;
}

} // namespace

QStringList ChainReads::exportColumns()
{
    return Journal::exportColumns() << QStringLiteral("shop_id") << QStringLiteral("shop_name");
}

Result<qint64> ChainReads::exportCsv(
    QSqlDatabase &db, const ChainSelection &selection, QIODevice &out, bool withBom)
{
    QByteArray prologue;
    if (withBom)
        prologue += "\xEF\xBB\xBF";
    prologue += exportColumns().join(QLatin1Char(',')).toUtf8() + "\r\n";
    const auto writeRow = [](QByteArray &chunk, const ChainEntry &row) {
        QStringList cells = exportCsvCells(row.entry);
        cells.first().clear(); // no local row id in the chain
        cells << csvField(row.shopId) << csvField(row.shopName);
        chunk += cells.join(QLatin1Char(',')).toUtf8();
        chunk += "\r\n";
    };
    return exportRows(db, selection, out, prologue, writeRow, QByteArray());
}

Result<qint64> ChainReads::exportJson(QSqlDatabase &db, const ChainSelection &selection, QIODevice &out)
{
    const auto writeRow = [](QByteArray &chunk, const ChainEntry &row) {
        QJsonObject o = exportJsonObject(row.entry);
        o.insert(QLatin1String("id"), QJsonValue(QJsonValue::Null));
        o.insert(QLatin1String("shop_id"), row.shopId);
        o.insert(QLatin1String("shop_name"), row.shopName);
        chunk += "  ";
        chunk += QJsonDocument(o).toJson(QJsonDocument::Compact);
    };
    auto rows = exportRows(db, selection, out, QByteArray("[\n"), writeRow, QByteArray(",\n"));
    if (!rows)
        return rows;
    if (auto r = writeAll(out, *rows > 0 ? QByteArray("\n]\n") : QByteArray("]\n")); !r)
        return r.error();
    return rows;
}

} // namespace history
