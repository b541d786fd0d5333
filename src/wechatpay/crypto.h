// SHA256withRSA, AEAD_AES_256_GCM, randomness and key derivation for the whole program.
#pragma once

#include "keys.h"
#include "result.h"

#include <QByteArray>
#include <QByteArrayView>

namespace wechatpay::crypto {

// RSASSA-PKCS1-v1_5 over SHA-256; the signature is returned Base64 (standard alphabet, padded).
Result<QByteArray> signSha256Rsa(const PrivateKey &key, QByteArrayView message);

// Strict: the signature must be canonical Base64 of exactly the key's size.
bool verifySha256Rsa(const PublicKey &key, QByteArrayView message, QByteArrayView signatureBase64);

// AEAD_AES_256_GCM as WeChat Pay uses it: 32-byte key, 12-byte nonce, the last 16 bytes of the input are the
// tag.
Result<QByteArray> aes256GcmDecrypt(
    QByteArrayView key, QByteArrayView nonce, QByteArrayView associatedData, QByteArrayView ciphertextAndTag);
Result<QByteArray> aes256GcmEncrypt(
    QByteArrayView key, QByteArrayView nonce, QByteArrayView associatedData, QByteArrayView plaintext);

// CSPRNG bytes (OpenSSL RAND_bytes). Aborts the program if the CSPRNG fails: nothing safe can follow.
QByteArray randomBytes(int count);
// count characters of [0-9A-Za-z] from the CSPRNG, without modulo bias.
QByteArray randomAlphanumeric(int count);

QByteArray sha256(QByteArrayView data);
QString opensslVersion(); // e.g. "OpenSSL 3.0.19 …" (for About boxes and bug reports)
QByteArray pbkdf2Sha256(QByteArrayView password, QByteArrayView salt, int iterations, int length);
bool constantTimeEquals(QByteArrayView a, QByteArrayView b);

// Strict Base64 (standard alphabet, padding required); nullopt on any other character.
std::optional<QByteArray> decodeBase64Strict(QByteArrayView text);

} // namespace wechatpay::crypto
