// Test support: the bad-input corpus (issue 8), one list for the three ways values come in — CLI flags
// (tests/integration/desk/test_bad_input.cpp), the GUI forms (tests/gui/test_gui_bad_input.cpp) and bulk
// CSV files (tests/unit/test_desk_bulkparse.cpp, tests/integration/desk/test_bad_input_csv.cpp).
//
//   badInputCorpus()     refused in every identifier field (coupon code, stock id, openid, …)
//   badReasonCorpus()    refused in the free-text void reason
//   plainDataReasons()   accepted in the void reason as plain data: stored and sent byte for byte
#pragma once

#include <QByteArray>
#include <QChar>
#include <QList>
#include <QString>

namespace testsupport {

struct BadValue
{
    const char *name; // row name part: reads as a sentence ("use --code over-long")
    QString value;
};

// Every value here is refused wherever an identifier is expected. (An empty openid is the one
// exception: it is optional when redeeming, so callers skip that pair.)
inline QList<BadValue> badInputCorpus()
{
    return {
        { "empty", QString() },
        { "over-long", QString(300, QLatin1Char('9')) },
        { "emoji", QStringLiteral("AB") + QString::fromUtf8("\xF0\x9F\x8E\x81") },
        { "newline", QStringLiteral("AB\nCD") },
        { "NUL-like control", QStringLiteral("AB") + QChar(0x1B) + QStringLiteral("[2J") },
        { "SQL-looking", QStringLiteral("1' OR '1'='1'; DROP TABLE journal;--") },
        { "path-looking", QStringLiteral("../../etc/passwd") },
        { "full-width digits", QStringLiteral("１２３４") },
    };
}

// The counter's coupon code (redeem: GUI and `use --code`) is NFKC-normalised, so a Chinese input
// method's full-width digits are fixed there rather than refused; everywhere else they are refused.
inline bool fixedAtTheCounter(const char *name)
{
    return QByteArrayView(name) == QByteArrayView("full-width digits");
}

// The reason is free text: only these are refused.
inline QList<BadValue> badReasonCorpus()
{
    return {
        { "empty", QString() },
        { "65 characters", QString(65, QChar(u'错')) },
        { "emoji", QStringLiteral("发错了") + QString::fromUtf8("\xF0\x9F\x98\x85") },
        { "tab", QStringLiteral("发错\t了") },
    };
}

// SQL- and path-looking reasons are legitimate text: accepted, sent and stored verbatim.
inline QList<BadValue> plainDataReasons()
{
    return {
        { "SQL- and path-looking", QStringLiteral("'); DROP TABLE journal;-- ../../etc") },
        { "Windows path", QStringLiteral("C:\\Windows\\system32 %2e%2e") },
    };
}

// One CSV field, quoted (RFC 4180) so that delimiters, quotes and line breaks stay inside it.
inline QByteArray csvQuoted(const QString &value)
{
    QByteArray v = value.toUtf8();
    v.replace('"', "\"\"");
    return '"' + v + '"';
}

} // namespace testsupport
