#include "textutil.h"

#include <QList>

#include <string>
#include <utility>

namespace history {

QString prefixUpperBound(const QString &prefix)
{
    QList<uint> codePoints = prefix.toUcs4();
    while (!codePoints.isEmpty()) {
        uint &last = codePoints.last();
        if (last < 0x10FFFFu) {
            ++last;
            if (last >= 0xD800u && last <= 0xDFFFu) {
                last = 0xE000u; // surrogates are not code points: skip the block
            }
            const std::u32string upper(codePoints.cbegin(), codePoints.cend());
            return QString::fromStdU32String(upper);
        }
        codePoints.removeLast();
    }
    return QString();
}

QString csvField(QStringView value, bool guardFormula)
{
    QString cell;
    cell.reserve(value.size() + 3);
    if (guardFormula && !value.isEmpty()) {
        const QChar first = value.front();
        if (first == u'=' || first == u'+' || first == u'-' || first == u'@' || first == u'\t'
            || first == u'\r') {
            cell.append(u'\'');
        }
    }
    cell.append(value);

    bool needsQuotes = false;
    for (const QChar ch : std::as_const(cell)) {
        if (ch == u',' || ch == u'"' || ch == u'\r' || ch == u'\n') {
            needsQuotes = true;
            break;
        }
    }
    if (!needsQuotes) {
        return cell;
    }
    cell.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + cell + QLatin1Char('"');
}

} // namespace history
