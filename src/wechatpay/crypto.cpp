#include "crypto.h"

#include "ossl.h"

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/rand.h>

#include <cstdlib>

namespace wechatpay::crypto {

using namespace detail;

namespace {

Error cryptoError(const char *code, const QString &message)
{
    return Error::make(ErrorKind::Crypto, QString::fromLatin1(code), message);
}

bool isBase64Char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
}

} // namespace

std::optional<QByteArray> decodeBase64Strict(QByteArrayView text)
{
    if (text.isEmpty() || text.size() % 4 != 0)
        return std::nullopt;
    qsizetype padding = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '=') {
            if (i < text.size() - 2)
                return std::nullopt;
            ++padding;
        } else if (padding > 0 || !isBase64Char(c)) {
            return std::nullopt;
        }
    }
    auto decoded
        = QByteArray::fromBase64Encoding(text.toByteArray(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    // Canonical form only: re-encoding must give the same text (rejects non-zero trailing bits).
    if (decoded.decoded.toBase64() != text)
        return std::nullopt;
    return decoded.decoded;
}

Result<QByteArray> signSha256Rsa(const PrivateKey &key, QByteArrayView message)
{
    EVP_PKEY *pkey = KeyAccess::pkey(key);
    if (!pkey)
        return Error::make(
            ErrorKind::Key, QStringLiteral("KEY_MISSING"), QStringLiteral("no private key loaded"));
    MdCtxPtr ctx(EVP_MD_CTX_new());
    size_t len = 0;
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, pkey) != 1
        || EVP_DigestSign(ctx.get(), nullptr, &len, reinterpret_cast<const unsigned char *>(message.data()),
               static_cast<size_t>(message.size()))
            != 1)
        return cryptoError("SIGN_FAILED", opensslError());
    QByteArray sig(static_cast<qsizetype>(len), Qt::Uninitialized);
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char *>(sig.data()), &len,
            reinterpret_cast<const unsigned char *>(message.data()), static_cast<size_t>(message.size()))
        != 1)
        return cryptoError("SIGN_FAILED", opensslError());
    sig.resize(static_cast<qsizetype>(len));
    return sig.toBase64();
}

bool verifySha256Rsa(const PublicKey &key, QByteArrayView message, QByteArrayView signatureBase64)
{
    EVP_PKEY *pkey = KeyAccess::pkey(key);
    if (!pkey)
        return false;
    const auto sig = decodeBase64Strict(signatureBase64);
    if (!sig || sig->size() != EVP_PKEY_get_size(pkey))
        return false;
    MdCtxPtr ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, pkey) != 1)
        return false;
    const int rc = EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char *>(sig->constData()),
        static_cast<size_t>(sig->size()), reinterpret_cast<const unsigned char *>(message.data()),
        static_cast<size_t>(message.size()));
    ERR_clear_error();
    return rc == 1;
}

static Result<QByteArray> gcm(
    bool encrypt, QByteArrayView key, QByteArrayView nonce, QByteArrayView aad, QByteArrayView input)
{
    if (key.size() != 32)
        return Error::make(ErrorKind::Key, QStringLiteral("APIV3_KEY_LENGTH"),
            QStringLiteral("the APIv3 key must be exactly 32 bytes (it has %1)").arg(key.size()));
    if (nonce.size() != 12)
        return cryptoError("NONCE_LENGTH",
            QStringLiteral("AEAD_AES_256_GCM needs a 12-byte nonce (got %1)").arg(nonce.size()));
    constexpr int tagLen = 16;
    if (!encrypt && input.size() < tagLen)
        return cryptoError("CIPHERTEXT_SHORT", QStringLiteral("ciphertext shorter than its 16-byte tag"));
    const QByteArrayView data = encrypt ? input : input.first(input.size() - tagLen);

    CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
    const auto *k = reinterpret_cast<const unsigned char *>(key.data());
    const auto *iv = reinterpret_cast<const unsigned char *>(nonce.data());
    if (!ctx
        || EVP_CipherInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr, encrypt ? 1 : 0) != 1
        || EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, 12, nullptr) != 1
        || EVP_CipherInit_ex(ctx.get(), nullptr, nullptr, k, iv, -1) != 1)
        return cryptoError("GCM_INIT", opensslError());
    int len = 0;
    if (!aad.isEmpty()
        && EVP_CipherUpdate(ctx.get(), nullptr, &len, reinterpret_cast<const unsigned char *>(aad.data()),
               static_cast<int>(aad.size()))
            != 1)
        return cryptoError("GCM_AAD", opensslError());
    QByteArray out(data.size() + tagLen, Qt::Uninitialized);
    auto *o = reinterpret_cast<unsigned char *>(out.data());
    int total = 0;
    if (!data.isEmpty()) {
        if (EVP_CipherUpdate(ctx.get(), o, &len, reinterpret_cast<const unsigned char *>(data.data()),
                static_cast<int>(data.size()))
            != 1)
            return cryptoError("GCM_UPDATE", opensslError());
        total = len;
    }
    if (!encrypt) {
        QByteArray tag = input.last(tagLen).toByteArray();
        if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, tagLen, tag.data()) != 1)
            return cryptoError("GCM_TAG", opensslError());
    }
    if (EVP_CipherFinal_ex(ctx.get(), o + total, &len) != 1) {
        ERR_clear_error();
        return cryptoError("GCM_AUTH_FAILED",
            QStringLiteral("AEAD_AES_256_GCM authentication failed: wrong APIv3 key or damaged data"));
    }
    total += len;
    if (encrypt) {
        if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, tagLen, o + total) != 1)
            return cryptoError("GCM_TAG", opensslError());
        total += tagLen;
    }
    out.resize(total);
    return out;
}

Result<QByteArray> aes256GcmDecrypt(
    QByteArrayView key, QByteArrayView nonce, QByteArrayView associatedData, QByteArrayView ciphertextAndTag)
{
    return gcm(false, key, nonce, associatedData, ciphertextAndTag);
}

Result<QByteArray> aes256GcmEncrypt(
    QByteArrayView key, QByteArrayView nonce, QByteArrayView associatedData, QByteArrayView plaintext)
{
    return gcm(true, key, nonce, associatedData, plaintext);
}

QByteArray randomBytes(int count)
{
    QByteArray out(count, Qt::Uninitialized);
    if (count > 0 && RAND_bytes(reinterpret_cast<unsigned char *>(out.data()), count) != 1) {
        qFatal("OpenSSL CSPRNG failure: refusing to continue without secure randomness");
    }
    return out;
}

QByteArray randomAlphanumeric(int count)
{
    static constexpr char alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    QByteArray out;
    out.reserve(count);
    while (out.size() < count) {
        const QByteArray raw = randomBytes(count);
        for (char c : raw) {
            const auto v = static_cast<unsigned char>(c);
            if (v < 248 && out.size() < count) // 248 = 62 * 4: reject the rest to avoid bias
                out.append(alphabet[v % 62]);
        }
    }
    return out;
}

QString opensslVersion()
{
    return QString::fromLatin1(OpenSSL_version(OPENSSL_VERSION));
}

QByteArray sha256(QByteArrayView data)
{
    unsigned char md[32];
    unsigned int len = 0;
    EVP_Digest(data.data(), static_cast<size_t>(data.size()), md, &len, EVP_sha256(), nullptr);
    return QByteArray(reinterpret_cast<const char *>(md), static_cast<qsizetype>(len));
}

QByteArray pbkdf2Sha256(QByteArrayView password, QByteArrayView salt, int iterations, int length)
{
    QByteArray out(length, Qt::Uninitialized);
    if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
            reinterpret_cast<const unsigned char *>(salt.data()), static_cast<int>(salt.size()), iterations,
            EVP_sha256(), length, reinterpret_cast<unsigned char *>(out.data()))
        != 1)
        return {};
    return out;
}

bool constantTimeEquals(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size())
        return false;
    return CRYPTO_memcmp(a.data(), b.data(), static_cast<size_t>(a.size())) == 0;
}

} // namespace wechatpay::crypto
