#include "settingspage.h"

#include "ui_settingspage.h"

#include "desk/keyfilecheck.h"
#include "firstmanagerdialog.h"

#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QInputDialog>
#include <QTemporaryDir>
#include <QTimer>
#include <QToolButton>

namespace gui {

using namespace desk;

SettingsPage::SettingsPage(AppContext &context, QWidget *parent)
    : QWidget(parent)
    , ui(std::make_unique<Ui::SettingsPage>())
    , m_ctx(context)
{
    ui->setupUi(this);
    fillCombos();
    ui->staffTable->setColumnCount(3);
    ui->staffTable->setHorizontalHeaderLabels({ tr("Id"), tr("Name"), tr("Role") });
    m_loaded = m_ctx.session                    ? m_ctx.session->settings()
        : QFileInfo::exists(m_ctx.settingsPath) ? Settings::read(m_ctx.settingsPath)
                                                : Settings();
    if (!m_ctx.session && !QFileInfo::exists(m_ctx.settingsPath)) {
        m_loaded.baseUrl = Settings::productionBaseUrl();
        m_loaded.counterId = QStringLiteral("01");
    }
    load(m_loaded);

    for (QLineEdit *edit : { ui->privateKeyEdit, ui->certEdit, ui->publicKeyEdit })
        connect(edit, &QLineEdit::editingFinished, this, &SettingsPage::updateKeyChecks);
    connect(ui->advancedToggle, &QToolButton::toggled, this, [this](bool open) {
        ui->advancedBox->setVisible(open);
        ui->advancedToggle->setArrowType(open ? Qt::DownArrow : Qt::RightArrow);
    });
    connect(ui->modeCombo, &QComboBox::currentIndexChanged, this, &SettingsPage::updateMode);
    auto browse = [this](QLineEdit *edit, const QString &title) {
        const QString f
            = m_ctx.prompter->openFileName(this, title, tr("PEM files (*.pem *.crt);;All files (*)"));
        if (!f.isEmpty()) {
            edit->setText(QDir::toNativeSeparators(f));
            updateKeyChecks();
        }
    };
    connect(ui->privateKeyBrowse, &QPushButton::clicked, this,
        [=, this] { browse(ui->privateKeyEdit, tr("Merchant private key")); });
    connect(ui->certBrowse, &QPushButton::clicked, this,
        [=, this] { browse(ui->certEdit, tr("Merchant certificate")); });
    connect(ui->publicKeyBrowse, &QPushButton::clicked, this,
        [=, this] { browse(ui->publicKeyEdit, tr("WeChat Pay public key")); });
    connect(ui->addStockButton, &QPushButton::clicked, this, &SettingsPage::addStock);
    connect(
        ui->removeStockButton, &QPushButton::clicked, this, [this] { delete ui->stocksList->currentItem(); });
    connect(ui->addStaffButton, &QPushButton::clicked, this, [this] {
        const int r = ui->staffTable->rowCount();
        addStaffRow(StaffMember {
            QStringLiteral("c%1").arg(r + 1, 2, 10, QLatin1Char('0')), QString(), Role::Cashier, {} });
    });
    connect(ui->removeStaffButton, &QPushButton::clicked, this,
        [this] { ui->staffTable->removeRow(ui->staffTable->currentRow()); });
    connect(ui->setPinButton, &QPushButton::clicked, this, [this] {
        const int r = ui->staffTable->currentRow();
        if (r < 0)
            return;
        bool ok = false;
        const QString pin = QInputDialog::getText(
            this, tr("Set PIN"), tr("New PIN (4 to 12 digits):"), QLineEdit::Password, {}, &ok);
        if (!ok)
            return;
        if (!isAcceptablePin(pin)) {
            showIssues({ { QStringLiteral("staff"), tr("a PIN is 4 to 12 digits") } });
            return;
        }
        ui->staffTable->item(r, 0)->setData(Qt::UserRole, hashPin(pin));
    });
    connect(ui->saveButton, &QPushButton::clicked, this, &SettingsPage::save);
    connect(ui->testConnectionButton, &QPushButton::clicked, this, &SettingsPage::testConnection);
    connect(ui->unlockButton, &QPushButton::clicked, this, [this] {
        if (needsFirstManager())
            setUpFirstManager();
        else if (m_ctx.session
            && m_ctx.prompter->managerPin(
                this, *m_ctx.session, tr("Settings can be changed by a manager only.")))
            setUnlocked(true);
    });
    // No manager yet: locked until the first one is set up. Configured: locked until a manager's PIN.
    setUnlocked(
        !needsFirstManager() && (m_ctx.session == nullptr || m_ctx.session->staff().managers().isEmpty()));
}

SettingsPage::~SettingsPage() = default;

void SettingsPage::fillCombos()
{
    const int mode = ui->modeCombo->currentIndex(), lang = ui->languageCombo->currentIndex();
    QSignalBlocker b1(ui->modeCombo), b2(ui->languageCombo);
    ui->modeCombo->clear();
    ui->modeCombo->addItem(tr("Platform certificates (APIv3 key)"), QStringLiteral("platform-cert"));
    ui->modeCombo->addItem(tr("WeChat Pay public key (PUB_KEY_ID)"), QStringLiteral("public-key"));
    ui->languageCombo->clear();
    ui->languageCombo->addItem(tr("System language"), QString());
    ui->languageCombo->addItem(QStringLiteral("中文"), QStringLiteral("zh_CN"));
    ui->languageCombo->addItem(QStringLiteral("English"), QStringLiteral("en"));
    ui->modeCombo->setCurrentIndex(qMax(0, mode));
    ui->languageCombo->setCurrentIndex(qMax(0, lang));
}

void SettingsPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        ui->retranslateUi(this);
        fillCombos();
        setUnlocked(m_unlocked);
    }
    QWidget::changeEvent(event);
}

bool SettingsPage::needsFirstManager() const
{
    if (m_ctx.demo)
        return false;
    for (const StaffMember &m : m_loaded.staff)
        if (m.role == Role::Manager && !m.pinHash.isEmpty())
            return false;
    return true;
}

void SettingsPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (needsFirstManager() && !m_askedFirstManager) {
        m_askedFirstManager = true;
        QTimer::singleShot(0, this, &SettingsPage::setUpFirstManager);
    }
}

void SettingsPage::setUpFirstManager()
{
    if (!needsFirstManager() || findChild<FirstManagerDialog *>())
        return;
    auto *dialog = new FirstManagerDialog(this);
    dialog->setObjectName(QStringLiteral("firstManagerDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const StaffMember m = dialog->manager();
        m_loaded.staff << m;
        addStaffRow(m);
        setUnlocked(true);
        // A configured program keeps the manager at once; a new one with the rest on Save.
        if (!m_ctx.session || !save()) {
            ui->settingsMessage->setStyleSheet(QStringLiteral("font-size:15px;"));
            ui->settingsMessage->setText(
                tr("Manager %1 is set up. Fill in the settings and press Save.").arg(m.name));
        }
    });
    dialog->open();
}

// One row of the staff table: id (the PIN hash rides along, never shown), name, role.
void SettingsPage::addStaffRow(const StaffMember &m)
{
    const int r = ui->staffTable->rowCount();
    ui->staffTable->insertRow(r);
    auto *id = new QTableWidgetItem(m.id);
    id->setData(Qt::UserRole, m.pinHash);
    ui->staffTable->setItem(r, 0, id);
    ui->staffTable->setItem(r, 1, new QTableWidgetItem(m.name));
    auto *role = new QComboBox;
    role->addItem(tr("Cashier"), QStringLiteral("cashier"));
    role->addItem(tr("Manager"), QStringLiteral("manager"));
    role->setCurrentIndex(m.role == Role::Manager ? 1 : 0);
    ui->staffTable->setCellWidget(r, 2, role);
}

void SettingsPage::setUnlocked(bool unlocked)
{
    m_unlocked = unlocked;
    ui->unlockButton->setText(
        needsFirstManager() ? tr("Set up the first manager…") : tr("Unlock with manager PIN…"));
    ui->formContainer->setEnabled(unlocked);
    ui->saveButton->setEnabled(unlocked);
    ui->testConnectionButton->setEnabled(unlocked);
    ui->unlockButton->setVisible(!unlocked);
}

void SettingsPage::load(const Settings &s)
{
    ui->mchidEdit->setText(s.mchid);
    ui->appidEdit->setText(s.appid);
    ui->privateKeyEdit->setText(QDir::toNativeSeparators(s.privateKeyFile));
    ui->certEdit->setText(QDir::toNativeSeparators(s.certFile));
    ui->modeCombo->setCurrentIndex(s.verifyMode == VerifyMode::PublicKey ? 1 : 0);
    ui->apiV3KeyEdit->setText(s.apiV3KeyRef);
    ui->publicKeyEdit->setText(QDir::toNativeSeparators(s.publicKeyFile));
    ui->publicKeyIdEdit->setText(s.publicKeyId);
    ui->apiHostEdit->setText(s.baseUrl.toString());
    ui->backupUrlEdit->setText(s.backupUrl.toString());
    ui->proxyEdit->setText(s.proxy);
    ui->proxyPasswordEdit->setText(s.proxyPasswordRef);
    ui->connectTimeoutSpin->setValue(s.connectTimeoutMs);
    ui->totalTimeoutSpin->setValue(s.totalTimeoutMs);
    ui->counterEdit->setText(s.counterId);
    ui->stocksList->clear();
    for (const StockRef &st : s.stocks) {
        auto *item = new QListWidgetItem(
            st.name.isEmpty() ? st.id : QStringLiteral("%1  %2").arg(st.id, st.name), ui->stocksList);
        item->setData(Qt::UserRole, st.id);
        item->setData(Qt::UserRole + 1, st.name);
        item->setData(
            Qt::UserRole + 2, st.codePattern); // kept as is when saving (edited in the file for now)
    }
    ui->staffTable->setRowCount(0);
    for (const StaffMember &m : s.staff)
        addStaffRow(m);
    ui->languageCombo->setCurrentIndex(qMax(0, ui->languageCombo->findData(s.language)));
    ui->soundsCheck->setChecked(s.sounds);
    updateKeyChecks();
    updateMode();
}

void SettingsPage::updateMode()
{
    const bool publicKey = ui->modeCombo->currentData().toString() == QLatin1String("public-key");
    ui->apiV3KeyEdit->setEnabled(!publicKey);
    ui->publicKeyEdit->setEnabled(publicKey);
    ui->publicKeyIdEdit->setEnabled(publicKey);
}

void SettingsPage::updateKeyChecks()
{
    const KeyFilesCheck c
        = checkKeyFiles(ui->privateKeyEdit->text(), ui->certEdit->text(), ui->publicKeyEdit->text());
    auto show = [](QLabel *label, const FileCheck &check) {
        label->setVisible(check.state != FileCheck::State::Empty);
        label->setText(check.text);
        label->setStyleSheet(
            check.ok() ? QStringLiteral("color:#1b5e20;") : QStringLiteral("color:#c62828;"));
    };
    show(ui->privateKeyStatus, c.privateKey);
    show(ui->certStatus, c.certificate);
    show(ui->publicKeyStatus, c.publicKey);
    ui->certSerialLabel->setText(c.certSerial.isEmpty() ? tr("(read from the certificate)") : c.certSerial);
}

Settings SettingsPage::collect() const
{
    Settings s = m_loaded;
    s.mchid = ui->mchidEdit->text().trimmed();
    s.appid = ui->appidEdit->text().trimmed();
    s.privateKeyFile = QDir::fromNativeSeparators(ui->privateKeyEdit->text().trimmed());
    s.certFile = QDir::fromNativeSeparators(ui->certEdit->text().trimmed());
    s.certSerial.clear(); // read from the certificate
    s.verifyMode = ui->modeCombo->currentData().toString() == QLatin1String("public-key")
        ? VerifyMode::PublicKey
        : VerifyMode::PlatformCertificate;
    s.apiV3KeyRef = ui->apiV3KeyEdit->text();
    s.publicKeyFile = QDir::fromNativeSeparators(ui->publicKeyEdit->text().trimmed());
    s.publicKeyId = ui->publicKeyIdEdit->text().trimmed();
    s.baseUrl = QUrl(ui->apiHostEdit->text().trimmed(), QUrl::StrictMode);
    const QString backup = ui->backupUrlEdit->text().trimmed();
    s.backupUrl = backup.isEmpty() ? QUrl() : QUrl(backup, QUrl::StrictMode);
    s.connectTimeoutMs = ui->connectTimeoutSpin->value();
    s.totalTimeoutMs = ui->totalTimeoutSpin->value();
    s.proxy = ui->proxyEdit->text().trimmed();
    s.proxyPasswordRef = ui->proxyPasswordEdit->text();
    s.counterId = ui->counterEdit->text().trimmed();
    s.stocks.clear();
    for (int i = 0; i < ui->stocksList->count(); ++i)
        s.stocks << StockRef { ui->stocksList->item(i)->data(Qt::UserRole).toString(),
            ui->stocksList->item(i)->data(Qt::UserRole + 1).toString(),
            ui->stocksList->item(i)->data(Qt::UserRole + 2).toString() };
    s.staff.clear();
    for (int r = 0; r < ui->staffTable->rowCount(); ++r) {
        StaffMember m;
        m.id = ui->staffTable->item(r, 0) ? ui->staffTable->item(r, 0)->text().trimmed() : QString();
        m.pinHash = ui->staffTable->item(r, 0) ? ui->staffTable->item(r, 0)->data(Qt::UserRole).toString()
                                               : QString();
        m.name = ui->staffTable->item(r, 1) ? ui->staffTable->item(r, 1)->text().trimmed() : QString();
        auto *role = qobject_cast<QComboBox *>(ui->staffTable->cellWidget(r, 2));
        m.role = role && role->currentData().toString() == QLatin1String("manager") ? Role::Manager
                                                                                    : Role::Cashier;
        s.staff << m;
    }
    s.language = ui->languageCombo->currentData().toString();
    s.sounds = ui->soundsCheck->isChecked();
    return s;
}

QList<SettingIssue> SettingsPage::check(const Settings &s) const
{
    QList<SettingIssue> issues = s.validate();
    if (issues.isEmpty()) {
        const auto secrets = makeSecretStore(QFileInfo(m_ctx.settingsPath).absolutePath());
        issues += credentialIssues(s, *secrets);
    }
    return issues;
}

void SettingsPage::showIssues(const QList<SettingIssue> &issues)
{
    if (issues.isEmpty()) {
        ui->settingsMessage->setStyleSheet(QStringLiteral("color:#1b5e20;font-size:15px;"));
        return;
    }
    ui->settingsMessage->setStyleSheet(QStringLiteral("color:#c62828;font-size:15px;"));
    ui->settingsMessage->setText(tr("Not saved — please fix:") + QLatin1Char('\n') + describeIssues(issues));
}

bool SettingsPage::save()
{
    if (!m_unlocked)
        return false;
    const Settings s = collect();
    const auto issues = check(s);
    if (!issues.isEmpty()) {
        showIssues(issues);
        return false;
    }
    if (auto st = s.save(m_ctx.settingsPath); !st) {
        showIssues({ { QStringLiteral("file"), st.error().message } });
        return false;
    }
    m_loaded = s;
    showIssues({});
    ui->settingsMessage->setText(tr("Saved to %1.").arg(QDir::toNativeSeparators(m_ctx.settingsPath)));
    Q_EMIT settingsSaved(m_ctx.settingsPath);
    return true;
}

void SettingsPage::addStock()
{
    const QString id = ui->addStockEdit->text().trimmed();
    if (auto problem = Desk::checkStockId(id)) {
        showIssues({ { QStringLiteral("desk/stocks"), problem->headline } });
        return;
    }
    for (int i = 0; i < ui->stocksList->count(); ++i)
        if (ui->stocksList->item(i)->data(Qt::UserRole).toString() == id)
            return;
    auto add = [this, id](const QString &name) {
        auto *item = new QListWidgetItem(
            name.isEmpty() ? id : QStringLiteral("%1  %2").arg(id, name), ui->stocksList);
        item->setData(Qt::UserRole, id);
        item->setData(Qt::UserRole + 1, name);
        ui->addStockEdit->clear();
    };
    if (!m_ctx.session) {
        add(QString());
        return;
    }
    desk::Task *t = m_ctx.session->desk().stockInfo(id);
    connect(t, &desk::Task::finished, this, [this, t, add](const OperationResult &r) {
        t->deleteLater();
        if (r.stock)
            add(r.stock->stockName);
        else
            showIssues({ { QStringLiteral("desk/stocks"),
                r.message.headline + QLatin1Char(' ') + r.message.action } });
    });
}

void SettingsPage::testConnection()
{
    Settings s = collect();
    const auto issues = check(s);
    if (!issues.isEmpty()) {
        showIssues(issues);
        Q_EMIT connectionTested(false, describeIssues(issues));
        return;
    }
    ui->settingsMessage->setStyleSheet(QString());
    ui->settingsMessage->setText(tr("Testing…"));
    // A throw-away session whose journal is a temporary file: the test never touches real history.
    m_testSession.reset();
    m_testDir = std::make_unique<QTemporaryDir>();
    s.historyDb = m_testDir->filePath(QStringLiteral("test.sqlite"));
    m_testSecrets = makeSecretStore(QFileInfo(m_ctx.settingsPath).absolutePath());
    auto session = Session::open(s, *m_testSecrets);
    if (!session) {
        ui->settingsMessage->setText(session.error().message);
        Q_EMIT connectionTested(false, session.error().message);
        return;
    }
    m_testSession = std::move(session.value());
    m_testSkew.reset();
    auto report = [this](bool ok, const QString &text) {
        ui->settingsMessage->setStyleSheet(ok ? QStringLiteral("color:#1b5e20;font-size:15px;")
                                              : QStringLiteral("color:#c62828;font-size:15px;"));
        ui->settingsMessage->setText(text);
        Q_EMIT connectionTested(ok, text);
    };
    connect(m_testSession.get(), &Session::failed, this, [this, report](const desk::Error &e) {
        report(false,
            tr("Verification setup failed: %1").arg(e.message) + QLatin1Char('\n')
                + tr("Network: %1").arg(m_testSession->settings().describeProxy()));
    });
    connect(&m_testSession->desk(), &Desk::clockSkewObserved, this, [this](qint64 v) { m_testSkew = v; });
    connect(m_testSession.get(), &Session::ready, this, [this, report, s] {
        if (s.stocks.isEmpty()) {
            report(true, tr("Verification keys ready. Add a stock to test a signed call."));
            return;
        }
        desk::Task *t = m_testSession->desk().stockInfo(s.stocks.first().id);
        connect(t, &desk::Task::finished, this, [this, report, t](const OperationResult &r) {
            t->deleteLater();
            const QString skew
                = m_testSkew ? tr("clock difference %1 s").arg(*m_testSkew) : tr("clock difference unknown");
            const QString network = tr("Network: %1").arg(m_testSession->settings().describeProxy());
            if (r.outcome == Outcome::Succeeded)
                report(true,
                    tr("Signing OK · answer verified · %1 · stock \"%2\" found").arg(skew, r.stock->stockName)
                        + QLatin1Char('\n') + network);
            else
                report(false,
                    r.message.headline + QLatin1Char('\n') + r.message.action + QLatin1Char('\n')
                        + r.message.detail + QLatin1Char('\n') + network);
        });
    });
    m_testSession->start();
}

} // namespace gui
