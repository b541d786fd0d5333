// The program's settings: one INI file (QSettings IniFormat). Keys are the contract in architecture.md.
// Secrets (the APIv3 key) live behind SecretStore; private keys stay in their own files.
#pragma once

#include "chainsettings.h"
#include "result.h"
#include "staff.h"

#include <QList>
#include <QSslCertificate>
#include <QString>
#include <QUrl>

#include <memory>

namespace desk {

enum class VerifyMode { PlatformCertificate, PublicKey };

struct StockRef
{
    QString id;
    QString name;
    QString
        codePattern; // optional: the shape of this stock's codes ("CF" prefix, or "re:<regular expression>")
};

// One problem with one key, in words staff or IT can act on (translated with tr()).
struct SettingIssue
{
    QString key; // e.g. "merchant/mchid"
    QString message;
};

// Where secrets come from: "keychain:<name>" values go to the system keychain when there is one;
// "file:<path>" values are read from a file only the owner may read; anything else is the secret itself.
class SecretStore
{
public:
    virtual ~SecretStore() = default;
    virtual Result<QByteArray> read(const QString &reference) const = 0;
};

// The fallback that always works (CI, headless): files and inline values. "keychain:" references
// are refused with a message saying the keychain is not available.
class FileSecretStore final : public SecretStore
{
public:
    explicit FileSecretStore(QString baseDir)
        : m_baseDir(std::move(baseDir))
    {
    }
    Result<QByteArray> read(const QString &reference) const override;

private:
    QString m_baseDir;
};

// The store the program uses: the system keychain where the build has it (keychain: references),
// files and inline values always.
std::unique_ptr<SecretStore> makeSecretStore(const QString &baseDir);

struct Settings
{
    QUrl baseUrl;
    QUrl backupUrl;
    int connectTimeoutMs = 5000;
    int totalTimeoutMs = 15000;
    QString caCertificatesFile; // api/ca_certificates_file: PEM certificates trusted besides the system's
    QString proxy; // api/proxy: system (default) | none | http://[user@]host:port
    QString proxyPasswordRef; // api/proxy_password: the value, file:<path> or keychain:<name>
    // How calls leave this computer, for people: "the system's proxy settings", "proxy 10.0.0.5:3128"…
    QString describeProxy() const;
    QString mchid;
    QString appid;
    QString certSerial; // read from the certificate when empty
    QString privateKeyFile; // absolute after load()
    QString certFile;
    VerifyMode verifyMode = VerifyMode::PlatformCertificate;
    QString publicKeyFile;
    QString publicKeyId;
    QString platformCertDir;
    QString apiV3KeyRef; // the raw setting (secret or reference); never logged
    QString counterId;
    QString historyDb;
    QList<StockRef> stocks;
    QList<StaffMember> staff;
    QString language; // "zh_CN", "en" or empty (system)
    bool sounds = true;
    ChainSettings chain; // chain/…: empty when this counter is on its own
    QString sourcePath; // the file this came from

    // Reads the file (relative paths resolved against its folder) and validates every key.
    static Result<Settings> load(const QString &path, QList<SettingIssue> *issues = nullptr);
    // Reads what is there without judging it (the settings page edits half-finished files).
    static Settings read(const QString &path);
    QList<SettingIssue> validate() const;
    // Writes back (staff PIN hashes included); the file is made readable by its owner only.
    Status save(const QString &path) const;

    QString stockName(const QString &stockId) const;
    static QUrl productionBaseUrl(); // WeChat Pay's API host, for a new settings file
    static QString defaultPath(); // AppConfigLocation/coupondesk.ini
    static QString defaultHistoryPath(); // AppDataLocation/history.sqlite
};

// What is wrong with the keys, certificates and secrets the settings point at (the settings page's
// check before saving); nothing is kept. Empty when they load and match.
QList<SettingIssue> credentialIssues(const Settings &settings, const SecretStore &secrets);

// Combines issues into one readable message (one per line).
QString describeIssues(const QList<SettingIssue> &issues);

} // namespace desk
