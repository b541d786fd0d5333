#include "jsonwriter.h"

namespace wechatpay {

QByteArray JsonWriter::quote(const QString &value)
{
    const QByteArray utf8 = value.toUtf8();
    QByteArray out;
    out.reserve(utf8.size() + 2);
    out.append('"');
    for (char c : utf8) {
        const auto u = static_cast<unsigned char>(c);
        switch (c) {
        case '"':
            out.append("\\\"");
            break;
        case '\\':
            out.append("\\\\");
            break;
        case '\n':
            out.append("\\n");
            break;
        case '\r':
            out.append("\\r");
            break;
        case '\t':
            out.append("\\t");
            break;
        case '\b':
            out.append("\\b");
            break;
        case '\f':
            out.append("\\f");
            break;
        default:
            if (u < 0x20) {
                static const char hex[] = "0123456789abcdef";
                out.append("\\u00").append(hex[u >> 4]).append(hex[u & 0xF]);
            } else {
                out.append(c);
            }
        }
    }
    out.append('"');
    return out;
}

void JsonWriter::key(QByteArrayView name)
{
    m_out.append(m_out.isEmpty() ? '{' : ',');
    m_out.append('"').append(name).append("\":");
}

JsonWriter &JsonWriter::field(QByteArrayView name, const QString &value)
{
    key(name);
    m_out.append(quote(value));
    return *this;
}

JsonWriter &JsonWriter::field(QByteArrayView name, qint64 value)
{
    key(name);
    m_out.append(QByteArray::number(value));
    return *this;
}

JsonWriter &JsonWriter::rawField(QByteArrayView name, QByteArrayView json)
{
    key(name);
    m_out.append(json);
    return *this;
}

JsonWriter &JsonWriter::optionalField(QByteArrayView name, const QString &value)
{
    if (!value.isEmpty())
        field(name, value);
    return *this;
}

QByteArray JsonWriter::finish() const
{
    return m_out.isEmpty() ? QByteArray("{}") : m_out + '}';
}

} // namespace wechatpay
