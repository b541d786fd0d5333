#include "reportpdf.h"

#include <QAbstractItemModel>
#include <QCoreApplication>
#include <QFont>
#include <QFontMetrics>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>

namespace gui {

namespace {

constexpr int kDpi = 300;

class PdfTable
{
public:
    PdfTable(QPdfWriter &writer, QPainter &painter, const QAbstractItemModel &model, const QRect &page)
        : m_writer(writer)
        , m_painter(painter)
        , m_model(model)
        , m_page(page)
    {
        m_font.setPointSizeF(9);
        m_bold = m_font;
        m_bold.setBold(true);
        m_rowHeight = QFontMetrics(m_font, &m_writer).height() * 3 / 2;
        // Each number column as wide as its widest text (the header in bold); the name column takes the
        // rest, and every column gives way in proportion when the page is too narrow for them all.
        const QFontMetrics bold(m_bold, &m_writer);
        const int columns = m_model.columnCount();
        const int padding = m_rowHeight; // cell() leaves a quarter of a row each side
        m_widths.fill(0, columns);
        int numbers = 0;
        for (int c = 1; c < columns; ++c) {
            int w = bold.horizontalAdvance(m_model.headerData(c, Qt::Horizontal, Qt::DisplayRole).toString());
            for (int r = 0; r < m_model.rowCount(); ++r)
                w = qMax(
                    w, bold.horizontalAdvance(m_model.data(m_model.index(r, c), Qt::DisplayRole).toString()));
            m_widths[c] = w + padding;
            numbers += m_widths[c];
        }
        const int nameMinimum = m_page.width() / 4;
        if (numbers > m_page.width() - nameMinimum) {
            for (int c = 1; c < columns; ++c)
                m_widths[c] = m_widths[c] * (m_page.width() - nameMinimum) / numbers;
            numbers = m_page.width() - nameMinimum;
        }
        if (columns > 0)
            m_widths[0] = m_page.width() - numbers;
    }

    int draw(int y, int *pages)
    {
        y = header(y);
        for (int r = 0; r < m_model.rowCount(); ++r) {
            if (y + m_rowHeight > m_page.bottom()) {
                m_writer.newPage();
                ++*pages;
                y = header(m_page.top());
            }
            y = row(r, y);
        }
        return y;
    }

private:
    int header(int y)
    {
        m_painter.fillRect(QRect(m_page.left(), y, m_page.width(), m_rowHeight), QColor(0xec, 0xef, 0xf1));
        m_painter.setFont(m_bold);
        int x = m_page.left();
        for (int c = 0; c < m_widths.size(); ++c) {
            const QString text = m_model.headerData(c, Qt::Horizontal, Qt::DisplayRole).toString();
            cell(QRect(x, y, m_widths.at(c), m_rowHeight), text, c == 0 ? Qt::AlignLeft : Qt::AlignRight);
            x += m_widths.at(c);
        }
        return y + m_rowHeight;
    }

    int row(int r, int y)
    {
        const bool bold = m_model.data(m_model.index(r, 0), Qt::FontRole).value<QFont>().bold();
        m_painter.setFont(bold ? m_bold : m_font);
        int x = m_page.left();
        for (int c = 0; c < m_widths.size(); ++c) {
            const QString text = m_model.data(m_model.index(r, c), Qt::DisplayRole).toString();
            cell(QRect(x, y, m_widths.at(c), m_rowHeight), text, c == 0 ? Qt::AlignLeft : Qt::AlignRight);
            x += m_widths.at(c);
        }
        m_painter.setPen(QPen(QColor(0xb0, 0xbe, 0xc5), 2));
        m_painter.drawLine(m_page.left(), y + m_rowHeight, m_page.right(), y + m_rowHeight);
        m_painter.setPen(Qt::black);
        return y + m_rowHeight;
    }

    void cell(const QRect &rect, const QString &text, Qt::Alignment align)
    {
        const QRect inner = rect.adjusted(m_rowHeight / 4, 0, -m_rowHeight / 4, 0);
        const QString shown
            = QFontMetrics(m_painter.font(), &m_writer).elidedText(text, Qt::ElideRight, inner.width());
        m_painter.drawText(inner, int(align | Qt::AlignVCenter), shown);
    }

    QPdfWriter &m_writer;
    QPainter &m_painter;
    const QAbstractItemModel &m_model;
    QRect m_page;
    QFont m_font;
    QFont m_bold;
    int m_rowHeight = 0;
    QList<int> m_widths;
};

// Draws wrapped text from y on; returns the y below it.
int paragraph(QPainter &painter, QPdfWriter &writer, const QRect &page, int y, const QString &text)
{
    const QRect bounds
        = QFontMetrics(painter.font(), &writer)
              .boundingRect(QRect(page.left(), y, page.width(), page.height()), Qt::TextWordWrap, text);
    painter.drawText(QRect(page.left(), y, page.width(), bounds.height()), Qt::TextWordWrap, text);
    return y + bounds.height();
}

} // namespace

int writeReportPdf(const QString &path, const ReportDocument &document, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = QCoreApplication::translate("gui::ReportPdf", "Cannot write %1: %2")
                     .arg(path, file.errorString());
        return 0;
    }
    int pages = 1;
    {
        QPdfWriter writer(&file);
        writer.setResolution(kDpi);
        writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait,
            QMarginsF(15, 15, 15, 15), QPageLayout::Millimeter));
        writer.setTitle(document.title);
        writer.setCreator(QStringLiteral("CouponDesk"));
        QPainter painter(&writer);
        const QRect page = writer.pageLayout().paintRectPixels(kDpi).translated(
            -writer.pageLayout().paintRectPixels(kDpi).topLeft());
        const int gap = kDpi / 12; // about 2 mm
        QFont title;
        title.setPointSizeF(16);
        title.setBold(true);
        painter.setFont(title);
        int y = paragraph(painter, writer, page, page.top(), document.title) + gap;
        QFont body;
        body.setPointSizeF(10);
        painter.setFont(body);
        for (const QString &fact : document.facts)
            y = paragraph(painter, writer, page, y, fact);
        painter.setPen(QColor(0xb7, 0x1c, 0x1c));
        for (const QString &note : document.notes)
            y = paragraph(painter, writer, page, y, note);
        painter.setPen(Qt::black);
        y += gap;
        if (!document.chart.isNull()) {
            const QSize size
                = document.chart.size().scaled(page.width(), page.height() / 3, Qt::KeepAspectRatio);
            painter.drawImage(QRect(QPoint(page.left(), y), size), document.chart);
            y += size.height() + gap;
        }
        if (document.table) {
            PdfTable table(writer, painter, *document.table, page);
            table.draw(y, &pages);
        }
        if (!painter.end()) {
            *error = QCoreApplication::translate("gui::ReportPdf", "Cannot write %1").arg(path);
            return 0;
        }
    }
    if (!file.commit()) {
        *error = QCoreApplication::translate("gui::ReportPdf", "Cannot write %1: %2")
                     .arg(path, file.errorString());
        return 0;
    }
    return pages;
}

} // namespace gui
