// Internal: RAII wrappers for OpenSSL objects and access to the handles behind the Qt-typed classes.
#pragma once

#include "keys.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <QByteArray>
#include <QString>

#include <memory>

namespace wechatpay::detail {

struct BioFree
{
    void operator()(BIO *b) const { BIO_free(b); }
};
struct PkeyFree
{
    void operator()(EVP_PKEY *k) const { EVP_PKEY_free(k); }
};
struct X509Free
{
    void operator()(X509 *x) const { X509_free(x); }
};
struct MdCtxFree
{
    void operator()(EVP_MD_CTX *c) const { EVP_MD_CTX_free(c); }
};
struct CipherCtxFree
{
    void operator()(EVP_CIPHER_CTX *c) const { EVP_CIPHER_CTX_free(c); }
};
struct PkeyCtxFree
{
    void operator()(EVP_PKEY_CTX *c) const { EVP_PKEY_CTX_free(c); }
};

using BioPtr = std::unique_ptr<BIO, BioFree>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;
using X509Ptr = std::unique_ptr<X509, X509Free>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;
using CipherCtxPtr = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree>;

BioPtr memBio(QByteArrayView data);
QByteArray readBio(BIO *bio);
// The newest OpenSSL error text (and clears the queue); for developer messages only.
QString opensslError();

struct KeyAccess
{
    static EVP_PKEY *pkey(const PrivateKey &k) { return static_cast<EVP_PKEY *>(k.m_key.get()); }
    static EVP_PKEY *pkey(const PublicKey &k) { return static_cast<EVP_PKEY *>(k.m_key.get()); }
    static X509 *x509(const Certificate &c) { return static_cast<X509 *>(c.m_cert.get()); }
    static PrivateKey wrapPrivate(EVP_PKEY *k); // takes ownership
    static PublicKey wrapPublic(EVP_PKEY *k); // takes ownership
    static Certificate wrapCertificate(X509 *x); // takes ownership
};

} // namespace wechatpay::detail
