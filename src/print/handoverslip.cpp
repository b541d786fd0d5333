#include "handoverslip.h"

#include "sliphtml_p.h"

#include <QAbstractTextDocumentLayout>
#include <QCoreApplication>
#include <QFont>
#include <QGuiApplication>
#include <QPageLayout>
#include <QPageSize>
#include <QPagedPaintDevice>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QTextDocument>

#include <cmath>

namespace print {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(print::Slip)
};

desk::Error slipError(const QString &message)
{
    return desk::Error::make(desk::ErrorKind::InvalidInput, QStringLiteral("SLIP_FAILED"), message);
}

// Receipt printers print about 48 mm of 58 mm paper and 72 mm of 80 mm: 4-5 mm either side.
QMarginsF marginsMm(SlipPaper paper)
{
    switch (paper) {
    case SlipPaper::Receipt58:
        return { 4, 3, 4, 3 };
    case SlipPaper::Receipt80:
        return { 4, 3, 4, 3 };
    case SlipPaper::A4:
        break;
    }
    return { 15, 15, 15, 15 };
}

QPageLayout layoutFor(SlipPaper paper, double heightMm)
{
    if (paper == SlipPaper::A4)
        return QPageLayout(
            QPageSize(QPageSize::A4), QPageLayout::Portrait, marginsMm(paper), QPageLayout::Millimeter);
    const QPageSize size(QSizeF(paperWidthMm(paper), heightMm), QPageSize::Millimeter,
        QStringLiteral("Receipt %1").arg(paperName(paper)), QPageSize::ExactMatch);
    return QPageLayout(size, QPageLayout::Portrait, marginsMm(paper), QPageLayout::Millimeter);
}

} // namespace

QString paperName(SlipPaper paper)
{
    switch (paper) {
    case SlipPaper::Receipt58:
        return QStringLiteral("58mm");
    case SlipPaper::Receipt80:
        return QStringLiteral("80mm");
    case SlipPaper::A4:
        break;
    }
    return QStringLiteral("a4");
}

std::optional<SlipPaper> paperFromName(QStringView name)
{
    for (SlipPaper p : { SlipPaper::A4, SlipPaper::Receipt58, SlipPaper::Receipt80 })
        if (name.compare(paperName(p), Qt::CaseInsensitive) == 0)
            return p;
    return std::nullopt;
}

QString paperLabel(SlipPaper paper)
{
    switch (paper) {
    case SlipPaper::Receipt58:
        return Text::tr("58 mm receipt");
    case SlipPaper::Receipt80:
        return Text::tr("80 mm receipt");
    case SlipPaper::A4:
        break;
    }
    return Text::tr("A4");
}

double paperWidthMm(SlipPaper paper)
{
    switch (paper) {
    case SlipPaper::Receipt58:
        return 58;
    case SlipPaper::Receipt80:
        return 80;
    case SlipPaper::A4:
        break;
    }
    return 210;
}

desk::Result<int> paintSlip(
    const desk::Handover &handover, SlipPaper paper, const SlipOptions &options, QPagedPaintDevice &device)
{
    if (!qobject_cast<QGuiApplication *>(QCoreApplication::instance()))
        return slipError(QStringLiteral("painting a slip needs a QGuiApplication (fonts)"));
    const QMarginsF margins = marginsMm(paper);
    const double dotsPerMm = device.logicalDpiY() / 25.4;
    const double widthMm = paperWidthMm(paper) - margins.left() - margins.right();

    // Laid out for the device itself, so points are points on paper at any resolution.
    QTextDocument doc;
    doc.documentLayout()->setPaintDevice(&device);
    doc.setDocumentMargin(0);
    QFont font = doc.defaultFont();
    font.setPointSizeF(detail::slipFonts(paper).body);
    doc.setDefaultFont(font);
    doc.setHtml(slipHtml(handover, paper, options));
    doc.setTextWidth(widthMm * dotsPerMm);

    double pageHeightMm = 297 - margins.top() - margins.bottom();
    if (paper != SlipPaper::A4) // one page as long as the slip, rounded up to a whole millimetre
        pageHeightMm = std::ceil(doc.size().height() / dotsPerMm) + 1;
    if (!device.setPageLayout(layoutFor(paper, pageHeightMm + margins.top() + margins.bottom())))
        return slipError(QStringLiteral("the device refused the page layout for %1").arg(paperName(paper)));
    const QSizeF page(widthMm * dotsPerMm, pageHeightMm * dotsPerMm);
    doc.setPageSize(page);
    const int pages = doc.pageCount();

    QPainter painter;
    if (!painter.begin(&device))
        return slipError(QStringLiteral("cannot start painting the slip"));
    for (int i = 0; i < pages; ++i) {
        if (i > 0 && !device.newPage())
            return slipError(QStringLiteral("cannot start page %1 of the slip").arg(i + 1));
        painter.save();
        painter.translate(0, -i * page.height());
        doc.drawContents(&painter, QRectF(QPointF(0, i * page.height()), page));
        painter.restore();
    }
    if (!painter.end())
        return slipError(QStringLiteral("cannot finish painting the slip"));
    return pages;
}

desk::Result<int> writeSlipPdf(
    const desk::Handover &handover, SlipPaper paper, const SlipOptions &options, const QString &path)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return slipError(QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    int pages = 0;
    {
        QPdfWriter pdf(&file);
        pdf.setResolution(300);
        pdf.setCreator(QStringLiteral("CouponDesk"));
        pdf.setTitle(Text::tr("Shift handover"));
        auto painted = paintSlip(handover, paper, options, pdf);
        if (!painted) {
            file.cancelWriting();
            return painted.error();
        }
        pages = *painted;
    } // the writer finishes the file when it goes
    if (!file.commit())
        return slipError(QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    return pages;
}

} // namespace print
