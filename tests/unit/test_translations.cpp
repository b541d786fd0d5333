// The zh_CN translation is complete and keeps every placeholder of its source text.
#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
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
};

QTEST_GUILESS_MAIN(TestTranslations)
#include "test_translations.moc"
