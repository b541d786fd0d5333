// The zh_CN translation is complete and keeps every placeholder of its source text.
#include "desk/couponvalue.h"
#include "desk/messages.h"
#include "desk/settings.h"
#include "wechatpay/result.h"

#include <QCoreApplication>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

class TestTranslations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void zhCnIsCompleteAndPlaceholdersMatch()
    {
        QFile f(QStringLiteral(COUPONDESK_SOURCE_DIR "/resources/translations/coupondesk_zh_CN.ts"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QXmlStreamReader xml(&f);
        QString source, translation;
        bool unfinished = false;
        int messages = 0;
        QStringList problems;
        static const QRegularExpression placeholder(QStringLiteral("%(\\d+|n)"));
        auto placeholders = [](const QString &s) {
            QSet<QString> out;
            for (auto it = placeholder.globalMatch(s); it.hasNext();)
                out.insert(it.next().captured(0));
            return out;
        };
        while (!xml.atEnd()) {
            xml.readNext();
            if (xml.isStartElement() && xml.name() == QLatin1String("message")) {
                source.clear();
                translation.clear();
                unfinished = false;
            } else if (xml.isStartElement() && xml.name() == QLatin1String("source")) {
                source = xml.readElementText();
            } else if (xml.isStartElement() && xml.name() == QLatin1String("translation")) {
                unfinished = xml.attributes().value(QLatin1String("type")) == QLatin1String("unfinished")
                    || xml.attributes().value(QLatin1String("type")) == QLatin1String("vanished");
                translation = xml.readElementText(QXmlStreamReader::IncludeChildElements);
            } else if (xml.isEndElement() && xml.name() == QLatin1String("message")) {
                ++messages;
                if (unfinished || translation.trimmed().isEmpty())
                    problems << QStringLiteral("untranslated: ") + source;
                else if (placeholders(source) != placeholders(translation))
                    problems << QStringLiteral("placeholders differ: ") + source;
            }
        }
        QVERIFY(!xml.hasError());
        QVERIFY(messages > 200);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }

    // The compiled translation really reaches the staff messages (the translation contexts in the
    // code match the ones lupdate files the strings under).
    void staffMessagesAreChineseWithTheTranslation()
    {
        QTemporaryDir dir;
        const QString qm = dir.filePath(QStringLiteral("zh.qm"));
        QProcess lrelease;
        lrelease.start(QStringLiteral(COUPONDESK_LRELEASE),
            { QStringLiteral(COUPONDESK_SOURCE_DIR "/resources/translations/coupondesk_zh_CN.ts"),
                QStringLiteral("-qm"), qm });
        QVERIFY(lrelease.waitForFinished(60000));
        QCOMPARE(lrelease.exitCode(), 0);
        QTranslator translator;
        QVERIFY(translator.load(qm));

        wechatpay::Error used = wechatpay::Error::make(
            wechatpay::ErrorKind::Http, QStringLiteral("INVALID_REQUEST"), QStringLiteral("x"));
        used.httpStatus = 400;
        used.detail.insert(QStringLiteral("reason"), QStringLiteral("COUPON_USED"));
        QCOMPARE(desk::errorMessage(desk::Operation::Use, used).headline,
            QStringLiteral("Coupon already redeemed — do not redeem it again"));
        QCoreApplication::installTranslator(&translator);
        QCOMPARE(desk::errorMessage(desk::Operation::Use, used).headline,
            QStringLiteral("券已核销，请勿重复核销"));
        wechatpay::Error skew
            = wechatpay::Error::make(wechatpay::ErrorKind::Http, QStringLiteral("SIGN_ERROR"),
                QStringLiteral("Http头Authorization中的timestamp与发起请求的时间不得超过5分钟"));
        skew.httpStatus = 401;
        QCOMPARE(desk::errorMessage(desk::Operation::Use, skew).headline,
            QStringLiteral("系统时间与微信支付相差超过5分钟"));
        desk::Settings s;
        s.counterId = QStringLiteral("柜台一号");
        bool found = false;
        for (const desk::SettingIssue &i : s.validate())
            found = found
                || (i.key == QLatin1String("desk/counter_id")
                    && i.message.startsWith(QStringLiteral("收银台编号")));
        QVERIFY(found);

        // A network failure in the history reads in the UI language, not the system's English text.
        desk::HistoryRow refused;
        refused.wechatCode = QStringLiteral("NOT_SENT:NETWORK_ERROR");
        refused.message = QStringLiteral("Connection refused");
        QCOMPARE(desk::journalReason(refused), QStringLiteral("网络故障：无法连接微信支付（未发送）"));
        desk::HistoryRow timedOut;
        timedOut.wechatCode = QStringLiteral("TIMEOUT");
        QCOMPARE(desk::journalReason(timedOut), QStringLiteral("微信支付未及时应答"));
        desk::HistoryRow wechat;
        wechat.wechatCode = QStringLiteral("INVALID_REQUEST");
        wechat.message = QStringLiteral("券已被核销");
        QCOMPARE(desk::journalReason(wechat), QStringLiteral("券已被核销")); // WeChat's own words kept
        // The value of a coupon, as the till reads it.
        desk::CouponUseRule nine;
        nine.kind = desk::CouponUseRule::Kind::Discount;
        nine.discountPercent = 90;
        QCOMPARE(desk::valueText(nine), QStringLiteral("9折（优惠 10%）"));
        desk::CouponUseRule fixed;
        fixed.discountAmountFen = 2000;
        fixed.transactionMinimumFen = 10000;
        QCOMPARE(desk::valueText(fixed), QStringLiteral("减 ¥20.00（满 ¥100.00 可用）"));
        QCoreApplication::removeTranslator(&translator);
    }
};

QTEST_GUILESS_MAIN(TestTranslations)
#include "test_translations.moc"
