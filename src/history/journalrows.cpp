#include "journalrows.h"

#include "logging.h"
#include "textutil.h"

#include <QDateTime>
#include <QStringList>
#include <QVariant>

namespace history {

// ---------------------------------------------------------------------------------------------
// Names of stored values

QString operationName(Operation operation)
{
    switch (operation) {
    case Operation::Use:
        return QStringLiteral("use");
    case Operation::Deactivate:
        return QStringLiteral("deactivate");
    case Operation::Return:
        return QStringLiteral("return");
    case Operation::Query:
        return QStringLiteral("query");
    }
    return QString();
}

std::optional<Operation> operationFromName(QStringView name)
{
    for (const Operation op :
        { Operation::Use, Operation::Deactivate, Operation::Return, Operation::Query }) {
        if (name == operationName(op)) {
            return op;
        }
    }
    return std::nullopt;
}

QString stateName(State state)
{
    switch (state) {
    case State::Pending:
        return QStringLiteral("PENDING");
    case State::Uncertain:
        return QStringLiteral("UNCERTAIN");
    case State::Succeeded:
        return QStringLiteral("SUCCEEDED");
    case State::Failed:
        return QStringLiteral("FAILED");
    }
    return QString();
}

std::optional<State> stateFromName(QStringView name)
{
    for (const State st : { State::Pending, State::Uncertain, State::Succeeded, State::Failed }) {
        if (name == stateName(st)) {
            return st;
        }
    }
    return std::nullopt;
}

QString settledByName(SettledBy settledBy)
{
    switch (settledBy) {
    case SettledBy::None:
        return QStringLiteral("");
    case SettledBy::Response:
        return QStringLiteral("response");
    case SettledBy::Retry:
        return QStringLiteral("retry");
    case SettledBy::Query:
        return QStringLiteral("query");
    case SettledBy::Manual:
        return QStringLiteral("manual");
    }
    return QStringLiteral("");
}

std::optional<SettledBy> settledByFromName(QStringView name)
{
    for (const SettledBy by :
        { SettledBy::None, SettledBy::Response, SettledBy::Retry, SettledBy::Query, SettledBy::Manual }) {
        if (name == settledByName(by)) {
            return by;
        }
    }
    return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// SQL of the journal table

namespace detail {

const QString kSelectColumns = QStringLiteral(
    "id, operation, coupon_code, stock_id, openid, appid, reason, request_no, request_body, state,"
    " staff, counter_id, created_at, updated_at, attempts, wechat_time, request_id, wechat_code,"
    " message, http_status, settled_by, batch_id, note, order_amount_fen, discount_fen");

const QString kInsertSql = QStringLiteral(
    "INSERT INTO journal (operation, coupon_code, stock_id, openid, appid, reason, request_no,"
    " request_body, state, staff, counter_id, created_at, updated_at, attempts, wechat_time,"
    " request_id, wechat_code, message, http_status, settled_by, batch_id, note, order_amount_fen,"
    " discount_fen)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");

const QString kOrderNewestFirst = QStringLiteral(" ORDER BY created_at DESC, id DESC");
const QString kOrderOldestFirst = QStringLiteral(" ORDER BY created_at ASC, id ASC");
const QString kUnsettledStates = QStringLiteral("state IN ('PENDING', 'UNCERTAIN')");

Statement whereClause(const JournalFilter &filter)
{
    QStringList clauses;
    Statement where;
    if (!filter.codeExact.isEmpty()) {
        clauses << QStringLiteral("coupon_code = ?");
        where.binds << filter.codeExact;
    }
    if (!filter.codePrefix.isEmpty()) {
        // An index range instead of LIKE/GLOB: user input is a bound value, never a pattern.
        clauses << QStringLiteral("coupon_code >= ?");
        where.binds << filter.codePrefix;
        const QString upper = prefixUpperBound(filter.codePrefix);
        if (!upper.isNull()) {
            clauses << QStringLiteral("coupon_code < ?");
            where.binds << upper;
        }
    }
    if (!filter.codeContains.isEmpty()) {
        // instr() takes the bound text literally (LIKE would read % and _): a scan of the codes, measured
        // by tests/bench/history_bench.cpp ("substring").
        clauses << QStringLiteral("instr(coupon_code, ?) > 0");
        where.binds << filter.codeContains;
    }
    if (filter.from.isValid()) {
        clauses << QStringLiteral("created_at >= ?");
        where.binds << filter.from.toMSecsSinceEpoch();
    }
    if (filter.to.isValid()) {
        clauses << QStringLiteral("created_at < ?");
        where.binds << filter.to.toMSecsSinceEpoch();
    }
    if (filter.operation) {
        clauses << QStringLiteral("operation = ?");
        where.binds << operationName(*filter.operation);
    }
    if (filter.state) {
        clauses << QStringLiteral("state = ?");
        where.binds << stateName(*filter.state);
    }
    if (!filter.staff.isEmpty()) {
        clauses << QStringLiteral("staff = ?");
        where.binds << filter.staff;
    }
    if (!filter.batchId.isEmpty()) {
        clauses << QStringLiteral("batch_id = ?");
        where.binds << filter.batchId;
    }
    if (!clauses.isEmpty()) {
        where.sql = QLatin1String(" WHERE ") + clauses.join(QLatin1String(" AND "));
    }
    return where;
}

Statement selectStatement(const JournalFilter &filter, const std::optional<JournalCursor> &after)
{
    Statement where = whereClause(filter);
    if (after) {
        // The row value compares exactly as kOrderNewestFirst sorts (created_at ties broken by id),
        // and SQLite still reads the filter's index as a range on created_at.
        where.sql += QLatin1String(where.sql.isEmpty() ? " WHERE " : " AND ");
        where.sql += QLatin1String("(created_at, id) < (?, ?)");
        where.binds << after->createdAt.toMSecsSinceEpoch() << after->id;
    }
    where.sql = QLatin1String("SELECT ") + kSelectColumns + QLatin1String(" FROM journal") + where.sql
        + kOrderNewestFirst;
    return where;
}

// ---------------------------------------------------------------------------------------------
// Rows

namespace {

// Column order of kSelectColumns.
enum Column {
    ColId,
    ColOperation,
    ColCouponCode,
    ColStockId,
    ColOpenid,
    ColAppid,
    ColReason,
    ColRequestNo,
    ColRequestBody,
    ColState,
    ColStaff,
    ColCounterId,
    ColCreatedAt,
    ColUpdatedAt,
    ColAttempts,
    ColWechatTime,
    ColRequestId,
    ColWechatCode,
    ColMessage,
    ColHttpStatus,
    ColSettledBy,
    ColBatchId,
    ColNote,
    ColOrderFen,
    ColDiscountFen,
};

std::optional<qint64> optionalFen(const QVariant &value)
{
    return value.isNull() ? std::nullopt : std::optional<qint64>(value.toLongLong());
}

QVariant nullableFen(const std::optional<qint64> &fen)
{
    return fen ? QVariant(*fen) : QVariant(QMetaType(QMetaType::LongLong));
}

} // namespace

JournalEntry entryFromRow(const QSqlQuery &query)
{
    JournalEntry e;
    e.id = query.value(ColId).toLongLong();
    const QString operation = query.value(ColOperation).toString();
    e.operation = operationFromName(operation).value_or(Operation::Use);
    e.couponCode = query.value(ColCouponCode).toString();
    e.stockId = query.value(ColStockId).toString();
    e.openid = query.value(ColOpenid).toString();
    e.appid = query.value(ColAppid).toString();
    e.reason = query.value(ColReason).toString();
    e.requestNo = query.value(ColRequestNo).toString();
    e.requestBody = query.value(ColRequestBody).toByteArray();
    const QString state = query.value(ColState).toString();
    e.state = stateFromName(state).value_or(State::Uncertain);
    e.staff = query.value(ColStaff).toString();
    e.counterId = query.value(ColCounterId).toString();
    e.createdAt = QDateTime::fromMSecsSinceEpoch(query.value(ColCreatedAt).toLongLong());
    e.updatedAt = QDateTime::fromMSecsSinceEpoch(query.value(ColUpdatedAt).toLongLong());
    e.attempts = query.value(ColAttempts).toInt();
    e.wechatTime = query.value(ColWechatTime).toString();
    e.requestId = query.value(ColRequestId).toString();
    e.wechatCode = query.value(ColWechatCode).toString();
    e.message = query.value(ColMessage).toString();
    e.httpStatus = query.value(ColHttpStatus).toInt();
    const QString settledBy = query.value(ColSettledBy).toString();
    e.settledBy = settledByFromName(settledBy).value_or(SettledBy::None);
    e.batchId = query.value(ColBatchId).toString();
    e.note = query.value(ColNote).toString();
    e.orderFen = optionalFen(query.value(ColOrderFen));
    e.discountFen = optionalFen(query.value(ColDiscountFen));
    if (!operationFromName(operation) || !stateFromName(state) || !settledByFromName(settledBy)) {
        // The CHECK constraints make this unreachable for files we wrote; keep the row readable.
        qCWarning(lcHistory).noquote()
            << "journal row" << e.id << "has unknown values:" << operation << state << settledBy;
    }
    return e;
}

Result<QList<JournalEntry>> readEntries(QSqlQuery &query)
{
    QList<JournalEntry> entries;
    while (query.next()) {
        entries.append(entryFromRow(query));
    }
    if (query.lastError().isValid()) {
        return sqlError(query.lastError(), QStringLiteral("could not read journal rows"));
    }
    return entries;
}

Result<void> validateSettlement(State state, SettledBy settledBy)
{
    if (isSettled(state) && settledBy == SettledBy::None) {
        return Error::make(ErrorKind::InvalidArgument,
            QLatin1String("a ") + stateName(state)
                + QLatin1String(" row needs settledBy (response, retry, query or manual)"));
    }
    if (!isSettled(state) && settledBy != SettledBy::None) {
        return Error::make(ErrorKind::InvalidArgument,
            QLatin1String("a ") + stateName(state)
                + QLatin1String(" row is not settled; settledBy must be empty"));
    }
    return {};
}

Result<void> validateForInsert(const JournalEntry &entry)
{
    if (entry.requestNo.isEmpty()) {
        return Error::make(ErrorKind::InvalidArgument, QStringLiteral("the request number is empty"));
    }
    if (entry.couponCode.isEmpty()) {
        return Error::make(ErrorKind::InvalidArgument, QStringLiteral("the coupon code is empty"));
    }
    if (entry.attempts < 0) {
        return Error::make(ErrorKind::InvalidArgument, QStringLiteral("attempts is negative"));
    }
    return validateSettlement(entry.state, entry.settledBy);
}

void bindInsert(QSqlQuery &query, const JournalEntry &e, qint64 createdMs, qint64 updatedMs)
{
    query.addBindValue(operationName(e.operation));
    query.addBindValue(text(e.couponCode));
    query.addBindValue(text(e.stockId));
    query.addBindValue(text(e.openid));
    query.addBindValue(text(e.appid));
    query.addBindValue(text(e.reason));
    query.addBindValue(text(e.requestNo));
    query.addBindValue(blob(e.requestBody));
    query.addBindValue(stateName(e.state));
    query.addBindValue(text(e.staff));
    query.addBindValue(text(e.counterId));
    query.addBindValue(createdMs);
    query.addBindValue(updatedMs);
    query.addBindValue(e.attempts);
    query.addBindValue(text(e.wechatTime));
    query.addBindValue(text(e.requestId));
    query.addBindValue(text(e.wechatCode));
    query.addBindValue(text(e.message));
    query.addBindValue(e.httpStatus);
    query.addBindValue(settledByName(e.settledBy));
    query.addBindValue(nullableText(e.batchId));
    query.addBindValue(text(e.note));
    query.addBindValue(nullableFen(e.orderFen));
    query.addBindValue(nullableFen(e.discountFen));
}

Error duplicateError(const QString &requestNo, qint64 existingId)
{
    QString message
        = QLatin1String("request number ") + requestNo + QLatin1String(" is already in the journal");
    if (existingId > 0) {
        message += QLatin1String(" (row ") + QString::number(existingId) + QLatin1Char(')');
    }
    return Error::make(ErrorKind::Duplicate, message);
}

} // namespace detail

} // namespace history
