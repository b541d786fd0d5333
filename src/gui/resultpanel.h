// The big, unambiguous result shared by the counter pages: green, red, amber, blue, or grey while
// ready or processing. It paints its own text: a new result repaints this one rectangle. QLabels
// would re-lay-out the whole window on every setText (QLayout::activate with the rich-text
// headline's height-for-width: 2.6 ms of a 10.5 ms scan, measured with perf in counter_bench).
#pragma once

#include "desk/messages.h"

#include <QPixmap>
#include <QTimer>
#include <QWidget>

namespace gui {

class ResultPanel : public QWidget
{
    Q_OBJECT

public:
    // What staff see, also the name tests read: "success", "failure", "pending", "info" or "" (grey).
    enum class Kind { Neutral, Success, Failure, Pending, Info };

    explicit ResultPanel(QWidget *parent = nullptr);

    void showMessage(const desk::StaffMessage &message, const QString &extraLine = {});
    void showNeutral(const QString &headline); // grey: ready, or processing a code
    void clear();
    // A moving stripe while an answer is awaited, from 300 ms on (a fast answer never flickers).
    void setBusy(bool busy);
    // Small print under the result: the code in progress, the scans queued behind it, the last result.
    void setFooter(const QString &text);

    Kind kind() const { return m_kind; }
    QString kindName() const;
    QString headline() const { return m_headline; }
    QString action() const { return m_action; }
    QString detail() const { return m_detail; }
    QString footer() const { return m_footer; }
    bool isBusy() const { return m_busy; }
    bool busyStripeShown() const { return m_busyPhase >= 0; }
    QString plainText() const; // what "Copy" puts on the clipboard
    // The mark beside the headline, rendered from the resources' SVG (an emoji glyph is an empty box
    // without emoji fonts); a null pixmap while grey.
    QPixmap mark() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    struct Block
    {
        const QString *text;
        QFont font;
        QColor colour;
        QRect rect; // where it is drawn, from the top of the content
    };
    QList<Block> blocks() const;
    void layOut();
    void changed();

    Kind m_kind = Kind::Neutral;
    QString m_headline, m_action, m_detail, m_footer;
    bool m_busy = false;
    QTimer m_busyDelay, m_busyFrame;
    int m_busyPhase = -1; // -1: the stripe is not shown (yet)
    int m_minimumHeight = 150;
    QList<Block> m_laidOut; // the non-empty blocks, measured at the last change or resize
    int m_contentHeight = 0;
    mutable QPixmap m_markCache; // the SVG parsed and drawn once per kind, not on every paint
    mutable QString m_markCacheKey;
};

} // namespace gui
