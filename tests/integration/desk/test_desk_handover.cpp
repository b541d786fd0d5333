// The shift handover (issue 19) over the real stack: redemptions, a refusal and a void on the
// simulator, then the shift ended. The handover's totals equal ReportService::build for the same
// period to the fen; the slip as PDF on A4, 58 mm and 80 mm paper has the page size of its paper and
// the cashier, a stock's count and value in its text (pdfinfo, pdftotext); the next shift starts at
// the last end; a reprint shows the recorded totals after more rows were written; who may confirm.
#include "deskfixture.h"

#include "desk/handoverservice.h"
#include "desk/money.h"
#include "desk/reportservice.h"
#include "history/journal.h"
#include "print/handoverslip.h"

#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTest>

using namespace desk;

namespace {

void compareLines(const ReportLine &a, const ReportLine &b)
{
    QCOMPARE(a.key, b.key);
    QCOMPARE(a.redeemed, b.redeemed);
    QCOMPARE(a.voided, b.voided);
    QCOMPARE(a.returned, b.returned);
    QCOMPARE(a.failed, b.failed);
    QCOMPARE(a.unsettled, b.unsettled);
    QCOMPARE(a.valueFen, b.valueFen);
    QCOMPARE(a.valueUnknown, b.valueUnknown);
}

void compareReports(const Report &a, const Report &b)
{
    compareLines(a.total, b.total);
    QCOMPARE(a.byStock.size(), b.byStock.size());
    for (int i = 0; i < a.byStock.size(); ++i) {
        compareLines(a.byStock.at(i), b.byStock.at(i));
        QCOMPARE(a.byStock.at(i).label, b.byStock.at(i).label);
    }
    QCOMPARE(a.byStaff.size(), b.byStaff.size());
    for (int i = 0; i < a.byStaff.size(); ++i)
        compareLines(a.byStaff.at(i), b.byStaff.at(i));
    QCOMPARE(a.byHour.size(), b.byHour.size());
    for (int i = 0; i < a.byHour.size(); ++i)
        compareLines(a.byHour.at(i), b.byHour.at(i));
}

QString run(const QString &program, const QStringList &args)
{
    QProcess p;
    p.start(program, args);
    if (!p.waitForFinished(30000) || p.exitCode() != 0)
        qWarning("%s failed: %s", qPrintable(program), p.readAllStandardError().constData());
    return QString::fromUtf8(p.readAllStandardOutput());
}

// pdfinfo's "Page size: 164.41 x 400.16 pts" → width, height.
QSizeF pageSize(const QString &pdf)
{
    const QString info = run(QStringLiteral("pdfinfo"), { pdf });
    const auto m = QRegularExpression(QStringLiteral(R"(Page size:\s+([\d.]+) x ([\d.]+) pts)")).match(info);
    return m.hasMatch() ? QSizeF(m.captured(1).toDouble(), m.captured(2).toDouble()) : QSizeF();
}

int pageCount(const QString &pdf)
{
    const auto m = QRegularExpression(QStringLiteral(R"(Pages:\s+(\d+))"))
                       .match(run(QStringLiteral("pdfinfo"), { pdf }));
    return m.hasMatch() ? m.captured(1).toInt() : -1;
}

} // namespace

class TestDeskHandover : public QObject
{
    Q_OBJECT

    std::unique_ptr<desktest::Fixture> m_f; // a fresh history file and simulator per test function
    QString m_stock; // the stock of the first redemption

    // The counter's clock, which stamps the journal's rows in whole seconds.
    QDateTime clientNow() const { return m_f->clientClock.now().toLocalTime(); }

    // A scripted shift: three redemptions (one with the order amount typed), one refused (already
    // used), one coupon voided by a manager.
    void scriptedShift()
    {
        for (int i = 0; i < 3; ++i) {
            const QString code = m_f->usable(i);
            OrderAmounts order;
            if (i == 0)
                order.orderFen = 20000;
            const OperationResult r = m_f->wait(
                m_f->session->desk().redeem(m_f->cashier(), code, m_f->stockOf(code), QString(), order));
            QCOMPARE(r.outcome, Outcome::Succeeded);
            if (i == 0)
                m_stock = r.stockId;
        }
        const QString used = m_f->noted(QStringLiteral("已核销"));
        QCOMPARE(m_f->wait(m_f->session->desk().redeem(m_f->cashier(), used, m_f->stockOf(used))).outcome,
            Outcome::Failed);
        const QString voidable = m_f->usable(3);
        QCOMPARE(m_f->wait(m_f->session->desk().deactivate(m_f->manager(), voidable, m_f->stockOf(voidable),
                               QStringLiteral("issued by mistake")))
                     .outcome,
            Outcome::Succeeded);
    }

private Q_SLOTS:
    void init()
    {
        m_f = std::make_unique<desktest::Fixture>();
        QVERIFY(m_f->open());
    }
    void cleanup() { m_f.reset(); }

    void theHandoverEqualsTheReportForItsShiftToTheFen()
    {
        scriptedShift();
        const QDateTime now = clientNow().addSecs(1); // every row so far is before it
        auto shift = m_f->session->handovers().currentShift(now);
        QVERIFY(shift.ok());
        QCOMPARE(shift->from, now.date().startOfDay()); // no handover yet: the start of the day
        QCOMPARE(shift->to, now);
        auto expected = m_f->session->reports().build(*shift);
        QVERIFY(expected.ok());

        auto h = m_f->session->handovers().endShift(QStringLiteral("c01"), m_f->manager(), now);
        QVERIFY2(h.ok(), qPrintable(h.ok() ? QString() : h.error().message));
        QVERIFY(h->id > 0);
        QCOMPARE(h->staff, QStringLiteral("c01"));
        QCOMPARE(h->staffName, QStringLiteral("收银员小王"));
        QCOMPARE(h->confirmedBy, QStringLiteral("m01"));
        QCOMPARE(h->confirmedByName, QStringLiteral("王店长"));
        QCOMPARE(h->shiftStart, shift->from);
        QCOMPARE(h->shiftEnd, now);
        compareReports(h->report, *expected);
        QCOMPARE(h->report.total.redeemed, 3);
        QCOMPARE(h->report.total.voided, 1);
        QCOMPARE(h->report.total.failed, 1);
        QCOMPARE(h->report.total.unsettled, 0);

        // What was recorded is what was shown: read back, the same totals.
        auto stored = m_f->session->handovers().find(h->id);
        QVERIFY(stored.ok());
        compareReports(stored->report, h->report);
        QCOMPARE(stored->shiftStart, h->shiftStart);
        QCOMPARE(stored->shiftEnd, h->shiftEnd);
        QCOMPARE(stored->staffName, h->staffName);
        QCOMPARE(stored->confirmedByName, h->confirmedByName);
    }

    void theSlipIsAPdfForEachPaperWithTheShiftsNumbers()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("pdftotext")).isEmpty()
            || QStandardPaths::findExecutable(QStringLiteral("pdfinfo")).isEmpty())
            QFAIL("poppler-utils (pdfinfo, pdftotext) are needed: scripts/setup-deps.sh");
        scriptedShift();
        auto h = m_f->session->handovers().endShift(
            QStringLiteral("c01"), m_f->manager(), clientNow().addSecs(1));
        QVERIFY(h.ok());
        const ReportLine *stock = nullptr;
        for (const ReportLine &l : h->report.byStock)
            if (l.key == m_stock)
                stock = &l;
        QVERIFY(stock);

        struct Paper
        {
            print::SlipPaper paper;
            double width;
            double height; // 0: as long as the slip
        };
        for (const Paper &p :
            { Paper { print::SlipPaper::A4, 595.3, 841.9 }, Paper { print::SlipPaper::Receipt58, 164.4, 0 },
                Paper { print::SlipPaper::Receipt80, 226.8, 0 } }) {
            const QString pdf
                = m_f->dir.filePath(QStringLiteral("slip-%1.pdf").arg(print::paperName(p.paper)));
            print::SlipOptions options;
            options.printedAt = QDateTime::currentDateTime();
            auto pages = print::writeSlipPdf(*h, p.paper, options, pdf);
            QVERIFY2(pages.ok(), qPrintable(pages.ok() ? QString() : pages.error().message));
            QCOMPARE(*pages, 1);
            QCOMPARE(pageCount(pdf), 1);
            const QSizeF size = pageSize(pdf);
            QVERIFY2(qAbs(size.width() - p.width) < 1.0, qPrintable(print::paperName(p.paper)));
            if (p.height > 0)
                QVERIFY(qAbs(size.height() - p.height) < 1.0);
            else
                QVERIFY2(size.height() > 100 && size.height() < 5000 && qAbs(size.height() - 841.9) > 1,
                    "a receipt slip is one page as long as the slip");

            const QString text = run(QStringLiteral("pdftotext"), { pdf, QStringLiteral("-") });
            QVERIFY2(text.contains(QStringLiteral("收银员小王")), qPrintable(text));
            QVERIFY(text.contains(QStringLiteral("王店长")));
            QVERIFY(text.contains(m_stock));
            QVERIFY2(text.contains(formatYuan(stock->valueFen)), qPrintable(text));
            QVERIFY(text.contains(formatYuan(h->report.total.valueFen)));
            QVERIFY(!text.contains(QStringLiteral("REPRINT")));
            // The stock's redeemed count is on the line after its value label or in its table row.
            QVERIFY(text.contains(QString::number(stock->redeemed)));
        }
        // A reprint says so.
        const QString reprint = m_f->dir.filePath(QStringLiteral("reprint.pdf"));
        print::SlipOptions again;
        again.reprint = true;
        QVERIFY(print::writeSlipPdf(*h, print::SlipPaper::Receipt80, again, reprint).ok());
        QVERIFY(run(QStringLiteral("pdftotext"), { reprint, QStringLiteral("-") })
                    .contains(QStringLiteral("REPRINT")));
    }

    void theNextShiftStartsAtTheLastEnd()
    {
        const QDateTime end = clientNow();
        QVERIFY(m_f->session->handovers().endShift(QStringLiteral("c01"), m_f->manager(), end).ok());
        // Twice in one second: nothing to hand over; the shift boundaries are whole seconds.
        QCOMPARE(m_f->session->handovers().currentShift(end.addMSecs(900)).error().code,
            QStringLiteral("SHIFT_EMPTY"));
        const QDateTime later = end.addSecs(600);
        auto next = m_f->session->handovers().currentShift(later);
        QVERIFY(next.ok());
        QCOMPARE(next->from, end);
        QCOMPARE(next->to, later);
        // A clock behind the last handover is said, not a shift of negative length.
        auto behind = m_f->session->handovers().currentShift(end.addSecs(-60));
        QVERIFY(!behind.ok());
        QCOMPARE(behind.error().code, QStringLiteral("CLOCK_BEHIND"));
        QCOMPARE(m_f->session->handovers()
                     .endShift(QStringLiteral("c01"), m_f->manager(), end.addSecs(-60))
                     .error()
                     .code,
            QStringLiteral("CLOCK_BEHIND"));

        auto second = m_f->session->handovers().endShift(QStringLiteral("c01"), m_f->manager(), later);
        QVERIFY(second.ok());
        QCOMPARE(second->shiftStart, end);
        auto past = m_f->session->handovers().past(10);
        QVERIFY(past.ok());
        QCOMPARE(past->size(), 2);
        QCOMPARE(past->at(0).id, second->id); // newest first
        QCOMPARE(past->at(1).shiftEnd, end);
    }

    void aReprintShowsTheRecordedTotalsAfterMoreRows()
    {
        scriptedShift();
        const QDateTime end = clientNow().addSecs(1);
        auto h = m_f->session->handovers().endShift(QStringLiteral("c01"), m_f->manager(), end);
        QVERIFY(h.ok());
        m_f->clientClock.setOffset(5); // what follows is stamped after the handover

        // More rows: a redemption after the handover, and a row written into the old shift's period
        // (an import, or another instance's late row): a new count of that period differs now.
        QCOMPARE(m_f->wait(m_f->session->desk().redeem(
                               m_f->cashier(), m_f->usable(4), m_f->stockOf(m_f->usable(4))))
                     .outcome,
            Outcome::Succeeded);
        history::JournalEntry late;
        late.operation = history::Operation::Use;
        late.couponCode = QStringLiteral("LATE0001");
        late.stockId = m_stock;
        late.requestNo = QStringLiteral("late-row-1");
        late.requestBody = QByteArrayLiteral("{}");
        late.state = history::State::Succeeded;
        late.settledBy = history::SettledBy::Response;
        late.staff = QStringLiteral("c01");
        late.createdAt = h->shiftEnd.addSecs(-1);
        QList<history::JournalEntry> rows { late };
        QVERIFY(m_f->session->journal().insertBatch(rows).ok());
        ReportQuery same;
        same.from = h->shiftStart;
        same.to = h->shiftEnd;
        auto recount = m_f->session->reports().build(same);
        QVERIFY(recount.ok());
        QCOMPARE(recount->total.redeemed, h->report.total.redeemed + 1);

        auto reprint = m_f->session->handovers().find(h->id);
        QVERIFY(reprint.ok());
        compareReports(reprint->report, h->report); // as recorded, not counted again
        auto past = m_f->session->handovers().past(1);
        QVERIFY(past.ok());
        QCOMPARE(past->size(), 1);
        compareReports(past->first().report, h->report);
        QCOMPARE(m_f->session->handovers().find(h->id + 100).error().code, QStringLiteral("NOT_FOUND"));
    }

    void aManagerOrTheCashiersOwnPinConfirms()
    {
        StaffMember withPin { QStringLiteral("c02"), QStringLiteral("收银员小李"), Role::Cashier,
            hashPin(QStringLiteral("1357"), 1000) };
        m_f->settings.staff.append(withPin);
        QVERIFY(m_f->reopen());
        const StaffMember c01 = *m_f->session->staff().find(QStringLiteral("c01"));
        const StaffMember c02 = *m_f->session->staff().find(QStringLiteral("c02"));
        const StaffSession c02Verified
            = *m_f->session->verifyPin(QStringLiteral("c02"), QStringLiteral("1357")).session;
        StaffSession managerUnverified = *m_f->session->staff().signIn(QStringLiteral("m01"));

        QVERIFY(HandoverService::mayConfirm(c01, m_f->manager()));
        QVERIFY(HandoverService::mayConfirm(c02, m_f->manager()));
        QVERIFY(HandoverService::mayConfirm(c02, c02Verified)); // cashier PINs on: their own
        QVERIFY(!HandoverService::mayConfirm(c01, c02Verified)); // not someone else's shift
        QVERIFY(!HandoverService::mayConfirm(c01, m_f->cashier())); // no PIN of their own
        QVERIFY(!HandoverService::mayConfirm(c01, managerUnverified)); // a manager without the PIN typed

        const QDateTime now = clientNow();
        auto refused = m_f->session->handovers().endShift(QStringLiteral("c01"), c02Verified, now);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, QStringLiteral("NOT_ALLOWED"));
        QCOMPARE(
            m_f->session->handovers().endShift(QStringLiteral("nobody"), m_f->manager(), now).error().code,
            QStringLiteral("UNKNOWN_STAFF"));
        auto own = m_f->session->handovers().endShift(QStringLiteral("c02"), c02Verified, now);
        QVERIFY(own.ok());
        QCOMPARE(own->confirmedBy, QStringLiteral("c02"));
        auto past = m_f->session->handovers().past(10);
        QVERIFY(past.ok());
        QCOMPARE(past->size(), 1); // the refused ones left nothing behind
    }
};

QTEST_MAIN(TestDeskHandover)
#include "test_desk_handover.moc"
