#include "bulkfile.h"

#include "bulkvoid_p.h"
#include "messages.h"

#include "wechatpay/busifavor.h"

#include <QCryptographicHash>
#include <QHash>
#include <QStringDecoder>

#include <algorithm>

namespace desk {

namespace bf = wechatpay::busifavor;

namespace {

// ------------------------------------------------------------------ decoding

// Line (1-based) holding the first byte that is not well-formed UTF-8 (Qt's check: RFC 3629, no
// overlongs, surrogates or code points above U+10FFFF); 0 when all of it is.
int firstNonUtf8Line(const QByteArray &bytes)
{
    if (bytes.isValidUtf8())
        return 0;
    // Qt tells only whether a buffer is valid, so once it is not, the lines are checked one by one.
    const QList<QByteArray> lines = bytes.split('\n'); // '\n' is never part of a multi-byte sequence
    for (qsizetype i = 0; i < lines.size(); ++i)
        if (!lines.at(i).isValidUtf8())
            return static_cast<int>(i) + 1;
    return 1; // not reached: a buffer is valid when all its lines are
}

// ------------------------------------------------------------------ RFC 4180 records

struct Record
{
    int line = 0;
    QStringList fields;
    QString error; // a quoting problem in this record
    bool blank() const
    {
        for (const QString &f : fields)
            if (!f.trimmed().isEmpty())
                return false;
        return true;
    }
};

// Splits text into records. `delimiter` may be a null QChar (one field per line). Quoted fields may
// hold delimiters, doubled quotes and line breaks. Line breaks: CRLF, LF or a lone CR.
QList<Record> splitRecords(const QString &text, QChar delimiter, QString &fileError)
{
    QList<Record> out;
    Record rec;
    QString field;
    bool inQuotes = false;
    bool quoted = false; // the current field was quoted
    bool afterQuote = false; // its closing quote has been read
    int line = 1;
    int quoteLine = 0;
    rec.line = 1;
    auto endField = [&] {
        rec.fields << (quoted ? field : field.trimmed());
        field.clear();
        quoted = false;
        afterQuote = false;
    };
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = text.at(i);
        if (inQuotes) {
            if (c == QLatin1Char('"')) {
                if (i + 1 < n && text.at(i + 1) == QLatin1Char('"')) {
                    field += QLatin1Char('"');
                    ++i;
                } else {
                    inQuotes = false;
                    afterQuote = true;
                }
            } else {
                if (c == QLatin1Char('\n')
                    || (c == QLatin1Char('\r') && !(i + 1 < n && text.at(i + 1) == QLatin1Char('\n'))))
                    ++line;
                field += c;
            }
            continue;
        }
        if (!delimiter.isNull() && c == delimiter) {
            endField();
        } else if (c == QLatin1Char('\r') || c == QLatin1Char('\n')) {
            if (c == QLatin1Char('\r') && i + 1 < n && text.at(i + 1) == QLatin1Char('\n'))
                ++i;
            endField();
            out << rec;
            rec = Record();
            ++line;
            rec.line = line;
        } else if (c == QLatin1Char('"') && !afterQuote && field.trimmed().isEmpty()) {
            field.clear();
            inQuotes = true;
            quoted = true;
            quoteLine = line;
        } else {
            if (afterQuote && !c.isSpace() && rec.error.isEmpty())
                rec.error = BulkVoid::tr("text after a closing quote; put the whole field in quotes and "
                                         "double any quote inside it");
            else if (c == QLatin1Char('"') && rec.error.isEmpty())
                rec.error = BulkVoid::tr(
                    "a double quote inside an unquoted field; put the field in quotes and double the quote");
            if (!afterQuote)
                field += c;
        }
    }
    if (inQuotes) {
        fileError = BulkVoid::tr("Line %1: a quoted field is never closed (a \" is missing).").arg(quoteLine);
        return {};
    }
    if (!field.isEmpty() || quoted || !rec.fields.isEmpty()) {
        endField();
        out << rec;
    }
    return out;
}

// ------------------------------------------------------------------ field messages

// The first character the check refuses on its own, for "(found "x")".
template<typename Check> QString firstRefused(const QString &value, Check check)
{
    for (const QChar c : value)
        if (check(QString(c)))
            return QString(c);
    return {};
}

QString describe(const bf::FieldError &f, const QString &value)
{
    QString m = fieldMessage(f).headline;
    if (f.problem == bf::FieldProblem::BadCharacters) {
        QString bad;
        if (f.field == QLatin1String("coupon_code"))
            bad = firstRefused(value, [](const QString &s) { return bf::checkCouponCode(s).has_value(); });
        else if (f.field == QLatin1String("stock_id"))
            bad = firstRefused(value, [](const QString &s) { return bf::checkStockId(s).has_value(); });
        else if (f.field == QLatin1String("openid"))
            bad = firstRefused(value, [](const QString &s) { return bf::checkOpenId(s, true).has_value(); });
        if (!bad.isEmpty())
            m += QLatin1Char(' ') + BulkVoid::tr("(found \"%1\")").arg(bad);
    }
    return m;
}

} // namespace

// ================================================================== preview

int BulkPreview::validCount() const
{
    return static_cast<int>(std::count_if(
        rows.cbegin(), rows.cend(), [](const BulkRow &r) { return r.status == BulkRowStatus::Ok; }));
}

int BulkPreview::invalidCount() const
{
    return static_cast<int>(std::count_if(
        rows.cbegin(), rows.cend(), [](const BulkRow &r) { return r.status == BulkRowStatus::Invalid; }));
}

int BulkPreview::duplicateCount() const
{
    return static_cast<int>(std::count_if(
        rows.cbegin(), rows.cend(), [](const BulkRow &r) { return r.status == BulkRowStatus::Duplicate; }));
}

bool BulkPreview::canStart(bool excludeInvalid) const
{
    return isFileOk() && validCount() > 0 && (excludeInvalid || invalidCount() == 0);
}

BulkPreview parseBulkFile(const QByteArray &bytes, const BulkParseOptions &options)
{
    BulkPreview p;
    p.sha256 = QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex();
    if (bytes.isEmpty()) {
        p.fileError = BulkVoid::tr("The file is empty.");
        return p;
    }
    if (bytes.size() > options.maxBytes) {
        p.fileError
            = BulkVoid::tr("The file is too large (%1 MB; at most %2 MB). Split it into smaller files.")
                  .arg(bytes.size() / (1024 * 1024))
                  .arg(options.maxBytes / (1024 * 1024));
        return p;
    }
    if (bytes.startsWith("\xFF\xFE") || bytes.startsWith("\xFE\xFF")) {
        p.fileError = BulkVoid::tr("The file is UTF-16 text. Save it as UTF-8 (in Excel: \"CSV UTF-8\").");
        return p;
    }
    if (bytes.contains('\0')) {
        p.fileError
            = BulkVoid::tr("This is not a text file (it contains NUL bytes). Save the list as CSV UTF-8.");
        return p;
    }
    if (const int line = firstNonUtf8Line(bytes); line > 0) {
        p.fileError = BulkVoid::tr(
            "The file is not UTF-8 text (line %1 is not). It may be GBK/ANSI from Excel: save it as "
            "\"CSV UTF-8\" and try again.")
                          .arg(line);
        return p;
    }
    QByteArray body = bytes;
    if (body.startsWith("\xEF\xBB\xBF")) {
        p.hadBom = true;
        body.remove(0, 3);
    }
    QStringDecoder decoder(
        QStringDecoder::Utf8, QStringDecoder::Flag::Stateless | QStringDecoder::Flag::ConvertInitialBom);
    const QString text = decoder.decode(body);
    if (decoder.hasError()) { // cannot happen after the check above; kept as a guard
        p.fileError = BulkVoid::tr("The file is not UTF-8 text. Save it as \"CSV UTF-8\" and try again.");
        return p;
    }
    if (text.trimmed().isEmpty()) {
        p.fileError = BulkVoid::tr("The file is empty.");
        return p;
    }

    // The delimiter, from the first non-blank line: tab when it has tabs and no commas.
    QString firstLine;
    for (const QStringView l : QStringView(text).tokenize(u'\n')) {
        if (!l.trimmed().isEmpty()) {
            firstLine = l.toString();
            break;
        }
    }
    const auto commas = firstLine.count(QLatin1Char(','));
    const auto tabs = firstLine.count(QLatin1Char('\t'));
    QChar delimiter = tabs > commas ? QLatin1Char('\t') : commas > 0 ? QLatin1Char(',') : QChar();

    QString splitError;
    QList<Record> records = splitRecords(text, delimiter, splitError);
    if (!splitError.isEmpty()) {
        p.fileError = splitError;
        return p;
    }
    records.erase(std::remove_if(records.begin(), records.end(), [](const Record &r) { return r.blank(); }),
        records.end());
    if (records.isEmpty()) {
        p.fileError = BulkVoid::tr("The file is empty.");
        return p;
    }

    // Header or plain list?
    int colCode = -1, colStock = -1, colReason = -1, colOpenid = -1;
    const Record header = records.first();
    QStringList names;
    for (const QString &f : header.fields)
        names << f.trimmed().toLower();
    if (names.contains(QLatin1String("coupon_code"))) {
        for (int i = 0; i < names.size(); ++i) {
            const QString &n = names.at(i);
            int *slot = n == QLatin1String("coupon_code")                                 ? &colCode
                : n == QLatin1String("stock_id")                                          ? &colStock
                : n == QLatin1String("reason") || n == QLatin1String("deactivate_reason") ? &colReason
                : n == QLatin1String("openid")                                            ? &colOpenid
                                                                                          : nullptr;
            if (!slot) {
                p.fileError = BulkVoid::tr(
                    "Unknown column \"%1\" in the header. The columns are coupon_code, stock_id and "
                    "optionally reason and openid.")
                                  .arg(header.fields.at(i).trimmed());
                return p;
            }
            if (*slot >= 0) {
                p.fileError = BulkVoid::tr("The column \"%1\" appears twice in the header.").arg(n);
                return p;
            }
            *slot = i;
        }
        if (colStock < 0 && options.stockId.trimmed().isEmpty()) {
            p.fileError = BulkVoid::tr(
                "The header has no stock_id column. Add one, or give the stock for the whole file.");
            return p;
        }
        records.removeFirst();
        p.format = BulkPreview::Format::Csv;
        p.delimiter = delimiter.isNull() ? QLatin1Char(',') : delimiter;
        p.hasReasonColumn = colReason >= 0;
        p.hasOpenidColumn = colOpenid >= 0;
    } else if (header.fields.size() > 1) {
        p.fileError = BulkVoid::tr(
            "The first line must be the header coupon_code,stock_id (optionally ,reason and ,openid); "
            "it is \"%1\".")
                          .arg(firstLine.trimmed().left(80));
        return p;
    } else if (options.stockId.trimmed().isEmpty()) {
        p.fileError = BulkVoid::tr(
            "There is no header line. For a plain list of codes (one per line), give the stock; "
            "otherwise start the file with the header coupon_code,stock_id.");
        return p;
    } else {
        p.format = BulkPreview::Format::CodeList;
        p.delimiter = QChar();
        colCode = 0;
    }
    if (records.isEmpty()) {
        p.fileError = BulkVoid::tr("The file has a header but no coupons.");
        return p;
    }
    if (records.size() > options.maxRows) {
        p.fileError = BulkVoid::tr(
            "The file has %1 rows; at most %2 can be voided in one job. Split it into smaller files.")
                          .arg(records.size())
                          .arg(options.maxRows);
        return p;
    }

    const QString defaultStock = options.stockId.trimmed();
    const QString defaultReason = options.defaultReason.trimmed();
    const int columns = static_cast<int>(header.fields.size());
    QHash<QString, int> firstLineOf;
    p.rows.reserve(records.size());
    for (const Record &r : std::as_const(records)) {
        BulkRow row;
        row.line = r.line;
        auto cell = [&r](int col) {
            return col >= 0 && col < r.fields.size() ? r.fields.at(col).trimmed() : QString();
        };
        row.couponCode = cell(colCode);
        row.stockId = colStock >= 0 ? cell(colStock) : QString();
        if (row.stockId.isEmpty())
            row.stockId = defaultStock;
        row.reason = colReason >= 0 ? cell(colReason) : QString();
        if (row.reason.isEmpty())
            row.reason = defaultReason;
        row.openid = cell(colOpenid);

        if (!r.error.isEmpty())
            row.errors << BulkVoid::tr("Line is not valid CSV: %1").arg(r.error);
        if (p.format == BulkPreview::Format::Csv && r.fields.size() > columns)
            row.errors << BulkVoid::tr(
                "%1 fields, but the header has %2 (a comma inside a value must be in quotes)")
                              .arg(r.fields.size())
                              .arg(columns);
        if (auto f = bf::checkCouponCode(row.couponCode))
            row.errors << describe(*f, row.couponCode);
        if (auto f = bf::checkStockId(row.stockId))
            row.errors << describe(*f, row.stockId);
        if (auto f = bf::checkReason(row.reason, true)) {
            QString m = describe(*f, row.reason);
            if (f->problem == bf::FieldProblem::Missing)
                m += QLatin1Char(' ') + BulkVoid::tr("(give a default reason or fill the reason column)");
            row.errors << m;
        }
        if (auto f = bf::checkOpenId(row.openid, false))
            row.errors << describe(*f, row.openid);

        if (!row.errors.isEmpty()) {
            row.status = BulkRowStatus::Invalid;
        } else {
            const QString key = row.couponCode + QChar(0x1F) + row.stockId;
            if (auto it = firstLineOf.constFind(key); it != firstLineOf.cend()) {
                row.status = BulkRowStatus::Duplicate;
                row.duplicateOfLine = *it;
            } else {
                firstLineOf.insert(key, row.line);
            }
        }
        p.rows << row;
    }
    return p;
}

} // namespace desk
