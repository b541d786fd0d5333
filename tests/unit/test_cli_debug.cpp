// coupondesk-cli sign / verify, run as the real executable.
#include "testvectors.h"

#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

class TestCliDebug : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    struct Run
    {
        int exitCode;
        QByteArray out;
        QByteArray err;
        QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
    };

    Run cli(const QStringList &args, const QByteArray &stdinData = {})
    {
        QProcess p;
        p.start(QStringLiteral(COUPONDESK_CLI_PATH), args);
        p.write(stdinData);
        p.closeWriteChannel();
        if (!p.waitForFinished(30000))
            qFatal("coupondesk-cli did not finish");
        return { p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError() };
    }

    QString file(const QString &name, const QByteArray &data)
    {
        QFile f(m_tmp.filePath(name));
        if (!f.open(QIODevice::WriteOnly))
            qFatal("cannot write");
        f.write(data);
        return f.fileName();
    }

private Q_SLOTS:
    void signReproducesTheDocumentVector()
    {
        const QJsonObject v
            = testsupport::signingVectors().value(QLatin1String("authorization_vector")).toObject();
        const QString key = file(QStringLiteral("doc.pem"),
            testsupport::keyPem(QStringLiteral("official_doc_test_key"), "private_key_pem"));
        Run r = cli({ QStringLiteral("--json"), QStringLiteral("sign"), QStringLiteral("--key"), key,
            QStringLiteral("--mchid"), QStringLiteral("1900007291"), QStringLiteral("--serial"),
            QStringLiteral("408B07E79B8269FEC3D5D3E6AB8ED163A6A380DB"), QStringLiteral("--method"),
            QStringLiteral("GET"), QStringLiteral("--url"), v.value(QLatin1String("url")).toString(),
            QStringLiteral("--timestamp"), QStringLiteral("1554208460"), QStringLiteral("--nonce"),
            QStringLiteral("593BEC0C930BF1AFEB40B4A08C8FB242") });
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.json().value(QLatin1String("signature")).toString(),
            v.value(QLatin1String("signature")).toString());
        QCOMPARE(r.json().value(QLatin1String("message_escaped")).toString(),
            QStringLiteral("GET\\n/v3/refund/domestic/refunds/"
                           "123123123123\\n1554208460\\n593BEC0C930BF1AFEB40B4A08C8FB242\\n\\n"));
        QVERIFY(r.json()
                    .value(QLatin1String("authorization"))
                    .toString()
                    .startsWith(QLatin1String("WECHATPAY2-SHA256-RSA2048 mchid=\"1900007291\"")));
        // plain text form shows the escaped message and the header
        Run text = cli({ QStringLiteral("sign"), QStringLiteral("--key"), key, QStringLiteral("--mchid"),
            QStringLiteral("1900007291"), QStringLiteral("--serial"), QStringLiteral("408B"),
            QStringLiteral("--method"), QStringLiteral("GET"), QStringLiteral("--url"),
            QStringLiteral("/v3/certificates"), QStringLiteral("--timestamp"), QStringLiteral("1"),
            QStringLiteral("--nonce"), QStringLiteral("N") });
        QCOMPARE(text.exitCode, 0);
        QVERIFY(text.out.contains("signed message (escaped): GET\\n/v3/certificates\\n1\\nN\\n\\n"));
        QVERIFY(text.out.contains("Authorization: WECHATPAY2-SHA256-RSA2048 "));
    }

    void signsChineseBodyFromFileAndStdin()
    {
        const QJsonObject all = testsupport::loadJson(QStringLiteral("busifavor_vectors.json"));
        const QJsonObject d1 = all.value(QLatin1String("requests")).toArray().at(1).toObject();
        const QString key = file(QStringLiteral("doc2.pem"),
            testsupport::keyPem(QStringLiteral("official_doc_test_key"), "private_key_pem"));
        const QByteArray body = d1.value(QLatin1String("body")).toString().toUtf8();
        const QStringList common { QStringLiteral("--json"), QStringLiteral("sign"), QStringLiteral("--key"),
            key, QStringLiteral("--mchid"), QStringLiteral("1900007291"), QStringLiteral("--serial"),
            QStringLiteral("408B07E79B8269FEC3D5D3E6AB8ED163A6A380DB"), QStringLiteral("--method"),
            QStringLiteral("POST"), QStringLiteral("--url"), d1.value(QLatin1String("url")).toString(),
            QStringLiteral("--timestamp"), QStringLiteral("1554208460"), QStringLiteral("--nonce"),
            QStringLiteral("593BEC0C930BF1AFEB40B4A08C8FB242") };
        Run fromFile = cli(
            common + QStringList { QStringLiteral("--body-file"), file(QStringLiteral("body.json"), body) });
        QCOMPARE(fromFile.exitCode, 0);
        QCOMPARE(fromFile.json().value(QLatin1String("signature")).toString(),
            d1.value(QLatin1String("signature")).toString());
        Run fromStdin
            = cli(common + QStringList { QStringLiteral("--body-file"), QStringLiteral("-") }, body);
        QCOMPARE(fromStdin.json().value(QLatin1String("signature")).toString(),
            d1.value(QLatin1String("signature")).toString());
    }

    void signRefusesBadInput_data()
    {
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QByteArray>("reason");
        QTest::newRow("lower-case method") << QStringList { QStringLiteral("--method"),
            QStringLiteral("post") } << 2 << QByteArray("upper case");
        QTest::newRow("url without slash") << QStringList { QStringLiteral("--url"), QStringLiteral("v3/x") }
                                           << 2 << QByteArray("starting with /");
        QTest::newRow("millisecond timestamp")
            << QStringList { QStringLiteral("--timestamp"), QStringLiteral("1554208460.5") } << 2
            << QByteArray("Unix seconds");
        QTest::newRow("missing key file")
            << QStringList { QStringLiteral("--key"), QStringLiteral("/nonexistent/key.pem") } << 3
            << QByteArray("not found");
    }
    void signRefusesBadInput()
    {
        QFETCH(QStringList, extra);
        QFETCH(int, exitCode);
        QFETCH(QByteArray, reason);
        const QString key = file(QStringLiteral("k.pem"),
            testsupport::keyPem(QStringLiteral("official_doc_test_key"), "private_key_pem"));
        QStringList args { QStringLiteral("sign"), QStringLiteral("--key"), key, QStringLiteral("--mchid"),
            QStringLiteral("1"), QStringLiteral("--serial"), QStringLiteral("AB"), QStringLiteral("--method"),
            QStringLiteral("GET"), QStringLiteral("--url"), QStringLiteral("/v3/x") };
        for (qsizetype i = 0; i < extra.size(); i += 2) {
            const qsizetype at = args.indexOf(extra.at(i));
            if (at >= 0)
                args[at + 1] = extra.at(i + 1);
            else
                args << extra.at(i) << extra.at(i + 1);
        }
        Run r = cli(args);
        QCOMPARE(r.exitCode, exitCode);
        QVERIFY2(r.err.contains(reason), r.err.constData());
        QVERIFY(r.err.startsWith("coupondesk-cli: "));
        QCOMPARE(r.err.count('\n'), 1); // one line
    }

    void verifyTheOfficialSample()
    {
        const QJsonObject v = testsupport::signingVectors()
                                  .value(QLatin1String("verify_vectors"))
                                  .toArray()
                                  .first()
                                  .toObject();
        const QString pub = file(QStringLiteral("pub.pem"),
            testsupport::keyPem(QStringLiteral("official_response_sample_key"), "public_key_pem"));
        const QString body
            = file(QStringLiteral("resp.json"), v.value(QLatin1String("body")).toString().toUtf8());
        const QStringList args { QStringLiteral("--json"), QStringLiteral("verify"),
            QStringLiteral("--pubkey"), pub, QStringLiteral("--timestamp"),
            v.value(QLatin1String("wechatpay_timestamp")).toString(), QStringLiteral("--nonce"),
            v.value(QLatin1String("wechatpay_nonce")).toString(), QStringLiteral("--serial"),
            v.value(QLatin1String("wechatpay_serial")).toString(), QStringLiteral("--body-file"), body,
            QStringLiteral("--now"), QStringLiteral("1722850421") };
        Run ok = cli(args
            + QStringList { QStringLiteral("--signature"), v.value(QLatin1String("signature")).toString() });
        QCOMPARE(ok.exitCode, 0);
        QCOMPARE(ok.json().value(QLatin1String("valid")).toBool(), true);
        QCOMPARE(ok.json().value(QLatin1String("clock_skew_secs")).toInt(), 0);

        const QJsonObject probe
            = testsupport::signingVectors().value(QLatin1String("verify_vectors")).toArray().at(1).toObject();
        Run bad = cli(args
            + QStringList {
                QStringLiteral("--signature"), probe.value(QLatin1String("signature")).toString() });
        QCOMPARE(bad.exitCode, 1);
        QCOMPARE(bad.json().value(QLatin1String("reason")).toString(), QStringLiteral("SIGNATURE_PROBE"));

        // The signature still matches when the clock is far off, but a warning says so.
        QStringList late = args;
        late[late.indexOf(QStringLiteral("--now")) + 1] = QStringLiteral("1722851421");
        Run skew = cli(late
            + QStringList { QStringLiteral("--signature"), v.value(QLatin1String("signature")).toString() });
        QCOMPARE(skew.exitCode, 0);
        QVERIFY(skew.json().value(QLatin1String("warning")).toString().contains(QStringLiteral("clock")));

        // One changed byte in the body: invalid.
        QStringList tampered = args;
        tampered[tampered.indexOf(QStringLiteral("--body-file")) + 1] = file(QStringLiteral("resp2.json"),
            v.value(QLatin1String("body")).toString().toUtf8().replace("pr=", "pr:"));
        Run t = cli(tampered
            + QStringList { QStringLiteral("--signature"), v.value(QLatin1String("signature")).toString() });
        QCOMPARE(t.exitCode, 1);
        QCOMPARE(t.json().value(QLatin1String("reason")).toString(), QStringLiteral("SIGNATURE_MISMATCH"));
    }

    void usageErrors()
    {
        QCOMPARE(cli({}).exitCode, 2);
        QCOMPARE(cli({ QStringLiteral("frobnicate") }).exitCode, 2);
        QCOMPARE(cli({ QStringLiteral("--help") }).exitCode, 0);
        Run help = cli({ QStringLiteral("verify"), QStringLiteral("--help") });
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.startsWith("Usage: coupondesk-cli [--json] verify [options]"));
        Run v = cli({ QStringLiteral("--version") });
        QCOMPARE(v.out.trimmed(), QByteArray("coupondesk-cli " COUPONDESK_VERSION));
        Run missing = cli({ QStringLiteral("verify"), QStringLiteral("--timestamp"), QStringLiteral("1") });
        QCOMPARE(missing.exitCode, 2);
        QVERIFY(missing.err.contains("missing --nonce"));
    }
};

QTEST_GUILESS_MAIN(TestCliDebug)
#include "test_cli_debug.moc"
