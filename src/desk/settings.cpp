#include "settings.h"

#include "couponcodes.h"
#include "credentials.h"
#include "requestnumbers.h"
#ifdef COUPONDESK_HAVE_KEYCHAIN
#include "keychainsecrets.h"
#endif

#include "wechatpay/busifavor.h"
#include "wechatpay/httpclient.h"
#include "wechatpay/verification.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>

namespace desk {

using namespace wechatpay;

namespace {

// A translation context lupdate recognises (a free Text::tr() would be filed under another context).
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(desk::Settings)
};

QString resolve(const QString &base, const QString &path)
{
    if (path.isEmpty() || QDir::isAbsolutePath(path))
        return path;
    return QDir(base).absoluteFilePath(path);
}

Error settingsError(const QList<SettingIssue> &issues)
{
    Error e
        = Error::make(ErrorKind::InvalidInput, QStringLiteral("SETTINGS_INVALID"), describeIssues(issues));
    if (!issues.isEmpty())
        e.field = issues.first().key;
    return e;
}

} // namespace

QString describeIssues(const QList<SettingIssue> &issues)
{
    QStringList lines;
    for (const SettingIssue &i : issues)
        lines << i.key + QStringLiteral(": ") + i.message;
    return lines.join(QLatin1Char('\n'));
}

Result<QByteArray> FileSecretStore::read(const QString &reference) const
{
    if (reference.startsWith(QLatin1String("keychain:")))
        return Error::make(ErrorKind::Key, QStringLiteral("KEYCHAIN_UNAVAILABLE"),
            Text::tr("the system keychain is not available here; put the APIv3 key in a file and use "
                     "file:<path>"));
    if (reference.startsWith(QLatin1String("file:"))) {
        const QString path = resolve(m_baseDir, reference.mid(5));
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            return Error::make(ErrorKind::Key, QStringLiteral("SECRET_FILE_UNREADABLE"),
                Text::tr("cannot read the secret file %1").arg(path));
        return f.readAll().trimmed();
    }
    return reference.toUtf8();
}

std::unique_ptr<SecretStore> makeSecretStore(const QString &baseDir)
{
#ifdef COUPONDESK_HAVE_KEYCHAIN
    return std::make_unique<KeychainSecretStore>(baseDir);
#else
    return std::make_unique<FileSecretStore>(baseDir);
#endif
}

QUrl Settings::productionBaseUrl()
{
    return QUrl(QString::fromLatin1(kProductionHost));
}

QString Settings::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation)
        + QStringLiteral("/coupondesk.ini");
}

QString Settings::defaultHistoryPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
        + QStringLiteral("/history.sqlite");
}

QString Settings::stockName(const QString &stockId) const
{
    for (const StockRef &s : stocks)
        if (s.id == stockId)
            return s.name;
    return {};
}

QString Settings::describeProxy() const
{
    const auto p = parseProxySetting(proxy);
    if (!p)
        return Text::tr("invalid proxy \"%1\"").arg(proxy);
    switch (p->mode) {
    case ProxyConfig::Mode::System:
        return Text::tr("the system's proxy settings");
    case ProxyConfig::Mode::None:
        return Text::tr("no proxy");
    case ProxyConfig::Mode::Http:
        return Text::tr("proxy %1:%2").arg(p->host).arg(p->port);
    }
    return {};
}

Settings Settings::read(const QString &path)
{
    QSettings ini(path, QSettings::IniFormat);
    const QString base = QFileInfo(path).absolutePath();
    Settings s;
    s.sourcePath = QFileInfo(path).absoluteFilePath();
    const QString url = ini.value(QStringLiteral("api/base_url"), QString::fromLatin1(kProductionHost))
                            .toString()
                            .trimmed();
    s.baseUrl = QUrl(url, QUrl::StrictMode);
    const QString backup = ini.value(QStringLiteral("api/backup_url")).toString().trimmed();
    if (!backup.isEmpty())
        s.backupUrl = QUrl(backup, QUrl::StrictMode);
    s.connectTimeoutMs = ini.value(QStringLiteral("api/connect_timeout_ms"), 5000).toInt();
    s.totalTimeoutMs = ini.value(QStringLiteral("api/total_timeout_ms"), 15000).toInt();
    s.caCertificatesFile
        = resolve(base, ini.value(QStringLiteral("api/ca_certificates_file")).toString().trimmed());
    s.proxy = ini.value(QStringLiteral("api/proxy")).toString().trimmed();
    s.proxyPasswordRef = ini.value(QStringLiteral("api/proxy_password")).toString();
    s.mchid = ini.value(QStringLiteral("merchant/mchid")).toString().trimmed();
    s.appid = ini.value(QStringLiteral("merchant/appid")).toString().trimmed();
    s.certSerial = ini.value(QStringLiteral("merchant/cert_serial")).toString().trimmed();
    s.privateKeyFile
        = resolve(base, ini.value(QStringLiteral("merchant/private_key_file")).toString().trimmed());
    s.certFile = resolve(base, ini.value(QStringLiteral("merchant/cert_file")).toString().trimmed());
    const QString mode
        = ini.value(QStringLiteral("verify/mode"), QStringLiteral("platform-cert")).toString().trimmed();
    s.verifyMode
        = mode == QLatin1String("public-key") ? VerifyMode::PublicKey : VerifyMode::PlatformCertificate;
    s.publicKeyFile = resolve(base, ini.value(QStringLiteral("verify/public_key_file")).toString().trimmed());
    s.publicKeyId = ini.value(QStringLiteral("verify/public_key_id")).toString().trimmed();
    s.platformCertDir
        = resolve(base, ini.value(QStringLiteral("verify/platform_cert_dir")).toString().trimmed());
    s.apiV3KeyRef = ini.value(QStringLiteral("verify/apiv3_key")).toString();
    s.counterId = ini.value(QStringLiteral("desk/counter_id")).toString().trimmed();
    s.historyDb = resolve(base, ini.value(QStringLiteral("desk/history_db")).toString().trimmed());
    if (s.historyDb.isEmpty())
        s.historyDb = defaultHistoryPath();
    for (const QString &entry : ini.value(QStringLiteral("desk/stocks")).toStringList()) {
        // "id", "id|name" or "id|name|pattern" (a regular expression may itself contain '|').
        const QStringList parts = entry.split(QLatin1Char('|'));
        StockRef ref { parts.value(0).trimmed(), parts.value(1).trimmed(), {} };
        if (parts.size() > 2)
            ref.codePattern = parts.mid(2).join(QLatin1Char('|')).trimmed();
        s.stocks << ref;
    }
    s.language = ini.value(QStringLiteral("desk/language")).toString().trimmed();
    s.sounds = ini.value(QStringLiteral("desk/sounds"), true).toBool();
    const int n = ini.beginReadArray(QStringLiteral("staff"));
    for (int i = 0; i < n; ++i) {
        ini.setArrayIndex(i);
        StaffMember m;
        m.id = ini.value(QStringLiteral("id")).toString().trimmed();
        m.name = ini.value(QStringLiteral("name")).toString().trimmed();
        m.role = roleFromName(ini.value(QStringLiteral("role")).toString().trimmed()).value_or(Role::Cashier);
        m.pinHash = ini.value(QStringLiteral("pin_hash")).toString().trimmed();
        s.staff << m;
    }
    ini.endArray();
    s.chain = ChainSettings::read(ini, base);
    return s;
}

Result<Settings> Settings::load(const QString &path, QList<SettingIssue> *issuesOut)
{
    if (!QFileInfo::exists(path)) {
        QList<SettingIssue> issues { { QStringLiteral("file"),
            Text::tr("settings file not found: %1").arg(path) } };
        if (issuesOut)
            *issuesOut = issues;
        return settingsError(issues);
    }
    {
        QSettings ini(path, QSettings::IniFormat);
        if (ini.status() != QSettings::NoError) {
            QList<SettingIssue> issues { { QStringLiteral("file"),
                Text::tr("the settings file cannot be read (bad format): %1").arg(path) } };
            if (issuesOut)
                *issuesOut = issues;
            return settingsError(issues);
        }
    }
    Settings s = read(path);
    QList<SettingIssue> issues = s.validate();
    const QString mode = QSettings(path, QSettings::IniFormat)
                             .value(QStringLiteral("verify/mode"), QStringLiteral("platform-cert"))
                             .toString()
                             .trimmed();
    if (mode != QLatin1String("public-key") && mode != QLatin1String("platform-cert"))
        issues.prepend({ QStringLiteral("verify/mode"),
            Text::tr("must be platform-cert or public-key (it is \"%1\")").arg(mode) });
    if (issuesOut)
        *issuesOut = issues;
    if (!issues.isEmpty())
        return settingsError(issues);
    return s;
}

QList<SettingIssue> Settings::validate() const
{
    QList<SettingIssue> issues;
    auto add = [&issues](const char *key, const QString &message) {
        issues << SettingIssue { QLatin1String(key), message };
    };

    ClientConfig cc;
    cc.baseUrl = baseUrl;
    cc.backupBaseUrl = backupUrl;
    cc.connectTimeoutMs = connectTimeoutMs;
    cc.totalTimeoutMs = totalTimeoutMs;
    if (Status st = validateConfig(cc); !st) {
        if (st.error().code == QLatin1String("TIMEOUT_INVALID"))
            add("api/total_timeout_ms",
                Text::tr("timeouts must be positive, and the connect timeout not longer than the total"));
        else if (st.error().field == QLatin1String("api/backup_url"))
            add("api/backup_url",
                Text::tr("must be an https:// address (plain http only for 127.0.0.1 or localhost)"));
        else
            add("api/base_url",
                Text::tr("must be an https:// address such as https://api.mch.weixin.qq.com (plain http only "
                         "for 127.0.0.1 or localhost)"));
    }
    if (auto p = parseProxySetting(proxy); !p)
        add("api/proxy",
            Text::tr("write system, none or http://host:port (e.g. http://10.0.0.5:3128); "
                     "the password goes in api/proxy_password"));
    static const QRegularExpression digits(QStringLiteral("^[0-9]{8,12}$"));
    if (mchid.isEmpty())
        add("merchant/mchid", Text::tr("the merchant id (商户号) is missing"));
    else if (!digits.match(mchid).hasMatch())
        add("merchant/mchid", Text::tr("the merchant id must be 8 to 12 digits"));
    if (auto e = busifavor::checkAppId(appid))
        add("merchant/appid",
            appid.isEmpty()
                ? Text::tr("the AppID bound to the merchant is missing")
                : Text::tr("the AppID must be up to 32 letters and digits, e.g. wx1234567890abcdef"));
    if (!certSerial.isEmpty() && normalizeSerial(certSerial).isEmpty())
        add("merchant/cert_serial",
            Text::tr("the certificate serial must be hexadecimal (or leave it empty and give cert_file)"));
    if (privateKeyFile.isEmpty())
        add("merchant/private_key_file",
            Text::tr("the merchant private key file (apiclient_key.pem) is missing"));
    if (certSerial.isEmpty() && certFile.isEmpty())
        add("merchant/cert_file",
            Text::tr("give the merchant certificate file (apiclient_cert.pem) or its serial number"));
    if (verifyMode == VerifyMode::PublicKey) {
        if (publicKeyFile.isEmpty())
            add("verify/public_key_file",
                Text::tr("public-key mode needs the WeChat Pay public key file (pub_key.pem)"));
        if (!publicKeyId.startsWith(QLatin1String(kPublicKeyIdPrefix)))
            add("verify/public_key_id",
                Text::tr("public-key mode needs the public key ID, which starts with PUB_KEY_ID_"));
    } else if (apiV3KeyRef.isEmpty()) {
        add("verify/apiv3_key",
            Text::tr(
                "platform-certificate mode needs the APIv3 key (32 characters) to decrypt the certificates"));
    }
    // Sent as the Wechatpay-Serial header and compared with the answers': PUB_KEY_ID_ and letters or digits
    // only.
    static const QRegularExpression publicKeyIdRe(
        QRegularExpression::anchoredPattern(QStringLiteral("PUB_KEY_ID_[0-9A-Za-z]{1,64}")));
    if (!publicKeyId.isEmpty() && !publicKeyId.startsWith(QLatin1String(kPublicKeyIdPrefix)))
        add("verify/public_key_id", Text::tr("the public key ID starts with PUB_KEY_ID_"));
    else if (!publicKeyId.isEmpty() && !publicKeyIdRe.match(publicKeyId).hasMatch())
        add("verify/public_key_id",
            Text::tr("the public key ID is PUB_KEY_ID_ followed by up to 64 letters and digits"));
    if (!isValidCounterId(counterId))
        add("desk/counter_id", Text::tr("the counter id must be 1 to 8 letters or digits, e.g. 01"));
    for (const StockRef &s : stocks)
        if (busifavor::checkStockId(s.id))
            add("desk/stocks", Text::tr("\"%1\" is not a stock id (up to 20 letters and digits)").arg(s.id));
        else if (const auto problem = checkCodePattern(s.codePattern))
            add("desk/stocks", Text::tr("the code pattern of stock %1: %2").arg(s.id, *problem));
    QStringList ids;
    for (const StaffMember &m : staff) {
        if (m.id.isEmpty() || ids.contains(m.id))
            add("staff", Text::tr("every staff member needs a unique id"));
        ids << m.id;
        if (m.role == Role::Manager && m.pinHash.isEmpty())
            add("staff", Text::tr("manager %1 has no PIN").arg(m.id));
    }
    if (!language.isEmpty() && language != QLatin1String("zh_CN") && language != QLatin1String("en"))
        add("desk/language", Text::tr("must be zh_CN or en"));
    issues += chain.validate();
    return issues;
}

Status Settings::save(const QString &path) const
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    {
        QSettings ini(path, QSettings::IniFormat);
        ini.clear();
        ini.setValue(QStringLiteral("api/base_url"), baseUrl.toString());
        if (!backupUrl.isEmpty())
            ini.setValue(QStringLiteral("api/backup_url"), backupUrl.toString());
        ini.setValue(QStringLiteral("api/connect_timeout_ms"), connectTimeoutMs);
        ini.setValue(QStringLiteral("api/total_timeout_ms"), totalTimeoutMs);
        if (!caCertificatesFile.isEmpty())
            ini.setValue(QStringLiteral("api/ca_certificates_file"), caCertificatesFile);
        if (!proxy.isEmpty())
            ini.setValue(QStringLiteral("api/proxy"), proxy);
        if (!proxyPasswordRef.isEmpty())
            ini.setValue(QStringLiteral("api/proxy_password"), proxyPasswordRef);
        ini.setValue(QStringLiteral("merchant/mchid"), mchid);
        ini.setValue(QStringLiteral("merchant/appid"), appid);
        ini.setValue(QStringLiteral("merchant/cert_serial"), certSerial);
        ini.setValue(QStringLiteral("merchant/private_key_file"), privateKeyFile);
        ini.setValue(QStringLiteral("merchant/cert_file"), certFile);
        ini.setValue(QStringLiteral("verify/mode"),
            verifyMode == VerifyMode::PublicKey ? QStringLiteral("public-key")
                                                : QStringLiteral("platform-cert"));
        ini.setValue(QStringLiteral("verify/public_key_file"), publicKeyFile);
        ini.setValue(QStringLiteral("verify/public_key_id"), publicKeyId);
        ini.setValue(QStringLiteral("verify/platform_cert_dir"), platformCertDir);
        ini.setValue(QStringLiteral("verify/apiv3_key"), apiV3KeyRef);
        ini.setValue(QStringLiteral("desk/counter_id"), counterId);
        ini.setValue(QStringLiteral("desk/history_db"), historyDb);
        QStringList st;
        for (const StockRef &s : stocks)
            st << (s.codePattern.isEmpty()
                    ? (s.name.isEmpty() ? s.id : s.id + QLatin1Char('|') + s.name)
                    : s.id + QLatin1Char('|') + s.name + QLatin1Char('|') + s.codePattern);
        ini.setValue(QStringLiteral("desk/stocks"), st);
        ini.setValue(QStringLiteral("desk/language"), language);
        ini.setValue(QStringLiteral("desk/sounds"), sounds);
        ini.beginWriteArray(QStringLiteral("staff"), static_cast<int>(staff.size()));
        for (int i = 0; i < staff.size(); ++i) {
            ini.setArrayIndex(i);
            ini.setValue(QStringLiteral("id"), staff.at(i).id);
            ini.setValue(QStringLiteral("name"), staff.at(i).name);
            ini.setValue(QStringLiteral("role"), roleName(staff.at(i).role));
            ini.setValue(QStringLiteral("pin_hash"), staff.at(i).pinHash);
        }
        ini.endArray();
        chain.write(ini);
        ini.sync();
        if (ini.status() != QSettings::NoError)
            return Error::make(ErrorKind::InvalidInput, QStringLiteral("SETTINGS_WRITE_FAILED"),
                Text::tr("cannot write the settings file %1").arg(path));
    }
    // The file may hold the APIv3 key: owner only (ACLs on Windows via Qt's permission mapping).
    QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return {};
}

Result<Credentials> loadCredentials(
    const Settings &s, const SecretStore &secrets, QList<SettingIssue> *issuesOut)
{
    QList<SettingIssue> issues;
    auto add = [&issues](const char *key, const QString &message) {
        issues << SettingIssue { QLatin1String(key), message };
    };
    Credentials c;

    auto key = PrivateKey::fromFile(s.privateKeyFile);
    if (!key)
        add("merchant/private_key_file", key.error().message);
    else
        c.merchantKey = key.value();

    c.merchantSerial = normalizeSerial(s.certSerial);
    if (!s.certFile.isEmpty()) {
        auto cert = Certificate::fromFile(s.certFile);
        if (!cert) {
            add("merchant/cert_file", cert.error().message);
        } else {
            c.merchantCertificate = cert.value();
            if (key && !cert->matches(key.value()))
                add("merchant/cert_file",
                    Text::tr("this certificate (serial %1) does not belong to the private key in %2; "
                             "use the apiclient_cert.pem and apiclient_key.pem issued together")
                        .arg(cert->serialNumber(), s.privateKeyFile));
            else if (!c.merchantSerial.isEmpty() && c.merchantSerial != cert->serialNumber())
                add("merchant/cert_serial",
                    Text::tr(
                        "differs from the certificate's serial %1; leave it empty to use the certificate's")
                        .arg(cert->serialNumber()));
            c.merchantSerial = cert->serialNumber();
        }
    }

    if (!s.caCertificatesFile.isEmpty()) {
        c.extraCaCertificates = QSslCertificate::fromPath(
            s.caCertificatesFile, QSsl::Pem, QSslCertificate::PatternSyntax::FixedString);
        if (c.extraCaCertificates.isEmpty())
            add("api/ca_certificates_file",
                Text::tr("no PEM certificate could be read from %1").arg(s.caCertificatesFile));
    }
    if (auto proxy = parseProxySetting(s.proxy)) {
        c.proxy = proxy.value();
        if (!s.proxyPasswordRef.isEmpty()) {
            auto password = secrets.read(s.proxyPasswordRef);
            if (!password)
                add("api/proxy_password", password.error().message);
            else
                c.proxy.password = password.value();
        }
    }
    if (!s.publicKeyFile.isEmpty()) {
        auto pub = PublicKey::fromFile(s.publicKeyFile);
        if (!pub)
            add("verify/public_key_file", pub.error().message);
        else
            c.wechatpayPublicKey = pub.value();
        c.publicKeyId = s.publicKeyId;
    }
    if (!s.platformCertDir.isEmpty() && QFileInfo(s.platformCertDir).isDir()) {
        const QDir dir(s.platformCertDir);
        for (const QString &name :
            dir.entryList({ QStringLiteral("*.pem"), QStringLiteral("*.crt") }, QDir::Files)) {
            auto certs = Certificate::listFromPem([&] {
                QFile f(dir.filePath(name));
                return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
            }());
            if (certs)
                c.platformCertificates << certs.value();
        }
    }
    if (!s.apiV3KeyRef.isEmpty()) {
        auto secret = secrets.read(s.apiV3KeyRef);
        if (!secret)
            add("verify/apiv3_key", secret.error().message);
        else if (secret->size() != 32)
            add("verify/apiv3_key",
                Text::tr("the APIv3 key must be exactly 32 characters (it has %1)").arg(secret->size()));
        else
            c.apiV3Key = secret.value();
    }
    if (issuesOut)
        *issuesOut = issues;
    if (!issues.isEmpty()) {
        Error e = settingsError(issues);
        e.kind = ErrorKind::Key;
        return e;
    }
    return c;
}

QList<SettingIssue> credentialIssues(const Settings &settings, const SecretStore &secrets)
{
    QList<SettingIssue> issues; // every failure of the loader is one or more issues
    static_cast<void>(loadCredentials(settings, secrets, &issues));
    return issues;
}

} // namespace desk
