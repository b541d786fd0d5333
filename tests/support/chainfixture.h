// The chain tests' shared setup (issue 18, 19): a throwaway PostgreSQL 15 (testpostgres.h) with the
// chain schema, its superuser connection, counters registered on it, one counter's own connection, and
// rows written straight into coupondesk.history as the superuser. History-level only (links
// CouponDesk::history); desk's ChainSettings for a login are in chainsettingsfor.h.
//
//     COUPONDESK_REQUIRE_POSTGRES();
//     QVERIFY2(m_chain.start(), qPrintable(m_chain.errorString()));
//     auto login = m_chain.addCounter(QStringLiteral("s1"), QStringLiteral("徐汇店"), QStringLiteral("01"));
//     QVERIFY(m_chain.insert({ QStringLiteral("s1"), QStringLiteral("01"), QStringLiteral("A1") }));
#pragma once

#include "history/chainschema.h"
#include "history/result.h"
#include "testpostgres.h"

#include <QDateTime>
#include <QSqlDatabase>
#include <QString>

#include <memory>
#include <optional>

namespace testsupport {

// One row of coupondesk.history; the columns left unset get the table's defaults ('' or NULL).
struct ChainHistoryRow
{
    ChainHistoryRow(const QString &shop, const QString &counter, const QString &code,
        const QString &op = QStringLiteral("use"), const QString &rowState = QStringLiteral("SUCCEEDED"))
        : shopId(shop)
        , counterId(counter)
        , couponCode(code)
        , operation(op)
        , state(rowState)
    {
    }

    QString shopId;
    QString counterId;
    QString couponCode; // request_no is "<counterId>-<couponCode>"
    QString operation;
    QString state; // settled_by is 'response' when SUCCEEDED or FAILED, else ''
    QString staff;
    QString stockId;
    QDateTime createdAt; // when invalid: minutesAgo minutes before the server's now()
    int minutesAgo = 0;
    std::optional<qint64> discountFen;
};

class ChainFixture
{
public:
    ChainFixture() = default;
    ~ChainFixture();
    ChainFixture(const ChainFixture &) = delete;
    ChainFixture &operator=(const ChainFixture &) = delete;

    // Starts the server, opens the superuser connection and creates the schema; false with
    // errorString() set. Call once, after COUPONDESK_REQUIRE_POSTGRES().
    bool start();
    QString errorString() const { return m_error; }

    TestPostgres &postgres() { return *m_pg; }
    QSqlDatabase &admin() { return m_admin; }
    // Opens admin() again, e.g. after postgres().restart() cut it; false with errorString() set.
    bool reopenAdmin();
    // The server as counters reach it (TLS checked against the run's CA).
    history::ChainServer server() const;

    // Registers counter `counterId` of shop `shopId` and gives its login.
    history::Result<history::ChainCounterLogin> addCounter(
        const QString &shopId, const QString &shopName, const QString &counterId);

    // The chain most tests use: 徐汇店 (s1) with counters 02 and 01, 静安店 (s2) with counter 01, registered
    // in that order; gives the login of s1/01, the counter the tests act as.
    history::Result<history::ChainCounterLogin> addTwoShopChain();

    // Opens counter(): a connection as `login`, closed by close(). False with errorString() set.
    bool openCounter(const history::ChainCounterLogin &login);
    QSqlDatabase &counter() { return m_counter; }

    // Writes `row` as the superuser; false (with the error logged) when PostgreSQL refuses it.
    bool insert(const ChainHistoryRow &row);

    // Closes the connections and stops the server (also done by the destructor).
    void close();

private:
    std::unique_ptr<TestPostgres> m_pg;
    QSqlDatabase m_admin;
    QSqlDatabase m_counter;
    QString m_error;
};

} // namespace testsupport
