// Downloads, verifies and periodically refreshes the platform certificates (mode A).
#pragma once

#include "certificates.h"
#include "httpclient.h"

#include <QObject>
#include <QTimer>

namespace wechatpay {

class PlatformCertificateManager final : public QObject
{
    Q_OBJECT
public:
    // `verifier` receives the certificates; `client` must verify against that same verifier.
    PlatformCertificateManager(ApiClient &client, Verifier &verifier, const Clock &clock, QByteArray apiV3Key,
        QObject *parent = nullptr);

    void refresh(); // one download now
    void startAutoRefresh(int intervalMs = 60 * 60 * 1000);
    void stop();
    bool isRefreshing() const { return m_call != nullptr; }

    // Decrypts the body, checks that the download itself is signed by one of the certificates in it
    // (or by a key the verifier already holds), and installs every certificate valid now.
    // Pure apart from `verifier`.
    // `response` may carry a SERIAL_UNKNOWN verification error (first download): the body is then
    // checked against the certificates it contains.
    static Result<int> install(
        const ApiResponse &response, Verifier &verifier, QByteArrayView apiV3Key, qint64 nowSecs);

Q_SIGNALS:
    void refreshed(int certificateCount);
    void publicKeyOnlyMerchant(); // 404 RESOURCE_NOT_EXISTS: this merchant has only the WeChat Pay public key
    void failed(const wechatpay::Error &error);

private:
    void onFinished();

    ApiClient &m_client;
    Verifier &m_verifier;
    const Clock &m_clock;
    QByteArray m_apiV3Key;
    QTimer m_timer;
    ApiCall *m_call = nullptr;
};

} // namespace wechatpay
