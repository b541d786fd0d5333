#include "historypage.h"

#include "ui_historypage.h"

#include "desk/desk.h"

#include <QClipboard>
#include <QDir>
#include <QFile>
#include <QGuiApplication>
#include <QHeaderView>
#include <QLocale>
#include <QStandardPaths>

namespace gui {

using desk::HistoryRow;

HistoryPage::HistoryPage(AppContext &context, QWidget *parent)
    : QWidget(parent)
    , ui(std::make_unique<Ui::HistoryPage>())
    , m_ctx(context)
{
    ui->setupUi(this);
    ui->scopeCombo->hide(); // chain mode shows it
    ui->chainHintLabel->hide();
    const QDate today = QDate::currentDate();
    ui->fromDate->setDate(today.addDays(-30));
    ui->toDate->setDate(today);
    fillCombos();
    if (!m_ctx.session) {
        setEnabled(false);
        return;
    }
    m_model = std::make_unique<JournalModel>(m_ctx.session->history());
    ui->historyTable->setModel(m_model.get());
    // Only a counter in a chain has anything but its own history to show.
    ui->scopeCombo->setVisible(m_ctx.session->history().hasChain());
    ui->chainHintLabel->setVisible(false);
    connect(ui->scopeCombo, &QComboBox::currentIndexChanged, this, &HistoryPage::applyFilter);
    connect(m_model.get(), &JournalModel::errorTextChanged, ui->errorLabel, &QLabel::setText);
    ui->historyTable->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    ui->historyTable->horizontalHeader()->setStretchLastSection(true);
    ui->historyTable->setWordWrap(false);
    ui->historyTable->verticalHeader()->setVisible(false);
    connect(ui->fromDate, &QDateEdit::dateChanged, this, &HistoryPage::applyFilter);
    connect(ui->toDate, &QDateEdit::dateChanged, this, &HistoryPage::applyFilter);
    connect(ui->operationCombo, &QComboBox::currentIndexChanged, this, &HistoryPage::applyFilter);
    connect(ui->stateCombo, &QComboBox::currentIndexChanged, this, &HistoryPage::applyFilter);
    connect(ui->staffEdit, &QLineEdit::textChanged, this, &HistoryPage::applyFilter);
    connect(ui->codeSearchEdit, &QLineEdit::textChanged, this, &HistoryPage::applyFilter);
    connect(ui->historyTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        &HistoryPage::showDetail);
    connect(ui->settleButton, &QPushButton::clicked, this, &HistoryPage::settleSelected);
    connect(ui->copyButton, &QPushButton::clicked, this, &HistoryPage::copySelected);
    connect(ui->manualSettleButton, &QPushButton::clicked, this, &HistoryPage::settleByHand);
    connect(ui->exportButton, &QPushButton::clicked, this, &HistoryPage::exportCsv);
    connect(&m_ctx.session->desk(), &desk::Desk::journalChanged, this, &HistoryPage::refresh);
    applyFilter();
}

HistoryPage::~HistoryPage() = default;

void HistoryPage::fillCombos()
{
    const int op = ui->operationCombo->currentIndex();
    const int st = ui->stateCombo->currentIndex();
    const int scope = ui->scopeCombo->currentIndex();
    QSignalBlocker b1(ui->operationCombo), b2(ui->stateCombo), b3(ui->scopeCombo);
    ui->scopeCombo->clear();
    ui->scopeCombo->addItem(tr("Only this counter"), QVariant::fromValue(int(desk::HistoryScope::Counter)));
    ui->scopeCombo->addItem(tr("This shop"), QVariant::fromValue(int(desk::HistoryScope::Shop)));
    ui->scopeCombo->addItem(tr("Whole chain"), QVariant::fromValue(int(desk::HistoryScope::Chain)));
    ui->scopeCombo->setCurrentIndex(qMax(0, scope));
    ui->operationCombo->clear();
    ui->operationCombo->addItem(tr("All operations"), QString());
    ui->operationCombo->addItem(JournalModel::operationLabel(desk::Operation::Use), QStringLiteral("use"));
    ui->operationCombo->addItem(
        JournalModel::operationLabel(desk::Operation::Deactivate), QStringLiteral("deactivate"));
    ui->operationCombo->addItem(
        JournalModel::operationLabel(desk::Operation::Return), QStringLiteral("return"));
    ui->stateCombo->clear();
    ui->stateCombo->addItem(tr("All states"), QString());
    for (desk::State s :
        { desk::State::Succeeded, desk::State::Failed, desk::State::Uncertain, desk::State::Pending })
        ui->stateCombo->addItem(JournalModel::stateLabel(s), desk::stateName(s));
    ui->operationCombo->setCurrentIndex(qMax(0, op));
    ui->stateCombo->setCurrentIndex(qMax(0, st));
}

void HistoryPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        ui->retranslateUi(this);
        fillCombos();
    }
    QWidget::changeEvent(event);
}

void HistoryPage::applyFilter()
{
    if (!m_model)
        return;
    desk::HistoryFilter f;
    f.scope = desk::HistoryScope(ui->scopeCombo->currentData().toInt());
    f.from = ui->fromDate->date().startOfDay();
    f.to = ui->toDate->date().addDays(1).startOfDay();
    if (const QString op = ui->operationCombo->currentData().toString(); !op.isEmpty())
        f.operation = desk::operationFromName(op);
    if (const QString st = ui->stateCombo->currentData().toString(); !st.isEmpty())
        f.state = desk::stateFromName(st);
    f.staff = ui->staffEdit->text().trimmed();
    f.codeContains = ui->codeSearchEdit->text()
                         .normalized(QString::NormalizationForm_KC)
                         .trimmed(); // any part: the last digits too
    showScope();
    m_model->setFilter(f);
    showCount();
    ui->errorLabel->setText(m_model->errorText());
    showDetail();
}

void HistoryPage::showCount()
{
    ui->countLabel->setText(m_model->totalIsCapped()
            ? tr("More than %1 rows").arg(QLocale().toString(JournalModel::kCountCap))
            : tr("%n row(s)", nullptr, static_cast<int>(m_model->totalCount())));
}

void HistoryPage::showScope()
{
    const bool chainRows = ui->scopeCombo->currentData().toInt() != int(desk::HistoryScope::Counter);
    ui->historyTable->setColumnHidden(JournalModel::ShopColumn, !chainRows);
    ui->historyTable->setColumnHidden(JournalModel::CounterColumn, !chainRows);
    ui->chainHintLabel->setVisible(chainRows);
}

void HistoryPage::refresh()
{
    // Hidden while the counter works: MainWindow::showPage refreshes it when it is shown, so it is
    // not read twice a scan for nobody (with MainWindow::updateStatus: counter_bench p50 13.6 → 9.3 ms).
    if (m_model && isVisible()) {
        // The same row again: by id in the journal, by shop, counter and request number in the chain.
        const auto key = [](const HistoryRow &e) {
            return QStringList { QString::number(e.id), e.shopId, e.counterId, e.requestNo };
        };
        const QStringList keep = selected() ? key(*selected()) : QStringList();
        m_model->reload();
        showCount();
        for (int r = 0; r < m_model->rowCount(); ++r)
            if (key(*m_model->entryAt(r)) == keep)
                ui->historyTable->selectRow(r);
        ui->errorLabel->setText(m_model->errorText());
        showDetail();
    }
}

const HistoryRow *HistoryPage::selected() const
{
    if (!m_model)
        return nullptr;
    const QModelIndex i = ui->historyTable->currentIndex();
    return i.isValid() ? m_model->entryAt(i.row()) : nullptr;
}

void HistoryPage::showDetail()
{
    const HistoryRow *e = selected();
    // Only this counter settles its rows, from its own journal (a chain row has no id here).
    const bool settleHere = e && e->id > 0 && e->shopId.isEmpty() && !desk::isSettled(e->state);
    ui->settleButton->setEnabled(settleHere);
    ui->manualSettleButton->setEnabled(settleHere);
    ui->copyButton->setEnabled(e != nullptr);
    if (!e) {
        ui->detailView->clear();
        return;
    }
    auto row = [](const QString &k, const QString &v) {
        return QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>")
            .arg(k.toHtmlEscaped(), v.toHtmlEscaped());
    };
    QString html = QStringLiteral("<table cellspacing=4>");
    html += row(tr("Operation"), JournalModel::operationLabel(e->operation));
    html += row(tr("Coupon code"), e->couponCode);
    html += row(tr("Stock"),
        e->stockId + QLatin1Char(' ')
            + (m_ctx.session ? m_ctx.session->settings().stockName(e->stockId) : QString()));
    html += row(tr("State"),
        JournalModel::stateLabel(e->state) + QStringLiteral(" (") + desk::stateName(e->state)
            + QLatin1Char(')'));
    html += row(tr("Request number"), e->requestNo);
    html += row(tr("Request-ID"), e->requestId);
    html += row(tr("WeChat time"), e->wechatTime);
    if (!e->shopId.isEmpty())
        html += row(tr("Shop"), e->shopName + QStringLiteral(" (") + e->shopId + QLatin1Char(')'));
    html += row(tr("Staff / counter"), e->staff + QStringLiteral(" / ") + e->counterId);
    if (!e->reason.isEmpty())
        html += row(tr("Reason"), e->reason);
    html += row(tr("Attempts"), QString::number(e->attempts));
    if (!e->wechatCode.isEmpty() || !e->message.isEmpty())
        html += row(tr("WeChat code / message"), e->wechatCode + QLatin1Char(' ') + e->message);
    html += row(tr("Settled by"), desk::settledByName(e->settledBy));
    html += QStringLiteral("</table>");
    ui->detailView->setHtml(html);
}

void HistoryPage::settleSelected()
{
    const HistoryRow *e = selected();
    if (!e || !m_ctx.session)
        return;
    ui->settleButton->setEnabled(false);
    desk::Task *t = m_ctx.session->desk().settle(e->id);
    connect(t, &desk::Task::finished, this, [this, t](const desk::OperationResult &r) {
        t->deleteLater();
        refresh();
        m_ctx.prompter->inform(
            this, tr("Settle now"), r.message.headline + QLatin1Char('\n') + r.message.action);
    });
}

void HistoryPage::settleByHand()
{
    const HistoryRow *e = selected();
    if (!e || !m_ctx.session)
        return;
    const qint64 id = e->id;
    const QString what = tr(
        "Close row %1 (%2, coupon %3) by hand? First check the coupon in the WeChat Pay merchant platform.")
                             .arg(e->requestNo, JournalModel::operationLabel(e->operation), e->couponCode);
    auto manager = m_ctx.prompter->managerPin(this, *m_ctx.session, what);
    if (!manager)
        return;
    const auto answer = m_ctx.prompter->choose(
        this, tr("Settle by hand"), what, { tr("It went through"), tr("It did not go through") });
    if (answer < 0)
        return;
    const QString note = m_ctx.prompter->text(this, tr("Settle by hand"), tr("How was it checked?"));
    if (note.trimmed().isEmpty())
        return;
    if (auto st = m_ctx.session->desk().settleManually(id, answer == 0, *manager, note); !st)
        m_ctx.prompter->inform(this, tr("Settle by hand"), st.error().message);
    refresh();
}

void HistoryPage::copySelected()
{
    const HistoryRow *e = selected();
    if (!e)
        return;
    QGuiApplication::clipboard()->setText(QStringList { e->createdAt.toString(Qt::ISODate),
        desk::operationName(e->operation), e->couponCode, e->stockId, e->staff, desk::stateName(e->state),
        e->wechatTime, e->requestNo, e->requestId, e->message }
                                              .join(QLatin1Char('\t')));
}

void HistoryPage::exportCsv()
{
    if (!m_model)
        return;
    // For people: an Excel workbook in the UI language (codes stay text); CSV stays for machines.
    const QString suggested
        = QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
              .filePath(QStringLiteral("coupondesk-history-%1.xlsx")
                            .arg(QDate::currentDate().toString(QStringLiteral("yyyyMMdd"))));
    const QString path = m_ctx.prompter->saveFileName(
        this, tr("Export history"), suggested, tr("Excel workbook (*.xlsx);;CSV for other programs (*.csv)"));
    if (path.isEmpty())
        return;
    desk::Result<qint64> n = qint64(0);
    if (path.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive)) {
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
            m_ctx.prompter->inform(
                this, tr("Export history"), tr("Cannot write %1: %2").arg(path, f.errorString()));
            return;
        }
        n = m_ctx.session->history().exportCsv(m_model->filter(), f, true);
    } else {
        n = m_ctx.session->history().exportXlsx(m_model->filter(), path);
    }
    m_ctx.prompter->inform(this, tr("Export history"),
        n ? tr("%n row(s) written to %1", nullptr, static_cast<int>(n.value())).arg(path)
          : n.error().message);
}

} // namespace gui
