// Generated chain history for tests and the benchmark (header-only): `shops` shops with `counters`
// counters each, `rows` journal rows spread evenly over `days` days ending with `lastDay` (times in
// `zone`), written server-side with generate_series by a superuser (no round trip per row). Realistic
// mix: 96 % use, 3 % deactivate, 1 % return; about 97 % SUCCEEDED, 2 % FAILED, 1 % UNCERTAIN; unique
// 12-digit coupon codes in no useful order; order and discount amounts on the uses. Row i's shop is
// i mod shops, so every shop has rows on every day. Run the statements in order on one connection,
// then VACUUM ANALYZE.
//
// Loading is a bulk load: the history's secondary indexes are dropped first and built again afterwards
// from their own definitions (pg_indexes), and the counters' foreign key is not checked row by row
// (session_replication_role = replica; every generated row names a generated counter). About ten
// times faster than inserting under the indexes; the table ends up exactly as if inserted.
#pragma once

#include <QDate>
#include <QDateTime>
#include <QString>
#include <QStringList>
#include <QTimeZone>

namespace testsupport {

inline QStringList chainHistoryGenerationSql(
    int shops, int counters, int days, qint64 rows, QDate lastDay, const QTimeZone &zone)
{
    const QDateTime first(lastDay.addDays(1 - days), QTime(0, 0), zone);
    const QString start = QLatin1Char('\'') + first.toUTC().toString(Qt::ISODateWithMs) + QLatin1Char('\'');
    const QString n = QString::number(rows);
    const QString s = QString::number(shops);
    const QString c = QString::number(counters);
    const QString step = QString::number(double(days) * 86400.0 / double(rows), 'f', 6);
    const QString shop = QStringLiteral("'g' || lpad((1 + i % %1)::text, 3, '0')").arg(s);
    const QString counter = QStringLiteral("lpad((1 + (i / %1) % %2)::text, 2, '0')").arg(s, c);
    return {
        QStringLiteral("CREATE TEMP TABLE generated_history_indexes AS SELECT indexname, indexdef"
                       " FROM pg_indexes WHERE schemaname = 'coupondesk' AND tablename = 'history'"
                       " AND indexname <> 'history_pkey'"),
        QStringLiteral(
            "DO $$ DECLARE r record; BEGIN FOR r IN SELECT indexname FROM generated_history_indexes"
            " LOOP EXECUTE 'DROP INDEX coupondesk.' || quote_ident(r.indexname); END LOOP; END $$"),
        QStringLiteral("SET session_replication_role = replica"),
        QStringLiteral("INSERT INTO coupondesk.counters (role_name, shop_id, shop_name, counter_id)"
                       " SELECT 'gen.' || sh || '.' || co, 'g' || lpad(sh::text, 3, '0'), '门店' || sh,"
                       " lpad(co::text, 2, '0')"
                       " FROM generate_series(1, %1) sh, generate_series(1, %2) co"
                       " ON CONFLICT DO NOTHING")
            .arg(s, c),
        // 982451653 is prime and prime to 10^12: i -> i * p mod 10^12 is one-to-one, so codes are unique.
        QStringLiteral(
            "INSERT INTO coupondesk.history (shop_id, counter_id, request_no, operation, coupon_code,"
            " stock_id, openid, appid, state, staff, created_at, updated_at, attempts, wechat_time,"
            " request_id, http_status, settled_by, order_amount_fen, discount_fen)"
            " SELECT %1, %2, 'G' || lpad(i::text, 10, '0'),"
            "  CASE WHEN i % 100 < 96 THEN 'use' WHEN i % 100 < 99 THEN 'deactivate' ELSE 'return' END,"
            "  lpad(((i * 982451653) % 1000000000000)::text, 12, '0'),"
            "  '12120000000000' || lpad((1 + i % 7)::text, 2, '0'), 'oGen' || (i % 100000), "
            "'wxd678efh567hg6787',"
            "  CASE WHEN i % 97 = 3 THEN 'FAILED' WHEN i % 101 = 5 THEN 'UNCERTAIN' ELSE 'SUCCEEDED' END,"
            "  's' || (i % 7), t, t + interval '180 milliseconds', 1, '', 'req' || i, 200,"
            "  CASE WHEN i % 101 = 5 THEN '' ELSE 'response' END,"
            "  CASE WHEN i % 100 < 96 THEN 5000 + (i * 37) % 20000 END,"
            "  CASE WHEN i % 100 < 96 THEN 1000 + 1000 * (i % 2) END"
            " FROM (SELECT i, %3::timestamptz + (i - 1) * interval '%4 seconds' AS t"
            "       FROM generate_series(1::bigint, %5) i) g")
            .arg(shop, counter, start, step, n),
        QStringLiteral("RESET session_replication_role"),
        QStringLiteral("SET maintenance_work_mem = '512MB'"),
        QStringLiteral("DO $$ DECLARE r record; BEGIN FOR r IN SELECT indexdef FROM generated_history_indexes"
                       " LOOP EXECUTE r.indexdef; END LOOP; END $$"),
        QStringLiteral("RESET maintenance_work_mem"),
        QStringLiteral("DROP TABLE generated_history_indexes"),
    };
}

} // namespace testsupport
