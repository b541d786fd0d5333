#include "faults.h"

#include "model.h"

namespace sim {

using wechatpay::Error;
using wechatpay::ErrorKind;
using wechatpay::Result;

namespace {

struct Named
{
    FaultKind kind;
    const char *name;
    bool applies;
};
constexpr Named kFaults[] = {
    { FaultKind::Delay, "delay", true },
    { FaultKind::Hang, "hang", false },
    { FaultKind::DropBefore, "drop_before", false },
    { FaultKind::DropAfter, "drop_after", true },
    { FaultKind::Status500, "status_500", false },
    { FaultKind::Status502, "status_502", false },
    { FaultKind::Status503, "status_503", false },
    { FaultKind::Status202, "status_202", true },
    { FaultKind::Status429, "status_429", false },
    { FaultKind::MalformedJson, "malformed_json", true },
    { FaultKind::TruncatedBody, "truncated_body", true },
    { FaultKind::Unsigned, "unsigned", true },
    { FaultKind::BadSignature, "bad_signature", true },
    { FaultKind::StaleTimestamp, "stale_timestamp", true },
    { FaultKind::NonNumericTimestamp, "nonnumeric_timestamp", true },
    { FaultKind::UnknownSerial, "unknown_serial", true },
    { FaultKind::SignTestProbe, "signtest_probe", true },
};

Error faultError(const QString &message)
{
    return Error::make(ErrorKind::InvalidInput, QStringLiteral("FAULT_INVALID"), message);
}

Result<FaultSpec> finish(FaultSpec spec)
{
    if (spec.endpoint != QLatin1String("*") && endpointFromName(spec.endpoint) == Endpoint::Unknown)
        return faultError(QStringLiteral("unknown endpoint \"%1\" (use %2 or *)")
                              .arg(spec.endpoint, allEndpointNames().join(QLatin1Char('|'))));
    if (spec.probability >= 0) {
        if (spec.probability <= 0 || spec.probability > 1)
            return faultError(QStringLiteral("probability must be in (0, 1]"));
        if (spec.count < 0)
            return faultError(QStringLiteral("count must not be negative"));
    } else if (spec.count < 1) {
        return faultError(QStringLiteral("count must be at least 1"));
    }
    if (spec.delayMs < 0)
        return faultError(QStringLiteral("delay_ms must not be negative"));
    if (spec.kind == FaultKind::Delay && spec.delayMs == 0)
        spec.delayMs = 1000;
    return spec;
}

} // namespace

QString faultName(FaultKind kind)
{
    for (const Named &n : kFaults)
        if (n.kind == kind)
            return QString::fromLatin1(n.name);
    return QString();
}

std::optional<FaultKind> faultFromName(const QString &name)
{
    for (const Named &n : kFaults)
        if (name == QLatin1String(n.name))
            return n.kind;
    return std::nullopt;
}

QStringList allFaultNames()
{
    QStringList out;
    for (const Named &n : kFaults)
        out << QString::fromLatin1(n.name);
    return out;
}

bool faultApplies(FaultKind kind)
{
    for (const Named &n : kFaults)
        if (n.kind == kind)
            return n.applies;
    return false;
}

QJsonObject FaultSpec::toJson() const
{
    QJsonObject o;
    o.insert(QLatin1String("endpoint"), endpoint);
    o.insert(QLatin1String("fault"), faultName(kind));
    if (probability >= 0) {
        o.insert(QLatin1String("probability"), probability);
        if (count > 0)
            o.insert(QLatin1String("count"), count);
    } else {
        o.insert(QLatin1String("count"), count);
    }
    if (delayMs > 0)
        o.insert(QLatin1String("delay_ms"), delayMs);
    return o;
}

Result<FaultSpec> FaultSpec::fromJson(const QJsonObject &o)
{
    FaultSpec spec;
    spec.endpoint = o.value(QLatin1String("endpoint")).toString(QStringLiteral("*"));
    const QString name = o.value(QLatin1String("fault")).toString();
    const auto kind = faultFromName(name);
    if (!kind)
        return faultError(QStringLiteral("unknown fault \"%1\" (one of %2)")
                              .arg(name, allFaultNames().join(QLatin1Char(' '))));
    spec.kind = *kind;
    const bool hasProbability = o.contains(QLatin1String("probability"));
    if (hasProbability) {
        spec.probability = o.value(QLatin1String("probability")).toDouble(-1);
        if (spec.probability < 0)
            return faultError(QStringLiteral("probability must be a number in (0, 1]"));
        spec.count = o.value(QLatin1String("count")).toInt(0);
    } else {
        spec.count = o.value(QLatin1String("count")).toInt(1);
    }
    spec.delayMs = o.value(QLatin1String("delay_ms")).toInt(0);
    return finish(spec);
}

Result<FaultSpec> FaultSpec::fromArgument(const QString &argument)
{
    const QStringList parts = argument.split(QLatin1Char(':'));
    if (parts.size() < 2 || parts.size() > 4)
        return faultError(
            QStringLiteral("--fault expects endpoint:name[:count|pP[:delay_ms]], got \"%1\"").arg(argument));
    FaultSpec spec;
    spec.endpoint = parts.at(0);
    const auto kind = faultFromName(parts.at(1));
    if (!kind)
        return faultError(QStringLiteral("unknown fault \"%1\" (one of %2)")
                              .arg(parts.at(1), allFaultNames().join(QLatin1Char(' '))));
    spec.kind = *kind;
    if (parts.size() >= 3 && !parts.at(2).isEmpty()) {
        bool ok = false;
        if (parts.at(2).startsWith(QLatin1Char('p'))) {
            spec.probability = parts.at(2).mid(1).toDouble(&ok);
            spec.count = 0;
        } else {
            spec.count = parts.at(2).toInt(&ok);
        }
        if (!ok)
            return faultError(
                QStringLiteral("--fault: \"%1\" is neither a count nor pPROBABILITY").arg(parts.at(2)));
    }
    if (parts.size() == 4) {
        bool ok = false;
        spec.delayMs = parts.at(3).toInt(&ok);
        if (!ok)
            return faultError(QStringLiteral("--fault: delay_ms \"%1\" is not a number").arg(parts.at(3)));
    }
    return finish(spec);
}

FaultTable::FaultTable(Random random)
    : m_random(std::move(random))
{
}

void FaultTable::add(const FaultSpec &spec)
{
    m_specs.append(spec);
}

void FaultTable::clear()
{
    m_specs.clear();
}

std::optional<FaultSpec> FaultTable::take(const QString &endpoint)
{
    for (qsizetype i = 0; i < m_specs.size(); ++i) {
        FaultSpec &spec = m_specs[i];
        if (spec.endpoint != QLatin1String("*") && spec.endpoint != endpoint)
            continue;
        if (spec.probability >= 0 && m_random() >= spec.probability)
            continue;
        const FaultSpec fired = spec;
        if (spec.count > 0 && --spec.count == 0)
            m_specs.removeAt(i);
        return fired;
    }
    return std::nullopt;
}

} // namespace sim
