// The chain section of the settings (chain/…): the PostgreSQL database a chain's counters share
// (docs/chain.md). No chain keys at all: the counter is on its own, exactly as before.
#pragma once

#include <QList>
#include <QString>
#include <QUrlQuery>

class QSettings;

namespace desk {

struct SettingIssue;

struct ChainSettings
{
    // chain/database_url: a libpq URI without a password, e.g.
    // postgresql://counter_s1_01@db.example:5432/coupondesk?sslmode=verify-full&sslrootcert=/path/ca.pem
    QString databaseUrl;
    QString passwordRef; // chain/password: the value, file:<path> or keychain:<name>; never logged
    QString shopId; // chain/shop_id, e.g. s1
    QString shopName; // chain/shop_name, e.g. 徐汇店

    bool isEnabled() const; // any chain key given
    // "db.example:5432/coupondesk as counter_s1_01": for logs and the status bar (no secret in it).
    QString describe() const;

    // Relative sslrootcert paths are resolved against `baseDir` (the settings file's folder).
    static ChainSettings read(const QSettings &ini, const QString &baseDir);
    void write(QSettings &ini) const; // nothing when not enabled
    QList<SettingIssue> validate() const;
};

} // namespace desk
