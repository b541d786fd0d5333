// A form field's complaint: which field, and what is wrong with it (desk's own type; made from the
// protocol layer's field checks in wechatpaymapping.cpp).
#pragma once

#include <QString>

namespace wechatpay::busifavor {
struct FieldError;
} // namespace wechatpay::busifavor

namespace desk {

enum class FieldProblem {
    Missing, // empty but required
    TooLong, // more than maxLength characters
    BadCharacters, // outside the field's character set
    FourByteCharacter, // needs 4 bytes in UTF-8 (most emoji): APIv3 refuses those
    ControlCharacter, // tabs, newlines and other control characters
    BadFormat, // e.g. use_time not RFC 3339 with an offset
};

struct FieldError
{
    QString field; // JSON field name, e.g. "coupon_code"
    FieldProblem problem = FieldProblem::Missing;
    int maxLength = 0; // for TooLong

    FieldError() = default;
    FieldError(QString name, FieldProblem what, int max = 0)
        : field(std::move(name))
        , problem(what)
        , maxLength(max)
    {
    }
    FieldError(const wechatpay::busifavor::FieldError &error); // NOLINT(google-explicit-constructor)
};

} // namespace desk
