#include "gui/model/TrafficRates.h"

std::optional<TrafficRates::Rates> TrafficRates::add(const TrafficStats &stats, qint64 atMs)
{
    const Sample sample {messagesSent(stats), bytesSent(stats), atMs};
    const std::optional<Sample> last = std::exchange(m_last, sample);
    if (!last || sample.atMs <= last->atMs || sample.messages < last->messages || sample.bytes < last->bytes)
        return std::nullopt;
    const double seconds = double(sample.atMs - last->atMs) / 1000.0;
    return Rates {double(sample.messages - last->messages) / seconds, double(sample.bytes - last->bytes) / seconds};
}

void TrafficRates::reset()
{
    m_last.reset();
}

quint64 TrafficRates::messagesSent(const TrafficStats &stats)
{
    quint64 total = 0;
    for (const TrafficStats::Protocol &protocol : stats.protocols)
        total += protocol.messagesSent;
    return total;
}

quint64 TrafficRates::bytesSent(const TrafficStats &stats)
{
    quint64 total = 0;
    for (const TrafficStats::Protocol &protocol : stats.protocols)
        total += protocol.bytesSent;
    return total;
}

quint64 TrafficRates::connections(const TrafficStats &stats, const QString &protocol)
{
    return stats.protocols.value(protocol).connectionsOpen;
}
