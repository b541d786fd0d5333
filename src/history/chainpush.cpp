#include "chainpush.h"

#include "chainsql.h"

#include <QSqlQuery>
#include <QStringList>
#include <QTimeZone>

namespace history {

using namespace detail;

namespace {

// One PostgreSQL array literal bound as text and cast in SQL ('{"a","b\"c",NULL}'): QPSQL has no
// array binding. Every element is quoted, with backslash and double quote escaped; null is NULL.
class ArrayLiteral
{
public:
    void add(const QString &value) { m_items << quoted(value); }
    void addNull() { m_items << QStringLiteral("NULL"); }
    void add(const std::optional<qint64> &value)
    {
        if (value)
            add(QString::number(*value));
        else
            addNull();
    }
    QString text() const { return QLatin1Char('{') + m_items.join(QLatin1Char(',')) + QLatin1Char('}'); }

private:
    static QString quoted(QString value)
    {
        value.replace(QLatin1Char('\\'), QLatin1String("\\\\"))
            .replace(QLatin1Char('"'), QLatin1String("\\\""));
        return QLatin1Char('"') + value + QLatin1Char('"');
    }
    QStringList m_items;
};

QString utcTime(const QDateTime &t)
{
    return t.toTimeZone(QTimeZone::utc()).toString(Qt::ISODateWithMs);
}

// Each column of coupondesk.history the push writes (shop_id apart), its array's element type, and
// how a journal row gives its value: one list for the statement and the arrays.
struct Column
{
    QLatin1String name;
    QLatin1String type;
    void (*add)(ArrayLiteral &array, const JournalEntry &e);
};

#define TEXT(column, value)                                                                                  \
    Column                                                                                                   \
    {                                                                                                        \
        QLatin1String(column), QLatin1String("text"),                                                        \
            [](ArrayLiteral &a, const JournalEntry &e) { a.add(value); }                                     \
    }

const QList<Column> kColumns {
    TEXT("counter_id", e.counterId),
    TEXT("request_no", e.requestNo),
    TEXT("operation", operationName(e.operation)),
    TEXT("coupon_code", e.couponCode),
    TEXT("stock_id", e.stockId),
    TEXT("openid", e.openid),
    TEXT("appid", e.appid),
    TEXT("reason", e.reason),
    TEXT("state", stateName(e.state)),
    TEXT("staff", e.staff),
    { QLatin1String("created_at"), QLatin1String("timestamptz"),
        [](ArrayLiteral &a, const JournalEntry &e) { a.add(utcTime(e.createdAt)); } },
    { QLatin1String("updated_at"), QLatin1String("timestamptz"),
        [](ArrayLiteral &a, const JournalEntry &e) { a.add(utcTime(e.updatedAt)); } },
    { QLatin1String("attempts"), QLatin1String("integer"),
        [](ArrayLiteral &a, const JournalEntry &e) { a.add(QString::number(e.attempts)); } },
    TEXT("wechat_time", e.wechatTime),
    TEXT("request_id", e.requestId),
    TEXT("wechat_code", e.wechatCode),
    TEXT("message", e.message),
    { QLatin1String("http_status"), QLatin1String("integer"),
        [](ArrayLiteral &a, const JournalEntry &e) { a.add(QString::number(e.httpStatus)); } },
    TEXT("settled_by", settledByName(e.settledBy)),
    { QLatin1String("batch_id"), QLatin1String("text"),
        [](ArrayLiteral &a, const JournalEntry &e) {
            if (e.batchId.isEmpty())
                a.addNull(); // stored as NULL, as in the journal
            else
                a.add(e.batchId);
        } },
    TEXT("note", e.note),
    { QLatin1String("order_amount_fen"), QLatin1String("bigint"),
        [](ArrayLiteral &a, const JournalEntry &e) { a.add(e.orderFen); } },
    { QLatin1String("discount_fen"), QLatin1String("bigint"),
        [](ArrayLiteral &a, const JournalEntry &e) { a.add(e.discountFen); } },
};

#undef TEXT

QString pushStatement()
{
    QStringList names;
    QStringList arrays;
    QStringList updates;
    for (const Column &c : kColumns) {
        names << c.name;
        arrays << QLatin1String("?::") + c.type + QLatin1String("[]");
        if (c.name != QLatin1String("counter_id") && c.name != QLatin1String("request_no"))
            updates << c.name + QLatin1String(" = EXCLUDED.") + c.name;
    }
    return QLatin1String("INSERT INTO coupondesk.history (shop_id, ") + names.join(QLatin1String(", "))
        + QLatin1String(") SELECT ?, u.* FROM unnest(") + arrays.join(QLatin1String(", "))
        + QLatin1String(") AS u(") + names.join(QLatin1String(", "))
        + QLatin1String(") ON CONFLICT (shop_id, counter_id, request_no) DO UPDATE SET ")
        + updates.join(QLatin1String(", "))
        + QLatin1String(" WHERE coupondesk.history.updated_at <= EXCLUDED.updated_at");
}

} // namespace

Result<int> pushToChain(QSqlDatabase &db, const QString &shopId, const QList<OutboxItem> &items)
{
    if (auto r = requireOpen(db); !r)
        return r.error();
    if (items.isEmpty())
        return 0;
    QList<ArrayLiteral> columns(kColumns.size());
    for (const OutboxItem &item : items)
        for (qsizetype c = 0; c < kColumns.size(); ++c)
            kColumns.at(c).add(columns[c], item.entry);
    Statement push { pushStatement(), { shopId } };
    for (const ArrayLiteral &a : std::as_const(columns))
        push.binds << a.text();

    QSqlQuery query(db);
    if (auto r = runChain(query, push, QStringLiteral("could not push rows to the chain database")); !r)
        return r.error();
    return query.numRowsAffected();
}

} // namespace history
