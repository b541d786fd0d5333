#include "couponcodes.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace desk {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(desk::Settings)
};

const QLatin1String kRegexPrefix("re:");

QRegularExpression patternRegex(const QString &pattern)
{
    return QRegularExpression(QRegularExpression::anchoredPattern(pattern.mid(kRegexPrefix.size())));
}

} // namespace

QString normalizeCode(const QString &typed)
{
    return typed.normalized(QString::NormalizationForm_KC).trimmed();
}

std::optional<QString> checkCodePattern(const QString &pattern)
{
    if (pattern.isEmpty())
        return std::nullopt;
    if (pattern.startsWith(kRegexPrefix)) {
        const QRegularExpression re = patternRegex(pattern);
        if (pattern.size() == kRegexPrefix.size())
            return Text::tr("write a regular expression after re:");
        if (!re.isValid())
            return Text::tr("not a valid regular expression (%1)").arg(re.errorString());
        return std::nullopt;
    }
    for (const QChar c : pattern)
        if (c.isSpace())
            return Text::tr("a code prefix cannot contain spaces");
    return std::nullopt;
}

bool codeMatchesPattern(const QString &code, const QString &pattern)
{
    if (pattern.isEmpty() || checkCodePattern(pattern))
        return false;
    if (pattern.startsWith(kRegexPrefix))
        return patternRegex(pattern).match(code).hasMatch();
    return code.startsWith(pattern);
}

QStringList candidateStocks(
    const QList<StockRef> &stocks, const QString &code, const QStringList &journalStocks)
{
    QStringList order;
    auto add = [&order](const QString &id) {
        if (!id.isEmpty() && !order.contains(id))
            order << id;
    };
    for (const StockRef &s : stocks)
        if (codeMatchesPattern(code, s.codePattern))
            add(s.id);
    for (const QString &id : journalStocks)
        for (const StockRef &s : stocks)
            if (s.id == id)
                add(id);
    for (const StockRef &s : stocks)
        if (s.codePattern.isEmpty())
            add(s.id);
    for (const StockRef &s : stocks)
        add(s.id);
    return order;
}

} // namespace desk
