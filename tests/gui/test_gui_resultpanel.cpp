// The result panel on its own: what staff see for each kind of result, the mark drawn from the
// resources, a long text never cut off, the busy stripe only for a slow answer, and — the reason the
// panel paints its own text — a new result repaints the panel without re-laying-out its window.
#include "gui/resultpanel.h"

#include <QApplication>
#include <QLabel>
#include <QTest>
#include <QVBoxLayout>

using gui::ResultPanel;

namespace {

desk::StaffMessage message(
    desk::Severity severity, const QString &headline, const QString &action = {}, const QString &detail = {})
{
    desk::StaffMessage m;
    m.severity = severity;
    m.headline = headline;
    m.action = action;
    m.detail = detail;
    return m;
}

// Counts the layout requests a widget receives: each one re-lays-out what is below it.
class LayoutRequests final : public QObject
{
public:
    explicit LayoutRequests(QWidget *w) { w->installEventFilter(this); }
    int count = 0;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::LayoutRequest)
            ++count;
        return QObject::eventFilter(watched, event);
    }
};

// Delivers what is posted (layout requests post further ones up the tree), without waiting for time.
void deliverPosted()
{
    for (int i = 0; i < 4; ++i)
        QCoreApplication::sendPostedEvents();
}

bool hasOpaquePixels(const QPixmap &pixmap)
{
    const QImage image = pixmap.toImage();
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            if (qAlpha(image.pixel(x, y)) > 0)
                return true;
    return false;
}

} // namespace

class TestGuiResultPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { Q_INIT_RESOURCE(coupondesk); }

    void eachSeverityHasItsColourAndMark_data()
    {
        QTest::addColumn<desk::Severity>("severity");
        QTest::addColumn<QString>("kind");
        QTest::newRow("redeemed") << desk::Severity::Success << QStringLiteral("success");
        QTest::newRow("refused") << desk::Severity::Failure << QStringLiteral("failure");
        QTest::newRow("unconfirmed") << desk::Severity::Pending << QStringLiteral("pending");
        QTest::newRow("lookup") << desk::Severity::Info << QStringLiteral("info");
    }

    void eachSeverityHasItsColourAndMark()
    {
        QFETCH(desk::Severity, severity);
        QFETCH(QString, kind);
        ResultPanel panel;
        panel.showMessage(message(severity, QStringLiteral("核销成功"), QStringLiteral("请收款"),
                              QStringLiteral("请求 01-U1")),
            QStringLiteral("券 A1"));
        QCOMPARE(panel.kindName(), kind);
        QCOMPARE(panel.headline(), QStringLiteral("核销成功"));
        QCOMPARE(panel.action(), QStringLiteral("请收款\n券 A1"));
        QCOMPARE(panel.detail(), QStringLiteral("请求 01-U1"));
        QVERIFY(hasOpaquePixels(panel.mark())); // the SVG from the resources was found and drawn
        QCOMPARE(panel.accessibleName(), QStringLiteral("核销成功"));

        panel.showNeutral(QStringLiteral("处理中 A2…"));
        QCOMPARE(panel.kindName(), QString());
        QVERIFY(panel.action().isEmpty() && panel.detail().isEmpty());
        QVERIFY(panel.mark().isNull());
    }

    void copyTakesTheWholeResult()
    {
        ResultPanel panel;
        panel.showMessage(message(desk::Severity::Pending, QStringLiteral("结果未确认"),
            QStringLiteral("请稍候"), QStringLiteral("请求 01-U2")));
        QCOMPARE(panel.plainText(), QStringLiteral("结果未确认\n请稍候\n请求 01-U2"));
    }

    void aLongTextGrowsThePanelAndItDoesNotShrinkBack()
    {
        QWidget window;
        auto *layout = new QVBoxLayout(&window);
        auto *panel = new ResultPanel;
        layout->addWidget(panel);
        layout->addStretch();
        window.resize(420, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const int start = panel->height();

        const QString longDetail
            = QStringLiteral("微信支付返回 SYSTEM_ERROR：系统繁忙，请稍后再试。").repeated(12);
        panel->showMessage(
            message(desk::Severity::Failure, QStringLiteral("未核销"), QStringLiteral("请重试"), longDetail));
        QTRY_VERIFY(panel->height() > start + 100);
        const int grown = panel->height();
        QFontMetrics detailFont([&] {
            QFont f = panel->font();
            f.setPixelSize(13);
            return f;
        }());
        QVERIFY(grown >= detailFont
                             .boundingRect(QRect(0, 0, panel->width() - 28, 100000),
                                 Qt::AlignHCenter | Qt::TextWordWrap, longDetail)
                             .height());

        panel->showMessage(message(desk::Severity::Success, QStringLiteral("核销成功")));
        deliverPosted();
        QCOMPARE(panel->height(), grown); // the next result does not make the counter jump
    }

    void aNewResultDoesNotReLayOutTheWindow()
    {
        QWidget window;
        auto *layout = new QVBoxLayout(&window);
        auto *label = new QLabel(QStringLiteral("券码"));
        auto *panel = new ResultPanel;
        layout->addWidget(label);
        layout->addWidget(panel);
        window.resize(600, 400);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        deliverPosted(); // the window's own first layout, before counting
        LayoutRequests requests(&window);

        for (int i = 0; i < 5; ++i) {
            panel->showNeutral(QStringLiteral("处理中 A%1…").arg(i));
            panel->setBusy(true);
            panel->setFooter(QStringLiteral("处理中：A%1").arg(i));
            QCoreApplication::processEvents();
            panel->setBusy(false);
            panel->showMessage(
                message(desk::Severity::Success, QStringLiteral("核销成功"), QStringLiteral("券 A%1").arg(i)),
                QStringLiteral("满 100 减 10"));
            panel->setFooter({});
            QCoreApplication::processEvents();
        }
        QCOMPARE(requests.count, 0);

        // The control: the same change made through a label re-lays-out the window each time.
        label->setText(QStringLiteral("券码 A9"));
        QCoreApplication::processEvents();
        QVERIFY(requests.count > 0);
    }

    void theBusyStripeWaitsForASlowAnswer()
    {
        ResultPanel panel;
        panel.resize(400, 170);
        panel.show();
        panel.setBusy(true);
        QVERIFY(panel.isBusy());
        QVERIFY(!panel.busyStripeShown()); // a fast answer never flickers
        QTRY_VERIFY_WITH_TIMEOUT(panel.busyStripeShown(), 2000);
        panel.setBusy(false);
        QVERIFY(!panel.isBusy());
        QVERIFY(!panel.busyStripeShown());
    }
};

QTEST_MAIN(TestGuiResultPanel)
#include "test_gui_resultpanel.moc"
