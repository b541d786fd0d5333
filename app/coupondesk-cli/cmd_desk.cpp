// The workflow commands: use, deactivate, return, query, stock, history, reconcile.
#include "cli.h"
#include "runtime.h"

#include "demomode.h"

#include "desk/chainmessages.h"
#include "desk/chainpusher.h"
#include "desk/couponcodes.h"
#include "desk/couponvalue.h"
#include "desk/money.h"
#include "desk/session.h"
#include "desk/settings.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>
#include <QTimer>

using namespace desk;

namespace cli {

int openRuntime(const Context &ctx, Runtime &rt, bool ready)
{
    QString path = ctx.configPath;
    if (ctx.demo) {
        auto env = demo::DemoEnvironment::start();
        if (!env)
            return fail(Config, QStringLiteral("demo mode could not start: ") + env.error().message);
        rt.demoEnv = std::move(env.value());
        path = rt.demoEnv->settingsPath();
    } else if (path.isEmpty()) {
        path = Settings::defaultPath();
        if (!QFileInfo::exists(path))
            return fail(
                Config, QStringLiteral("no settings at %1: give --config FILE, or try --demo").arg(path));
    }
    QList<SettingIssue> issues;
    auto settings = Settings::load(path, &issues);
    if (!settings)
        return fail(Config,
            QStringLiteral("settings %1: %2")
                .arg(path, describeIssues(issues).replace(QLatin1Char('\n'), QStringLiteral("; "))));
    rt.secrets = makeSecretStore(QFileInfo(path).absolutePath());
    SessionOptions o;
    o.reconcileIntervalMs = 0;
    auto session = Session::open(settings.value(), *rt.secrets, rt.clock, o);
    if (!session)
        return fail(
            Config, QString(session.error().message).replace(QLatin1Char('\n'), QStringLiteral("; ")));
    rt.session = std::move(session.value());
    if (!ready)
        return Ok;

    QEventLoop loop;
    int rc = Ok;
    QObject::connect(rt.session.get(), &Session::ready, &loop, [&loop] { loop.quit(); });
    QObject::connect(rt.session.get(), &Session::failed, &loop, [&](const desk::Error &e) {
        rc = fail(Config, QStringLiteral("cannot verify WeChat Pay's answers: ") + e.message);
        loop.quit();
    });
    rt.session->start();
    if (!rt.session->isReady() && rc == Ok)
        loop.exec();
    return rc;
}

OperationResult waitFor(Task *task)
{
    if (!task->isFinished()) {
        QEventLoop loop;
        QObject::connect(task, &Task::finished, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return task->result();
}

namespace {

int exitFor(const OperationResult &r)
{
    switch (r.outcome) {
    case Outcome::Succeeded:
        return Ok;
    case Outcome::Failed:
        return Failed;
    case Outcome::Uncertain:
        return Uncertain;
    case Outcome::Rejected:
        return r.fieldErrors.isEmpty() ? Failed : Usage;
    }
    return Failed;
}

QJsonObject toJson(const OperationResult &r)
{
    QJsonObject o { { QStringLiteral("operation"), desk::operationName(r.operation) },
        { QStringLiteral("outcome"), outcomeName(r.outcome) },
        { QStringLiteral("coupon_code"), r.couponCode }, { QStringLiteral("stock_id"), r.stockId },
        { QStringLiteral("message"), r.message.headline }, { QStringLiteral("action"), r.message.action } };
    if (r.journalId)
        o.insert(QStringLiteral("journal_id"), r.journalId);
    if (!r.requestNo.isEmpty())
        o.insert(QStringLiteral("request_no"), r.requestNo);
    if (!r.wechatTime.isEmpty())
        o.insert(QStringLiteral("wechat_time"), r.wechatTime);
    if (!r.requestId.isEmpty())
        o.insert(QStringLiteral("request_id"), r.requestId);
    if (r.outcome != Outcome::Succeeded && !r.error.code.isEmpty())
        o.insert(QStringLiteral("code"), r.error.code);
    if (!r.fieldErrors.isEmpty())
        o.insert(QStringLiteral("field"), r.fieldErrors.first().field);
    if (r.triedStocks.size() > 1)
        o.insert(QStringLiteral("tried_stocks"), QJsonArray::fromStringList(r.triedStocks));
    if (r.earlierJournalId)
        o.insert(QStringLiteral("earlier_journal_id"), r.earlierJournalId);
    if (r.coupon) {
        o.insert(QStringLiteral("coupon_state"), r.coupon->couponState);
        o.insert(QStringLiteral("stock_name"), r.coupon->stockName);
        o.insert(QStringLiteral("available_start_time"), r.coupon->availableStartTime);
        o.insert(QStringLiteral("expire_time"), r.coupon->expireTime);
        if (!r.coupon->useRequestNo.isEmpty())
            o.insert(QStringLiteral("use_request_no"), r.coupon->useRequestNo);
    }
    if (r.stock) {
        o.insert(QStringLiteral("stock_name"), r.stock->stockName);
        o.insert(QStringLiteral("stock_state"), r.stock->stockState);
        o.insert(QStringLiteral("coupon_code_mode"), r.stock->couponCodeMode);
        if (r.stock->useRule) {
            const auto &rule = *r.stock->useRule;
            o.insert(QStringLiteral("value_text"), valueText(rule));
            o.insert(QStringLiteral("transaction_minimum_fen"), rule.transactionMinimumFen);
            if (rule.kind == CouponUseRule::Kind::Fixed)
                o.insert(QStringLiteral("discount_amount_fen"), rule.discountAmountFen);
            else if (rule.kind == CouponUseRule::Kind::Discount)
                o.insert(QStringLiteral("discount_percent"), rule.discountPercent);
            else
                o.insert(QStringLiteral("exchange_price_fen"), rule.exchangePriceFen);
        }
    }
    if (r.orderFen)
        o.insert(QStringLiteral("order_amount_fen"), *r.orderFen);
    if (r.discountFen)
        o.insert(QStringLiteral("discount_fen"), *r.discountFen);
    if (r.dueFen)
        o.insert(QStringLiteral("due_fen"), *r.dueFen);
    return o;
}

QString toText(const OperationResult &r)
{
    const char *mark = r.outcome == Outcome::Succeeded ? "OK"
        : r.outcome == Outcome::Uncertain              ? "PENDING"
                                                       : "FAILED";
    QString t = QStringLiteral("%1  %2").arg(QLatin1String(mark), r.message.headline);
    if (!r.message.action.isEmpty())
        t += QStringLiteral("\n    ") + r.message.action;
    if (r.coupon)
        t += QStringLiteral("\n    %1  %2  %3 → %4")
                 .arg(r.coupon->couponCode, r.coupon->stockName, r.coupon->availableStartTime,
                     r.coupon->expireTime);
    if (r.stock && r.operation != desk::Operation::Use)
        t += QStringLiteral("\n    %1  %2  %3")
                 .arg(r.stock->stockId, r.stock->stockState, r.stock->couponCodeMode);
    if (r.stock && r.stock->useRule && r.operation != desk::Operation::Use)
        t += QStringLiteral("\n    %1").arg(valueText(*r.stock->useRule));
    if (const QString till = tillText(r);
        !till.isEmpty() && r.outcome == Outcome::Succeeded && r.operation == desk::Operation::Use)
        t += QStringLiteral("\n    ") + QString(till).replace(QLatin1Char('\n'), QStringLiteral("\n    "));
    if (!r.requestNo.isEmpty())
        t += QStringLiteral("\n    request %1").arg(r.requestNo);
    if (r.operation == desk::Operation::Use && !r.stockId.isEmpty() && !r.coupon)
        t += QStringLiteral("\n    stock %1").arg(r.stockId);
    if (!r.message.detail.isEmpty() && r.outcome != Outcome::Succeeded)
        t += QStringLiteral("\n    (%1)").arg(r.message.detail);
    return t;
}

// `trail`: where the chain saw the coupon redeemed or voided (chain mode), as the counter shows it.
int report(const Context &ctx, const OperationResult &r, const QString &trail = {})
{
    QJsonObject json = toJson(r);
    QString text = toText(r);
    if (!trail.isEmpty()) {
        json.insert(QStringLiteral("chain_trail"), trail);
        text += QStringLiteral("\n    ") + trail;
    }
    printResult(ctx, json, text);
    return exitFor(r);
}

// In chain mode, for a coupon WeChat Pay refused as already redeemed or voided: the line saying where
// and by whom (chainmessages.h), read synchronously from the chain database; empty when it cannot be
// reached within its connect timeout, or knows nothing. WeChat Pay's answer stays the result.
QString chainTrail(const Runtime &rt, const OperationResult &r)
{
    const Settings &settings = rt.session->settings();
    if (!settings.chain.isEnabled() || !wantsChainTrail(r))
        return {};
    auto password = readChainPassword(settings.chain, *rt.secrets);
    if (!password)
        return {};
    ChainPusherConfig config = ChainPusherConfig::from(settings, password.value());
    config.connectTimeoutSecs = 3; // a cashier's script waits for this answer
    ChainPusher pusher(config);
    auto rows = pusher.trail(r.couponCode);
    return rows ? chainTrailLine(r, rows.value()) : QString();
}

} // namespace

// The person doing it: --staff, else the first cashier (redeem) or manager (void/return).
int staffSession(Runtime &rt, const QCommandLineParser &p, bool needManager, StaffSession &out)
{
    QString id = p.value(QStringLiteral("staff"));
    const StaffDirectory &dir = rt.session->staff();
    if (id.isEmpty()) {
        for (const StaffMember &m : dir.members())
            if ((m.role == Role::Manager) == needManager || (!needManager && id.isEmpty())) {
                id = m.id;
                if ((m.role == Role::Manager) == needManager)
                    break;
            }
    }
    if (id.isEmpty()) {
        if (needManager)
            return fail(Config, QStringLiteral("no manager in the settings' staff list"));
        out = StaffSession {
            StaffMember { QStringLiteral("cli"), QStringLiteral("coupondesk-cli"), Role::Cashier, {} }, false
        };
        return Ok;
    }
    auto member = dir.find(id);
    if (!member)
        return fail(Usage, QStringLiteral("unknown staff id \"%1\"").arg(id));
    if (!needManager) {
        out = StaffSession { *member, false };
        return Ok;
    }
    if (member->role != Role::Manager)
        return fail(
            Failed, QStringLiteral("%1 is not a manager; voiding and returning need a manager").arg(id));
    return verifiedStaff(rt, p, id, out);
}

// `id`'s PIN from --pin or COUPONDESK_PIN, checked (failures counted toward the lockout).
int verifiedStaff(Runtime &rt, const QCommandLineParser &p, const QString &id, StaffSession &out)
{
    QString pin = p.value(QStringLiteral("pin"));
    if (pin.isEmpty())
        pin = QString::fromLocal8Bit(qgetenv("COUPONDESK_PIN"));
    if (pin.isEmpty())
        return fail(Usage, QStringLiteral("%1's PIN is needed: --pin PIN or COUPONDESK_PIN").arg(id));
    auto check = rt.session->verifyPin(id, pin);
    switch (check.check) {
    case StaffDirectory::Check::Ok:
        out = *check.session;
        return Ok;
    case StaffDirectory::Check::WrongPin:
        return fail(Failed,
            QStringLiteral("wrong PIN for %1 (%2 attempt(s) left before a lockout)")
                .arg(id)
                .arg(check.attemptsLeft));
    case StaffDirectory::Check::LockedOut:
        return fail(Failed,
            QStringLiteral("%1 is locked out after repeated wrong PINs; try again in %2 s")
                .arg(id)
                .arg(check.lockedForSecs));
    case StaffDirectory::Check::NoPinSet:
        return fail(Config, QStringLiteral("%1 has no PIN set").arg(id));
    case StaffDirectory::Check::UnknownStaff:
        return fail(Usage, QStringLiteral("unknown staff id \"%1\"").arg(id));
    }
    return Failed;
}

// Before a write: settle what an earlier run left unconfirmed (start-up rule).
void settleFirst(Runtime &rt)
{
    if (rt.session->desk().unsettledCount() > 0)
        waitFor(rt.session->desk().settleAll());
}

int failRead(const desk::Error &e)
{
    const bool config = e.code == QLatin1String("CHAIN_NOT_CONFIGURED")
        || e.code == QLatin1String("CHAIN_PASSWORD") || e.code == QLatin1String("CHAIN_LOGIN_REFUSED");
    const int code = e.code == QLatin1String("REPORT_UNKNOWN_SHOP") ? Usage : config ? Config : Failed;
    return fail(code, QString(e.message).replace(QLatin1Char('\n'), QStringLiteral("; ")));
}

namespace {

// Bad input is refused before anything starts: no settings read, no connection made, nothing sent.
bool refusedInput(const Context &ctx, desk::Operation op, const QString &code, const QString &stock,
    const QList<FieldError> &errors, int &exitCode)
{
    if (errors.isEmpty())
        return false;
    exitCode = report(ctx, Desk::refusal(op, code, stock, errors));
    return true;
}

const QCommandLineOption kCode(QStringLiteral("code"), QStringLiteral("Coupon code."), QStringLiteral("C"));
const QCommandLineOption kStock(
    QStringLiteral("stock"), QStringLiteral("Stock (批次) id."), QStringLiteral("S"));
const QCommandLineOption kStockAuto(QStringLiteral("stock"),
    QStringLiteral("Stock (批次) id; without it the shop's stocks are tried."), QStringLiteral("S"));
const QCommandLineOption kOpenid(
    QStringLiteral("openid"), QStringLiteral("The customer's openid."), QStringLiteral("O"));
const QCommandLineOption kStaff(QStringLiteral("staff"),
    QStringLiteral("Staff id doing it (default: first cashier / manager)."), QStringLiteral("ID"));
const QCommandLineOption kPin(QStringLiteral("pin"),
    QStringLiteral("Manager PIN (or the COUPONDESK_PIN environment variable)."), QStringLiteral("PIN"));

// The common run of a write: open the program, who does it, settle what an earlier run left
// open, then the operation itself, reported as one result.
int runWrite(const Context &ctx, const QCommandLineParser &p, bool needManager,
    const std::function<Task *(Session &, const StaffSession &)> &start)
{
    Runtime rt;
    if (int rc = openRuntime(ctx, rt); rc != Ok)
        return rc;
    StaffSession staff;
    if (int rc = staffSession(rt, p, needManager, staff); rc != Ok)
        return rc;
    settleFirst(rt);
    const OperationResult result = waitFor(start(*rt.session, staff));
    return report(ctx, result, chainTrail(rt, result));
}

int runUse(Context &ctx)
{
    QCommandLineParser p;
    const QCommandLineOption amountOption(QStringLiteral("amount"),
        QStringLiteral(
            "The order's amount in yuan (e.g. 128.00): checked against the coupon's minimum before sending."),
        QStringLiteral("YUAN"));
    p.addOptions({ kCode, kStockAuto, kOpenid, kStaff, amountOption });
    int code = Ok;
    if (!parseCommand(p, ctx, QStringLiteral("Redeems (核销) a coupon."), code)
        || !requireValues(p, { QStringLiteral("code") }, code))
        return code;
    // Without --stock the stock is found as at the counter: code patterns, the journal, then each configured
    // stock.
    const QString couponCode = normalizeCode(p.value(kCode));
    const QString stock = p.value(kStockAuto).trimmed();
    auto errors = Desk::checkRedeem(couponCode, stock, p.value(kOpenid).trimmed());
    if (!p.isSet(kStockAuto))
        errors.removeIf([](const FieldError &e) { return e.field == QLatin1String("stock_id"); });
    const std::optional<qint64> orderFen
        = p.isSet(amountOption) ? parseYuan(p.value(amountOption)) : std::nullopt;
    if (p.isSet(amountOption) && !orderFen)
        errors << FieldError { QStringLiteral("order_amount"), FieldProblem::BadFormat };
    if (refusedInput(ctx, desk::Operation::Use, couponCode, stock, errors, code))
        return code;
    return runWrite(ctx, p, false, [&](Session &s, const StaffSession &staff) {
        return s.redeemer().redeem(staff, couponCode, stock, p.value(kOpenid), orderFen);
    });
}

int runDeactivate(Context &ctx)
{
    QCommandLineParser p;
    p.addOptions({ kCode, kStock,
        { QStringLiteral("reason"), QStringLiteral("Why (up to 64 characters, no emoji)."),
            QStringLiteral("R") },
        kStaff, kPin });
    int code = Ok;
    if (!parseCommand(
            p, ctx, QStringLiteral("Voids (使券失效) an unused coupon. Needs a manager's PIN."), code)
        || !requireValues(
            p, { QStringLiteral("code"), QStringLiteral("stock"), QStringLiteral("reason") }, code))
        return code;
    if (refusedInput(ctx, desk::Operation::Deactivate, p.value(kCode), p.value(kStock),
            Desk::checkVoid(p.value(kCode).trimmed(), p.value(kStock).trimmed(),
                p.value(QStringLiteral("reason")).trimmed()),
            code))
        return code;
    return runWrite(ctx, p, true, [&](Session &s, const StaffSession &staff) {
        return s.desk().deactivate(staff, p.value(kCode), p.value(kStock), p.value(QStringLiteral("reason")));
    });
}

int runReturn(Context &ctx)
{
    QCommandLineParser p;
    p.addOptions({ kCode, kStock, kStaff, kPin });
    int code = Ok;
    if (!parseCommand(p, ctx,
            QStringLiteral("Returns (退券) a redeemed coupon to the customer, e.g. after a refund. Needs a "
                           "manager's PIN."),
            code)
        || !requireValues(p, { QStringLiteral("code"), QStringLiteral("stock") }, code))
        return code;
    if (refusedInput(ctx, desk::Operation::Return, p.value(kCode), p.value(kStock),
            Desk::checkRedeem(p.value(kCode).trimmed(), p.value(kStock).trimmed(), {}), code))
        return code;
    return runWrite(ctx, p, true, [&](Session &s, const StaffSession &staff) {
        return s.desk().returnCoupon(staff, p.value(kCode), p.value(kStock));
    });
}

int runQuery(Context &ctx)
{
    QCommandLineParser p;
    p.addOptions({ kCode, kOpenid });
    int code = Ok;
    if (!parseCommand(p, ctx, QStringLiteral("Shows one coupon's state, stock and validity."), code)
        || !requireValues(p, { QStringLiteral("code"), QStringLiteral("openid") }, code))
        return code;
    if (refusedInput(ctx, desk::Operation::Query, p.value(kCode), {},
            Desk::checkQuery(p.value(kCode).trimmed(), p.value(kOpenid).trimmed()), code))
        return code;
    Runtime rt;
    if (int rc = openRuntime(ctx, rt); rc != Ok)
        return rc;
    return report(ctx, waitFor(rt.session->desk().queryCoupon(p.value(kCode), p.value(kOpenid))));
}

int runStock(Context &ctx)
{
    QCommandLineParser p;
    p.addOptions({ kStock });
    int code = Ok;
    if (!parseCommand(p, ctx, QStringLiteral("Shows a stock (批次): name, state, code mode."), code)
        || !requireValues(p, { QStringLiteral("stock") }, code))
        return code;
    if (refusedInput(ctx, desk::Operation::Query, {}, p.value(kStock),
            Desk::checkStock(p.value(kStock).trimmed()), code))
        return code;
    Runtime rt;
    if (int rc = openRuntime(ctx, rt); rc != Ok)
        return rc;
    return report(ctx, waitFor(rt.session->desk().stockInfo(p.value(kStock))));
}

int runReconcile(Context &ctx)
{
    QCommandLineParser p;
    int code = Ok;
    if (!parseCommand(
            p, ctx, QStringLiteral("Settles every PENDING or UNCERTAIN history row with WeChat Pay."), code))
        return code;
    Runtime rt;
    if (int rc = openRuntime(ctx, rt); rc != Ok)
        return rc;
    const int before = rt.session->desk().unsettledCount();
    const OperationResult r = waitFor(rt.session->desk().settleAll());
    const int after = rt.session->desk().unsettledCount();
    printResult(ctx,
        QJsonObject { { QStringLiteral("unsettled_before"), before },
            { QStringLiteral("settled"), before - after }, { QStringLiteral("unsettled"), after } },
        QStringLiteral("%1 unconfirmed row(s) found, %2 settled, %3 still unconfirmed")
            .arg(before)
            .arg(before - after)
            .arg(after));
    return after == 0 ? Ok : Uncertain;
}

int runHistory(Context &ctx)
{
    QCommandLineParser p;
    p.addOptions({
        { QStringLiteral("code"),
            QStringLiteral(
                "Any part of the coupon code (the last digits will do); C* for codes starting with C."),
            QStringLiteral("C") },
        { QStringLiteral("since"), QStringLiteral("From this day (YYYY-MM-DD, local time)."),
            QStringLiteral("DATE") },
        { QStringLiteral("scope"),
            QStringLiteral(
                "counter (default: this counter's journal), shop or chain (chain mode: this shop's or "
                "every shop's rows in the chain database; rows not pushed yet are not there)."),
            QStringLiteral("S") },
        { QStringLiteral("format"),
            QStringLiteral("table (default), csv or json (for machines), or xlsx (for people: Excel, in the "
                           "UI language; needs --out)."),
            QStringLiteral("F") },
        { QStringLiteral("out"), QStringLiteral("The file to write (xlsx)."), QStringLiteral("FILE") },
        { QStringLiteral("limit"), QStringLiteral("Rows for the table (default 50)."), QStringLiteral("N") },
        { QStringLiteral("bom"), QStringLiteral("CSV with a UTF-8 BOM (for Excel).") },
    });
    int code = Ok;
    if (!parseCommand(p, ctx, QStringLiteral("Lists the journal, newest first."), code))
        return code;
    HistoryFilter filter;
    const QString scope = p.value(QStringLiteral("scope"));
    if (!scope.isEmpty()) {
        const auto s = scopeFromName(scope);
        if (!s)
            return fail(Usage, QStringLiteral("--scope must be counter, shop or chain"));
        filter.scope = *s;
        if (filter.scope != HistoryScope::Counter)
            quietChainReads(ctx);
    }
    const QString c = p.value(QStringLiteral("code"));
    if (c.endsWith(QLatin1Char('*')))
        filter.codePrefix = c.chopped(1);
    else
        filter.codeContains = c;
    if (p.isSet(QStringLiteral("since"))) {
        const QDate d = QDate::fromString(p.value(QStringLiteral("since")), QStringLiteral("yyyy-MM-dd"));
        if (!d.isValid())
            return fail(Usage, QStringLiteral("--since must be a date like 2026-11-23"));
        filter.from = d.startOfDay();
    }
    const QString format = p.value(QStringLiteral("format")).isEmpty()
        ? (ctx.json ? QStringLiteral("json") : QStringLiteral("table"))
        : p.value(QStringLiteral("format"));
    if (format != QLatin1String("table") && format != QLatin1String("csv") && format != QLatin1String("json")
        && format != QLatin1String("xlsx"))
        return fail(Usage, QStringLiteral("--format must be table, csv, json or xlsx"));
    if (format == QLatin1String("xlsx") && p.value(QStringLiteral("out")).isEmpty())
        return fail(Usage,
            QStringLiteral("--format xlsx needs --out FILE.xlsx (a workbook is not written to a terminal)"));
    bool limitOk = true;
    const int limit
        = p.isSet(QStringLiteral("limit")) ? p.value(QStringLiteral("limit")).toInt(&limitOk) : 50;
    if (!limitOk || limit < 1 || limit > HistoryService::kMaxPageSize)
        return fail(Usage, QStringLiteral("--limit must be 1 to %1").arg(HistoryService::kMaxPageSize));

    Runtime rt;
    if (int rc = openRuntime(ctx, rt); rc != Ok)
        return rc;
    HistoryService &h = rt.session->history();
    if (format == QLatin1String("xlsx")) {
        const QString file = p.value(QStringLiteral("out"));
        auto n = h.exportXlsx(filter, file);
        if (!n)
            return failRead(n.error());
        printResult(ctx,
            QJsonObject { { QStringLiteral("rows"), n.value() }, { QStringLiteral("file"), file } },
            QStringLiteral("%1 row(s) written to %2").arg(n.value()).arg(file));
        return Ok;
    }
    QFile out;
    if (!out.open(stdout, QIODevice::WriteOnly))
        return fail(Failed, QStringLiteral("cannot write to standard output"));
    if (format == QLatin1String("csv")) {
        auto n = h.exportCsv(filter, out, p.isSet(QStringLiteral("bom")));
        return n ? Ok : failRead(n.error());
    }
    if (format == QLatin1String("json")) {
        auto n = h.exportJson(filter, out);
        out.write("\n");
        return n ? Ok : failRead(n.error());
    }
    auto rows = h.page(filter, 0, limit);
    if (!rows)
        return failRead(rows.error());
    auto total = h.count(filter);
    if (!total)
        return failRead(total.error());
    // In the shop's and the chain's scopes each row says where it was made.
    const bool where = filter.scope != HistoryScope::Counter;
    QTextStream ts(&out);
    if (where)
        ts << QStringLiteral("shop").leftJustified(12) << QStringLiteral("  ")
           << QStringLiteral("counter").leftJustified(7) << QStringLiteral("  ");
    ts << QStringLiteral("%1  %2  %3  %4  %5  %6  %7\n")
              .arg(QStringLiteral("time").leftJustified(19), QStringLiteral("op").leftJustified(10),
                  QStringLiteral("coupon").leftJustified(20), QStringLiteral("stock").leftJustified(10),
                  QStringLiteral("staff").leftJustified(5), QStringLiteral("state").leftJustified(9),
                  QStringLiteral("message"));
    for (const HistoryRow &e : rows.value()) {
        if (where)
            ts << QStringLiteral("%1 %2").arg(e.shopId, e.shopName).leftJustified(12) << QStringLiteral("  ")
               << e.counterId.leftJustified(7) << QStringLiteral("  ");
        ts << QStringLiteral("%1  %2  %3  %4  %5  %6  %7\n")
                  .arg(e.createdAt.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")),
                      operationName(e.operation).leftJustified(10), e.couponCode.leftJustified(20),
                      e.stockId.leftJustified(10), e.staff.leftJustified(5),
                      stateName(e.state).leftJustified(9),
                      e.state == State::Succeeded ? e.wechatTime : e.message);
    }
    ts << QStringLiteral("%1 row(s) shown of %2\n").arg(rows->size()).arg(total.value());
    return Ok;
}

int runDemoCodes(Context &ctx)
{
    QCommandLineParser p;
    int code = Ok;
    if (!parseCommand(p, ctx, QStringLiteral("Lists coupons to try in demo mode (needs --demo)."), code))
        return code;
    if (!ctx.demo)
        return fail(Usage, QStringLiteral("demo-codes needs --demo"));
    auto env = demo::DemoEnvironment::start();
    if (!env)
        return fail(Config, QStringLiteral("demo mode could not start: ") + env.error().message);
    for (const sim::DemoCode &c : env.value()->simulator().demoCodes(3))
        printResult(ctx,
            QJsonObject { { QStringLiteral("coupon_code"), c.couponCode },
                { QStringLiteral("stock_id"), c.stockId }, { QStringLiteral("stock_name"), c.stockName },
                { QStringLiteral("openid"), c.openid }, { QStringLiteral("state"), c.state },
                { QStringLiteral("note"), c.note } },
            QStringLiteral("%1  %2  %3  %4")
                .arg(c.couponCode.leftJustified(22), c.stockId, c.stockName, c.note));
    return Ok;
}

} // namespace

QList<Command> deskCommands()
{
    return {
        { QStringLiteral("use"), QStringLiteral("Redeem a coupon (核销)"), runUse },
        { QStringLiteral("deactivate"), QStringLiteral("Void an unused coupon (使券失效; manager PIN)"),
            runDeactivate },
        { QStringLiteral("return"), QStringLiteral("Return a redeemed coupon (退券; manager PIN)"),
            runReturn },
        { QStringLiteral("query"), QStringLiteral("Show one coupon"), runQuery },
        { QStringLiteral("stock"), QStringLiteral("Show a stock"), runStock },
        { QStringLiteral("history"), QStringLiteral("List the journal (table, csv, json)"), runHistory },
        { QStringLiteral("reconcile"), QStringLiteral("Settle PENDING/UNCERTAIN rows"), runReconcile },
        { QStringLiteral("demo-codes"), QStringLiteral("List coupons to try (with --demo)"), runDemoCodes },
    };
}

} // namespace cli
