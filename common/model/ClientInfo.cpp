#include "model/ClientInfo.h"

#include "model/TrafficStats.h"

QString ClientInfo::protocolName(Protocol protocol)
{
    return protocol == Protocol::SocketIo ? TrafficStats::SocketIo : TrafficStats::Json;
}
