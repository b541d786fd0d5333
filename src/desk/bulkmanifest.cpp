#include "bulkmanifest.h"

#include "bulkvoid_p.h"
#include "desk.h"

#include "wechatpay/crypto.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QIODevice>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLockFile>
#include <QSaveFile>

namespace desk {

using namespace wechatpay;

namespace {

QString statusName(BulkRowStatus s)
{
    switch (s) {
    case BulkRowStatus::Ok:
        return QStringLiteral("ok");
    case BulkRowStatus::Invalid:
        return QStringLiteral("invalid");
    case BulkRowStatus::Duplicate:
        return QStringLiteral("duplicate");
    }
    return {};
}

BulkRowStatus statusFromName(const QString &s)
{
    if (s == QLatin1String("invalid"))
        return BulkRowStatus::Invalid;
    if (s == QLatin1String("duplicate"))
        return BulkRowStatus::Duplicate;
    return BulkRowStatus::Ok;
}

Error manifestError(const QString &message)
{
    return Error::make(ErrorKind::InvalidInput, QStringLiteral("BULK_JOB"), message);
}

} // namespace

QString bulkJobKey(const QByteArray &fileSha256Hex, const QString &defaultReason, const QString &stockId)
{
    const QByteArray material = QByteArray("coupondesk-bulk-void/1\n") + fileSha256Hex + '\n'
        + defaultReason.trimmed().toUtf8() + '\n' + stockId.trimmed().toUtf8();
    return QString::fromLatin1(QCryptographicHash::hash(material, QCryptographicHash::Sha256).toHex());
}

QString makeBulkJobId(const QDateTime &localTime)
{
    return QLatin1Char('B') + localTime.toString(QStringLiteral("yyMMddHHmmss")) + QLatin1Char('-')
        + QString::fromLatin1(crypto::randomAlphanumeric(6));
}

QString defaultBulkJobDir(const QString &historyDbPath)
{
    return QFileInfo(historyDbPath).absolutePath() + QStringLiteral("/bulk-jobs");
}

QString bulkManifestPath(const QString &jobDir, const QString &key)
{
    return jobDir + QStringLiteral("/bulk-void-") + key.left(32) + QStringLiteral(".json");
}

QByteArray BulkManifest::toJson() const
{
    QJsonObject o;
    o.insert(QLatin1String("version"), kVersion);
    o.insert(QLatin1String("job_id"), jobId);
    o.insert(QLatin1String("key"), key);
    o.insert(QLatin1String("source_name"), sourceName);
    o.insert(QLatin1String("file_sha256"), QString::fromLatin1(fileSha256));
    o.insert(QLatin1String("default_reason"), defaultReason);
    o.insert(QLatin1String("stock_id"), stockId);
    o.insert(QLatin1String("staff"), staffId);
    o.insert(QLatin1String("created_at"), createdAt.toString(Qt::ISODateWithMs));
    if (completedAt.isValid())
        o.insert(QLatin1String("completed_at"), completedAt.toString(Qt::ISODateWithMs));
    o.insert(QLatin1String("exclude_invalid"), excludeInvalid);
    QJsonArray rs;
    for (const BulkRow &r : rows) {
        QJsonObject j;
        j.insert(QLatin1String("line"), r.line);
        j.insert(QLatin1String("coupon_code"), r.couponCode);
        j.insert(QLatin1String("stock_id"), r.stockId);
        j.insert(QLatin1String("reason"), r.reason);
        if (!r.openid.isEmpty())
            j.insert(QLatin1String("openid"), r.openid);
        j.insert(QLatin1String("status"), statusName(r.status));
        if (!r.errors.isEmpty())
            j.insert(QLatin1String("errors"), QJsonArray::fromStringList(r.errors));
        if (r.duplicateOfLine)
            j.insert(QLatin1String("duplicate_of_line"), r.duplicateOfLine);
        rs.append(j);
    }
    o.insert(QLatin1String("rows"), rs);
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

Result<BulkManifest> BulkManifest::fromJson(const QByteArray &json)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject())
        return manifestError(BulkVoid::tr("The bulk job file cannot be read: %1").arg(pe.errorString()));
    const QJsonObject o = doc.object();
    if (o.value(QLatin1String("version")).toInt() != kVersion)
        return manifestError(
            BulkVoid::tr("The bulk job file was written by another version of the program."));
    BulkManifest m;
    m.jobId = o.value(QLatin1String("job_id")).toString();
    m.key = o.value(QLatin1String("key")).toString();
    m.sourceName = o.value(QLatin1String("source_name")).toString();
    m.fileSha256 = o.value(QLatin1String("file_sha256")).toString().toLatin1();
    m.defaultReason = o.value(QLatin1String("default_reason")).toString();
    m.stockId = o.value(QLatin1String("stock_id")).toString();
    m.staffId = o.value(QLatin1String("staff")).toString();
    m.createdAt = QDateTime::fromString(o.value(QLatin1String("created_at")).toString(), Qt::ISODateWithMs);
    m.completedAt
        = QDateTime::fromString(o.value(QLatin1String("completed_at")).toString(), Qt::ISODateWithMs);
    m.excludeInvalid = o.value(QLatin1String("exclude_invalid")).toBool();
    const QJsonArray rs = o.value(QLatin1String("rows")).toArray();
    m.rows.reserve(rs.size());
    for (const QJsonValue &v : rs) {
        const QJsonObject j = v.toObject();
        BulkRow r;
        r.line = j.value(QLatin1String("line")).toInt();
        r.couponCode = j.value(QLatin1String("coupon_code")).toString();
        r.stockId = j.value(QLatin1String("stock_id")).toString();
        r.reason = j.value(QLatin1String("reason")).toString();
        r.openid = j.value(QLatin1String("openid")).toString();
        r.status = statusFromName(j.value(QLatin1String("status")).toString());
        for (const QJsonValue &e : j.value(QLatin1String("errors")).toArray())
            r.errors << e.toString();
        r.duplicateOfLine = j.value(QLatin1String("duplicate_of_line")).toInt();
        // A file edited by hand must not smuggle in a row the checks would refuse.
        if (r.status == BulkRowStatus::Ok && !Desk::checkVoid(r.couponCode, r.stockId, r.reason).isEmpty())
            return manifestError(BulkVoid::tr("The bulk job file has an invalid row (line %1).").arg(r.line));
        m.rows << r;
    }
    if (m.jobId.isEmpty() || m.rows.isEmpty())
        return manifestError(BulkVoid::tr("The bulk job file is incomplete."));
    return m;
}

Status BulkManifest::save(const QString &path) const
{
    const QFileInfo fi(path);
    if (!QDir().mkpath(fi.absolutePath()))
        return manifestError(
            BulkVoid::tr("Cannot create the folder %1 for bulk jobs.").arg(fi.absolutePath()));
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return manifestError(
            BulkVoid::tr("Cannot write the bulk job file %1: %2").arg(path, f.errorString()));
    const QByteArray json = toJson();
    if (f.write(json) != json.size() || !f.commit())
        return manifestError(
            BulkVoid::tr("Cannot write the bulk job file %1: %2").arg(path, f.errorString()));
    return {};
}

Result<BulkManifest> BulkManifest::load(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return manifestError(BulkVoid::tr("Cannot read the bulk job file %1: %2").arg(path, f.errorString()));
    return fromJson(f.readAll());
}

Result<BulkManifest> makeBulkManifest(const BulkPreview &preview, const QString &sourceName,
    const QString &defaultReason, const QString &stockId, const StaffSession &manager, bool excludeInvalid,
    const QDateTime &now)
{
    if (!preview.isFileOk())
        return manifestError(preview.fileError);
    if (preview.validCount() == 0)
        return manifestError(BulkVoid::tr("No row of the file can be voided."));
    if (!excludeInvalid && preview.invalidCount() > 0)
        return manifestError(
            BulkVoid::tr("%n row(s) have errors; nothing was sent. Correct them or exclude them.", nullptr,
                preview.invalidCount()));
    if (!manager.isManager())
        return manifestError(BulkVoid::tr("Voiding coupons needs a manager's PIN."));
    BulkManifest m;
    m.jobId = makeBulkJobId(now.toLocalTime());
    m.key = bulkJobKey(preview.sha256, defaultReason, stockId);
    m.sourceName = sourceName;
    m.fileSha256 = preview.sha256;
    m.defaultReason = defaultReason.trimmed();
    m.stockId = stockId.trimmed();
    m.staffId = manager.member.id;
    m.createdAt = now.toLocalTime();
    m.excludeInvalid = excludeInvalid;
    m.rows = preview.rows;
    return m;
}

Result<BulkJobFile> openOrCreateBulkJob(const QString &jobDir, const BulkPreview &preview,
    const QString &sourceName, const QString &defaultReason, const QString &stockId,
    const StaffSession &manager, bool excludeInvalid, const QDateTime &now)
{
    if (!preview.isFileOk())
        return manifestError(preview.fileError);
    if (!manager.isManager())
        return manifestError(BulkVoid::tr("Voiding coupons needs a manager's PIN."));
    BulkJobFile job;
    const QString key = bulkJobKey(preview.sha256, defaultReason, stockId);
    job.path = bulkManifestPath(jobDir, key);
    if (QFileInfo::exists(job.path)) {
        auto loaded = BulkManifest::load(job.path);
        if (!loaded)
            return loaded.error();
        if (loaded->key != key || loaded->fileSha256 != preview.sha256)
            return manifestError(BulkVoid::tr("The bulk job file %1 belongs to another job.").arg(job.path));
        job.manifest = loaded.value();
        job.resumed = true;
        return job;
    }
    auto made = makeBulkManifest(preview, sourceName, defaultReason, stockId, manager, excludeInvalid, now);
    if (!made)
        return made.error();
    job.manifest = made.value();
    if (auto st = job.manifest.save(job.path); !st)
        return st.error();
    return job;
}

std::unique_ptr<QLockFile> lockBulkJob(const QString &manifestPath, QString &error)
{
    QDir().mkpath(QFileInfo(manifestPath).absolutePath());
    auto lock = std::make_unique<QLockFile>(manifestPath + QStringLiteral(".lock"));
    lock->setStaleLockTime(0); // a lock left by a crashed process is recognised by its pid, not by age
    if (lock->tryLock(0))
        return lock;
    qint64 pid = 0;
    QString host, app;
    lock->getLockInfo(&pid, &host, &app);
    error = lock->error() == QLockFile::LockFailedError
        ? BulkVoid::tr("This bulk job is already running (process %1 on %2); wait for it to finish.")
              .arg(pid)
              .arg(host)
        : BulkVoid::tr("Cannot lock the bulk job file %1.").arg(manifestPath);
    return nullptr;
}

} // namespace desk
