#include "fieldproblems.h"

namespace sim {

using wechatpay::busifavor::FieldError;
using wechatpay::busifavor::FieldProblem;

namespace {

QString problemText(const FieldError &e)
{
    switch (e.problem) {
    case FieldProblem::Missing:
        return QStringLiteral("缺少必填参数%1").arg(e.field);
    case FieldProblem::TooLong:
        return QStringLiteral("%1长度超过限制，最多%2个字符").arg(e.field).arg(e.maxLength);
    case FieldProblem::BadCharacters:
        return QStringLiteral("%1包含不允许的字符").arg(e.field);
    case FieldProblem::FourByteCharacter:
        return QStringLiteral("%1包含4字节UTF-8字符（如emoji），仅支持1-3字节的UTF-8字符").arg(e.field);
    case FieldProblem::ControlCharacter:
        return QStringLiteral("%1包含控制字符").arg(e.field);
    case FieldProblem::BadFormat:
        return QStringLiteral("%1格式错误，应为RFC3339格式，如2015-05-20T13:29:35+08:00").arg(e.field);
    }
    return QString();
}

QString problemCode(FieldProblem p)
{
    switch (p) {
    case FieldProblem::Missing:
        return QStringLiteral("MISSING");
    case FieldProblem::TooLong:
        return QStringLiteral("TOO_LONG");
    case FieldProblem::BadCharacters:
        return QStringLiteral("BAD_CHARACTERS");
    case FieldProblem::FourByteCharacter:
        return QStringLiteral("FOUR_BYTE_CHARACTER");
    case FieldProblem::ControlCharacter:
        return QStringLiteral("CONTROL_CHARACTER");
    case FieldProblem::BadFormat:
        return QStringLiteral("BAD_FORMAT");
    }
    return QString();
}

// Body fields are named by JSON pointer (/coupon_code), path parameters by name (as WeChat does).
Reply fieldReply(const FieldError &e, bool inBody)
{
    const QString field = inBody ? QLatin1Char('/') + e.field : e.field;
    return Engine::error(400, QStringLiteral("PARAM_ERROR"), QStringLiteral("参数错误：") + problemText(e),
        Engine::detail(QStringLiteral("FIELD_INVALID"), field,
            inBody ? QStringLiteral("body") : QStringLiteral("path"), problemCode(e.problem)));
}

} // namespace

std::optional<Reply> firstFieldError(std::initializer_list<std::optional<FieldError>> checks, bool inBody)
{
    for (const auto &c : checks)
        if (c)
            return fieldReply(*c, inBody);
    return std::nullopt;
}

Fields::Fields(const QJsonObject &o)
    : m_o(o)
{
}

QString Fields::get(const char *name)
{
    const QJsonValue v = m_o.value(QLatin1String(name));
    if (v.isUndefined())
        return QString();
    if (!v.isString()) {
        if (!m_typeError)
            m_typeError = Engine::error(400, QStringLiteral("PARAM_ERROR"),
                QStringLiteral("参数错误：%1应为字符串").arg(QLatin1String(name)),
                Engine::detail(QStringLiteral("FIELD_TYPE"), QLatin1Char('/') + QLatin1String(name),
                    QStringLiteral("body"), QStringLiteral("NOT_A_STRING")));
        return QString();
    }
    return v.toString();
}

std::optional<Reply> Fields::problem(std::initializer_list<std::optional<FieldError>> checks) const
{
    return m_typeError ? m_typeError : firstFieldError(checks);
}

} // namespace sim
