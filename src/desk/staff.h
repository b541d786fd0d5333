// Staff, roles and manager PINs. PINs are stored as salted PBKDF2-HMAC-SHA256 hashes; failed
// attempts are counted per person and lead to a lockout. Every journal row records who did it.
#pragma once

#include <QHash>
#include <QList>
#include <QString>

#include <optional>

namespace wechatpay {
class Clock;
} // namespace wechatpay

namespace desk {

enum class Role { Cashier, Manager };
QString roleName(Role role); // "cashier" | "manager"
std::optional<Role> roleFromName(const QString &name);

struct StaffMember
{
    QString id; // short, e.g. "m01"
    QString name; // shown, e.g. "王店长"
    Role role = Role::Cashier;
    QString pinHash; // "pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>"; empty = no PIN
};

// "pbkdf2-sha256$…" for a PIN (4–12 digits). Salt from the CSPRNG.
QString hashPin(const QString &pin, int iterations = 120000);
bool pinMatches(const QString &pin, const QString &pinHash); // constant-time comparison
bool isAcceptablePin(const QString &pin); // 4–12 digits
// Why a new staff member cannot be set up as typed (empty: fine): an id, a name, and a PIN of 4–12
// digits typed the same twice. Staff-facing, translated.
QString newStaffProblem(const QString &id, const QString &name, const QString &pin, const QString &pinAgain);

struct StaffSession
{
    StaffMember member;
    bool pinVerified = false;
    bool isManager() const { return member.role == Role::Manager && pinVerified; }
};

// Failed PIN attempts: after kMaxFailures within the window, the person is locked out for kLockoutSecs.
class StaffDirectory
{
public:
    static constexpr int kMaxFailures = 5;
    static constexpr qint64 kLockoutSecs = 5 * 60;

    enum class Check { Ok, WrongPin, LockedOut, UnknownStaff, NoPinSet };
    struct CheckResult
    {
        Check check = Check::UnknownStaff;
        int attemptsLeft = 0;
        qint64 lockedForSecs = 0;
        std::optional<StaffSession> session;
    };

    StaffDirectory(QList<StaffMember> members, const wechatpay::Clock &clock);

    const QList<StaffMember> &members() const { return m_members; }
    std::optional<StaffMember> find(const QString &id) const;
    QList<StaffMember> managers() const;

    // A session without a PIN (cashier on duty). Managers get pinVerified = false.
    std::optional<StaffSession> signIn(const QString &id) const;
    // Verifies a PIN; counts failures and locks out.
    CheckResult verifyPin(const QString &id, const QString &pin);

    // Failure counters survive restarts when the caller persists them (e.g. CLI invocations).
    struct Failures
    {
        int count = 0;
        qint64 lockedUntil = 0;
    };
    QHash<QString, Failures> failures() const { return m_failures; }
    void setFailures(QHash<QString, Failures> f) { m_failures = std::move(f); }

private:
    QList<StaffMember> m_members;
    const wechatpay::Clock &m_clock;
    QHash<QString, Failures> m_failures;
};

} // namespace desk
