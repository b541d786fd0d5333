// The client settings the simulator hands out (README.md "Client settings file"): a QVariantMap and
// the INI file coupondesk, coupondesk-cli and the interop peer read.
#include "simulator.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSettings>

namespace sim {

using wechatpay::Status;

namespace {

wechatpay::Error configWriteError(const QString &message)
{
    return wechatpay::Error::make(
        wechatpay::ErrorKind::InvalidInput, QStringLiteral("CONFIG_WRITE"), message);
}

} // namespace

QVariantMap Simulator::clientSettings() const
{
    QVariantMap m;
    m.insert(QStringLiteral("api/base_url"), baseUrl().toString());
    if (m_options.https)
        m.insert(QStringLiteral("api/ca_certificates_file"), m_keys.tlsCertFile);
    m.insert(QStringLiteral("merchant/mchid"), mchid());
    m.insert(QStringLiteral("merchant/appid"), appid());
    m.insert(QStringLiteral("merchant/cert_serial"), merchantCertSerial());
    m.insert(QStringLiteral("merchant/private_key_file"), m_keys.merchantKeyFile);
    m.insert(QStringLiteral("merchant/cert_file"), m_keys.merchantCertFile);
    m.insert(QStringLiteral("verify/mode"),
        m_options.mode == VerifyMode::PlatformCert ? QStringLiteral("platform-cert")
                                                   : QStringLiteral("public-key"));
    m.insert(QStringLiteral("verify/public_key_file"), m_keys.publicKeyFile);
    m.insert(QStringLiteral("verify/public_key_id"), m_keys.publicKeyId);
    m.insert(QStringLiteral("verify/platform_cert_dir"), m_keys.platformCertDir);
    m.insert(QStringLiteral("verify/apiv3_key"), QString::fromLatin1(m_keys.apiV3Key));
    m.insert(QStringLiteral("desk/counter_id"), QStringLiteral("01"));
    m.insert(QStringLiteral("desk/history_db"), QString(m_dataDir + QStringLiteral("/history.sqlite")));
    QStringList stocks;
    for (const Stock &s : m_state.stocks)
        if (s.belongMerchant == m_state.mchid)
            stocks << s.stockId + QLatin1Char('|') + s.stockName
                    + (s.codePattern.isEmpty() ? QString() : QLatin1Char('|') + s.codePattern);
    m.insert(QStringLiteral("desk/stocks"), stocks);
    return m;
}

Status Simulator::writeClientConfig(const QString &path) const
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QDir().mkpath(QFileInfo(absolute).absolutePath());
    QFile::remove(absolute);
    {
        QSettings settings(absolute, QSettings::IniFormat);
        const QVariantMap values = clientSettings();
        for (auto it = values.cbegin(); it != values.cend(); ++it)
            settings.setValue(it.key(), it.value());
        settings.sync();
        if (settings.status() != QSettings::NoError)
            return configWriteError(QStringLiteral("cannot write %1").arg(absolute));
    }
    QFile f(absolute);
    if (!f.open(QIODevice::ReadOnly))
        return configWriteError(QStringLiteral("cannot read back %1").arg(absolute));
    const QByteArray ini = f.readAll();
    f.close();
    const QByteArray header = "; CouponDesk client settings written by wechatpay-sim for "
        + baseUrl().toEncoded()
        + "\n"
          "; Accepted as is by coupondesk --config and coupondesk-cli --config.\n"
          "; Key files are PEM files in the simulator's data directory. verify/apiv3_key is the\n"
          "; simulator's test key (never a real one). "
          "desk/stocks is a list of \"stock_id|stock_name[|code pattern]\".\n";
    return writeFileAtomically(absolute, header + ini, true);
}

} // namespace sim
