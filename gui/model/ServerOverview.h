#pragma once

#include "gui/model/TrafficRates.h"
#include "gui/source/DashboardSource.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

#include <functional>
#include <optional>

// What the header says about the server: where it listens (and the URLs
// to copy), whether it serves at all and why not, how long it has, its
// clients by protocol and what it sends per second. Texts are ready to
// show; the header only places them. Uptime moves on refreshTimes(), and
// so does the countdown to the next attempt while a monitored datagate
// (--monitor) is out of reach. For such a one it also says what differs:
// the window's title, the log's scope, what cannot be done from here.
class ServerOverview final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ServerOverview)

public:
    using Clock = std::function<qint64()>; // monotonic ms, for rates

    explicit ServerOverview(DashboardSource *source, QObject *parent = nullptr);
    ~ServerOverview() override;

    void setClock(Clock clock);

    DashboardSource::State state() const;
    bool isServing() const;
    // "Serving on all interfaces, port 3000", "Starting…", "Not serving";
    // "Monitoring http://host:3000", "Not connected to …, retrying in 4 s".
    QString statusText() const;
    // Why it does not serve, when it failed; empty otherwise.
    QString problemText() const;
    // The banner's title over problemText(); empty for the default one.
    QString problemTitle() const;
    // Whether the server shown runs elsewhere (--monitor).
    bool isRemote() const;
    QString windowTitle() const;
    // A line over the log when whose messages it holds needs saying.
    QString logNote() const;
    // Why clients cannot be disconnected from here; empty when they can.
    QString disconnectUnavailableText() const;
    QString socketIoUrl() const;
    QString jsonUrl() const;
    QString uptimeText() const;
    quint64 socketIoClients() const { return m_socketIoClients; }
    quint64 jsonClients() const { return m_jsonClients; }
    quint64 clients() const { return m_socketIoClients + m_jsonClients; }
    QString clientsText() const;
    QString clientsByProtocolText() const;
    QString messagesRateText() const;
    QString bytesRateText() const;
    std::optional<TrafficRates::Rates> rates() const { return m_rates; }

    void applyTraffic(const TrafficStats &stats);
    void refreshTimes();

Q_SIGNALS:
    void changed();
    void uptimeChanged();

private:
    void onStateChanged();

    QPointer<DashboardSource> m_source;
    TrafficRates m_rateMeter;
    std::optional<TrafficRates::Rates> m_rates;
    quint64 m_socketIoClients = 0;
    quint64 m_jsonClients = 0;
    Clock m_now;
};
