// The bulk void job on disk: its manifest, written atomically before anything is sent, and the lock
// that keeps two program instances from running one job at once. Why this makes a job resumable
// without voiding a coupon twice: see the resume design in bulkvoid.h.
#pragma once

#include "bulkfile.h"
#include "staff.h"

#include "result.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

#include <memory>

class QLockFile;

namespace desk {

// The job as written to disk before anything is sent. `key` identifies "the same job" when a run is
// repeated: bulkJobKey(file SHA-256, default reason, stock).
struct BulkManifest
{
    static constexpr int kVersion = 1;
    QString jobId; // also the journal batch_id, e.g. B20261123170502-k3Xq
    QString key;
    QString sourceName; // the file's name, for people
    QByteArray fileSha256; // hex
    QString defaultReason;
    QString stockId; // the --stock given (plain lists), may be empty
    QString staffId; // who started it (rows record who sent each)
    QDateTime createdAt;
    QDateTime completedAt; // set when a run ended with every row settled
    bool excludeInvalid = false;
    QList<BulkRow> rows; // every row of the preview, the skipped ones too (for the report)

    QByteArray toJson() const;
    static Result<BulkManifest> fromJson(const QByteArray &json);
    Status save(const QString &path) const; // atomic (QSaveFile)
    static Result<BulkManifest> load(const QString &path);
};

QString bulkJobKey(const QByteArray &fileSha256Hex, const QString &defaultReason, const QString &stockId);
QString makeBulkJobId(const QDateTime &localTime); // "B" + yyMMddHHmmss + "-" + 6 random
QString defaultBulkJobDir(const QString &historyDbPath); // <folder of the history DB>/bulk-jobs
QString bulkManifestPath(const QString &jobDir, const QString &key);

// A manifest for a new job from a checked preview; refused (nothing written) when the preview may
// not start (see BulkPreview::canStart) or the manager has not confirmed with a PIN.
Result<BulkManifest> makeBulkManifest(const BulkPreview &preview, const QString &sourceName,
    const QString &defaultReason, const QString &stockId, const StaffSession &manager, bool excludeInvalid,
    const QDateTime &now);

// The job for a checked preview in `jobDir`: the manifest an earlier run saved for the same file,
// reason and stock (resumed = true; the preview's exclusion choice no longer matters), or a new one,
// written atomically before anything is sent. Refused as makeBulkManifest refuses.
struct BulkJobFile
{
    BulkManifest manifest;
    QString path;
    bool resumed = false;
};
Result<BulkJobFile> openOrCreateBulkJob(const QString &jobDir, const BulkPreview &preview,
    const QString &sourceName, const QString &defaultReason, const QString &stockId,
    const StaffSession &manager, bool excludeInvalid, const QDateTime &now);

// Holds <manifest>.lock while a job runs, so two program instances never run one job at once. Take
// it before openOrCreateBulkJob (creating the folder if needed), so two instances starting the same
// new job cannot both create one. nullptr (with the reason in `error`) when another live process
// holds it; a lock left by a killed process is taken over.
std::unique_ptr<QLockFile> lockBulkJob(const QString &manifestPath, QString &error);

} // namespace desk
