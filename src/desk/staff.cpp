#include "staff.h"

#include "wechatpay/clock.h"
#include "wechatpay/crypto.h"

#include <QCoreApplication>

namespace desk {

using namespace wechatpay;

QString roleName(Role role)
{
    return role == Role::Manager ? QStringLiteral("manager") : QStringLiteral("cashier");
}

std::optional<Role> roleFromName(const QString &name)
{
    if (name == QLatin1String("manager"))
        return Role::Manager;
    if (name == QLatin1String("cashier"))
        return Role::Cashier;
    return std::nullopt;
}

bool isAcceptablePin(const QString &pin)
{
    if (pin.size() < 4 || pin.size() > 12)
        return false;
    for (QChar c : pin)
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return false;
    return true;
}

namespace {
// A translation context lupdate recognises.
struct Staff
{
    Q_DECLARE_TR_FUNCTIONS(desk::Staff)
};
} // namespace

QString newStaffProblem(const QString &id, const QString &name, const QString &pin, const QString &pinAgain)
{
    if (id.trimmed().isEmpty())
        return Staff::tr("Type an id, e.g. m01.");
    if (name.trimmed().isEmpty())
        return Staff::tr("Type the name shown to staff.");
    if (!isAcceptablePin(pin))
        return Staff::tr("A PIN is 4 to 12 digits.");
    if (pin != pinAgain)
        return Staff::tr("The two PINs differ. Type the same PIN twice.");
    return {};
}

QString hashPin(const QString &pin, int iterations)
{
    const QByteArray salt = crypto::randomBytes(16);
    const QByteArray hash = crypto::pbkdf2Sha256(pin.toUtf8(), salt, iterations, 32);
    return QStringLiteral("pbkdf2-sha256$%1$%2$%3")
        .arg(iterations)
        .arg(QString::fromLatin1(salt.toBase64()), QString::fromLatin1(hash.toBase64()));
}

bool pinMatches(const QString &pin, const QString &pinHash)
{
    const QStringList parts = pinHash.split(QLatin1Char('$'));
    if (parts.size() != 4 || parts.at(0) != QLatin1String("pbkdf2-sha256"))
        return false;
    bool ok = false;
    const int iterations = parts.at(1).toInt(&ok);
    if (!ok || iterations < 1000 || iterations > 10000000)
        return false;
    const QByteArray salt = QByteArray::fromBase64(parts.at(2).toLatin1());
    const QByteArray expected = QByteArray::fromBase64(parts.at(3).toLatin1());
    if (salt.isEmpty() || expected.size() != 32)
        return false;
    return crypto::constantTimeEquals(crypto::pbkdf2Sha256(pin.toUtf8(), salt, iterations, 32), expected);
}

StaffDirectory::StaffDirectory(QList<StaffMember> members, const Clock &clock)
    : m_members(std::move(members))
    , m_clock(clock)
{
}

std::optional<StaffMember> StaffDirectory::find(const QString &id) const
{
    for (const StaffMember &m : m_members)
        if (m.id == id)
            return m;
    return std::nullopt;
}

QList<StaffMember> StaffDirectory::managers() const
{
    QList<StaffMember> out;
    for (const StaffMember &m : m_members)
        if (m.role == Role::Manager)
            out << m;
    return out;
}

std::optional<StaffSession> StaffDirectory::signIn(const QString &id) const
{
    auto m = find(id);
    if (!m)
        return std::nullopt;
    return StaffSession { *m, false };
}

StaffDirectory::CheckResult StaffDirectory::verifyPin(const QString &id, const QString &pin)
{
    CheckResult r;
    auto m = find(id);
    if (!m) {
        r.check = Check::UnknownStaff;
        return r;
    }
    if (m->pinHash.isEmpty()) {
        r.check = Check::NoPinSet;
        return r;
    }
    const qint64 now = m_clock.nowSecs();
    Failures &f = m_failures[id];
    if (f.lockedUntil > now) {
        r.check = Check::LockedOut;
        r.lockedForSecs = f.lockedUntil - now;
        return r;
    }
    if (f.lockedUntil != 0 && f.lockedUntil <= now)
        f = Failures {};
    if (pinMatches(pin, m->pinHash)) {
        f = Failures {};
        r.check = Check::Ok;
        r.session = StaffSession { *m, true };
        return r;
    }
    ++f.count;
    if (f.count >= kMaxFailures) {
        f.lockedUntil = now + kLockoutSecs;
        r.check = Check::LockedOut;
        r.lockedForSecs = kLockoutSecs;
        return r;
    }
    r.check = Check::WrongPin;
    r.attemptsLeft = kMaxFailures - f.count;
    return r;
}

} // namespace desk
