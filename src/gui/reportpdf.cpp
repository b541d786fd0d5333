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

// The table: number columns as wide as their widest cell (with room to spare: the PDF engine draws a
// little wider than the metrics say), headers wrapped by word, the name column taking the rest and
// wrapping too ("满100减20券" over its stock id), the header again on every page.
class PdfTable
{
public:
    PdfTable(QPdfWriter &writer, QPainter &painter, const QAbstractItemModel &model, const QRect &page)
        : m_writer(writer)
        , m_painter(painter)
        , m_model(model)
        , m_page(page)
    {
        m_font.setPointSizeF(8.5);
        m_bold = m_font;
        m_bold.setBold(true);
        m_painter.setFont(m_font);
        m_line = m_painter.fontMetrics().height();
        m_pad = m_line / 3;
        m_painter.setFont(m_bold);
        const QFontMetrics bold = m_painter.fontMetrics();
        const int columns = m_model.columnCount();
        m_widths.fill(0, columns);
        int numbers = 0;
        for (int c = 1; c < columns; ++c) {
            int w = 0;
            for (const QString &word : headerText(c).split(QLatin1Char(' '), Qt::SkipEmptyParts))
                w = qMax(w, bold.horizontalAdvance(word));
            for (int r = 0; r < m_model.rowCount(); ++r)
                w = qMax(w, bold.horizontalAdvance(text(r, c)));
            m_widths[c] = w * 11 / 10 + 2 * m_pad;
            numbers += m_widths[c];
        }
        const int nameMinimum = m_page.width() * 3 / 10;
        if (numbers > m_page.width() - nameMinimum) { // only with very long texts: then they are cut
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
            const int height = rowHeight(r);
            if (y + height > m_page.bottom()) {
                m_writer.newPage();
                ++*pages;
                y = header(m_page.top());
            }
            y = row(r, y, height);
        }
        return y;
    }

private:
    QString headerText(int c) const
    {
        return m_model.headerData(c, Qt::Horizontal, Qt::DisplayRole).toString();
    }
    QString text(int r, int c) const { return m_model.data(m_model.index(r, c), Qt::DisplayRole).toString(); }
    bool isBold(int r) const { return m_model.data(m_model.index(r, 0), Qt::FontRole).value<QFont>().bold(); }

    // The height `text` wraps to in column c, with the cell's padding.
    int wrappedHeight(int c, const QString &text) const
    {
        const QRect room(0, 0, m_widths.at(c) - 2 * m_pad, m_page.height());
        return m_painter.fontMetrics().boundingRect(room, Qt::TextWordWrap, text).height() + 2 * m_pad;
    }

    int rowHeight(int r)
    {
        m_painter.setFont(isBold(r) ? m_bold : m_font);
        return qMax(m_line + 2 * m_pad, wrappedHeight(0, text(r, 0)));
    }

    int header(int y)
    {
        m_painter.setFont(m_bold);
        int height = m_line + 2 * m_pad;
        for (int c = 0; c < m_widths.size(); ++c)
            height = qMax(height, wrappedHeight(c, headerText(c)));
        m_painter.fillRect(QRect(m_page.left(), y, m_page.width(), height), QColor(0xec, 0xef, 0xf1));
        int x = m_page.left();
        for (int c = 0; c < m_widths.size(); ++c) {
            cell(QRect(x, y, m_widths.at(c), height), headerText(c), c);
            x += m_widths.at(c);
        }
        return y + height;
    }

    int row(int r, int y, int height)
    {
        m_painter.setFont(isBold(r) ? m_bold : m_font);
        int x = m_page.left();
        for (int c = 0; c < m_widths.size(); ++c) {
            cell(QRect(x, y, m_widths.at(c), height), text(r, c), c);
            x += m_widths.at(c);
        }
        m_painter.setPen(QPen(QColor(0xb0, 0xbe, 0xc5), 2));
        m_painter.drawLine(m_page.left(), y + height, m_page.right(), y + height);
        m_painter.setPen(Qt::black);
        return y + height;
    }

    void cell(const QRect &rect, const QString &text, int column)
    {
        const Qt::Alignment align = column == 0 ? Qt::AlignLeft : Qt::AlignRight;
        m_painter.drawText(
            rect.adjusted(m_pad, 0, -m_pad, 0), int(align | Qt::AlignVCenter | Qt::TextWordWrap), text);
    }

    QPdfWriter &m_writer;
    QPainter &m_painter;
    const QAbstractItemModel &m_model;
    QRect m_page;
    QFont m_font;
    QFont m_bold;
    int m_line = 0; // one line of text
    int m_pad = 0; // around a cell's text
    QList<int> m_widths;
};

// Draws wrapped text from y on; returns the y below it.
int paragraph(QPainter &painter, const QRect &page, int y, const QString &text)
{
    const QRect bounds = painter.fontMetrics().boundingRect(
        QRect(page.left(), y, page.width(), page.height()), Qt::TextWordWrap, text);
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
        int y = paragraph(painter, page, page.top(), document.title) + gap;
        QFont body;
        body.setPointSizeF(10);
        painter.setFont(body);
        for (const QString &fact : document.facts)
            y = paragraph(painter, page, y, fact);
        painter.setPen(QColor(0xb7, 0x1c, 0x1c));
        for (const QString &note : document.notes)
            y = paragraph(painter, page, y, note);
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
