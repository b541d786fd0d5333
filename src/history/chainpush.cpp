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

// The columns, in the order of the arrays below, with each array's element type.
const QList<std::pair<QLatin1String, QLatin1String>> kColumns {
    { QLatin1String("counter_id"), QLatin1String("text") },
    { QLatin1String("request_no"), QLatin1String("text") },
    { QLatin1String("operation"), QLatin1String("text") },
    { QLatin1String("coupon_code"), QLatin1String("text") },
    { QLatin1String("stock_id"), QLatin1String("text") },
    { QLatin1String("openid"), QLatin1String("text") },
    { QLatin1String("appid"), QLatin1String("text") },
    { QLatin1String("reason"), QLatin1String("text") },
    { QLatin1String("state"), QLatin1String("text") },
    { QLatin1String("staff"), QLatin1String("text") },
    { QLatin1String("created_at"), QLatin1String("timestamptz") },
    { QLatin1String("updated_at"), QLatin1String("timestamptz") },
    { QLatin1String("attempts"), QLatin1String("integer") },
    { QLatin1String("wechat_time"), QLatin1String("text") },
    { QLatin1String("request_id"), QLatin1String("text") },
    { QLatin1String("wechat_code"), QLatin1String("text") },
    { QLatin1String("message"), QLatin1String("text") },
    { QLatin1String("http_status"), QLatin1String("integer") },
    { QLatin1String("settled_by"), QLatin1String("text") },
    { QLatin1String("batch_id"), QLatin1String("text") },
    { QLatin1String("note"), QLatin1String("text") },
    { QLatin1String("order_amount_fen"), QLatin1String("bigint") },
    { QLatin1String("discount_fen"), QLatin1String("bigint") },
};

QString pushStatement()
{
    QStringList names;
    QStringList arrays;
    QStringList updates;
    for (const auto &[name, type] : kColumns) {
        names << name;
        arrays << QLatin1String("?::") + type + QLatin1String("[]");
        if (name != QLatin1String("counter_id") && name != QLatin1String("request_no"))
            updates << name + QLatin1String(" = EXCLUDED.") + name;
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
    for (const OutboxItem &item : items) {
        const JournalEntry &e = item.entry;
        int c = 0;
        columns[c++].add(e.counterId);
        columns[c++].add(e.requestNo);
        columns[c++].add(operationName(e.operation));
        columns[c++].add(e.couponCode);
        columns[c++].add(e.stockId);
        columns[c++].add(e.openid);
        columns[c++].add(e.appid);
        columns[c++].add(e.reason);
        columns[c++].add(stateName(e.state));
        columns[c++].add(e.staff);
        columns[c++].add(utcTime(e.createdAt));
        columns[c++].add(utcTime(e.updatedAt));
        columns[c++].add(QString::number(e.attempts));
        columns[c++].add(e.wechatTime);
        columns[c++].add(e.requestId);
        columns[c++].add(e.wechatCode);
        columns[c++].add(e.message);
        columns[c++].add(QString::number(e.httpStatus));
        columns[c++].add(settledByName(e.settledBy));
        if (e.batchId.isEmpty())
            columns[c++].addNull();
        else
            columns[c++].add(e.batchId);
        columns[c++].add(e.note);
        columns[c++].add(e.orderFen);
        columns[c++].add(e.discountFen);
        Q_ASSERT(c == kColumns.size());
    }
    Statement push { pushStatement(), { shopId } };
    for (const ArrayLiteral &a : std::as_const(columns))
        push.binds << a.text();

    QSqlQuery query(db);
    if (auto r = runChain(query, push, QStringLiteral("could not push rows to the chain database")); !r)
        return r.error();
    return query.numRowsAffected();
}

} // namespace history
