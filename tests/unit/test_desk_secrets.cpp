// Where the APIv3 key comes from: inline, file:<path>, or keychain:<name> (system keychain).
#include "desk/settings.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

class TestDeskSecrets : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void inlineAndFileReferences()
    {
        QTemporaryDir dir;
        QFile f(dir.filePath(QStringLiteral("apiv3.key")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb\n");
        f.close();
        const auto store = desk::makeSecretStore(dir.path());
        QCOMPARE(store->read(QStringLiteral("a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb")).value(),
            QByteArray("a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb"));
        QCOMPARE(store->read(QStringLiteral("file:apiv3.key")).value(),
            QByteArray("a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb")); // relative to the settings
        QCOMPARE(store->read(QStringLiteral("file:") + f.fileName()).value(),
            QByteArray("a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb"));
        QCOMPARE(store->read(QStringLiteral("file:missing.key")).error().code,
            QStringLiteral("SECRET_FILE_UNREADABLE"));
    }

    void keychainWithoutAKeychainFailsClearly()
    {
        if (qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS"))
            QSKIP("a session bus is present: the real keychain would answer");
        const auto store = desk::makeSecretStore(QDir::tempPath());
        auto r = store->read(QStringLiteral("keychain:coupondesk-test-apiv3"));
        QVERIFY(!r.ok());
        QVERIFY(r.error().code == QLatin1String("KEYCHAIN_READ_FAILED")
            || r.error().code == QLatin1String("KEYCHAIN_UNAVAILABLE"));
        QVERIFY(r.error().message.contains(QStringLiteral("file:"))); // says what to do instead
    }
};

QTEST_GUILESS_MAIN(TestDeskSecrets)
#include "test_desk_secrets.moc"
