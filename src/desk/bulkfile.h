// Bulk void, reading the file: decode it, split its CSV records and check every row, for the preview
// the manager confirms before anything is sent (the job itself is in bulkvoid.h).
#pragma once

#include <QByteArray>
#include <QChar>
#include <QList>
#include <QString>
#include <QStringList>

namespace desk {

enum class BulkRowStatus {
    Ok, // will be sent
    Invalid, // a field is wrong (errors say which); sent never
    Duplicate, // the same code and stock appear on an earlier line; skipped
};

struct BulkRow
{
    int line = 0; // physical line in the file where the record starts (1 = first line)
    QString couponCode;
    QString stockId;
    QString reason; // the row's own reason, else the default reason
    QString openid; // optional `openid` column: lets an already voided coupon be verified by query
    BulkRowStatus status = BulkRowStatus::Ok;
    QStringList errors; // staff-facing, one per problem (Invalid)
    int duplicateOfLine = 0; // Duplicate: the line of the first occurrence
};

struct BulkParseOptions
{
    QString stockId; // a plain list of codes (no header) needs the one stock; also fills empty stock cells
    QString defaultReason; // for rows without a reason of their own
    int maxRows = 100000;
    qint64 maxBytes = 64 * 1024 * 1024;
};

struct BulkPreview
{
    enum class Format { Csv, CodeList };

    QString fileError; // non-empty: the whole file is refused (encoding, empty, header, size)
    Format format = Format::Csv;
    QChar delimiter = QLatin1Char(',');
    bool hadBom = false;
    bool hasReasonColumn = false;
    bool hasOpenidColumn = false;
    QByteArray sha256; // of the file's bytes (hex): identifies the job for resuming
    QList<BulkRow> rows; // data rows in file order (blank lines left out)

    bool isFileOk() const { return fileError.isEmpty(); }
    int validCount() const;
    int invalidCount() const;
    int duplicateCount() const;
    // Whether a job may start: the file is readable, something is to be sent, and no row has an
    // error unless the caller explicitly excludes the bad rows.
    bool canStart(bool excludeInvalid) const;
};

// Parses a CSV (UTF-8 with or without BOM; header coupon_code,stock_id[,reason][,openid] in any
// order; comma or tab, detected from the header; RFC 4180 quoting; CRLF or LF; blank lines ignored)
// or a plain list of codes, one per line, with options.stockId. Pure: no I/O.
BulkPreview parseBulkFile(const QByteArray &bytes, const BulkParseOptions &options);

} // namespace desk
