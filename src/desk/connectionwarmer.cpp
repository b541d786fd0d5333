#include "connectionwarmer.h"

#include <algorithm>

namespace desk {

ConnectionWarmer::ConnectionWarmer(std::function<void()> preconnect, WarmthOptions options, QObject *parent)
    : QObject(parent)
    , m_preconnect(std::move(preconnect))
    , m_options(options)
{
    m_beat.setInterval(std::max(1, m_options.checkEveryMs));
    connect(&m_beat, &QTimer::timeout, this, &ConnectionWarmer::onBeat);
}

void ConnectionWarmer::warmUp()
{
    m_sinceStaff.start();
    if (m_options.keepWarmForMs > 0 && !m_beat.isActive())
        m_beat.start();
    m_preconnect();
}

void ConnectionWarmer::onBeat()
{
    if (m_sinceStaff.hasExpired(m_options.keepWarmForMs)) {
        m_beat.stop(); // nobody at the counter: let the server close it and stay closed
        return;
    }
    m_preconnect();
}

} // namespace desk
