#include "resultview.h"

#include <QFrame>
#include <QLabel>
#include <QVariant>

namespace gui {

void showResult(const ResultWidgets &w, const desk::StaffMessage &m, const QString &extraLine)
{
    QString bg, fg, kind, mark;
    switch (m.severity) {
    case desk::Severity::Success:
        bg = QStringLiteral("#e8f5e9"), fg = QStringLiteral("#1b5e20"), kind = QStringLiteral("success"), mark = QStringLiteral("success");
        break;
    case desk::Severity::Failure:
        bg = QStringLiteral("#ffebee"), fg = QStringLiteral("#b71c1c"), kind = QStringLiteral("failure"), mark = QStringLiteral("failure");
        break;
    case desk::Severity::Pending:
        bg = QStringLiteral("#fff8e1"), fg = QStringLiteral("#e65100"), kind = QStringLiteral("pending"), mark = QStringLiteral("pending");
        break;
    case desk::Severity::Info:  // a lookup: neutral blue, never the redemption green
        bg = QStringLiteral("#e3f2fd"), fg = QStringLiteral("#0d47a1"), kind = QStringLiteral("info"), mark = QStringLiteral("info");
        break;
    }
    w.frame->setProperty("resultKind", kind);
    w.frame->setStyleSheet(QStringLiteral("QFrame#%1{background:%2;border:3px solid %3;border-radius:8px;}").arg(w.frame->objectName(), bg, fg));
    w.headline->setStyleSheet(QStringLiteral("font-size:30px;font-weight:bold;color:%1;").arg(fg));
    w.action->setStyleSheet(QStringLiteral("font-size:19px;color:#212121;"));
    w.detail->setStyleSheet(QStringLiteral("font-size:13px;color:#616161;"));
    // The mark is an icon from the resources, not a glyph: ⏳ and the like are empty boxes without emoji fonts.
    w.headline->setTextFormat(Qt::RichText);
    w.headline->setText(QStringLiteral("<img src=\":/icons/result-%1.svg\" width=\"30\" height=\"30\"> %2")
                            .arg(mark, m.headline.toHtmlEscaped()));
    QString action = m.action;
    if (!extraLine.isEmpty())
        action = action.isEmpty() ? extraLine : action + QLatin1Char('\n') + extraLine;
    w.action->setText(action);
    w.detail->setText(m.detail);
    w.frame->setVisible(true);
}

void clearResult(const ResultWidgets &w)
{
    w.headline->setTextFormat(Qt::PlainText);
    w.frame->setProperty("resultKind", QString());
    w.frame->setStyleSheet(QString());
    w.headline->clear();
    w.action->clear();
    w.detail->clear();
}

QString resultKind(const QFrame *frame)
{
    return frame->property("resultKind").toString();
}

} // namespace gui
