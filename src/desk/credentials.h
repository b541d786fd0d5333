// Everything cryptographic the settings point at, loaded and cross-checked: desk's own business
// (Session, app/ and white-box tests), never the GUI's; not forwarded to build/include/desk/.
#pragma once

#include "settings.h"

#include "wechatpay/keys.h"
#include "wechatpay/proxy.h"

#include <QByteArray>
#include <QList>
#include <QSslCertificate>
#include <QString>

namespace desk {

// Everything cryptographic the settings point at, loaded and cross-checked.
struct Credentials
{
    wechatpay::PrivateKey merchantKey;
    wechatpay::Certificate merchantCertificate; // may be null when only cert_serial is given
    QString merchantSerial;
    wechatpay::PublicKey wechatpayPublicKey; // public-key mode (and migrating merchants)
    QString publicKeyId;
    QList<wechatpay::Certificate> platformCertificates; // from platform_cert_dir, if any
    QByteArray apiV3Key;
    QList<QSslCertificate> extraCaCertificates; // from api/ca_certificates_file (e.g. wechatpay-sim --https)
    wechatpay::ProxyConfig proxy; // api/proxy with its password
};

Result<Credentials> loadCredentials(
    const Settings &settings, const SecretStore &secrets, QList<SettingIssue> *issues = nullptr);

} // namespace desk
