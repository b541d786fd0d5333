// coupondesk — composition root: settings or demo, translations, session, main window.
#include "demomode.h"

#include "desk/chainlink.h"
#include "desk/session.h"
#include "desk/settings.h"
#include "gui/appcontext.h"
#include "gui/mainwindow.h"
#include "gui/translations.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QStatusBar>
#include <QTimer>
#include <QTranslator>

#include <functional>
#include <memory>

namespace {

// Loads the program's translation (zh_CN by default on a Chinese system) and Qt's own.
struct Program
{
    std::unique_ptr<demo::DemoEnvironment> demo;
    wechatpay::SystemClock clock;
    std::unique_ptr<desk::SecretStore> secrets;
    std::unique_ptr<desk::Session> session;
    gui::DialogPrompter prompter;
    gui::BeepSoundCue sound;
    gui::AppContext context;
    std::unique_ptr<gui::MainWindow> window;
    std::vector<std::unique_ptr<QTranslator>> translators;
};

} // namespace

int main(int argc, char *argv[])
{
    QElapsedTimer startClock;
    startClock.start();
    Q_INIT_RESOURCE(coupondesk);
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("coupondesk"));
    QApplication::setOrganizationName(QStringLiteral("CouponDesk"));
    QApplication::setApplicationDisplayName(QStringLiteral("CouponDesk 商家券核销台"));
    QApplication::setApplicationVersion(QStringLiteral(COUPONDESK_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/coupondesk.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("CouponDesk — redeem, void and track WeChat Pay merchant coupons at the counter."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption demoOption(
        QStringLiteral("demo"), QStringLiteral("Start on the built-in simulator with demo coupons."));
    const QCommandLineOption configOption(
        QStringLiteral("config"), QStringLiteral("Settings file."), QStringLiteral("FILE"));
    const QCommandLineOption langOption(QStringLiteral("lang"),
        QStringLiteral("Language: zh_CN or en (default: settings, then system)."), QStringLiteral("LANG"));
    const QCommandLineOption pageOption(QStringLiteral("page"),
        QStringLiteral("Page to open: redeem, void, history, settings, reports (asks the manager PIN)."),
        QStringLiteral("PAGE"));
    const QCommandLineOption shotOption(QStringLiteral("screenshot"),
        QStringLiteral("Save a PNG of the window to FILE once shown, then quit."), QStringLiteral("FILE"));
    const QCommandLineOption startupOption(QStringLiteral("print-startup-ms"),
        QStringLiteral("Print the time to the first shown window, then quit."));
    parser.addOptions({ demoOption, configOption, langOption, pageOption, shotOption, startupOption });
    parser.process(app);

    Program p;
    QString settingsPath = parser.value(configOption);
    bool demoMode = parser.isSet(demoOption);
    if (!demoMode && settingsPath.isEmpty()) {
        settingsPath = desk::Settings::defaultPath();
        if (!QFileInfo::exists(settingsPath) && !parser.isSet(shotOption) && !parser.isSet(startupOption)) {
            // First run: offer the demo, or open Settings to configure a real merchant.
            QMessageBox box(QMessageBox::Question, QApplication::translate("main", "Welcome to CouponDesk"),
                QApplication::translate("main",
                    "CouponDesk is not configured yet.\n\nTry it first in demo mode on the built-in "
                    "simulator, or enter your merchant's details now?"));
            QPushButton *tryDemo
                = box.addButton(QApplication::translate("main", "Try the demo"), QMessageBox::AcceptRole);
            box.addButton(QApplication::translate("main", "Configure"), QMessageBox::ActionRole);
            box.exec();
            demoMode = box.clickedButton() == tryDemo;
        }
    }
    if (demoMode) {
        auto env = demo::DemoEnvironment::start();
        if (!env) {
            QMessageBox::critical(nullptr, QStringLiteral("CouponDesk"), env.error().message);
            return 3;
        }
        p.demo = std::move(env.value());
        settingsPath = p.demo->settingsPath();
        for (const sim::DemoCode &c : p.demo->simulator().demoCodes(3))
            p.context.demoCoupons << gui::DemoCoupon { c.couponCode, c.stockId, c.stockName, c.openid,
                c.note };
        p.context.demoManagerPin = QString::fromLatin1(demo::kManagerPin);
    }
    p.context.demo = demoMode;
    p.context.settingsPath = settingsPath;
    p.context.prompter = &p.prompter;
    p.context.sound = &p.sound;

    // Opens the session from the settings file and shows the main window; run again after Settings
    // are saved, so new settings apply without restarting the program.
    std::function<void(int, bool)> openWindow;
    openWindow = [&](int pageIndex, bool firstTime) {
        p.window
            .reset(); // its pages refer to the session: gone first (we run from a queued call, not its slot)
        p.context.session = nullptr;
        p.session.reset();
        QString problem;
        if (QFileInfo::exists(settingsPath)) {
            QList<desk::SettingIssue> issues;
            auto settings = desk::Settings::load(settingsPath, &issues);
            if (!settings) {
                problem = desk::describeIssues(issues);
            } else {
                p.secrets = desk::makeSecretStore(QFileInfo(settingsPath).absolutePath());
                auto session = desk::Session::open(settings.value(), *p.secrets, p.clock);
                if (session) {
                    p.session = std::move(session.value());
                    p.context.session = p.session.get();
                } else {
                    problem = session.error().message;
                }
            }
        }
        const QString language = parser.isSet(langOption)
            ? parser.value(langOption)
            : (p.session ? p.session->settings().language : QString());
        if (!gui::installTranslations(language, p.translators))
            qWarning(
                "Qt's own Chinese translations (qtbase_zh_CN.qm) were not found: its dialogs stay English");

        p.window = std::make_unique<gui::MainWindow>(p.context);
        QObject::connect(
            p.window.get(), &gui::MainWindow::settingsSaved, &app, [&openWindow](const QString &) {
                QTimer::singleShot(
                    0, qApp, [&openWindow] { openWindow(gui::MainWindow::SettingsIndex, false); });
            });
        p.window->show();
        if (pageIndex >= 0) // once shown: Reports asks the manager PIN over the window, then reads
            p.window->showPage(pageIndex);
        if (p.session) {
            p.session->start();
            if (desk::ChainLink *chain = p.session->chain())
                chain->start(); // pushes the journal to the chain database from a thread of its own
            p.session->warmUp(); // the first scan finds a connection ready (no TCP + TLS set-up then)
            QTimer::singleShot(0, p.session.get(), [&p] {
                desk::Task *t = p.session->desk().settleAll(); // settle what a crash or outage left open
                QObject::connect(t, &desk::Task::finished, t, &QObject::deleteLater);
            });
            // What each stock's coupons are worth, known before the first scan (shown with each result).
            auto prefetch = [&p] {
                QStringList ids;
                for (const desk::StockRef &s : p.session->settings().stocks)
                    ids << s.id;
                p.session->stocks().prefetch(ids);
            };
            if (p.session->isReady())
                prefetch();
            else
                QObject::connect(p.session.get(), &desk::Session::ready, p.session.get(), prefetch);
        }
        if (!problem.isEmpty())
            QMessageBox::warning(
                p.window.get(), QApplication::translate("main", "Settings need attention"), problem);
        else if (!firstTime)
            p.window->statusBar()->showMessage(
                QApplication::translate("main", "Settings saved and in use."), 8000);
    };
    const QString page = parser.value(pageOption);
    static_assert(gui::MainWindow::ReportsIndex == 4, "--page names are in MainWindow::Page order");
    const QStringList pages { QStringLiteral("redeem"), QStringLiteral("void"), QStringLiteral("history"),
        QStringLiteral("settings"), QStringLiteral("reports") };
    openWindow(pages.contains(page) ? static_cast<int>(pages.indexOf(page)) : -1, true);

    if (parser.isSet(startupOption)) {
        QTimer::singleShot(0, &app, [&] {
            printf("startup_ms=%lld\n", static_cast<long long>(startClock.elapsed()));
            fflush(stdout);
            app.quit();
        });
    }
    if (parser.isSet(shotOption)) {
        const QString file = parser.value(shotOption);
        QTimer::singleShot(1500, &app, [&p, &app, file] {
            p.window->grab().save(file);
            app.quit();
        });
    }
    return app.exec();
}
