// Secrets in the system keychain (qtkeychain: Windows Credential Manager, macOS Keychain, Secret
// Service / KWallet on Linux with a session bus). "keychain:<name>" references are read there; every
// other reference goes to the file store, so headless machines (CI) keep working with file:<path>.
#pragma once

#include "settings.h"

namespace desk {

class KeychainSecretStore final : public SecretStore
{
public:
    explicit KeychainSecretStore(QString baseDir, QString service = QStringLiteral("CouponDesk"));
    Result<QByteArray> read(const QString &reference) const override;
    // Stores a secret and returns the reference to put in the settings ("keychain:<name>").
    Result<QString> write(const QString &name, const QByteArray &secret) const;

private:
    FileSecretStore m_files;
    QString m_service;
};

} // namespace desk
