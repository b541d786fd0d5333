#include "bulkvoiddialog.h"

#include "ui_bulkvoiddialog.h"

#include "desk/bulkvoidplan.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHeaderView>

namespace gui {

using namespace desk;

BulkVoidDialog::BulkVoidDialog(AppContext &context, StaffSession manager, QWidget *parent)
    : QDialog(parent)
    , ui(std::make_unique<Ui::BulkVoidDialog>())
    , m_ctx(context)
    , m_manager(std::move(manager))
{
    ui->setupUi(this);
    ui->bulkConcurrencySpin->setValue(BulkVoidOptions {}.concurrency); // the engine's default, also the CLI's
    ui->bulkStockCombo->addItem(tr("(from the file)"), QString());
    if (m_ctx.session)
        for (const StockRef &s : m_ctx.session->settings().stocks)
            ui->bulkStockCombo->addItem(
                s.name.isEmpty() ? s.id : QStringLiteral("%1  (%2)").arg(s.name, s.id), s.id);
    ui->bulkPreviewTable->setColumnCount(5);
    ui->bulkPreviewTable->setHorizontalHeaderLabels(
        { tr("Line"), tr("Coupon code"), tr("Stock"), tr("Reason"), tr("Check / result") });
    ui->bulkPreviewTable->horizontalHeader()->setStretchLastSection(true);
    ui->bulkPreviewTable->verticalHeader()->setVisible(false);
    connect(ui->bulkFileButton, &QPushButton::clicked, this, [this] {
        const QString f = m_ctx.prompter->openFileName(
            this, tr("Coupons to void"), tr("CSV or text (*.csv *.txt);;All files (*)"));
        if (!f.isEmpty())
            loadFile(f);
    });
    connect(ui->bulkStockCombo, &QComboBox::currentIndexChanged, this, &BulkVoidDialog::reparse);
    connect(ui->bulkReasonEdit, &QLineEdit::editingFinished, this, &BulkVoidDialog::reparse);
    connect(ui->bulkExcludeCheck, &QCheckBox::toggled, this, &BulkVoidDialog::updateButtons);
    connect(ui->bulkStartButton, &QPushButton::clicked, this, &BulkVoidDialog::start);
    connect(ui->bulkPauseButton, &QPushButton::clicked, this, [this] {
        if (!m_job)
            return;
        if (m_job->state() == BulkVoidJob::State::Paused)
            m_job->resume();
        else
            m_job->pause();
    });
    connect(ui->bulkCancelButton, &QPushButton::clicked, this, [this] {
        if (m_job
            && m_ctx.prompter->confirm(this, tr("Stop bulk void"),
                tr("Stop after the coupons already on their way? Starting the same file again later "
                   "continues from here.")))
            m_job->cancel();
    });
    connect(ui->bulkReportButton, &QPushButton::clicked, this, &BulkVoidDialog::saveReport);
    connect(ui->bulkCloseButton, &QPushButton::clicked, this, &QDialog::reject);
    updateButtons();
}

BulkVoidDialog::~BulkVoidDialog() = default;

void BulkVoidDialog::loadFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        ui->bulkSummaryLabel->setText(
            tr("Cannot read %1: %2").arg(QDir::toNativeSeparators(path), f.errorString()));
        return;
    }
    m_path = path;
    m_bytes = f.read(128 * 1024 * 1024);
    ui->bulkFileName->setText(QDir::toNativeSeparators(path));
    reparse();
}

void BulkVoidDialog::reparse()
{
    if (m_path.isEmpty() || m_job)
        return;
    BulkParseOptions o;
    o.stockId = ui->bulkStockCombo->currentData().toString();
    o.defaultReason = ui->bulkReasonEdit->text().trimmed();
    m_preview = parseBulkFile(m_bytes, o);
    showPreview();
}

void BulkVoidDialog::showPreview()
{
    ui->bulkPreviewTable->setRowCount(0);
    if (!m_preview.isFileOk()) {
        ui->bulkSummaryLabel->setStyleSheet(QStringLiteral("color:#c62828;font-size:15px;"));
        ui->bulkSummaryLabel->setText(m_preview.fileError);
        updateButtons();
        return;
    }
    const int shown = static_cast<int>(qMin<qsizetype>(m_preview.rows.size(), 5000));
    ui->bulkPreviewTable->setRowCount(shown);
    for (int i = 0; i < shown; ++i) {
        const BulkRow &r = m_preview.rows.at(i);
        QString check = r.status == BulkRowStatus::Ok ? tr("ready")
            : r.status == BulkRowStatus::Duplicate
            ? tr("duplicate of line %1 (skipped)").arg(r.duplicateOfLine)
            : r.errors.join(QStringLiteral("; "));
        const QStringList cells { QString::number(r.line), r.couponCode, r.stockId, r.reason, check };
        for (int c = 0; c < cells.size(); ++c) {
            auto *item = new QTableWidgetItem(cells.at(c));
            if (r.status == BulkRowStatus::Invalid)
                item->setForeground(QColor(0xb7, 0x1c, 0x1c));
            ui->bulkPreviewTable->setItem(i, c, item);
        }
    }
    ui->bulkSummaryLabel->setStyleSheet(m_preview.invalidCount()
            ? QStringLiteral("color:#c62828;font-size:15px;")
            : QStringLiteral("font-size:15px;"));
    ui->bulkSummaryLabel->setText(tr("%1 rows: %2 to void, %3 with errors, %4 duplicates.")
                                      .arg(m_preview.rows.size())
                                      .arg(m_preview.validCount())
                                      .arg(m_preview.invalidCount())
                                      .arg(m_preview.duplicateCount())
        + (m_preview.invalidCount()
                ? QLatin1Char(' ') + tr("Correct the file, or tick \"Skip the rows with errors\".")
                : QString()));
    updateButtons();
}

void BulkVoidDialog::updateButtons()
{
    const bool running = m_job && m_job->state() != BulkVoidJob::State::Finished;
    const bool finished = m_job && m_job->state() == BulkVoidJob::State::Finished;
    ui->bulkStartButton->setEnabled(
        !m_job && !m_path.isEmpty() && m_preview.canStart(ui->bulkExcludeCheck->isChecked()));
    ui->bulkPauseButton->setEnabled(running);
    ui->bulkPauseButton->setText(
        m_job && m_job->state() == BulkVoidJob::State::Paused ? tr("Resume") : tr("Pause"));
    ui->bulkCancelButton->setEnabled(running);
    ui->bulkReportButton->setEnabled(finished);
    ui->bulkFileButton->setEnabled(!m_job);
    ui->bulkCloseButton->setEnabled(!running);
}

void BulkVoidDialog::start()
{
    if (m_job || !m_ctx.session)
        return;
    const QString reason = ui->bulkReasonEdit->text().trimmed();
    const QString stock = ui->bulkStockCombo->currentData().toString();
    // Same folder and job key as coupondesk-cli bulk-deactivate: a job started in one resumes in the other.
    const QString jobDir = m_ctx.session->history().bulkJobDir();
    // Count what will really be sent: rows an earlier run of this job settled are not sent again.
    if (!m_ctx.prompter->confirm(this, tr("Bulk void"),
            bulkConfirmText(m_ctx.session->history().planBulkSend(jobDir, m_preview, reason, stock))))
        return;
    QString lockError;
    m_lock = lockBulkJob(bulkManifestPath(jobDir, bulkJobKey(m_preview.sha256, reason, stock)), lockError);
    if (!m_lock) {
        ui->bulkSummaryLabel->setText(lockError);
        return;
    }
    auto job = openOrCreateBulkJob(jobDir, m_preview, QFileInfo(m_path).fileName(), reason, stock, m_manager,
        ui->bulkExcludeCheck->isChecked(), QDateTime::currentDateTime());
    if (!job) {
        m_lock.reset();
        ui->bulkSummaryLabel->setText(job.error().message);
        return;
    }
    m_manifestPath = job->path;
    BulkVoidOptions o;
    o.concurrency = ui->bulkConcurrencySpin->value();
    o.ratePerSec = ui->bulkRateSpin->value();
    o.manifestPath = job->path;
    m_job = std::make_unique<BulkVoidJob>(m_ctx.session->desk(), job->manifest, m_manager, o);
    ui->bulkProgressBar->setMaximum(static_cast<int>(job->manifest.rows.size()));
    if (job->resumed)
        ui->bulkSummaryLabel->setText(
            tr("Continuing the job started %1 for this file.")
                .arg(job->manifest.createdAt.toString(QStringLiteral("yyyy-MM-dd HH:mm"))));
    connect(
        m_job.get(), &BulkVoidJob::progress, this, [this](int done, int failed, int remaining, double rate) {
            ui->bulkProgressBar->setValue(ui->bulkProgressBar->maximum() - remaining);
            ui->bulkCountsLabel->setText(tr("Voided %1 · failed %2 · remaining %3 · %4 per second")
                                             .arg(done)
                                             .arg(failed)
                                             .arg(remaining)
                                             .arg(rate, 0, 'f', 1));
        });
    connect(m_job.get(), &BulkVoidJob::rowFinished, this, [this](int row, const OperationResult &) {
        if (row < ui->bulkPreviewTable->rowCount()) {
            const BulkRowResult r = m_job->rowResult(row);
            auto *item = ui->bulkPreviewTable->item(row, 4);
            if (item) {
                item->setText(bulkOutcomeName(r.outcome)
                    + (r.message.isEmpty() ? QString() : QStringLiteral(" — ") + r.message));
                item->setForeground(
                    r.outcome == BulkOutcome::Voided || r.outcome == BulkOutcome::AlreadyVoided
                        ? QColor(0x1b, 0x5e, 0x20)
                        : QColor(0xb7, 0x1c, 0x1c));
            }
        }
    });
    connect(m_job.get(), &BulkVoidJob::stateChanged, this, &BulkVoidDialog::updateButtons);
    connect(m_job.get(), &BulkVoidJob::finished, this, [this](const BulkSummary &s) {
        m_lock.reset();
        ui->bulkCountsLabel->setText(
            tr("Finished: voided %1, already voided %2, failed %3, not confirmed %4, skipped %5.")
                .arg(s.voided)
                .arg(s.alreadyVoided + s.alreadyVoidedUnverified)
                .arg(s.failed)
                .arg(s.uncertain)
                .arg(s.skippedInvalid + s.skippedDuplicate + s.notStarted));
        updateButtons();
        Q_EMIT jobFinished(s);
    });
    m_job->start();
    updateButtons();
}

void BulkVoidDialog::saveReport()
{
    if (!m_job)
        return;
    const QString suggested = QFileInfo(m_path).absoluteDir().filePath(
        QFileInfo(m_path).completeBaseName() + QStringLiteral("-report.csv"));
    const QString path = m_ctx.prompter->saveFileName(this, tr("Save report"), suggested, tr("CSV (*.csv)"));
    if (path.isEmpty())
        return;
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        m_ctx.prompter->inform(this, tr("Save report"), tr("Cannot write %1: %2").arg(path, f.errorString()));
        return;
    }
    if (auto st = m_job->writeReport(f, true); !st)
        m_ctx.prompter->inform(this, tr("Save report"), st.error().message);
}

} // namespace gui
