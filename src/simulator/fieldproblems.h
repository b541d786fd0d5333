// How the simulator answers a bad request field, as WeChat Pay words it (README.md "Error codes":
// PARAM_ERROR FIELD_INVALID / FIELD_TYPE), and how it reads a body's string fields.
#pragma once

#include "engine.h"

#include "wechatpay/busifavor.h"

#include <QJsonObject>

#include <initializer_list>
#include <optional>

namespace sim {

// The answer to the first failed check (body fields named by JSON pointer, path parameters by name).
std::optional<Reply> firstFieldError(
    std::initializer_list<std::optional<wechatpay::busifavor::FieldError>> checks, bool inBody = true);

// Reads string fields; a present non-string value is a PARAM_ERROR of its own.
class Fields
{
public:
    explicit Fields(const QJsonObject &o);
    QString get(const char *name);
    // The body's first problem: a value that is not a string, else the first failed check.
    std::optional<Reply> problem(
        std::initializer_list<std::optional<wechatpay::busifavor::FieldError>> checks) const;

private:
    const QJsonObject &m_o;
    std::optional<Reply> m_typeError;
};

} // namespace sim
