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
    if (isRemote()) {
        const QString url = m_source->monitoredUrl().toDisplayString();
        switch (state()) {
        case DashboardSource::State::Starting: return tr("Connecting to %1…").arg(url);
        case DashboardSource::State::Live: return tr("Monitoring %1").arg(url);
        case DashboardSource::State::Failed: {
            const qint64 retryIn = m_source->retryInMs();
            if (retryIn < 0)
                return tr("Not connected to %1, reconnecting…").arg(url);
            //: %2 is a countdown such as "in 4 s".
            return tr("Not connected to %1, retrying %2").arg(url, Format::countdown(retryIn));
        }
        case DashboardSource::State::Stopping:
        case DashboardSource::State::Stopped: return tr("Disconnected from %1").arg(url);
        }
    }
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

QString ServerOverview::problemTitle() const
{
    if (!isRemote() || state() != DashboardSource::State::Failed)
        return {};
    return tr("No connection to %1").arg(m_source->monitoredUrl().toDisplayString());
}

bool ServerOverview::isRemote() const
{
    return m_source && m_source->monitoredUrl().isValid();
}

QString ServerOverview::windowTitle() const
{
    if (!isRemote())
        return QStringLiteral("datagate");
    const QUrl url = m_source->monitoredUrl();
    const QString where = url.port() > 0 ? QStringLiteral("%1:%2").arg(url.host()).arg(url.port()) : url.host();
    //: The window's title while it watches a datagate elsewhere; %1 is its host and port.
    return tr("%1 — datagate monitor").arg(where);
}

QString ServerOverview::logNote() const
{
    if (!isRemote())
        return {};
    return tr("The monitored datagate keeps its log on its own machine. This log holds this window's messages: its connection to %1 "
              "and the feed changes it saw there.")
        .arg(m_source->monitoredUrl().toDisplayString());
}

QString ServerOverview::disconnectUnavailableText() const
{
    if (!m_source || m_source->canDisconnectClients())
        return {};
    //: A note over the clients table when the datagate shown cannot disconnect clients, instead of the Disconnect action.
    return tr("Clients cannot be disconnected from here: the datagate shown does not offer it.");
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
    // The countdown to the next attempt, or its start.
    else if (isRemote() && state() == DashboardSource::State::Failed)
        Q_EMIT changed();
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
