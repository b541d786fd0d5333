// DIR/state.json (a snapshot, replaced atomically with QSaveFile) plus DIR/state.journal (one JSON
// line per change, appended and flushed before the answer is sent). Loading applies the journal to
// the snapshot; a torn last line (crash mid-write) is ignored. The journal is folded into a new
// snapshot at start, at stop and every kCompactEvery changes, so a change costs one short append
// instead of rewriting every coupon.
#pragma once

#include "model.h"

#include <QFile>
#include <QString>

#include <memory>

namespace sim {

class StateStore
{
public:
    static constexpr int kCompactEvery = 1000;

    explicit StateStore(const QString &dataDir);
    ~StateStore();

    QString snapshotFile() const { return m_snapshot; }
    QString journalFile() const { return m_journal; }
    bool exists() const;

    // Snapshot + journal (relative seed times resolve against nowSecs).
    wechatpay::Result<SimState> load(qint64 nowSecs);
    // Replaces the snapshot atomically, then empties the journal.
    wechatpay::Status writeSnapshot(const SimState &state);
    // Appends the change made under `requestNo`; compacts now and then.
    wechatpay::Status recordChange(const SimState &state, const QString &requestNo);

private:
    wechatpay::Status openJournal();

    QString m_snapshot;
    QString m_journal;
    std::unique_ptr<QFile> m_journalFile;
    int m_sinceSnapshot = 0;
};

} // namespace sim
