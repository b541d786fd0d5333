#include "handoverdialog.h"

#include "ui_handoverdialog.h"

#include "desk/money.h"
#include "desk/session.h"
#include "print/handoverslip.h"

#include <QEvent>
#include <QHeaderView>
#include <QPrintPreviewDialog>
#include <QPrinter>
#include <QSignalBlocker>

namespace gui {

namespace {

QString when(const QDateTime &t)
{
    return t.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

// "2026-12-06 08:00 – 16:00", the day once when the shift did not cross midnight.
QString span(const QDateTime &start, const QDateTime &end)
{
    const QDateTime s = start.toLocalTime(), e = end.toLocalTime();
    return when(s) + QStringLiteral(" – ")
        + (s.date() == e.date() ? e.toString(QStringLiteral("HH:mm")) : when(e));
}

QString person(const QString &name, const QString &id)
{
    return name.isEmpty() || name == id ? id : QStringLiteral("%1 (%2)").arg(name, id);
}

} // namespace

HandoverDialog::HandoverDialog(AppContext &context, std::optional<desk::Handover> ended, QWidget *parent)
    : QDialog(parent)
    , ui(std::make_unique<Ui::HandoverDialog>())
    , m_ctx(context)
{
    ui->setupUi(this);
    for (print::SlipPaper p :
        { print::SlipPaper::A4, print::SlipPaper::Receipt58, print::SlipPaper::Receipt80 })
        ui->paperCombo->addItem(print::paperLabel(p), print::paperName(p));
    ui->stockTable->verticalHeader()->setVisible(false);
    ui->pastList->setWordWrap(true);
    ui->pastList->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    if (ended) {
        m_endedId = ended->id;
        m_handovers.append(*ended); // the fresh one, with its whole report
    }
    loadPast();
    connect(ui->pastList, &QListWidget::currentRowChanged, this, &HandoverDialog::showHandover);
    connect(ui->printButton, &QPushButton::clicked, this, &HandoverDialog::printSlip);
    connect(ui->pdfButton, &QPushButton::clicked, this, &HandoverDialog::savePdf);
    connect(ui->closeButton, &QPushButton::clicked, this, &QDialog::accept);
    retranslate();
    ui->pastList->setCurrentRow(m_handovers.isEmpty() ? -1 : 0);
    ui->printButton->setFocus();
}

HandoverDialog::~HandoverDialog() = default;

const desk::Handover *HandoverDialog::shown() const
{
    return m_row >= 0 && m_row < m_handovers.size() ? &m_handovers.at(m_row) : nullptr;
}

bool HandoverDialog::shownIsReprint() const
{
    const desk::Handover *h = shown();
    return h && h->id != m_endedId;
}

void HandoverDialog::loadPast()
{
    if (!m_ctx.session)
        return;
    auto past = m_ctx.session->handovers().past(100);
    if (!past) {
        ui->confirmedLabel->setText(tr("Past handovers could not be read: %1").arg(past.error().message));
        return;
    }
    for (const desk::Handover &h : *past)
        if (h.id != m_endedId)
            m_handovers.append(h);
}

void HandoverDialog::retranslate()
{
    {
        const QSignalBlocker block(ui->pastList); // the row shown stays
        ui->pastList->clear();
        for (const desk::Handover &h : m_handovers)
            ui->pastList->addItem(tr("No. %1 · %2\n%3")
                                      .arg(h.id)
                                      .arg(person(h.staffName, h.staff), span(h.shiftStart, h.shiftEnd)));
        ui->pastList->setCurrentRow(m_row);
    }
    ui->stockTable->setColumnCount(7);
    ui->stockTable->setHorizontalHeaderLabels({ tr("Stock"), tr("Redeemed"), tr("Value at the till"),
        tr("Voided"), tr("Returned"), tr("Failed"), tr("Unsettled") });
    for (int i = 0; i < ui->paperCombo->count(); ++i)
        if (auto p = print::paperFromName(ui->paperCombo->itemData(i).toString()))
            ui->paperCombo->setItemText(i, print::paperLabel(*p));
    if (m_row >= 0) {
        showHandover(m_row);
    } else if (m_handovers.isEmpty()) {
        ui->headlineLabel->setText(tr("No shift has been handed over at this counter yet."));
        ui->printButton->setEnabled(false);
        ui->pdfButton->setEnabled(false);
    }
}

void HandoverDialog::showHandover(int row)
{
    m_row = row;
    const desk::Handover *h = shown();
    ui->printButton->setEnabled(h != nullptr);
    ui->pdfButton->setEnabled(h != nullptr);
    if (!h)
        return;
    const desk::ReportLine &t = h->report.total;
    ui->headlineLabel->setText(h->id == m_endedId
            ? tr("Shift handed over — print the slip for the next shift")
            : tr("Handover no. %1 (printing it again marks it REPRINT)").arg(h->id));
    ui->periodLabel->setText(
        tr("%1 · %2 – %3").arg(person(h->staffName, h->staff), when(h->shiftStart), when(h->shiftEnd)));
    ui->redeemedValue->setText(QString::number(t.redeemed));
    QString value = desk::formatYuan(t.valueFen);
    if (t.valueUnknown > 0)
        value += QLatin1Char(' ') + tr("(+%n of unknown value)", nullptr, static_cast<int>(t.valueUnknown));
    ui->valueValue->setText(value);
    ui->countsLabel->setText(tr("Voided %1 · Returned %2 · Failed %3 · Unsettled %4")
                                 .arg(t.voided)
                                 .arg(t.returned)
                                 .arg(t.failed)
                                 .arg(t.unsettled));
    ui->unsettledWarning->setVisible(t.unsettled > 0);
    ui->unsettledWarning->setText(
        tr("%n operation(s) were not confirmed by WeChat Pay when the shift ended; see History.", nullptr,
            static_cast<int>(t.unsettled)));
    ui->stockTable->setRowCount(static_cast<int>(h->report.byStock.size()));
    for (int r = 0; r < h->report.byStock.size(); ++r) {
        const desk::ReportLine &l = h->report.byStock.at(r);
        const QStringList cells { l.label.isEmpty() || l.label == l.key
                ? l.key
                : l.label + QStringLiteral(" (") + l.key + QLatin1Char(')'),
            QString::number(l.redeemed),
            desk::formatYuan(l.valueFen) + (l.valueUnknown > 0 ? QStringLiteral(" +?") : QString()),
            QString::number(l.voided), QString::number(l.returned), QString::number(l.failed),
            QString::number(l.unsettled) };
        for (int c = 0; c < cells.size(); ++c) {
            auto *item = new QTableWidgetItem(cells.at(c));
            item->setToolTip(cells.at(c)); // a long stock name is elided in its column
            if (c > 0)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            ui->stockTable->setItem(r, c, item);
        }
    }
    // The stock's name takes what is left; the numbers keep their width.
    ui->stockTable->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    ui->stockTable->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    ui->confirmedLabel->setText(tr("Confirmed by %1 · counter %2 · no. %3")
                                    .arg(person(h->confirmedByName, h->confirmedBy), h->counterId)
                                    .arg(h->id));
}

void HandoverDialog::printSlip()
{
    const desk::Handover *h = shown();
    const auto paper = print::paperFromName(ui->paperCombo->currentData().toString());
    if (!h || !paper)
        return;
    const desk::Handover handover = *h;
    print::SlipOptions options;
    options.reprint = shownIsReprint();
    m_printer = std::make_unique<QPrinter>(QPrinter::HighResolution);
    auto *preview = new QPrintPreviewDialog(m_printer.get(), this);
    preview->setObjectName(QStringLiteral("slipPreviewDialog"));
    preview->setAttribute(Qt::WA_DeleteOnClose);
    connect(preview, &QPrintPreviewDialog::paintRequested, this,
        [this, handover, paper = *paper, options](QPrinter *printer) {
            print::SlipOptions o = options;
            o.printedAt = QDateTime::currentDateTime();
            if (auto painted = print::paintSlip(handover, paper, o, *printer); !painted)
                m_ctx.prompter->inform(
                    this, tr("Print"), tr("The slip could not be printed: %1").arg(painted.error().message));
        });
    preview->open();
}

void HandoverDialog::savePdf()
{
    const desk::Handover *h = shown();
    const auto paper = print::paperFromName(ui->paperCombo->currentData().toString());
    if (!h || !paper || !m_ctx.prompter)
        return;
    const QString path = m_ctx.prompter->saveFileName(this, tr("Save the slip as PDF"),
        QStringLiteral("handover-%1-%2.pdf").arg(h->id).arg(print::paperName(*paper)), tr("PDF (*.pdf)"));
    if (path.isEmpty())
        return;
    print::SlipOptions options;
    options.printedAt = QDateTime::currentDateTime();
    options.reprint = shownIsReprint();
    if (auto written = print::writeSlipPdf(*h, *paper, options, path); !written)
        m_ctx.prompter->inform(
            this, tr("Save as PDF"), tr("The slip could not be saved: %1").arg(written.error().message));
    else
        m_ctx.prompter->inform(this, tr("Save as PDF"), tr("The slip was saved to %1.").arg(path));
}

void HandoverDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        ui->retranslateUi(this);
        retranslate();
    }
    QDialog::changeEvent(event);
}

} // namespace gui
