#include "resultpanel.h"

#include <QClipboard>
#include <QContextMenuEvent>
#include <QGuiApplication>
#include <QMenu>
#include <QPainter>
#include <QSvgRenderer>

namespace gui {

namespace {

constexpr int kMargin = 14;
constexpr int kIcon = 30;
constexpr int kIconGap = 8;
constexpr int kGap = 8;
constexpr int kBorder = 3;
constexpr int kWrap = Qt::AlignHCenter | Qt::TextWordWrap;

struct Colours
{
    QColor background, foreground;
    const char *name;
};

Colours coloursOf(ResultPanel::Kind kind)
{
    switch (kind) {
    case ResultPanel::Kind::Success:
        return { QColor(0xe8f5e9), QColor(0x1b5e20), "success" };
    case ResultPanel::Kind::Failure:
        return { QColor(0xffebee), QColor(0xb71c1c), "failure" };
    case ResultPanel::Kind::Pending:
        return { QColor(0xfff8e1), QColor(0xe65100), "pending" };
    case ResultPanel::Kind::Info: // a lookup: neutral blue, never the redemption green
        return { QColor(0xe3f2fd), QColor(0x0d47a1), "info" };
    case ResultPanel::Kind::Neutral:
        break;
    }
    return { QColor(), QColor(0x9e9e9e), "" };
}

ResultPanel::Kind kindOf(desk::Severity severity)
{
    switch (severity) {
    case desk::Severity::Success:
        return ResultPanel::Kind::Success;
    case desk::Severity::Failure:
        return ResultPanel::Kind::Failure;
    case desk::Severity::Pending:
        return ResultPanel::Kind::Pending;
    case desk::Severity::Info:
        return ResultPanel::Kind::Info;
    }
    return ResultPanel::Kind::Failure;
}

QFont sized(QFont font, int pixels, bool bold = false)
{
    font.setPixelSize(pixels);
    font.setBold(bold);
    return font;
}

} // namespace

ResultPanel::ResultPanel(QWidget *parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    m_busyDelay.setSingleShot(true);
    m_busyDelay.setInterval(300);
    m_busyFrame.setInterval(40);
    connect(&m_busyDelay, &QTimer::timeout, this, [this] {
        m_busyPhase = 0;
        m_busyFrame.start();
    });
    connect(&m_busyFrame, &QTimer::timeout, this, [this] {
        m_busyPhase = (m_busyPhase + 2) % 100;
        update(0, 0, width(), kBorder + 6);
    });
}

void ResultPanel::showMessage(const desk::StaffMessage &m, const QString &extraLine)
{
    m_kind = kindOf(m.severity);
    m_headline = m.headline;
    m_action = m.action;
    if (!extraLine.isEmpty())
        m_action = m_action.isEmpty() ? extraLine : m_action + QLatin1Char('\n') + extraLine;
    m_detail = m.detail;
    changed();
}

void ResultPanel::showNeutral(const QString &headline)
{
    m_kind = Kind::Neutral;
    m_headline = headline;
    m_action.clear();
    m_detail.clear();
    changed();
}

void ResultPanel::clear()
{
    showNeutral(QString());
}

void ResultPanel::setBusy(bool busy)
{
    if (busy == m_busy)
        return;
    m_busy = busy;
    m_busyFrame.stop();
    if (busy) {
        m_busyDelay.start();
    } else {
        m_busyDelay.stop();
        if (m_busyPhase >= 0)
            update(0, 0, width(), kBorder + 6);
        m_busyPhase = -1;
    }
}

void ResultPanel::setFooter(const QString &text)
{
    if (text == m_footer)
        return;
    m_footer = text;
    changed();
}

QString ResultPanel::kindName() const
{
    return QString::fromLatin1(coloursOf(m_kind).name);
}

QString ResultPanel::plainText() const
{
    QStringList parts;
    for (const QString *s : { &m_headline, &m_action, &m_detail })
        if (!s->isEmpty())
            parts << *s;
    return parts.join(QLatin1Char('\n'));
}

QSize ResultPanel::sizeHint() const
{
    return { 400, m_minimumHeight };
}

QSize ResultPanel::minimumSizeHint() const
{
    return { 200, m_minimumHeight };
}

QList<ResultPanel::Block> ResultPanel::blocks() const
{
    const bool neutral = m_kind == Kind::Neutral;
    return {
        { &m_headline, sized(font(), neutral ? 22 : 30, !neutral), coloursOf(m_kind).foreground, {} },
        { &m_action, sized(font(), 19), QColor(0x212121), {} },
        { &m_detail, sized(font(), 13), QColor(0x616161), {} },
        { &m_footer, sized(font(), 16), QColor(0x37474f), {} },
    };
}

void ResultPanel::layOut()
{
    // Each text is measured here, once a change, so a paint only draws.
    const int width = this->width() > 0 ? this->width() : sizeHint().width();
    const int inner = width - 2 * kMargin;
    m_laidOut.clear();
    int y = 0;
    for (Block b : blocks()) {
        if (b.text->isEmpty())
            continue;
        if (!m_laidOut.isEmpty())
            y += kGap;
        const bool withMark = m_laidOut.isEmpty() && m_kind != Kind::Neutral;
        const int textWidth = withMark ? inner - kIcon - kIconGap : inner;
        const QRect r = QFontMetrics(b.font).boundingRect(QRect(0, 0, textWidth, 100000), kWrap, *b.text);
        // The mark and the headline are centred together; the other lines on the full width.
        const int left = withMark ? kMargin + kIcon + kIconGap + (textWidth - r.width()) / 2 : kMargin;
        b.rect = QRect(left, y, withMark ? r.width() : inner, r.height());
        y += r.height();
        m_laidOut << b;
    }
    m_contentHeight = y;
    // Grows when a long text needs it (rare: then the window re-lays-out once), never shrinks back:
    // the counter's layout stays where the cashier's eyes expect it.
    if (2 * kMargin + y > m_minimumHeight) {
        m_minimumHeight = 2 * kMargin + y;
        updateGeometry();
    }
}

void ResultPanel::changed()
{
    layOut();
    setAccessibleName(m_headline);
    setAccessibleDescription(QStringList { m_action, m_detail, m_footer }.join(QLatin1Char('\n')).trimmed());
    update();
}

void ResultPanel::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    layOut();
}

QPixmap ResultPanel::mark() const
{
    if (m_kind == Kind::Neutral)
        return {};
    const qreal ratio = devicePixelRatioF();
    const QString key = kindName() + QString::number(ratio);
    if (key == m_markCacheKey)
        return m_markCache;
    QPixmap pixmap(QSize(kIcon, kIcon) * ratio);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    QSvgRenderer(QStringLiteral(":/icons/result-%1.svg").arg(kindName())).render(&p);
    p.end();
    pixmap.setDevicePixelRatio(ratio);
    m_markCache = pixmap;
    m_markCacheKey = key;
    return pixmap;
}

void ResultPanel::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const Colours c = coloursOf(m_kind);
    const QRectF frame
        = QRectF(rect()).adjusted(kBorder / 2.0, kBorder / 2.0, -kBorder / 2.0, -kBorder / 2.0);
    if (m_kind == Kind::Neutral) {
        p.setPen(QPen(QColor(0xcfd8dc), 1));
        p.setBrush(Qt::NoBrush);
    } else {
        p.setPen(QPen(c.foreground, kBorder));
        p.setBrush(c.background);
    }
    p.drawRoundedRect(frame, 8, 8);

    if (m_busyPhase >= 0) { // the stripe runs along the top edge
        const int segment = width() / 4;
        const int x = (width() + segment) * m_busyPhase / 100 - segment;
        p.fillRect(QRect(x, kBorder, segment, 4), QColor(0x1976d2));
    }

    const int top = kMargin + std::max(0, (height() - 2 * kMargin - m_contentHeight) / 2);
    for (qsizetype i = 0; i < m_laidOut.size(); ++i) {
        const Block &b = m_laidOut.at(i);
        const QRect r = b.rect.translated(0, top);
        if (i == 0 && m_kind != Kind::Neutral)
            p.drawPixmap(
                r.left() - kIcon - kIconGap, r.top() + (QFontMetrics(b.font).height() - kIcon) / 2, mark());
        p.setFont(b.font);
        p.setPen(b.colour);
        p.drawText(r, kWrap, *b.text);
    }
}

void ResultPanel::contextMenuEvent(QContextMenuEvent *event)
{
    // The text is painted, not selectable: the request number reaches the manager this way.
    QMenu menu(this);
    QAction *copy = menu.addAction(tr("Copy the result"));
    copy->setEnabled(!plainText().isEmpty());
    if (menu.exec(event->globalPos()) == copy)
        QGuiApplication::clipboard()->setText(plainText());
}

} // namespace gui
