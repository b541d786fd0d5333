#include "testpostgres.h"

#include <QByteArray>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QStandardPaths>
#include <QTcpServer>
#include <QUrl>
#include <QUrlQuery>

#if defined(Q_OS_UNIX)
#include <pwd.h>
#include <unistd.h>
#endif

namespace testsupport {

namespace {

// The operating-system account the server runs as when the test runs as root (initdb and postgres
// refuse root). The Debian package creates it.
constexpr const char *kServerUser = "postgres";

bool runningAsRoot()
{
#if defined(Q_OS_UNIX)
    return ::geteuid() == 0;
#else
    // Windows twin: there is no root to avoid; pg_ctl drops administrator rights itself (a restricted
    // token), so the server runs as the current user.
    return false;
#endif
}

QString findIn(const QString &dir, const QString &name)
{
    return dir.isEmpty() ? QString() : QStandardPaths::findExecutable(name, { dir });
}

bool writeFile(const QString &path, const QByteArray &bytes, bool append = false)
{
    QFile file(path);
    if (!file.open(append ? (QIODevice::WriteOnly | QIODevice::Append) : QIODevice::WriteOnly))
        return false;
    return file.write(bytes) == bytes.size();
}

// A configuration value in single quotes (postgresql.conf syntax: a quote is doubled and a backslash
// starts an escape, so it is doubled too; Qt's paths use '/' but a Windows one may still carry '\').
QByteArray confString(const QString &value)
{
    QString quoted = value;
    quoted.replace(QLatin1Char('\\'), QLatin1String("\\\\")).replace(QLatin1Char('\''), QLatin1String("''"));
    return '\'' + quoted.toUtf8() + '\'';
}

} // namespace

TestPostgres::TestPostgres() = default;

TestPostgres::~TestPostgres()
{
    stop();
}

QString TestPostgres::binDir()
{
    const QString debian = QStringLiteral("/usr/lib/postgresql/15/bin");
    if (!findIn(debian, QStringLiteral("initdb")).isEmpty())
        return debian;
    // Elsewhere (another distribution, Windows, macOS): ask pg_config where the server lives.
    const QString pgConfig = QStandardPaths::findExecutable(QStringLiteral("pg_config"));
    if (pgConfig.isEmpty())
        return {};
    QProcess process;
    process.start(pgConfig, { QStringLiteral("--bindir") });
    if (!process.waitForFinished(10000) || process.exitCode() != 0)
        return {};
    const QString dir = QString::fromLocal8Bit(process.readAllStandardOutput()).trimmed();
    return findIn(dir, QStringLiteral("initdb")).isEmpty() ? QString() : dir;
}

QString TestPostgres::missingPrerequisites()
{
    QStringList missing;
    const QString bin = binDir();
    if (bin.isEmpty() || findIn(bin, QStringLiteral("pg_ctl")).isEmpty())
        missing << QStringLiteral("the PostgreSQL 15 server binaries (initdb, pg_ctl)");
    if (QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty())
        missing << QStringLiteral("the openssl command");
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL")))
        missing << QStringLiteral("Qt's QPSQL driver plugin");
#if defined(Q_OS_UNIX)
    if (runningAsRoot()
        && (QStandardPaths::findExecutable(QStringLiteral("runuser")).isEmpty() || !::getpwnam(kServerUser)))
        missing << QStringLiteral("runuser and the 'postgres' account (initdb refuses to run as root)");
#endif
    if (missing.isEmpty())
        return {};
    return QLatin1String("missing: ") + missing.join(QLatin1String(", "))
        + QLatin1String(". Install them with scripts/setup-deps.sh (Debian: apt-get install postgresql-15 "
                        "postgresql-client-15 libqt6sql6-psql openssl)");
}

QString TestPostgres::caPath() const
{
    return m_dir.filePath(QStringLiteral("ca.pem"));
}

QString TestPostgres::otherCaPath() const
{
    return m_dir.filePath(QStringLiteral("other-ca.pem"));
}

QString TestPostgres::logPath() const
{
    return m_dir.filePath(QStringLiteral("server.log"));
}

QString TestPostgres::uri(const QString &user, const QString &caFile) const
{
    QUrl url;
    url.setScheme(QStringLiteral("postgresql"));
    url.setUserName(user);
    url.setHost(host());
    url.setPort(m_port);
    url.setPath(QLatin1Char('/') + database());
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("sslmode"), QStringLiteral("verify-full"));
    query.addQueryItem(QStringLiteral("sslrootcert"), QDir::toNativeSeparators(caFile));
    url.setQuery(query);
    return url.toString(QUrl::FullyEncoded);
}

bool TestPostgres::run(const QString &program, const QStringList &arguments, bool asServerUser, int timeoutMs)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    // The server user cannot read root's home: start every step from the root directory.
    process.setWorkingDirectory(QDir::rootPath());
    if (asServerUser && runningAsRoot()) {
        // POSIX only (runningAsRoot() is false elsewhere); the Windows twin runs `program` directly.
        process.start(QStringLiteral("runuser"),
            QStringList {
                QStringLiteral("-u"), QString::fromLatin1(kServerUser), QStringLiteral("--"), program }
                + arguments);
    } else {
        process.start(program, arguments);
    }
    if (!process.waitForFinished(timeoutMs) || process.exitStatus() != QProcess::NormalExit
        || process.exitCode() != 0) {
        m_error = QDir::toNativeSeparators(program) + QLatin1String(" failed: ") + process.errorString()
            + QLatin1Char('\n') + QString::fromLocal8Bit(process.readAll());
        return false;
    }
    return true;
}

// The server account must own its files when we are root (the key file must be its own, 0600).
bool TestPostgres::giveToServerUser(const QString &path)
{
#if defined(Q_OS_UNIX)
    if (!runningAsRoot())
        return true;
    const passwd *account = ::getpwnam(kServerUser);
    if (!account || ::chown(QFile::encodeName(path).constData(), account->pw_uid, account->pw_gid) != 0) {
        m_error = QLatin1String("could not give ") + path + QLatin1String(" to the postgres account");
        return false;
    }
#else
    // Windows twin: nothing to do, the server runs as the current user, who owns the files.
    Q_UNUSED(path);
#endif
    return true;
}

// A CA and a server certificate for 127.0.0.1 (verify-full checks the IP subjectAltName), made for
// this run; plus a second CA that signed nothing, for the refusal test.
bool TestPostgres::makeCertificates()
{
    const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    const auto caArgs = [this](const QString &name) {
        return QStringList { QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
            QStringLiteral("ec"), QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:prime256v1"),
            QStringLiteral("-nodes"), QStringLiteral("-keyout"), m_dir.filePath(name + QLatin1String(".key")),
            QStringLiteral("-out"), m_dir.filePath(name + QLatin1String(".pem")), QStringLiteral("-days"),
            QStringLiteral("2"), QStringLiteral("-subj"), QLatin1String("/CN=coupondesk test ") + name,
            QStringLiteral("-addext"), QStringLiteral("basicConstraints=critical,CA:TRUE"),
            QStringLiteral("-addext"), QStringLiteral("keyUsage=critical,keyCertSign,cRLSign") };
    };
    const QString extensions = m_dir.filePath(QStringLiteral("server.ext"));
    if (!writeFile(extensions,
            "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n"
            "extendedKeyUsage=serverAuth\n"))
        return false;
    const QString key = m_dir.filePath(QStringLiteral("server.key"));
    const QString csr = m_dir.filePath(QStringLiteral("server.csr"));
    return run(openssl, caArgs(QStringLiteral("ca")), false)
        && run(openssl, caArgs(QStringLiteral("other-ca")), false)
        && run(openssl,
            { QStringLiteral("req"), QStringLiteral("-new"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:prime256v1"),
                QStringLiteral("-nodes"), QStringLiteral("-keyout"), key, QStringLiteral("-out"), csr,
                QStringLiteral("-subj"), QStringLiteral("/CN=localhost") },
            false)
        && run(openssl,
            { QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"), csr,
                QStringLiteral("-CA"), caPath(), QStringLiteral("-CAkey"),
                m_dir.filePath(QStringLiteral("ca.key")), QStringLiteral("-set_serial"), QStringLiteral("1"),
                QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-extfile"), extensions,
                QStringLiteral("-out"), m_dir.filePath(QStringLiteral("server.crt")) },
            false)
        // The server refuses a key readable by others.
        && QFile::setPermissions(key, QFile::ReadOwner | QFile::WriteOwner) && giveToServerUser(key);
}

// Settings appended to postgresql.conf (quoted there, so paths with spaces are fine), and a pg_hba
// that accepts passwords over TCP only inside TLS.
bool TestPostgres::configure()
{
    const QString data = m_dir.filePath(QStringLiteral("data"));
    const QString sockets = m_dir.filePath(QStringLiteral("sockets"));
    if (!QDir().mkpath(sockets) || !giveToServerUser(sockets))
        return false;
    const QByteArray settings = "\n# testsupport::TestPostgres\nport = " + QByteArray::number(m_port)
        + "\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = " + confString(sockets)
        + "\nfsync = off\nsynchronous_commit = off\nfull_page_writes = off\nssl = on\nssl_cert_file = "
        + confString(m_dir.filePath(QStringLiteral("server.crt")))
        + "\nssl_key_file = " + confString(m_dir.filePath(QStringLiteral("server.key")))
        + "\npassword_encryption = 'scram-sha-256'\n";
    const QByteArray hba = "local all all trust\n"
                           "hostssl all all 127.0.0.1/32 scram-sha-256\n";
    if (!writeFile(data + QLatin1String("/postgresql.conf"), settings, true)
        || !writeFile(data + QLatin1String("/pg_hba.conf"), hba)) {
        m_error = QStringLiteral("could not write the server configuration");
        return false;
    }
    return true;
}

bool TestPostgres::start()
{
    const QString bin = binDir();
    if (!m_dir.isValid() || bin.isEmpty()) {
        m_error = missingPrerequisites();
        return false;
    }
    // The temporary directory is created 0700 for us: the server account must own it to use it.
    if (!giveToServerUser(m_dir.path()))
        return false;
    {
        QTcpServer probe; // a free port, given back at once
        if (!probe.listen(QHostAddress::LocalHost)) {
            m_error = QStringLiteral("no free loopback port");
            return false;
        }
        m_port = probe.serverPort();
    }
    // A fresh superuser password for every run: 32 random bytes, base64url (no quoting needed in files).
    QByteArray random(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(random.data()), random.size() / 4);
    m_password = QString::fromLatin1(
        random.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    const QString pwfile = m_dir.filePath(QStringLiteral("pwfile"));
    if (!writeFile(pwfile, m_password.toLatin1() + '\n') || !QFile::setPermissions(pwfile, QFile::ReadOwner)
        || !giveToServerUser(pwfile)) {
        m_error = QStringLiteral("could not write the password file");
        return false;
    }

    const QString data = m_dir.filePath(QStringLiteral("data"));
    QElapsedTimer timer;
    timer.start();
    const bool initialised = run(findIn(bin, QStringLiteral("initdb")),
        { QStringLiteral("-D"), data, QStringLiteral("-U"), superuser(), QStringLiteral("-E"),
            QStringLiteral("UTF8"), QStringLiteral("--locale=C.UTF-8"), QStringLiteral("--auth-local=trust"),
            QStringLiteral("--auth-host=scram-sha-256"), QLatin1String("--pwfile=") + pwfile,
            QStringLiteral("--no-sync") },
        true);
    QFile::remove(pwfile);
    m_initdbMs = timer.restart();
    if (!initialised || !makeCertificates() || !configure() || !startServer())
        return false;
    m_startMs = timer.elapsed();
    return true;
}

bool TestPostgres::startServer()
{
    if (!run(findIn(binDir(), QStringLiteral("pg_ctl")),
            { QStringLiteral("-D"), m_dir.filePath(QStringLiteral("data")), QStringLiteral("-l"), logPath(),
                QStringLiteral("-w"), QStringLiteral("-t"), QStringLiteral("60"), QStringLiteral("start") },
            true, 90000)) {
        QFile log(logPath());
        if (log.open(QIODevice::ReadOnly))
            m_error += QLatin1String("\nserver log:\n") + QString::fromUtf8(log.readAll());
        return false;
    }
    m_started = true;
    return true;
}

bool TestPostgres::restart()
{
    if (m_port == 0)
        return false; // never started
    stop();
    return startServer();
}

void TestPostgres::stop()
{
    if (!m_started)
        return;
    m_started = false;
    run(findIn(binDir(), QStringLiteral("pg_ctl")),
        { QStringLiteral("-D"), m_dir.filePath(QStringLiteral("data")), QStringLiteral("-m"),
            QStringLiteral("fast"), QStringLiteral("-w"), QStringLiteral("stop") },
        true);
}

} // namespace testsupport
