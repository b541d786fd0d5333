#include "session.h"

#include "chainlink.h"
#include "couponinfo.h"
#include "credentials.h"
#include "logging.h"

#include "history/journal.h"
#include "wechatpay/clock.h"
#include "wechatpay/httpclient.h"
#include "wechatpay/platformcertificates.h"
#include "wechatpay/signing.h"
#include "wechatpay/verification.h"

#include <QFileInfo>
#include <QSettings>

namespace desk {

using namespace wechatpay;

Session::Session(const Settings &settings, const Clock &clock)
    : m_settings(settings)
    , m_credentials(std::make_unique<Credentials>())
    , m_clock(clock)
    , m_nonces(std::make_unique<RandomNonceSource>())
    , m_verifier(std::make_unique<Verifier>())
{
}

Session::Session(const Settings &settings, std::unique_ptr<const Clock> clock)
    : m_settings(settings)
    , m_credentials(std::make_unique<Credentials>())
    , m_ownClock(std::move(clock))
    , m_clock(*m_ownClock)
    , m_nonces(std::make_unique<RandomNonceSource>())
    , m_verifier(std::make_unique<Verifier>())
{
}

Session::~Session()
{
    m_chain.reset(); // finishes its round; what waits stays queued
    // The desk and the certificate manager use the client; the client uses signer and verifier.
    m_redeemer.reset();
    m_stocks.reset();
    m_desk.reset();
    m_certificates.reset();
    m_warmer.reset();
    m_client.reset();
}

Result<std::unique_ptr<Session>> Session::open(
    const Settings &settings, const SecretStore &secrets, const Clock &clock, SessionOptions options)
{
    return build(std::unique_ptr<Session>(new Session(settings, clock)), secrets, std::move(options));
}

Result<std::unique_ptr<Session>> Session::open(
    const Settings &settings, const SecretStore &secrets, SessionOptions options)
{
    return build(std::unique_ptr<Session>(new Session(settings, std::make_unique<SystemClock>())), secrets,
        std::move(options));
}

Result<std::unique_ptr<Session>> Session::build(
    std::unique_ptr<Session> s, const SecretStore &secrets, SessionOptions options)
{
    const Settings &settings = s->m_settings;
    const Clock &clock = s->m_clock;
    QList<SettingIssue> issues = settings.validate();
    if (!issues.isEmpty()) {
        Error e = Error::make(
            ErrorKind::InvalidInput, QStringLiteral("SETTINGS_INVALID"), describeIssues(issues));
        e.field = issues.first().key;
        return e;
    }
    auto creds = loadCredentials(settings, secrets);
    if (!creds)
        return creds.error();
    QString chainPassword;
    if (settings.chain.isEnabled()) {
        auto password = readChainPassword(settings.chain, secrets);
        if (!password)
            return password.error();
        chainPassword = password.value();
    }

    s->m_options = options;
    *s->m_credentials = creds.value();
    s->m_signer = std::make_unique<RequestSigner>(
        settings.mchid, creds->merchantSerial, creds->merchantKey, clock, *s->m_nonces);
    if (!creds->wechatpayPublicKey.isNull())
        s->m_verifier->setPublicKey(creds->publicKeyId, creds->wechatpayPublicKey);
    for (const Certificate &c : creds->platformCertificates)
        s->m_verifier->addPlatformCertificate(c);

    ClientConfig cc;
    cc.baseUrl = settings.baseUrl;
    cc.backupBaseUrl = settings.backupUrl;
    cc.connectTimeoutMs = settings.connectTimeoutMs;
    cc.totalTimeoutMs = settings.totalTimeoutMs;
    cc.extraCaCertificates = options.extraCaCertificates + creds->extraCaCertificates;
    cc.proxy = creds->proxy;
    if (settings.verifyMode == VerifyMode::PublicKey)
        cc.wechatpaySerial = settings.publicKeyId; // answers come signed with the public key
    if (settings.language == QLatin1String("en"))
        cc.acceptLanguage = "en";
    s->m_client = std::make_unique<ApiClient>(cc, *s->m_signer, *s->m_verifier);
    s->m_warmer = std::make_unique<ConnectionWarmer>(
        [client = s->m_client.get()] { client->preconnect(); }, options.warmth);
    if (settings.verifyMode == VerifyMode::PlatformCertificate)
        s->m_certificates = std::make_unique<PlatformCertificateManager>(
            *s->m_client, *s->m_verifier, clock, creds->apiV3Key);

    s->m_journal = std::make_unique<history::Journal>([&clock] { return clock.now().toLocalTime(); });
    if (auto st = s->m_journal->open(settings.historyDb); !st) {
        return Error::make(ErrorKind::InvalidInput, QStringLiteral("HISTORY_UNAVAILABLE"),
            QStringLiteral("cannot open the history file %1: %2")
                .arg(settings.historyDb, st.error().message));
    }
    // Chain mode queues every change of a row for the chain database (docs/chain.md); without a chain
    // section nothing is queued, and a queue left from earlier is kept, not sent, until it returns.
    if (auto queued = s->m_journal->setOutboxEnabled(settings.chain.isEnabled()); !queued)
        return Error::make(ErrorKind::InvalidInput, QStringLiteral("HISTORY_UNAVAILABLE"),
            QStringLiteral("cannot switch the chain outbox of %1: %2")
                .arg(settings.historyDb, queued.error().message));
    else if (queued.value() > 0)
        qCInfo(lcDesk) << "chain mode: queued" << queued.value() << "existing history rows";
    s->m_staff = std::make_unique<StaffDirectory>(settings.staff, clock);
    s->m_history = std::make_unique<HistoryService>(*s->m_journal, *s->m_staff);
    s->m_reports = std::make_unique<ReportService>(*s->m_journal, *s->m_staff);
    // The History and Reports pages' Shop and Chain scopes read the chain database through one reader
    // (one connection, made on first use).
    if (settings.chain.isEnabled()) {
        const ChainReader reader
            = makeChainReader(settings.chain, chainPassword.toUtf8()); // read once, above
        s->m_history->setChain(reader);
        s->m_reports->setChain(reader);
    }
    // The slip names the shop: its name in a chain, else the merchant id.
    const QString shop = !settings.chain.shopName.isEmpty() ? settings.chain.shopName
        : !settings.chain.shopId.isEmpty()                  ? settings.chain.shopId
                                                            : settings.mchid;
    s->m_handovers = std::make_unique<HandoverService>(
        *s->m_journal, *s->m_reports, *s->m_staff, settings.counterId, shop);
    s->loadFailures();

    DeskOptions d;
    d.appid = settings.appid;
    d.counterId = settings.counterId;
    d.retry = options.retry;
    d.reconcileIntervalMs = options.reconcileIntervalMs;
    s->m_desk = std::make_unique<Desk>(*s->m_client, *s->m_journal, clock, d);
    s->m_stocks = std::make_unique<StockCatalog>(*s->m_desk);
    s->m_redeemer
        = std::make_unique<Redeemer>(*s->m_desk, *s->m_journal, settings.stocks, *s->m_staff, *s->m_stocks);
    if (settings.chain.isEnabled()) {
        s->m_chain = std::make_unique<ChainLink>(ChainPusherConfig::from(settings, chainPassword));
        connect(s->m_desk.get(), &Desk::journalChanged, s->m_chain.get(), &ChainLink::nudge);
    }
    return s;
}

QDateTime Session::now() const
{
    return m_clock.now().toLocalTime();
}

StaffMessage Session::describeCoupon(const QString &couponCode) const
{
    const CouponKnowledge k = couponKnowledge(*m_journal, m_settings.stocks, couponCode);
    QString stockLine;
    if (!k.stockId.isEmpty()) {
        const QString name = m_settings.stockName(k.stockId);
        stockLine = name.isEmpty() ? k.stockId : QStringLiteral("%1 (%2)").arg(name, k.stockId);
    }
    return knowledgeMessage(k, *m_staff, stockLine);
}

void Session::start()
{
    if (!m_certificates) {
        m_ready = true;
        Q_EMIT ready();
        return;
    }
    connect(m_certificates.get(), &PlatformCertificateManager::refreshed, this, [this](int n) {
        qCInfo(lcDesk) << n << "platform certificate(s) ready";
        if (!m_ready) {
            m_ready = true;
            Q_EMIT ready();
        }
    });
    connect(m_certificates.get(), &PlatformCertificateManager::failed, this, [this](const Error &e) {
        if (!m_ready) {
            if (m_verifier->hasKeys()) { // certificates from platform_cert_dir still verify answers
                qCWarning(lcDesk) << "certificate download failed; using the stored certificates:"
                                  << e.toString();
                m_ready = true;
                Q_EMIT ready();
            } else {
                Q_EMIT failed(e);
            }
        }
    });
    connect(m_certificates.get(), &PlatformCertificateManager::publicKeyOnlyMerchant, this, [this] {
        if (m_verifier->publicKeyId().isEmpty()) {
            Error e = Error::make(ErrorKind::Key, QStringLiteral("PUBLIC_KEY_ONLY_MERCHANT"),
                tr("WeChat Pay has no platform certificates for this merchant: switch verify/mode to "
                   "public-key and give the WeChat Pay public key and its PUB_KEY_ID"));
            Q_EMIT failed(e);
        } else if (!m_ready) {
            m_ready = true;
            Q_EMIT ready();
        }
    });
    m_certificates->startAutoRefresh(m_options.certificateRefreshMs);
}

StaffDirectory::CheckResult Session::verifyPin(const QString &staffId, const QString &pin)
{
    loadFailures();
    auto r = m_staff->verifyPin(staffId, pin);
    saveFailures();
    return r;
}

static QString lockoutFile(const Settings &s)
{
    return QFileInfo(s.historyDb).absolutePath() + QStringLiteral("/pin-lockout.ini");
}

void Session::loadFailures()
{
    QSettings f(lockoutFile(m_settings), QSettings::IniFormat);
    QHash<QString, StaffDirectory::Failures> all;
    for (const QString &id : f.childGroups()) {
        f.beginGroup(id);
        all.insert(id,
            { f.value(QStringLiteral("count")).toInt(),
                f.value(QStringLiteral("locked_until")).toLongLong() });
        f.endGroup();
    }
    m_staff->setFailures(all);
}

void Session::saveFailures() const
{
    QSettings f(lockoutFile(m_settings), QSettings::IniFormat);
    f.clear();
    const auto all = m_staff->failures();
    for (auto it = all.cbegin(); it != all.cend(); ++it) {
        if (it->count == 0 && it->lockedUntil == 0)
            continue;
        f.beginGroup(it.key());
        f.setValue(QStringLiteral("count"), it->count);
        f.setValue(QStringLiteral("locked_until"), it->lockedUntil);
        f.endGroup();
    }
}

} // namespace desk
