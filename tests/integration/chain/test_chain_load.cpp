// The load of issue 18 with real processes: 20 counter processes (5 shops × 4 counters) each redeem
// 500 coupons at once through desk::Desk against ONE wechatpay-sim process and replicate through their
// ChainLink into ONE PostgreSQL 15 (TLS verify-full, one login per counter). Afterwards PostgreSQL
// holds exactly 10,000 rows, each equal in every replicated column to its counter's SQLite row.
// The set-up lives in chainloadrig.h (shared with tests/bench/chain_bench.cpp).
#include "chainloadrig.h"

#include <QElapsedTimer>
#include <QTest>

class TestChainLoad : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void twentyCountersReplicateEveryRowOnce()
    {
        COUPONDESK_REQUIRE_POSTGRES();
        chainload::Rig rig;
        QElapsedTimer timer;
        timer.start();
        QString error = rig.prepare();
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const qint64 prepareMs = timer.restart();
        QVERIFY2((error = rig.start()).isEmpty(), qPrintable(error));
        QVERIFY2((error = rig.wait(400000)).isEmpty(), qPrintable(error));
        const qint64 loadMs = timer.restart();
        QVERIFY2((error = rig.verify()).isEmpty(), qPrintable(error));
        qInfo("%d counters x 500: set-up %lld ms (PostgreSQL %lld, simulator %lld), load %lld ms, check %lld "
              "ms",
            rig.counterCount(), static_cast<long long>(prepareMs),
            static_cast<long long>(rig.postgresStartMs()), static_cast<long long>(rig.simulatorStartMs()),
            static_cast<long long>(loadMs), static_cast<long long>(timer.elapsed()));
        qInfo("%s", rig.counters().front().output.trimmed().constData());

        // The comparison sees a difference in any one column of any one row.
        QSqlQuery q(rig.admin());
        QVERIFY(
            q.exec(QStringLiteral("UPDATE coupondesk.history SET wechat_time = wechat_time || ' '"
                                  " WHERE (shop_id, counter_id, request_no) IN (SELECT shop_id, counter_id,"
                                  " request_no FROM coupondesk.history ORDER BY random() LIMIT 1)")));
        QCOMPARE(q.numRowsAffected(), 1);
        QVERIFY(rig.verify().contains(QLatin1String("differs")));
    }
};

QTEST_GUILESS_MAIN(TestChainLoad)
#include "test_chain_load.moc"
