// Keys, SHA256withRSA and AEAD_AES_256_GCM against known answers and the openssl command line.
#include "testvectors.h"

#include "wechatpay/certificates.h"
#include "wechatpay/crypto.h"
#include "wechatpay/keys.h"

#include <QCryptographicHash>
#include <QDir>
#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace wechatpay;

class TestWechatpayCrypto : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    QString m_openssl;

    QString writeFile(const QString &name, const QByteArray &data)
    {
        const QString path = m_tmp.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(data) != data.size())
            qFatal("cannot write %s", qPrintable(path));
        return path;
    }

    QByteArray runOpenssl(const QStringList &args, const QByteArray &input = {})
    {
        QProcess p;
        p.start(m_openssl, args);
        p.write(input);
        p.closeWriteChannel();
        if (!p.waitForFinished(30000) || p.exitCode() != 0)
            qFatal("openssl %s failed: %s", qPrintable(args.join(QLatin1Char(' '))),
                p.readAllStandardError().constData());
        return p.readAllStandardOutput();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        m_openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
        QVERIFY2(!m_openssl.isEmpty(), "the openssl command line is needed (Debian package openssl)");
    }

    void vectorsMatchSharedCopy()
    {
        // tests/data/vectors is a copy of ../shared/data/vectors so the repo stands alone; keep them equal.
        const QDir shared(QStringLiteral(COUPONDESK_SHARED_VECTORS_DIR));
        if (!shared.exists())
            QSKIP("../shared/data/vectors is not beside this checkout");
        for (const QString &name : shared.entryList({ QStringLiteral("*.json") }, QDir::Files)) {
            QFile a(shared.filePath(name));
            QFile b(testsupport::dataDir() + QStringLiteral("/vectors/") + name);
            QVERIFY(a.open(QIODevice::ReadOnly));
            QVERIFY2(b.open(QIODevice::ReadOnly),
                qPrintable(name + QStringLiteral(" missing from tests/data/vectors")));
            QCOMPARE(b.readAll(), a.readAll());
        }
    }

    void signVectors_data()
    {
        QTest::addColumn<QByteArray>("keyPem");
        QTest::addColumn<QByteArray>("message");
        QTest::addColumn<QByteArray>("signature");
        const QJsonObject v = testsupport::signingVectors();
        for (const QJsonValue &item : v.value(QLatin1String("sign_vectors")).toArray()) {
            const QJsonObject o = item.toObject();
            QTest::newRow(qPrintable(o.value(QLatin1String("name")).toString()))
                << testsupport::keyPem(o.value(QLatin1String("key")).toString(), "private_key_pem")
                << o.value(QLatin1String("message")).toString().toUtf8()
                << o.value(QLatin1String("signature")).toString().toLatin1();
        }
    }
    void signVectors()
    {
        QFETCH(QByteArray, keyPem);
        QFETCH(QByteArray, message);
        QFETCH(QByteArray, signature);
        auto key = PrivateKey::fromPem(keyPem);
        QVERIFY2(key.ok(), qPrintable(key.error().toString()));
        auto sig = crypto::signSha256Rsa(key.value(), message);
        QVERIFY(sig.ok());
        QCOMPARE(sig.value(), signature);
        QVERIFY(crypto::verifySha256Rsa(key->publicKey(), message, signature));
        QVERIFY(!crypto::verifySha256Rsa(key->publicKey(), QByteArray(message + ' '), signature));
    }

    void signaturesMatchOpensslCommandLine_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("empty body (GET)") << QByteArray();
        QTest::newRow("Chinese reason")
            << QStringLiteral("{\"deactivate_reason\":\"此券使用时间设置错误，作废\"}").toUtf8();
        QTest::newRow("body ending in newline") << QByteArray("Hello World!\n");
        auto *rng = QRandomGenerator::global();
        for (int i = 0; i < 8; ++i) {
            QString s;
            const int len = rng->bounded(1, 400);
            for (int j = 0; j < len; ++j) {
                const int pick = rng->bounded(4);
                if (pick == 0)
                    s += QChar(char16_t(rng->bounded(0x4E00, 0x9FA5))); // CJK
                else
                    s += QChar(char16_t(rng->bounded(0x20, 0x7F)));
            }
            QTest::newRow(qPrintable(QStringLiteral("random mixed body %1").arg(i))) << s.toUtf8();
        }
    }
    void signaturesMatchOpensslCommandLine()
    {
        QFETCH(QByteArray, body);
        static PrivateKey key = PrivateKey::generateRsa(2048).value();
        const QString keyFile = writeFile(QStringLiteral("random.pem"), key.toPem());
        const QByteArray message
            = "POST\n/v3/marketing/busifavor/coupons/deactivate\n1554208460\nNONCE\n" + body + '\n';
        const QByteArray expected = runOpenssl(
            { QStringLiteral("dgst"), QStringLiteral("-sha256"), QStringLiteral("-sign"), keyFile }, message)
                                        .toBase64();
        auto ours = crypto::signSha256Rsa(key, message);
        QVERIFY(ours.ok());
        QCOMPARE(ours.value(), expected);
        // and openssl accepts what we verify
        const QString pubFile = writeFile(QStringLiteral("random.pub"), key.publicKey().toPem());
        const QString sigFile = writeFile(QStringLiteral("sig.bin"), QByteArray::fromBase64(ours.value()));
        runOpenssl({ QStringLiteral("dgst"), QStringLiteral("-sha256"), QStringLiteral("-verify"), pubFile,
                       QStringLiteral("-signature"), sigFile },
            message);
    }

    void verifyVectors_data()
    {
        QTest::addColumn<QByteArray>("publicKeyPem");
        QTest::addColumn<QByteArray>("message");
        QTest::addColumn<QByteArray>("signature");
        QTest::addColumn<bool>("valid");
        for (const QJsonValue &item :
            testsupport::signingVectors().value(QLatin1String("verify_vectors")).toArray()) {
            const QJsonObject o = item.toObject();
            const QByteArray message = o.value(QLatin1String("wechatpay_timestamp")).toString().toUtf8()
                + '\n' + o.value(QLatin1String("wechatpay_nonce")).toString().toUtf8() + '\n'
                + o.value(QLatin1String("body")).toString().toUtf8() + '\n';
            QTest::newRow(qPrintable(o.value(QLatin1String("name")).toString()))
                << testsupport::keyPem(o.value(QLatin1String("key")).toString(), "public_key_pem") << message
                << o.value(QLatin1String("signature")).toString().toLatin1()
                << o.value(QLatin1String("valid")).toBool();
        }
    }
    void verifyVectors()
    {
        QFETCH(QByteArray, publicKeyPem);
        QFETCH(QByteArray, message);
        QFETCH(QByteArray, signature);
        QFETCH(bool, valid);
        auto key = PublicKey::fromPem(publicKeyPem);
        QVERIFY2(key.ok(), qPrintable(key.error().toString()));
        QCOMPARE(crypto::verifySha256Rsa(key.value(), message, signature), valid);
    }

    void privateKeyFormats()
    {
        const QByteArray pkcs8
            = testsupport::keyPem(QStringLiteral("official_doc_test_key"), "private_key_pem");
        const QString pkcs8File = writeFile(QStringLiteral("pkcs8.pem"), pkcs8);
        const QByteArray pkcs1 = runOpenssl(
            { QStringLiteral("rsa"), QStringLiteral("-in"), pkcs8File, QStringLiteral("-traditional") });
        QVERIFY(pkcs1.contains("BEGIN RSA PRIVATE KEY"));
        auto a = PrivateKey::fromPem(pkcs8);
        auto b = PrivateKey::fromPem(pkcs1);
        QVERIFY(a.ok());
        QVERIFY2(b.ok(), qPrintable(b.error().toString()));
        QCOMPARE(a->bits(), 2048);
        QCOMPARE(a->publicKey(), b->publicKey());
        // from a file, too
        auto c = PrivateKey::fromFile(pkcs8File);
        QVERIFY(c.ok());
        QCOMPARE(c->publicKey(), a->publicKey());
    }

    void badPrivateKeysGetClearErrors_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("expectedCode");
        QTest::newRow("encrypted PKCS#8") << QStringLiteral("encrypted") << QStringLiteral("KEY_ENCRYPTED");
        QTest::newRow("1024-bit key") << QStringLiteral("short") << QStringLiteral("KEY_TOO_SHORT");
        QTest::newRow("EC key") << QStringLiteral("ec") << QStringLiteral("KEY_NOT_RSA");
        QTest::newRow("garbled base64") << QStringLiteral("garbled") << QStringLiteral("PEM_INVALID");
        QTest::newRow("truncated file") << QStringLiteral("truncated") << QStringLiteral("PEM_INVALID");
        QTest::newRow("a certificate instead")
            << QStringLiteral("cert") << QStringLiteral("CERTIFICATE_NOT_KEY");
        QTest::newRow("a public key instead")
            << QStringLiteral("public") << QStringLiteral("PUBLIC_NOT_PRIVATE");
        QTest::newRow("not PEM at all") << QStringLiteral("text") << QStringLiteral("PEM_MISSING");
        QTest::newRow("empty file") << QStringLiteral("empty") << QStringLiteral("FILE_EMPTY");
        QTest::newRow("missing file") << QStringLiteral("missing") << QStringLiteral("FILE_NOT_FOUND");
    }
    void badPrivateKeysGetClearErrors()
    {
        QFETCH(QString, kind);
        QFETCH(QString, expectedCode);
        const QByteArray good
            = testsupport::keyPem(QStringLiteral("official_doc_test_key"), "private_key_pem");
        const QString goodFile = writeFile(QStringLiteral("good.pem"), good);
        QByteArray pem;
        if (kind == QLatin1String("encrypted"))
            pem = runOpenssl({ QStringLiteral("pkcs8"), QStringLiteral("-topk8"), QStringLiteral("-in"),
                goodFile, QStringLiteral("-v2"), QStringLiteral("aes-256-cbc"), QStringLiteral("-passout"),
                QStringLiteral("pass:secret") });
        else if (kind == QLatin1String("short"))
            pem = runOpenssl({ QStringLiteral("genpkey"), QStringLiteral("-algorithm"), QStringLiteral("RSA"),
                QStringLiteral("-pkeyopt"), QStringLiteral("rsa_keygen_bits:1024") });
        else if (kind == QLatin1String("ec"))
            pem = runOpenssl({ QStringLiteral("genpkey"), QStringLiteral("-algorithm"), QStringLiteral("EC"),
                QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256") });
        else if (kind == QLatin1String("garbled")) {
            pem = good;
            pem.replace(100, 40, QByteArray(40, '!'));
        } else if (kind == QLatin1String("truncated"))
            pem = good.left(good.size() / 2) + "\n-----END PRIVATE KEY-----\n";
        else if (kind == QLatin1String("cert")) {
            auto cert = Certificate::createSelfSigned(PrivateKey::fromPem(good).value(), {});
            pem = cert->toPem();
        } else if (kind == QLatin1String("public"))
            pem = testsupport::keyPem(QStringLiteral("official_doc_test_key"), "public_key_pem");
        else if (kind == QLatin1String("text"))
            pem = "mchid=1900007291\n";

        Result<PrivateKey> key = kind == QLatin1String("missing")
            ? PrivateKey::fromFile(m_tmp.filePath(QStringLiteral("no-such-key.pem")))
            : PrivateKey::fromFile(writeFile(QStringLiteral("bad-") + kind + QStringLiteral(".pem"), pem));
        QVERIFY(!key.ok());
        QCOMPARE(key.error().code, expectedCode);
        QCOMPARE(key.error().kind, ErrorKind::Key);
        QVERIFY(!key.error().message.isEmpty());
    }

    void publicKeyFormats()
    {
        const QByteArray spki
            = testsupport::keyPem(QStringLiteral("official_response_sample_key"), "public_key_pem");
        const QString spkiFile = writeFile(QStringLiteral("pub.pem"), spki);
        const QByteArray pkcs1 = runOpenssl({ QStringLiteral("rsa"), QStringLiteral("-pubin"),
            QStringLiteral("-in"), spkiFile, QStringLiteral("-RSAPublicKey_out") });
        QVERIFY(pkcs1.contains("BEGIN RSA PUBLIC KEY"));
        auto a = PublicKey::fromPem(spki);
        auto b = PublicKey::fromPem(pkcs1);
        QVERIFY(a.ok());
        QVERIFY2(b.ok(), qPrintable(b.error().toString()));
        QCOMPARE(a.value(), b.value());
        QCOMPARE(a->bits(), 2048);
        QCOMPARE(PublicKey::fromPem(
                     testsupport::keyPem(QStringLiteral("official_doc_test_key"), "private_key_pem"))
                     .error()
                     .code,
            QStringLiteral("PRIVATE_NOT_PUBLIC"));
        QCOMPARE(
            PublicKey::fromPem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n").error().code,
            QStringLiteral("PEM_INVALID"));
    }

    void certificateSerialValidityAndKeyMatch()
    {
        auto key = PrivateKey::fromPem(
            testsupport::keyPem(QStringLiteral("official_doc_test_key"), "private_key_pem"));
        Certificate::SelfSignedOptions o;
        o.commonName = QStringLiteral("1900007291");
        o.organization = QStringLiteral("微信支付测试商户");
        o.serialHex = "408B07E79B8269FEC3D5D3E6AB8ED163A6A380DB";
        o.notBefore = QDateTime::fromString(QStringLiteral("2024-01-01T00:00:00Z"), Qt::ISODate);
        o.notAfter = QDateTime::fromString(QStringLiteral("2029-01-01T00:00:00Z"), Qt::ISODate);
        auto cert = Certificate::createSelfSigned(key.value(), o);
        QVERIFY(cert.ok());
        // reload through PEM and compare with the openssl command line's reading
        auto loaded = Certificate::fromPem(cert->toPem());
        QVERIFY(loaded.ok());
        QCOMPARE(loaded->serialNumber(), QStringLiteral("408B07E79B8269FEC3D5D3E6AB8ED163A6A380DB"));
        const QString certFile = writeFile(QStringLiteral("cert.pem"), cert->toPem());
        const QByteArray serialLine = runOpenssl({ QStringLiteral("x509"), QStringLiteral("-in"), certFile,
            QStringLiteral("-noout"), QStringLiteral("-serial") });
        QCOMPARE(serialLine.trimmed(), QByteArray("serial=408B07E79B8269FEC3D5D3E6AB8ED163A6A380DB"));
        QCOMPARE(loaded->notBefore(), o.notBefore);
        QCOMPARE(loaded->notAfter(), o.notAfter);
        QCOMPARE(loaded->commonName(), QStringLiteral("1900007291"));
        QVERIFY(loaded->subject().contains(QStringLiteral("微信支付测试商户")));
        QVERIFY(loaded->matches(key.value()));
        QVERIFY(
            loaded->isValidAt(QDateTime::fromString(QStringLiteral("2026-06-01T00:00:00Z"), Qt::ISODate)));
        QVERIFY(
            !loaded->isValidAt(QDateTime::fromString(QStringLiteral("2030-06-01T00:00:00Z"), Qt::ISODate)));

        auto other = PrivateKey::fromPem(
            testsupport::keyPem(QStringLiteral("wechatpay_go_test_key"), "private_key_pem"));
        QVERIFY(!loaded->matches(other.value()));
    }

    void certificateBundles()
    {
        auto k = PrivateKey::generateRsa(2048);
        Certificate::SelfSignedOptions a, b;
        a.serialHex = "1111111111111111111111111111111111111111";
        b.serialHex = "2222222222222222222222222222222222222222";
        const QByteArray bundle = Certificate::createSelfSigned(k.value(), a)->toPem()
            + Certificate::createSelfSigned(k.value(), b)->toPem();
        auto list = Certificate::listFromPem(bundle);
        QVERIFY(list.ok());
        QCOMPARE(list->size(), 2);
        QCOMPARE(list->at(1).serialNumber(), QStringLiteral("2222222222222222222222222222222222222222"));
        QByteArray damaged = bundle;
        damaged.replace(bundle.size() - 200, 50, QByteArray(50, '#'));
        QVERIFY(!Certificate::listFromPem(damaged).ok());
        QCOMPARE(Certificate::fromPem(k->toPem()).error().code, QStringLiteral("KEY_NOT_CERTIFICATE"));
        QCOMPARE(normalizeSerial(QStringLiteral("40:8b:07 e7")), QStringLiteral("408B07E7"));
        QVERIFY(normalizeSerial(QStringLiteral("PUB_KEY_ID_1")).isEmpty());
    }

    void aesGcmSmallVector()
    {
        const QJsonObject v = testsupport::aeadVectors().value(QLatin1String("small_vector")).toObject();
        const QByteArray key = v.value(QLatin1String("key")).toString().toLatin1();
        const QByteArray aad = v.value(QLatin1String("associated_data")).toString().toLatin1();
        const QByteArray nonce = v.value(QLatin1String("nonce")).toString().toLatin1();
        const QByteArray ct
            = QByteArray::fromBase64(v.value(QLatin1String("ciphertext_b64")).toString().toLatin1());
        auto plain = crypto::aes256GcmDecrypt(key, nonce, aad, ct);
        QVERIFY(plain.ok());
        QCOMPARE(plain.value(), QByteArray("message"));
        auto enc = crypto::aes256GcmEncrypt(key, nonce, aad, "message");
        QVERIFY(enc.ok());
        QCOMPARE(enc.value(), ct);

        QByteArray tampered = ct;
        tampered[0] = char(tampered[0] ^ 1);
        QCOMPARE(crypto::aes256GcmDecrypt(key, nonce, aad, tampered).error().code,
            QStringLiteral("GCM_AUTH_FAILED"));
        QCOMPARE(crypto::aes256GcmDecrypt(key, nonce, "otherData", ct).error().code,
            QStringLiteral("GCM_AUTH_FAILED"));
        QCOMPARE(crypto::aes256GcmDecrypt(key, nonce, aad, ct.left(10)).error().code,
            QStringLiteral("CIPHERTEXT_SHORT"));
        // A 16-byte key (the Go SDK's AES-128 example) is not an APIv3 key.
        QCOMPARE(
            crypto::aes256GcmDecrypt("testAPIv3Key0000", "wCq51qZv4Yfg", "Dl56FrqWQJF1t9LtC3vEUsniZKvbqdR8",
                QByteArray::fromBase64("FsdXzxryWfKwvLJKf8LG/ToRPTRh8RN9wROC"))
                .error()
                .code,
            QStringLiteral("APIV3_KEY_LENGTH"));
    }

    void certificateDownloadDecrypts()
    {
        const QJsonObject v = testsupport::aeadVectors();
        const QByteArray body = QJsonDocument(v.value(QLatin1String("certificates_response")).toObject())
                                    .toJson(QJsonDocument::Compact);
        const QJsonObject expected = v.value(QLatin1String("expected")).toObject();
        auto certs
            = decodeCertificatesResponse(body, v.value(QLatin1String("api_v3_key")).toString().toLatin1());
        QVERIFY2(certs.ok(), qPrintable(certs.error().toString()));
        QCOMPARE(certs->size(), 1);
        const PlatformCertificate &pc = certs->first();
        QCOMPARE(pc.certificate.serialNumber(), expected.value(QLatin1String("serial_no")).toString());
        QCOMPARE(pc.certificate.notBefore(),
            QDateTime::fromString(expected.value(QLatin1String("not_before")).toString(), Qt::ISODate));
        QCOMPARE(pc.certificate.notAfter(),
            QDateTime::fromString(expected.value(QLatin1String("not_after")).toString(), Qt::ISODate));
        QCOMPARE(pc.certificate.commonName(), expected.value(QLatin1String("subject_cn")).toString());
        QCOMPARE(pc.effectiveTime, pc.certificate.notBefore());

        auto wrongKey = decodeCertificatesResponse(body, "a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gc");
        QVERIFY(!wrongKey.ok());
        QVERIFY(wrongKey.error().message.contains(QStringLiteral("APIv3 key is wrong")));
        QCOMPARE(decodeCertificatesResponse(body, "short").error().code, QStringLiteral("APIV3_KEY_LENGTH"));
        QByteArray lied = body;
        lied.replace("\"serial_no\":\"5DEA", "\"serial_no\":\"6DEA");
        QCOMPARE(decodeCertificatesResponse(lied, v.value(QLatin1String("api_v3_key")).toString().toLatin1())
                     .error()
                     .code,
            QStringLiteral("CERTIFICATES_MALFORMED"));
    }

    void certificateDownloadRoundTrip()
    {
        auto k = PrivateKey::generateRsa(2048);
        auto c = Certificate::createSelfSigned(k.value(), {});
        const QByteArray apiKey = crypto::randomAlphanumeric(32);
        auto body = encodeCertificatesResponse({ c.value() }, apiKey);
        QVERIFY(body.ok());
        auto back = decodeCertificatesResponse(body.value(), apiKey);
        QVERIFY(back.ok());
        QCOMPARE(back->first().certificate.serialNumber(), c->serialNumber());
    }

    void randomness()
    {
        const QByteArray a = crypto::randomAlphanumeric(32);
        const QByteArray b = crypto::randomAlphanumeric(32);
        QCOMPARE(a.size(), 32);
        QVERIFY(a != b);
        for (char ch : QByteArray(a + b))
            QVERIFY((ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z'));
        // all 62 symbols show up over enough draws (no truncated alphabet)
        QSet<char> seen;
        const QByteArray many = crypto::randomAlphanumeric(20000);
        for (char ch : many)
            seen.insert(ch);
        QCOMPARE(seen.size(), 62);
    }

    void pbkdf2KnownAnswer()
    {
        // PBKDF2-HMAC-SHA256, P="password", S="salt", c=1 and c=4096 (RFC 7914 §11 style vectors)
        QCOMPARE(crypto::pbkdf2Sha256("password", "salt", 1, 32).toHex(),
            QByteArray("120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b"));
        QCOMPARE(crypto::pbkdf2Sha256("password", "salt", 4096, 32).toHex(),
            QByteArray("c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a"));
        QVERIFY(crypto::constantTimeEquals("abc", "abc"));
        QVERIFY(!crypto::constantTimeEquals("abc", "abd"));
        QVERIFY(!crypto::constantTimeEquals("abc", "abcd"));
    }

    void strictBase64()
    {
        QVERIFY(crypto::decodeBase64Strict("aGVsbG8=").has_value());
        QVERIFY(!crypto::decodeBase64Strict("aGVsbG8").has_value()); // missing padding
        QVERIFY(!crypto::decodeBase64Strict("aGVs bG8=").has_value()); // space
        QVERIFY(!crypto::decodeBase64Strict("aGVsbG9=").has_value()); // non-zero trailing bits
        QVERIFY(!crypto::decodeBase64Strict("aGVs-G8=").has_value()); // URL alphabet
        QVERIFY(!crypto::decodeBase64Strict("a=Vsb G8").has_value());
        QVERIFY(!crypto::decodeBase64Strict("").has_value());
    }
};

QTEST_GUILESS_MAIN(TestWechatpayCrypto)
#include "test_wechatpay_crypto.moc"
