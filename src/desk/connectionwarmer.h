// Keeps a connection to WeChat Pay ready while staff are at the counter, so that a scan does not
// pay TCP + TLS set-up (two to three round trips, 100–300 ms in a shop).
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <functional>

namespace desk {

struct WarmthOptions
{
    // How often the connection is asked for again while warm. QNetworkAccessManager does not say when
    // the server closes an idle connection (WeChat Pay's front ends: after about a minute), so it is
    // asked for on this beat; on an open connection that sends nothing and costs 140–180 µs of CPU
    // (measured on the build machine): 0.07% of a core at four a second. A scan pays the handshake only
    // when it comes within this beat (plus one handshake) of the server closing the idle connection.
    int checkEveryMs = 250;
    // How long after the last sign of staff (start, window activated, a code typed) it is kept.
    int keepWarmForMs = 30 * 60 * 1000;
};

class ConnectionWarmer final : public QObject
{
    Q_OBJECT
public:
    // preconnect: opens a connection to the API host unless one is open (wechatpay::ApiClient::preconnect).
    ConnectionWarmer(std::function<void()> preconnect, WarmthOptions options, QObject *parent = nullptr);

    // Staff are at the counter: connect now, and again whenever the connection was closed, for the
    // next keepWarmForMs.
    void warmUp();
    bool isKeepingWarm() const { return m_beat.isActive(); }

private:
    void onBeat();

    std::function<void()> m_preconnect;
    WarmthOptions m_options;
    QTimer m_beat;
    QElapsedTimer m_sinceStaff;
};

} // namespace desk
