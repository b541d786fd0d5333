#include "keychainsecrets.h"

#include <qt6keychain/keychain.h>

#include <QCoreApplication>
#include <QEventLoop>

namespace desk {

using namespace wechatpay;

namespace {
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(desk::Settings)
};

// Runs a keychain job to its end (the jobs are asynchronous; reading a key at start-up is not).
void runToEnd(QKeychain::Job &job)
{
    QEventLoop loop;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, &QEventLoop::quit);
    job.start();
    loop.exec();
}
} // namespace

KeychainSecretStore::KeychainSecretStore(QString baseDir, QString service)
    : m_files(std::move(baseDir))
    , m_service(std::move(service))
{
}

Result<QByteArray> KeychainSecretStore::read(const QString &reference) const
{
    if (!reference.startsWith(QLatin1String("keychain:")))
        return m_files.read(reference);
    QKeychain::ReadPasswordJob job(m_service);
    job.setAutoDelete(false);
    job.setKey(reference.mid(9));
    runToEnd(job);
    if (job.error() != QKeychain::NoError)
        return Error::make(ErrorKind::Key, QStringLiteral("KEYCHAIN_READ_FAILED"),
            Text::tr("cannot read \"%1\" from the system keychain (%2); store the APIv3 key again in "
                     "Settings, or use file:<path>")
                .arg(reference.mid(9), job.errorString()));
    return job.binaryData().isEmpty() ? job.textData().toUtf8() : job.binaryData();
}

Result<QString> KeychainSecretStore::write(const QString &name, const QByteArray &secret) const
{
    QKeychain::WritePasswordJob job(m_service);
    job.setAutoDelete(false);
    job.setKey(name);
    job.setBinaryData(secret);
    runToEnd(job);
    if (job.error() != QKeychain::NoError)
        return Error::make(ErrorKind::Key, QStringLiteral("KEYCHAIN_WRITE_FAILED"),
            Text::tr("cannot store the secret in the system keychain (%1)").arg(job.errorString()));
    return QString(QStringLiteral("keychain:") + name);
}

} // namespace desk
