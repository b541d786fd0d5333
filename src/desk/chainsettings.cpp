#include "chainsettings.h"

#include "settings.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSettings>
#include <QUrl>

namespace desk {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(desk::ChainSettings)
};

const QString kUrlKey = QStringLiteral("chain/database_url");
const QString kPasswordKey = QStringLiteral("chain/password");
const QString kShopIdKey = QStringLiteral("chain/shop_id");
const QString kShopNameKey = QStringLiteral("chain/shop_name");

bool isLoopback(const QString &host)
{
    return host == QLatin1String("127.0.0.1") || host == QLatin1String("localhost")
        || host == QLatin1String("::1");
}

} // namespace

bool ChainSettings::isEnabled() const
{
    return !databaseUrl.isEmpty() || !passwordRef.isEmpty() || !shopId.isEmpty() || !shopName.isEmpty();
}

QString ChainSettings::describe() const
{
    const QUrl url(databaseUrl, QUrl::StrictMode);
    if (!url.isValid())
        return {};
    const QString where
        = url.port() > 0 ? url.host() + QLatin1Char(':') + QString::number(url.port()) : url.host();
    return Text::tr("%1%2 as %3").arg(where, url.path(), url.userName());
}

ChainSettings ChainSettings::read(const QSettings &ini, const QString &baseDir)
{
    ChainSettings c;
    c.databaseUrl = ini.value(kUrlKey).toString().trimmed();
    c.passwordRef = ini.value(kPasswordKey).toString();
    c.shopId = ini.value(kShopIdKey).toString().trimmed();
    c.shopName = ini.value(kShopNameKey).toString().trimmed();
    // sslrootcert=ca.pem beside the settings file, as the other file settings are.
    QUrl url(c.databaseUrl, QUrl::StrictMode);
    QUrlQuery query(url);
    const QString root = query.queryItemValue(QStringLiteral("sslrootcert"), QUrl::FullyDecoded);
    if (url.isValid() && !root.isEmpty() && QDir::isRelativePath(root)) {
        query.removeAllQueryItems(QStringLiteral("sslrootcert"));
        query.addQueryItem(QStringLiteral("sslrootcert"), QDir(baseDir).absoluteFilePath(root));
        url.setQuery(query);
        c.databaseUrl = url.toString();
    }
    return c;
}

void ChainSettings::write(QSettings &ini) const
{
    if (!isEnabled())
        return;
    ini.setValue(kUrlKey, databaseUrl);
    ini.setValue(kPasswordKey, passwordRef);
    ini.setValue(kShopIdKey, shopId);
    ini.setValue(kShopNameKey, shopName);
}

QList<SettingIssue> ChainSettings::validate() const
{
    QList<SettingIssue> issues;
    if (!isEnabled())
        return issues;
    auto add = [&issues](const QString &key, const QString &message) {
        issues << SettingIssue { key, message };
    };

    const QUrl url(databaseUrl, QUrl::StrictMode);
    const QUrlQuery query(url);
    const QString scheme = url.scheme();
    if (databaseUrl.isEmpty())
        add(kUrlKey,
            Text::tr("the chain database address is missing (postgresql://ROLE@HOST:5432/coupondesk?…)"));
    else if (!url.isValid() || (scheme != QLatin1String("postgresql") && scheme != QLatin1String("postgres"))
        || url.host().isEmpty() || url.userName().isEmpty() || url.path().size() < 2)
        add(kUrlKey,
            Text::tr("write postgresql://ROLE@HOST:PORT/DATABASE?sslmode=verify-full&sslrootcert=CA.pem, as "
                     "coupondesk-cli chain add-counter printed it"));
    else if (!url.password().isEmpty())
        add(kUrlKey, Text::tr("take the password out of the address and put it in chain/password"));
    else if (query.queryItemValue(QStringLiteral("sslmode")) != QLatin1String("verify-full")
        && !isLoopback(url.host()))
        // Anything weaker lets a machine on the way pose as the chain database.
        add(kUrlKey,
            Text::tr("the chain database must be reached with sslmode=verify-full (and its sslrootcert)"));
    else if (const QString root = query.queryItemValue(QStringLiteral("sslrootcert"), QUrl::FullyDecoded);
             !root.isEmpty() && !QFileInfo::exists(root))
        add(kUrlKey, Text::tr("the CA certificate %1 (sslrootcert) does not exist").arg(root));

    if (passwordRef.isEmpty())
        add(kPasswordKey,
            Text::tr("the chain database password is missing (the value, file:PATH or keychain:NAME)"));
    static const QRegularExpression shopIdRe(
        QRegularExpression::anchoredPattern(QStringLiteral("[A-Za-z0-9_-]{1,32}")));
    if (!shopIdRe.match(shopId).hasMatch())
        add(kShopIdKey, Text::tr("the shop id must be 1 to 32 letters, digits, - or _, e.g. s1"));
    if (shopName.isEmpty() || shopName.size() > 64)
        add(kShopNameKey, Text::tr("the shop's name (up to 64 characters, e.g. 徐汇店) is missing"));
    return issues;
}

} // namespace desk
