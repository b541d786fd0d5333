#include "platformcertificates.h"

#include "logging.h"
#include "qtcompat.h"

#include <QTimeZone>

namespace wechatpay {

PlatformCertificateManager::PlatformCertificateManager(
    ApiClient &client, Verifier &verifier, const Clock &clock, QByteArray apiV3Key, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_verifier(verifier)
    , m_clock(clock)
    , m_apiV3Key(std::move(apiV3Key))
{
    connect(&m_timer, &QTimer::timeout, this, &PlatformCertificateManager::refresh);
}

void PlatformCertificateManager::startAutoRefresh(int intervalMs)
{
    m_timer.start(intervalMs);
    refresh();
}

void PlatformCertificateManager::stop()
{
    m_timer.stop();
    if (m_call) {
        m_call->abort();
    }
}

void PlatformCertificateManager::refresh()
{
    if (m_call)
        return;
    m_call = m_client.send(ApiRequest { "GET", kCertificatesPath, {} });
    connect(m_call, &ApiCall::finished, this, &PlatformCertificateManager::onFinished);
}

Result<int> PlatformCertificateManager::install(
    const ApiResponse &response, Verifier &verifier, QByteArrayView apiV3Key, qint64 nowSecs)
{
    const bool unknownSerial = response.error && response.error->kind == ErrorKind::Verification
        && response.error->code == QLatin1String("SERIAL_UNKNOWN");
    if (response.error && !unknownSerial)
        return *response.error;
    auto decoded = decodeCertificatesResponse(response.body, apiV3Key);
    if (!decoded)
        return decoded.error();

    const QDateTime now = compat::fromSecsUtc(nowSecs);
    QList<Certificate> valid;
    for (const PlatformCertificate &pc : decoded.value())
        if (pc.certificate.isValidAt(now))
            valid.append(pc.certificate);

    // The download must itself be signed by a key we hold or by one of the certificates it carries.
    Verifier candidate = verifier;
    for (const Certificate &c : valid)
        candidate.addPlatformCertificate(c);
    if (Status st = candidate.verify(response.signature, response.body, nowSecs); !st) {
        Error e = st.error();
        e.message = QStringLiteral("the platform certificate download is not correctly signed: ") + e.message;
        return e;
    }
    if (valid.isEmpty())
        return Error::make(ErrorKind::Protocol, QStringLiteral("NO_VALID_CERTIFICATE"),
            QStringLiteral("WeChat Pay listed no platform certificate that is valid now"));
    for (const Certificate &c : valid)
        verifier.addPlatformCertificate(c);
    verifier.removeExpired(now);
    return static_cast<int>(valid.size());
}

void PlatformCertificateManager::onFinished()
{
    ApiCall *call = m_call;
    m_call = nullptr;
    call->deleteLater();
    const ApiResponse &r = call->response();
    if (r.error && r.error->kind == ErrorKind::Http && r.error->httpStatus == 404
        && r.error->code == QLatin1String("RESOURCE_NOT_EXISTS")) {
        qCInfo(lcWechatpay) << "no platform certificates: this merchant uses the WeChat Pay public key only";
        Q_EMIT publicKeyOnlyMerchant();
        return;
    }
    auto installed = install(r, m_verifier, m_apiV3Key, m_clock.nowSecs());
    if (!installed) {
        qCWarning(lcWechatpay) << "platform certificate refresh failed:" << installed.error().toString();
        Q_EMIT failed(installed.error());
        return;
    }
    qCInfo(lcWechatpay) << "platform certificates:" << m_verifier.platformSerials();
    Q_EMIT refreshed(installed.value());
}

} // namespace wechatpay
