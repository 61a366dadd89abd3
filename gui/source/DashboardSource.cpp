#include "gui/source/DashboardSource.h"

DashboardSource::DashboardSource(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<Tick>();
    qRegisterMetaType<FeedHealth>();
    qRegisterMetaType<TrafficStats>();
    qRegisterMetaType<ClientInfo>();
    qRegisterMetaType<LogEntry>();
}

DashboardSource::~DashboardSource() = default;

void DashboardSource::setClientsWanted(bool wanted)
{
    if (m_clientsWanted == wanted)
        return;
    m_clientsWanted = wanted;
    clientsWantedChanged(wanted);
}
