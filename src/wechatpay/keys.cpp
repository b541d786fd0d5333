#include "keys.h"

#include "ossl.h"
#include "qtcompat.h"

#include <openssl/asn1.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509v3.h>

#include <QFile>
#include <QHostAddress>
#include <QTimeZone>

namespace wechatpay {

namespace detail {

BioPtr memBio(QByteArrayView data)
{
    return BioPtr(BIO_new_mem_buf(data.data(), static_cast<int>(data.size())));
}

QByteArray readBio(BIO *bio)
{
    char *data = nullptr;
    const long len = BIO_get_mem_data(bio, &data);
    return QByteArray(data, static_cast<qsizetype>(len));
}

QString opensslError()
{
    unsigned long code = 0;
    unsigned long last = 0;
    while ((code = ERR_get_error()) != 0)
        last = code;
    if (last == 0)
        return QStringLiteral("unknown OpenSSL error");
    char buf[256];
    ERR_error_string_n(last, buf, sizeof buf);
    return QString::fromLatin1(buf);
}

PrivateKey KeyAccess::wrapPrivate(EVP_PKEY *k)
{
    PrivateKey key;
    key.m_key = std::shared_ptr<void>(k, [](void *p) { EVP_PKEY_free(static_cast<EVP_PKEY *>(p)); });
    return key;
}

PublicKey KeyAccess::wrapPublic(EVP_PKEY *k)
{
    PublicKey key;
    key.m_key = std::shared_ptr<void>(k, [](void *p) { EVP_PKEY_free(static_cast<EVP_PKEY *>(p)); });
    return key;
}

Certificate KeyAccess::wrapCertificate(X509 *x)
{
    Certificate cert;
    cert.m_cert = std::shared_ptr<void>(x, [](void *p) { X509_free(static_cast<X509 *>(p)); });
    return cert;
}

} // namespace detail

using namespace detail;

namespace {

constexpr int kMinRsaBits = 2048;

Error keyError(QString code, QString message)
{
    return Error::make(ErrorKind::Key, std::move(code), std::move(message));
}

Result<QByteArray> readFile(const QString &path, const char *what)
{
    QFile file(path);
    if (!file.exists())
        return keyError(QStringLiteral("FILE_NOT_FOUND"),
            QStringLiteral("%1 file not found: %2").arg(QLatin1String(what), path));
    if (!file.open(QIODevice::ReadOnly))
        return keyError(QStringLiteral("FILE_UNREADABLE"),
            QStringLiteral("cannot read %1 file %2: %3").arg(QLatin1String(what), path, file.errorString()));
    const QByteArray data = file.read(1024 * 1024);
    if (data.isEmpty())
        return keyError(QStringLiteral("FILE_EMPTY"),
            QStringLiteral("%1 file is empty: %2").arg(QLatin1String(what), path));
    return data;
}

Status checkRsa(EVP_PKEY *key, const char *what)
{
    if (EVP_PKEY_get_base_id(key) != EVP_PKEY_RSA)
        return keyError(QStringLiteral("KEY_NOT_RSA"),
            QStringLiteral("%1 is not an RSA key (WeChat Pay APIv3 uses RSA 2048)").arg(QLatin1String(what)));
    const int bits = EVP_PKEY_get_bits(key);
    if (bits < kMinRsaBits)
        return keyError(QStringLiteral("KEY_TOO_SHORT"),
            QStringLiteral("%1 has %2 bits; at least %3 are required")
                .arg(QLatin1String(what))
                .arg(bits)
                .arg(kMinRsaBits));
    return {};
}

QDateTime asn1ToDateTime(const ASN1_TIME *t)
{
    struct tm tmv
    {
    };
    if (!t || ASN1_TIME_to_tm(t, &tmv) != 1)
        return {};
    return compat::utc(
        QDate(tmv.tm_year + 1900, tmv.tm_mon + 1, tmv.tm_mday), QTime(tmv.tm_hour, tmv.tm_min, tmv.tm_sec));
}

QString nameToString(const X509_NAME *name)
{
    BioPtr bio(BIO_new(BIO_s_mem()));
    X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
    return QString::fromUtf8(readBio(bio.get()));
}

bool looksEncrypted(const QByteArray &pem)
{
    return pem.contains("BEGIN ENCRYPTED PRIVATE KEY") || pem.contains("Proc-Type: 4,ENCRYPTED");
}

// A passphrase callback that refuses, so OpenSSL never prompts on a terminal.
int noPassphrase(char *, int, int, void *)
{
    return -1;
}

} // namespace

// ---------------------------------------------------------------- PublicKey

Result<PublicKey> PublicKey::fromPem(const QByteArray &pem)
{
    if (!pem.contains("-----BEGIN"))
        return keyError(QStringLiteral("PEM_MISSING"),
            QStringLiteral("not a PEM public key (expected -----BEGIN PUBLIC KEY-----)"));
    if (pem.contains("PRIVATE KEY-----"))
        return keyError(QStringLiteral("PRIVATE_NOT_PUBLIC"),
            QStringLiteral("this is a private key; the WeChat Pay public key (pub_key.pem) is expected"));
    BioPtr bio = memBio(pem);
    EVP_PKEY *key = nullptr;
    if (pem.contains("BEGIN RSA PUBLIC KEY")) {
        // PKCS#1 RSAPublicKey: decode the armour ourselves (the RSA_* readers are deprecated in OpenSSL 3).
        const qsizetype begin = pem.indexOf('\n', pem.indexOf("BEGIN RSA PUBLIC KEY"));
        const qsizetype end = pem.indexOf("-----END RSA PUBLIC KEY");
        if (begin > 0 && end > begin) {
            const QByteArray der
                = QByteArray::fromBase64(pem.mid(begin, end - begin).simplified().replace(' ', ""));
            const auto *p = reinterpret_cast<const unsigned char *>(der.constData());
            key = d2i_PublicKey(EVP_PKEY_RSA, nullptr, &p, static_cast<long>(der.size()));
        }
    } else if (pem.contains("BEGIN CERTIFICATE")) {
        return keyError(QStringLiteral("CERTIFICATE_NOT_KEY"),
            QStringLiteral("this is a certificate; a public key file (BEGIN PUBLIC KEY) is expected"));
    } else {
        key = PEM_read_bio_PUBKEY(bio.get(), nullptr, noPassphrase, nullptr);
    }
    if (!key)
        return keyError(QStringLiteral("PEM_INVALID"),
            QStringLiteral("the public key PEM is damaged or incomplete (%1)").arg(opensslError()));
    PublicKey result = KeyAccess::wrapPublic(key);
    if (auto st = checkRsa(key, "the public key"); !st)
        return st.error();
    return result;
}

Result<PublicKey> PublicKey::fromFile(const QString &path)
{
    auto data = readFile(path, "public key");
    if (!data)
        return data.error();
    return fromPem(data.value());
}

int PublicKey::bits() const
{
    return m_key ? EVP_PKEY_get_bits(KeyAccess::pkey(*this)) : 0;
}

QByteArray PublicKey::toPem() const
{
    if (!m_key)
        return {};
    BioPtr bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_PUBKEY(bio.get(), KeyAccess::pkey(*this));
    return readBio(bio.get());
}

bool PublicKey::operator==(const PublicKey &other) const
{
    if (!m_key || !other.m_key)
        return m_key == other.m_key;
    return EVP_PKEY_eq(KeyAccess::pkey(*this), KeyAccess::pkey(other)) == 1;
}

// ---------------------------------------------------------------- PrivateKey

Result<PrivateKey> PrivateKey::fromPem(const QByteArray &pem)
{
    if (looksEncrypted(pem))
        return keyError(QStringLiteral("KEY_ENCRYPTED"),
            QStringLiteral("the private key is encrypted with a passphrase; export it unencrypted "
                           "(apiclient_key.pem from the merchant platform is not encrypted)"));
    if (!pem.contains("PRIVATE KEY-----")) {
        if (pem.contains("BEGIN CERTIFICATE"))
            return keyError(QStringLiteral("CERTIFICATE_NOT_KEY"),
                QStringLiteral("this is a certificate (apiclient_cert.pem); the private key "
                               "apiclient_key.pem is expected"));
        if (pem.contains("BEGIN PUBLIC KEY"))
            return keyError(QStringLiteral("PUBLIC_NOT_PRIVATE"),
                QStringLiteral(
                    "this is a public key; the merchant private key apiclient_key.pem is expected"));
        return keyError(QStringLiteral("PEM_MISSING"),
            QStringLiteral("not a PEM private key (expected -----BEGIN PRIVATE KEY-----)"));
    }
    BioPtr bio = memBio(pem);
    EVP_PKEY *key = PEM_read_bio_PrivateKey(bio.get(), nullptr, noPassphrase, nullptr);
    if (!key)
        return keyError(QStringLiteral("PEM_INVALID"),
            QStringLiteral("the private key PEM is damaged or incomplete (%1)").arg(opensslError()));
    PrivateKey result = KeyAccess::wrapPrivate(key);
    if (auto st = checkRsa(key, "the private key"); !st)
        return st.error();
    return result;
}

Result<PrivateKey> PrivateKey::fromFile(const QString &path)
{
    auto data = readFile(path, "private key");
    if (!data)
        return data.error();
    return fromPem(data.value());
}

Result<PrivateKey> PrivateKey::generateRsa(int bits)
{
    EVP_PKEY *key = EVP_RSA_gen(static_cast<unsigned int>(bits));
    if (!key)
        return Error::make(ErrorKind::Crypto, QStringLiteral("KEYGEN_FAILED"), opensslError());
    return KeyAccess::wrapPrivate(key);
}

int PrivateKey::bits() const
{
    return m_key ? EVP_PKEY_get_bits(KeyAccess::pkey(*this)) : 0;
}

QByteArray PrivateKey::toPem() const
{
    if (!m_key)
        return {};
    BioPtr bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_PrivateKey(bio.get(), KeyAccess::pkey(*this), nullptr, nullptr, 0, nullptr, nullptr);
    return readBio(bio.get());
}

PublicKey PrivateKey::publicKey() const
{
    if (!m_key)
        return {};
    // Round-trip through DER to get a public-only EVP_PKEY.
    unsigned char *der = nullptr;
    const int len = i2d_PUBKEY(KeyAccess::pkey(*this), &der);
    if (len <= 0)
        return {};
    const unsigned char *p = der;
    EVP_PKEY *pub = d2i_PUBKEY(nullptr, &p, len);
    OPENSSL_free(der);
    return pub ? KeyAccess::wrapPublic(pub) : PublicKey();
}

// ---------------------------------------------------------------- Certificate

Result<Certificate> Certificate::fromPem(const QByteArray &pem)
{
    auto list = listFromPem(pem);
    if (!list)
        return list.error();
    return list.value().first();
}

Result<QList<Certificate>> Certificate::listFromPem(const QByteArray &pem)
{
    if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
        if (pem.contains("PRIVATE KEY-----"))
            return keyError(QStringLiteral("KEY_NOT_CERTIFICATE"),
                QStringLiteral("this is a private key; a certificate (apiclient_cert.pem) is expected"));
        return keyError(QStringLiteral("PEM_MISSING"),
            QStringLiteral("not a PEM certificate (expected -----BEGIN CERTIFICATE-----)"));
    }
    QList<Certificate> out;
    BioPtr bio = memBio(pem);
    while (X509 *x = PEM_read_bio_X509(bio.get(), nullptr, noPassphrase, nullptr))
        out.append(KeyAccess::wrapCertificate(x));
    ERR_clear_error(); // the loop ends on an expected "no start line"
    if (out.isEmpty() || out.size() != pem.count("-----BEGIN CERTIFICATE-----"))
        return keyError(
            QStringLiteral("PEM_INVALID"), QStringLiteral("the certificate PEM is damaged or incomplete"));
    return out;
}

Result<Certificate> Certificate::fromFile(const QString &path)
{
    auto data = readFile(path, "certificate");
    if (!data)
        return data.error();
    return fromPem(data.value());
}

Result<Certificate> Certificate::createSelfSigned(const PrivateKey &key, const SelfSignedOptions &o)
{
    if (key.isNull())
        return keyError(QStringLiteral("KEY_MISSING"), QStringLiteral("no key to sign the certificate with"));
    X509Ptr x(X509_new());
    X509_set_version(x.get(), 2);

    QByteArray serialHex = o.serialHex;
    if (serialHex.isEmpty()) {
        unsigned char raw[20];
        if (RAND_bytes(raw, sizeof raw) != 1)
            return Error::make(ErrorKind::Crypto, QStringLiteral("RANDOM_FAILED"), opensslError());
        serialHex = QByteArray(reinterpret_cast<const char *>(raw), sizeof raw).toHex().toUpper();
        serialHex[0] = '4'; // positive, 40 hex digits, no leading zero
    }
    BIGNUM *bn = nullptr;
    if (!BN_hex2bn(&bn, serialHex.constData()))
        return keyError(QStringLiteral("SERIAL_INVALID"), QStringLiteral("certificate serial is not hex"));
    BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x.get()));
    BN_free(bn);

    const QDateTime from = o.notBefore.isValid() ? o.notBefore : QDateTime::currentDateTimeUtc().addDays(-1);
    const QDateTime to = o.notAfter.isValid() ? o.notAfter : from.addYears(5);
    ASN1_TIME_set(X509_getm_notBefore(x.get()), static_cast<time_t>(from.toSecsSinceEpoch()));
    ASN1_TIME_set(X509_getm_notAfter(x.get()), static_cast<time_t>(to.toSecsSinceEpoch()));

    X509_NAME *name = X509_get_subject_name(x.get());
    auto add = [name](const char *field, const QString &value) {
        if (!value.isEmpty()) {
            const QByteArray utf8 = value.toUtf8();
            X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8,
                reinterpret_cast<const unsigned char *>(utf8.constData()), -1, -1, 0);
        }
    };
    add("C", QStringLiteral("CN"));
    add("O", o.organization);
    add("OU", o.organizationalUnit);
    add("CN", o.commonName.isEmpty() ? QStringLiteral("CouponDesk test") : o.commonName);
    X509_set_issuer_name(x.get(), name);
    X509_set_pubkey(x.get(), KeyAccess::pkey(key));

    QStringList alt;
    for (const QString &dns : o.dnsNames)
        alt << QStringLiteral("DNS:") + dns;
    for (const QString &ip : o.ipAddresses)
        alt << QStringLiteral("IP:") + ip;
    if (!alt.isEmpty()) {
        X509V3_CTX ctx;
        X509V3_set_ctx_nodb(&ctx);
        X509V3_set_ctx(&ctx, x.get(), x.get(), nullptr, nullptr, 0);
        const QByteArray value = alt.join(QLatin1Char(',')).toLatin1();
        X509_EXTENSION *ext = X509V3_EXT_conf_nid(nullptr, &ctx, NID_subject_alt_name, value.constData());
        if (ext) {
            X509_add_ext(x.get(), ext, -1);
            X509_EXTENSION_free(ext);
        }
    }
    if (X509_sign(x.get(), KeyAccess::pkey(key), EVP_sha256()) <= 0)
        return Error::make(ErrorKind::Crypto, QStringLiteral("CERT_SIGN_FAILED"), opensslError());
    return KeyAccess::wrapCertificate(x.release());
}

QString Certificate::serialNumber() const
{
    if (!m_cert)
        return {};
    BIGNUM *bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(KeyAccess::x509(*this)), nullptr);
    if (!bn)
        return {};
    char *hex = BN_bn2hex(bn);
    QString s = QString::fromLatin1(hex).toUpper();
    OPENSSL_free(hex);
    BN_free(bn);
    return normalizeSerial(s);
}

QDateTime Certificate::notBefore() const
{
    return m_cert ? asn1ToDateTime(X509_get0_notBefore(KeyAccess::x509(*this))) : QDateTime();
}

QDateTime Certificate::notAfter() const
{
    return m_cert ? asn1ToDateTime(X509_get0_notAfter(KeyAccess::x509(*this))) : QDateTime();
}

bool Certificate::isValidAt(const QDateTime &when) const
{
    return m_cert && when >= notBefore() && when <= notAfter();
}

QString Certificate::subject() const
{
    return m_cert ? nameToString(X509_get_subject_name(KeyAccess::x509(*this))) : QString();
}

QString Certificate::commonName() const
{
    if (!m_cert)
        return {};
    X509_NAME *name = X509_get_subject_name(KeyAccess::x509(*this));
    const int idx = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
    if (idx < 0)
        return {};
    ASN1_STRING *data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, idx));
    unsigned char *utf8 = nullptr;
    const int len = ASN1_STRING_to_UTF8(&utf8, data);
    if (len < 0)
        return {};
    QString s = QString::fromUtf8(reinterpret_cast<const char *>(utf8), len);
    OPENSSL_free(utf8);
    return s;
}

PublicKey Certificate::publicKey() const
{
    if (!m_cert)
        return {};
    EVP_PKEY *k = X509_get_pubkey(KeyAccess::x509(*this)); // new reference
    return k ? KeyAccess::wrapPublic(k) : PublicKey();
}

bool Certificate::matches(const PrivateKey &key) const
{
    if (!m_cert || key.isNull())
        return false;
    return X509_check_private_key(KeyAccess::x509(*this), KeyAccess::pkey(key)) == 1
        || (ERR_clear_error(), false);
}

QByteArray Certificate::toPem() const
{
    if (!m_cert)
        return {};
    BioPtr bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_X509(bio.get(), KeyAccess::x509(*this));
    return readBio(bio.get());
}

QString normalizeSerial(const QString &serial)
{
    QString out;
    out.reserve(serial.size());
    for (QChar c : serial) {
        if (c == QLatin1Char(' ') || c == QLatin1Char(':') || c == QLatin1Char('-'))
            continue;
        const char16_t u = c.toUpper().unicode();
        if (!((u >= u'0' && u <= u'9') || (u >= u'A' && u <= u'F')))
            return {};
        out.append(QChar(u));
    }
    return out;
}

} // namespace wechatpay
