// Everything one running program needs, wired from a Settings file: keys, signer, verifier, HTTP
// client, platform-certificate refresh, journal, staff and the Desk. Used by both the GUI and the CLI
// so neither wires the protocol by hand.
#pragma once

#include "connectionwarmer.h"
#include "desk.h"
#include "handoverservice.h"
#include "historyservice.h"
#include "redeemer.h"
#include "reportservice.h"
#include "result.h"
#include "settings.h"
#include "staff.h"

#include <QDateTime>
#include <QObject>
#include <QSslCertificate>

#include <memory>

namespace wechatpay {
class ApiClient;
class Clock;
class PlatformCertificateManager;
class RandomNonceSource;
class RequestSigner;
class Verifier;
} // namespace wechatpay

namespace desk {

class ChainLink;
struct Credentials;

struct SessionOptions
{
    RetryPolicy retry;
    int reconcileIntervalMs = 60 * 1000;
    int certificateRefreshMs = 60 * 60 * 1000;
    QList<QSslCertificate> extraCaCertificates; // e.g. the demo simulator's HTTPS certificate
    WarmthOptions warmth; // keeping a connection ready after warmUp()
};

class Session final : public QObject
{
    Q_OBJECT
public:
    // Loads credentials, opens the journal and builds the objects. Nothing is sent yet.
    static Result<std::unique_ptr<Session>> open(const Settings &settings, const SecretStore &secrets,
        const wechatpay::Clock &clock, SessionOptions options = {});
    // The same on the computer's own clock, which the session owns (the settings page's connection test).
    static Result<std::unique_ptr<Session>> open(
        const Settings &settings, const SecretStore &secrets, SessionOptions options = {});
    ~Session() override;

    // Makes the verifier ready: in platform-certificate mode downloads the certificates (ready() or
    // failed()); in public-key mode it is ready at once. Also starts periodic refresh.
    void start();
    bool isReady() const { return m_ready; }

    // Staff are at the counter (the program started, its window was activated, a code is being typed):
    // open a connection to WeChat Pay now, through the proxy when one is set, and open it again
    // whenever the server closes it while idle, for the next SessionOptions::warmth.keepWarmForMs.
    // Nothing is sent. The CLI never calls it: it sends at once.
    void warmUp() { m_warmer->warmUp(); }

    const Settings &settings() const { return m_settings; }
    Desk &desk() { return *m_desk; }
    Redeemer &redeemer() { return *m_redeemer; }
    // The shop's stocks as WeChat Pay describes them (prefetched at start): the counter's redeem finds
    // the stock and shows the coupon's value from them.
    StockCatalog &stocks() { return *m_stocks; }
    history::Journal &journal() { return *m_journal; } // desk, app/ and tests; the GUI uses history()
    HistoryService &history() { return *m_history; }
    ReportService &reports() { return *m_reports; } // what a manager counts (issue 19)
    // The shift handover (issue 19): this shift's period, ending it, past handovers for reprints.
    HandoverService &handovers() { return *m_handovers; }
    // The session's clock, which stamps the journal's rows (whole seconds), in local time: the moment
    // a shift ends.
    QDateTime now() const;
    StaffDirectory &staff() { return *m_staff; }
    // Chain mode (a chain section in the settings): the link to the chain database, built but not
    // started (the GUI starts it; the CLI uses its own ChainPusher); nullptr without a chain section.
    ChainLink *chain() { return m_chain.get(); }
    // The protocol objects, for app/ and tests (which include wechatpay/ and desk/credentials.h).
    wechatpay::Verifier &verifier() { return *m_verifier; }
    wechatpay::ApiClient &client() { return *m_client; }
    const Credentials &credentials() const { return *m_credentials; }

    // F5 at the counter without the customer's openid: what this counter's journal knows about the code
    // and its stock (Severity::Info).
    StaffMessage describeCoupon(const QString &couponCode) const;

    // PIN checks with failures remembered across program runs (a small file beside the journal).
    StaffDirectory::CheckResult verifyPin(const QString &staffId, const QString &pin);

Q_SIGNALS:
    void ready();
    void failed(const desk::Error &error); // the verifier could not be made ready

private:
    Session(const Settings &settings, const wechatpay::Clock &clock);
    Session(const Settings &settings, std::unique_ptr<const wechatpay::Clock> clock);
    static Result<std::unique_ptr<Session>> build(
        std::unique_ptr<Session> s, const SecretStore &secrets, SessionOptions options);
    void loadFailures();
    void saveFailures() const;

    Settings m_settings;
    std::unique_ptr<Credentials> m_credentials;
    std::unique_ptr<const wechatpay::Clock> m_ownClock; // only when opened without a clock
    const wechatpay::Clock &m_clock;
    std::unique_ptr<wechatpay::RandomNonceSource> m_nonces;
    std::unique_ptr<wechatpay::RequestSigner> m_signer;
    std::unique_ptr<wechatpay::Verifier> m_verifier;
    std::unique_ptr<wechatpay::ApiClient> m_client;
    std::unique_ptr<ConnectionWarmer> m_warmer;
    std::unique_ptr<wechatpay::PlatformCertificateManager> m_certificates;
    std::unique_ptr<history::Journal> m_journal;
    std::unique_ptr<StaffDirectory> m_staff;
    std::unique_ptr<HistoryService> m_history;
    std::unique_ptr<ReportService> m_reports;
    std::unique_ptr<HandoverService> m_handovers;
    std::unique_ptr<Desk> m_desk;
    std::unique_ptr<StockCatalog> m_stocks;
    std::unique_ptr<Redeemer> m_redeemer;
    std::unique_ptr<ChainLink> m_chain;
    SessionOptions m_options;
    bool m_ready = false;
};

} // namespace desk
