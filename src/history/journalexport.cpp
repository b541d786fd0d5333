#include "journal.h"
#include "journal_p.h"

#include "journalrows.h"
#include "sqlsupport.h"
#include "textutil.h"

#include <QByteArray>
#include <QIODevice>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QScopeGuard>
#include <QSqlQuery>

#include <utility>

namespace history {

using namespace detail;

namespace {

Result<void> writeAll(QIODevice &out, const QByteArray &bytes)
{
    if (bytes.isEmpty()) {
        return {};
    }
    if (out.write(bytes) != bytes.size()) {
        return Error::make(ErrorKind::Io, QLatin1String("could not write the export: ") + out.errorString());
    }
    return {};
}

constexpr int kExportChunkRows = 500; // rows per write() while streaming an export

} // namespace

namespace detail {

QStringList exportCsvCells(const JournalEntry &e)
{
    // Numbers and our own ISO times cannot start a formula; every text cell is guarded.
    return {
        QString::number(e.id),
        isoWithOffset(e.createdAt),
        operationName(e.operation),
        stateName(e.state),
        csvField(e.couponCode),
        csvField(e.stockId),
        csvField(e.openid),
        csvField(e.appid),
        csvField(e.reason),
        csvField(e.requestNo),
        csvField(e.staff),
        csvField(e.counterId),
        QString::number(e.attempts),
        QString::number(e.httpStatus),
        csvField(e.wechatCode),
        csvField(e.message),
        csvField(e.wechatTime),
        csvField(e.requestId),
        settledByName(e.settledBy),
        csvField(e.batchId),
        csvField(e.note),
        e.orderFen ? QString::number(*e.orderFen) : QString(),
        e.discountFen ? QString::number(*e.discountFen) : QString(),
        isoWithOffset(e.updatedAt),
        csvField(QString::fromUtf8(e.requestBody)),
    };
}

QJsonObject exportJsonObject(const JournalEntry &e)
{
    QJsonObject o;
    o.insert(QLatin1String("id"), e.id);
    o.insert(QLatin1String("created_at"), isoWithOffset(e.createdAt));
    o.insert(QLatin1String("operation"), operationName(e.operation));
    o.insert(QLatin1String("state"), stateName(e.state));
    o.insert(QLatin1String("coupon_code"), e.couponCode);
    o.insert(QLatin1String("stock_id"), e.stockId);
    o.insert(QLatin1String("openid"), e.openid);
    o.insert(QLatin1String("appid"), e.appid);
    o.insert(QLatin1String("reason"), e.reason);
    o.insert(QLatin1String("request_no"), e.requestNo);
    o.insert(QLatin1String("staff"), e.staff);
    o.insert(QLatin1String("counter_id"), e.counterId);
    o.insert(QLatin1String("attempts"), e.attempts);
    o.insert(QLatin1String("http_status"), e.httpStatus);
    o.insert(QLatin1String("wechat_code"), e.wechatCode);
    o.insert(QLatin1String("message"), e.message);
    o.insert(QLatin1String("wechat_time"), e.wechatTime);
    o.insert(QLatin1String("request_id"), e.requestId);
    o.insert(QLatin1String("settled_by"), settledByName(e.settledBy));
    o.insert(QLatin1String("batch_id"),
        e.batchId.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(e.batchId));
    o.insert(QLatin1String("note"), e.note);
    o.insert(QLatin1String("order_amount_fen"),
        e.orderFen ? QJsonValue(*e.orderFen) : QJsonValue(QJsonValue::Null));
    o.insert(QLatin1String("discount_fen"),
        e.discountFen ? QJsonValue(*e.discountFen) : QJsonValue(QJsonValue::Null));
    o.insert(QLatin1String("updated_at"), isoWithOffset(e.updatedAt));
    o.insert(QLatin1String("request_body"), QString::fromUtf8(e.requestBody));
    return o;
}

} // namespace detail

template<typename RowWriter>
Result<qint64> Journal::Private::exportRows(const JournalFilter &filter, QIODevice &out, QByteArray prologue,
    RowWriter &&writeRow, const QByteArray &separator) const
{
    if (auto r = checkOpen(); !r) {
        return r.error();
    }
    if (!out.isWritable()) {
        return Error::make(ErrorKind::Io, QStringLiteral("the export device is not open for writing"));
    }
    // Exact bytes: a device opened with QIODevice::Text would turn CRLF into CR CR LF on Windows.
    const bool textMode = out.isTextModeEnabled();
    out.setTextModeEnabled(false);
    const auto restoreTextMode = qScopeGuard([&out, textMode] { out.setTextModeEnabled(textMode); });

    // One forward-only statement: SQLite hands rows over one at a time from a consistent snapshot
    // (WAL), and they are written out in chunks, so memory stays flat however large the journal.
    QSqlQuery query(db);
    if (auto r = run(query, selectStatement(filter), QStringLiteral("could not export the journal")); !r) {
        return r.error();
    }
    QByteArray chunk = std::move(prologue);
    qint64 rows = 0;
    while (query.next()) {
        if (rows > 0) {
            chunk += separator;
        }
        writeRow(chunk, entryFromRow(query));
        ++rows;
        if (rows % kExportChunkRows == 0) {
            if (auto r = writeAll(out, chunk); !r) {
                return r.error();
            }
            chunk.clear();
        }
    }
    if (query.lastError().isValid()) {
        return sqlError(query.lastError(), QStringLiteral("could not read journal rows for the export"));
    }
    if (auto r = writeAll(out, chunk); !r) {
        return r.error();
    }
    return rows;
}

QStringList Journal::exportColumns()
{
    return { QStringLiteral("id"), QStringLiteral("created_at"), QStringLiteral("operation"),
        QStringLiteral("state"), QStringLiteral("coupon_code"), QStringLiteral("stock_id"),
        QStringLiteral("openid"), QStringLiteral("appid"), QStringLiteral("reason"),
        QStringLiteral("request_no"), QStringLiteral("staff"), QStringLiteral("counter_id"),
        QStringLiteral("attempts"), QStringLiteral("http_status"), QStringLiteral("wechat_code"),
        QStringLiteral("message"), QStringLiteral("wechat_time"), QStringLiteral("request_id"),
        QStringLiteral("settled_by"), QStringLiteral("batch_id"), QStringLiteral("note"),
        QStringLiteral("order_amount_fen"), QStringLiteral("discount_fen"), QStringLiteral("updated_at"),
        QStringLiteral("request_body") };
}

Result<qint64> Journal::exportCsv(const JournalFilter &filter, QIODevice &out, bool withBom) const
{
    QByteArray prologue;
    if (withBom) {
        prologue += "\xEF\xBB\xBF";
    }
    prologue += exportColumns().join(QLatin1Char(',')).toUtf8() + "\r\n";

    const auto writeRow = [](QByteArray &chunk, const JournalEntry &e) {
        chunk += exportCsvCells(e).join(QLatin1Char(',')).toUtf8();
        chunk += "\r\n";
    };
    return d->exportRows(filter, out, prologue, writeRow, QByteArray());
}

Result<qint64> Journal::exportJson(const JournalFilter &filter, QIODevice &out) const
{
    const auto writeRow = [](QByteArray &chunk, const JournalEntry &e) {
        chunk += "  ";
        chunk += QJsonDocument(exportJsonObject(e)).toJson(QJsonDocument::Compact);
    };
    auto rows = d->exportRows(filter, out, QByteArray("[\n"), writeRow, QByteArray(",\n"));
    if (!rows) {
        return rows;
    }
    if (auto r = writeAll(out, *rows > 0 ? QByteArray("\n]\n") : QByteArray("]\n")); !r) {
        return r.error();
    }
    return rows;
}

} // namespace history
