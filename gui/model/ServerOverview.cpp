#include "gui/model/ServerOverview.h"

#include "gui/model/Format.h"

#include <QDateTime>

namespace {

QElapsedTimer &monotonic()
{
    static QElapsedTimer timer = [] {
        QElapsedTimer started;
        started.start();
        return started;
    }();
    return timer;
}

} // namespace

ServerOverview::ServerOverview(DashboardSource *source, QObject *parent)
    : QObject(parent)
    , m_source(source)
    , m_now([] { return monotonic().elapsed(); })
{
    connect(source, &DashboardSource::stateChanged, this, &ServerOverview::onStateChanged);
    connect(source, &DashboardSource::trafficSampled, this, &ServerOverview::applyTraffic);
}

ServerOverview::~ServerOverview() = default;

void ServerOverview::setClock(Clock clock)
{
    m_now = std::move(clock);
}

DashboardSource::State ServerOverview::state() const
{
    return m_source ? m_source->state() : DashboardSource::State::Stopped;
}

bool ServerOverview::isServing() const
{
    return state() == DashboardSource::State::Live;
}

QString ServerOverview::statusText() const
{
    switch (state()) {
    case DashboardSource::State::Starting: return tr("Starting…");
    case DashboardSource::State::Live: {
        const QString address = m_source->listenAddress();
        if (address == QLatin1String("any") || address == QLatin1String("*"))
            return tr("Serving on all interfaces, port %1").arg(m_source->port());
        return tr("Serving on %1, port %2").arg(address).arg(m_source->port());
    }
    case DashboardSource::State::Failed: return tr("Not serving");
    case DashboardSource::State::Stopping: return tr("Stopping…");
    case DashboardSource::State::Stopped: return tr("Stopped");
    }
    return {};
}

QString ServerOverview::problemText() const
{
    return state() == DashboardSource::State::Failed ? m_source->errorString() : QString();
}

QString ServerOverview::socketIoUrl() const
{
    return isServing() ? m_source->socketIoUrl().toString() : QString();
}

QString ServerOverview::jsonUrl() const
{
    return isServing() ? m_source->jsonUrl().toString() : QString();
}

QString ServerOverview::uptimeText() const
{
    if (!isServing() || !m_source->startedAt().isValid())
        return Format::none();
    return Format::uptime(m_source->startedAt().msecsTo(QDateTime::currentDateTime()));
}

QString ServerOverview::clientsText() const
{
    return tr("%n client(s)", nullptr, int(std::min<quint64>(clients(), INT_MAX)));
}

QString ServerOverview::clientsByProtocolText() const
{
    //: Connected clients by protocol; the protocol names stay as they are.
    return tr("Socket.IO %1 · JSON %2").arg(Format::count(m_socketIoClients), Format::count(m_jsonClients));
}

QString ServerOverview::messagesRateText() const
{
    return m_rates ? Format::messagesPerSecond(m_rates->messagesPerSecond) : Format::none();
}

QString ServerOverview::bytesRateText() const
{
    return m_rates ? Format::bytesPerSecond(m_rates->bytesPerSecond) : Format::none();
}

void ServerOverview::applyTraffic(const TrafficStats &stats)
{
    m_socketIoClients = TrafficRates::connections(stats, TrafficStats::SocketIo);
    m_jsonClients = TrafficRates::connections(stats, TrafficStats::Json);
    if (const std::optional<TrafficRates::Rates> rates = m_rateMeter.add(stats, m_now()))
        m_rates = rates;
    Q_EMIT changed();
}

void ServerOverview::refreshTimes()
{
    if (isServing())
        Q_EMIT uptimeChanged();
}

void ServerOverview::onStateChanged()
{
    if (!isServing()) {
        m_rateMeter.reset();
        m_rates.reset();
        m_socketIoClients = m_jsonClients = 0;
    }
    Q_EMIT changed();
}
