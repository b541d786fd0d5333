#include "chainfixture.h"

#include "history/chainconnection.h"

#include <QSqlError>
#include <QSqlQuery>

#include <tuple>

namespace testsupport {

namespace {

// QPSQL binds a null QString as NULL; the text columns are NOT NULL DEFAULT ''.
QString orEmpty(const QString &text)
{
    return text.isNull() ? QString(QLatin1String("")) : text;
}

} // namespace

ChainFixture::~ChainFixture()
{
    close();
}

bool ChainFixture::start()
{
    m_pg = std::make_unique<TestPostgres>();
    if (!m_pg->start()) {
        m_error = m_pg->errorString();
        return false;
    }
    if (!reopenAdmin())
        return false;
    auto schema = history::ChainSchema::init(m_admin);
    if (!schema.ok()) {
        m_error = schema.error().message;
        return false;
    }
    return true;
}

bool ChainFixture::reopenAdmin()
{
    if (m_admin.isValid())
        history::closeChainDatabase(m_admin);
    auto admin
        = history::openChainDatabase(m_pg->uri(m_pg->superuser(), m_pg->caPath()), m_pg->superuserPassword());
    if (!admin.ok()) {
        m_error = admin.error().message;
        return false;
    }
    m_admin = admin.value();
    return true;
}

history::ChainServer ChainFixture::server() const
{
    return { m_pg->host(), m_pg->port(), m_pg->database(), m_pg->caPath() };
}

history::Result<history::ChainCounterLogin> ChainFixture::addCounter(
    const QString &shopId, const QString &shopName, const QString &counterId)
{
    return history::ChainSchema::addCounter(m_admin, shopId, shopName, counterId, server());
}

history::Result<history::ChainCounterLogin> ChainFixture::addTwoShopChain()
{
    for (const auto &[shopId, shopName, counterId] :
        { std::tuple { QStringLiteral("s1"), QStringLiteral("徐汇店"), QStringLiteral("02") },
            std::tuple { QStringLiteral("s2"), QStringLiteral("静安店"), QStringLiteral("01") } }) {
        auto other = addCounter(shopId, shopName, counterId);
        if (!other.ok())
            return other;
    }
    return addCounter(QStringLiteral("s1"), QStringLiteral("徐汇店"), QStringLiteral("01"));
}

bool ChainFixture::openCounter(const history::ChainCounterLogin &login)
{
    auto db = history::openChainDatabase(login.databaseUrl, login.password);
    if (!db.ok()) {
        m_error = db.error().message;
        return false;
    }
    m_counter = db.value();
    return true;
}

bool ChainFixture::insert(const ChainHistoryRow &row)
{
    QSqlQuery q(m_admin);
    q.prepare(QStringLiteral("INSERT INTO coupondesk.history (shop_id, counter_id, request_no, operation,"
                             " coupon_code, stock_id, staff, state, settled_by, created_at, updated_at,"
                             " discount_fen)"
                             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?,"
                             " COALESCE(?::timestamptz, now() - ? * interval '1 minute'), now(), ?)"));
    q.addBindValue(row.shopId);
    q.addBindValue(row.counterId);
    q.addBindValue(QString(row.counterId + QLatin1Char('-') + row.couponCode));
    q.addBindValue(row.operation);
    q.addBindValue(row.couponCode);
    q.addBindValue(orEmpty(row.stockId));
    q.addBindValue(orEmpty(row.staff));
    q.addBindValue(row.state);
    const bool settled = row.state == QLatin1String("SUCCEEDED") || row.state == QLatin1String("FAILED");
    q.addBindValue(settled ? QStringLiteral("response") : orEmpty({}));
    q.addBindValue(row.createdAt.isValid() ? QVariant(row.createdAt.toUTC().toString(Qt::ISODateWithMs))
                                           : QVariant(QMetaType::fromType<QString>()));
    q.addBindValue(row.minutesAgo);
    q.addBindValue(row.discountFen ? QVariant(*row.discountFen) : QVariant(QMetaType::fromType<qint64>()));
    if (!q.exec())
        qWarning("%s", qPrintable(q.lastError().text()));
    return q.lastError().type() == QSqlError::NoError;
}

void ChainFixture::close()
{
    if (m_counter.isValid())
        history::closeChainDatabase(m_counter);
    if (m_admin.isValid())
        history::closeChainDatabase(m_admin);
    m_pg.reset();
}

} // namespace testsupport
