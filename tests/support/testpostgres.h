// A throwaway PostgreSQL 15 for tests (the chain history, issue 18): initdb into a temporary
// directory, started on a free loopback port with its own socket directory, TLS on with a CA and a
// server certificate made for the run, password logins (SCRAM) over TCP only with TLS, fsync off.
// Nothing is shared with the machine's own clusters. Stopped (`pg_ctl stop -m fast`) and removed
// with the object.
//
// Needs the server binaries (Debian: postgresql-15), the `openssl` command and Qt's QPSQL plugin
// (libqt6sql6-psql); scripts/setup-deps.sh installs all three. Use COUPONDESK_REQUIRE_POSTGRES() at the
// start of a test: it skips when they are missing, but fails under CI=true, where they must be present.
#pragma once

#include <QString>
#include <QTemporaryDir>

namespace testsupport {

class TestPostgres
{
public:
    TestPostgres();
    ~TestPostgres();
    TestPostgres(const TestPostgres &) = delete;
    TestPostgres &operator=(const TestPostgres &) = delete;

    // Empty when this machine can run a server, else what is missing and the packages to install.
    static QString missingPrerequisites();
    // The directory holding initdb, pg_ctl and postgres ("" when not found).
    static QString binDir();

    // initdb, certificates and start; false with errorString() set. Call once.
    bool start();
    // `pg_ctl stop -m fast`: every connection is cut. restart() starts the same server again (same data
    // directory, port and certificates); after it, QPSQL connections opened before must be reopened.
    void stop();
    bool restart();
    bool isRunning() const { return m_started; }
    QString errorString() const { return m_error; }

    QString host() const { return QStringLiteral("127.0.0.1"); }
    int port() const { return m_port; }
    QString database() const { return QStringLiteral("postgres"); }
    QString superuser() const { return QStringLiteral("postgres"); }
    QString superuserPassword() const { return m_password; }
    QString caPath() const; // the CA that signed the server certificate
    QString otherCaPath() const; // a CA that signed nothing here: verify-full must refuse it
    QString logPath() const;

    // libpq URI for `user` over TLS checked against `caPath` (the form addCounter hands out).
    QString uri(const QString &user, const QString &caFile) const;

    // Milliseconds the steps took (for test logs and the report).
    qint64 initdbMs() const { return m_initdbMs; }
    qint64 startMs() const { return m_startMs; }

private:
    bool run(const QString &program, const QStringList &arguments, bool asServerUser, int timeoutMs = 60000);
    bool makeCertificates();
    bool configure();
    bool giveToServerUser(const QString &path);
    bool startServer();

    QTemporaryDir m_dir;
    QString m_error;
    QString m_password;
    int m_port = 0;
    bool m_started = false;
    qint64 m_initdbMs = 0;
    qint64 m_startMs = 0;
};

} // namespace testsupport

// Skips the test when no server can be run here, but fails in CI (CI=true) where scripts/setup-deps.sh
// must have installed everything: a chain test that silently never runs would prove nothing.
#define COUPONDESK_REQUIRE_POSTGRES()                                                                        \
    do {                                                                                                     \
        const QString missing_ = testsupport::TestPostgres::missingPrerequisites();                          \
        if (!missing_.isEmpty()) {                                                                           \
            if (qEnvironmentVariable("CI") == QLatin1String("true"))                                         \
                QFAIL(qPrintable(missing_));                                                                 \
            QSKIP(qPrintable(missing_));                                                                     \
        }                                                                                                    \
    } while (false)
