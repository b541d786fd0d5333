#include "chaintrail.h"

#include "desk/chainlink.h"
#include "desk/chainmessages.h"
#include "desk/session.h"

#include <memory>

namespace gui {

void explainFromChain(QObject *context, desk::Session *session, const desk::OperationResult &result,
    std::function<void(const QString &line)> addLine)
{
    desk::ChainLink *chain = session ? session->chain() : nullptr;
    if (!chain || !desk::wantsChainTrail(result))
        return;
    auto once = std::make_shared<QMetaObject::Connection>();
    *once = QObject::connect(chain, &desk::ChainLink::trailFound, context,
        [once, result, addLine = std::move(addLine)](
            const QString &code, const QList<desk::ChainSighting> &rows) {
            if (code != result.couponCode)
                return;
            QObject::disconnect(*once);
            if (const QString line = desk::chainTrailLine(result, rows); !line.isEmpty())
                addLine(line);
        });
    chain->lookUpTrail(result.couponCode);
}

} // namespace gui
