#include "statestore.h"

#include "keystore.h"
#include "logging.h"

#include <QFileInfo>

namespace sim {

using wechatpay::Error;
using wechatpay::ErrorKind;
using wechatpay::Result;
using wechatpay::Status;

namespace {

Error storeError(const QString &message)
{
    return Error::make(ErrorKind::InvalidInput, QStringLiteral("STATE_STORE"), message);
}

} // namespace

StateStore::StateStore(const QString &dataDir)
    : m_snapshot(dataDir + QStringLiteral("/state.json"))
    , m_journal(dataDir + QStringLiteral("/state.journal"))
{
}

StateStore::~StateStore() = default;

bool StateStore::exists() const
{
    return QFileInfo::exists(m_snapshot);
}

Result<SimState> StateStore::load(qint64 nowSecs)
{
    QFile f(m_snapshot);
    if (!f.open(QIODevice::ReadOnly))
        return storeError(QStringLiteral("cannot read %1: %2").arg(m_snapshot, f.errorString()));
    auto state = SimState::fromJson(f.readAll(), nowSecs);
    if (!state)
        return state.error();
    QFile journal(m_journal);
    if (journal.exists()) {
        if (!journal.open(QIODevice::ReadOnly))
            return storeError(QStringLiteral("cannot read %1: %2").arg(m_journal, journal.errorString()));
        int applied = 0;
        int lineNo = 0;
        while (!journal.atEnd()) {
            const QByteArray line = journal.readLine().trimmed();
            ++lineNo;
            if (line.isEmpty())
                continue;
            if (!state.value().applyChangeRecord(line)) {
                qCWarning(lcSimulator)
                    << "ignoring unreadable line" << lineNo << "of" << m_journal << "(interrupted write?)";
                continue;
            }
            ++applied;
        }
        qCDebug(lcSimulator) << "applied" << applied << "journal entries";
    }
    return state;
}

Status StateStore::writeSnapshot(const SimState &state)
{
    m_journalFile.reset();
    if (Status st = writeFileAtomically(m_snapshot, state.toJson(), false); !st)
        return st;
    // The snapshot holds every journal entry now; entries applied twice would be harmless anyway.
    if (QFile::exists(m_journal) && !QFile::remove(m_journal))
        return storeError(QStringLiteral("cannot empty %1").arg(m_journal));
    m_sinceSnapshot = 0;
    return {};
}

Status StateStore::openJournal()
{
    if (m_journalFile)
        return {};
    auto f = std::make_unique<QFile>(m_journal);
    if (!f->open(QIODevice::WriteOnly | QIODevice::Append))
        return storeError(QStringLiteral("cannot append to %1: %2").arg(m_journal, f->errorString()));
    m_journalFile = std::move(f);
    return {};
}

Status StateStore::recordChange(const SimState &state, const QString &requestNo)
{
    if (++m_sinceSnapshot >= kCompactEvery)
        return writeSnapshot(state);
    const QByteArray line = state.changeRecord(requestNo);
    if (line.isEmpty())
        return writeSnapshot(state); // not a request-number change: save everything
    if (Status st = openJournal(); !st)
        return st;
    if (m_journalFile->write(QByteArray(line + '\n')) != line.size() + 1 || !m_journalFile->flush())
        return storeError(
            QStringLiteral("cannot append to %1: %2").arg(m_journal, m_journalFile->errorString()));
    return {};
}

} // namespace sim
