#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <QStringList>

// One connected client, as the server reports it to the dashboard and the
// status API: fixed facts plus its counters when the snapshot was taken.
struct ClientInfo {
    enum class Protocol { SocketIo, JsonWs };

    quint64 id = 0; // unique for the life of the process
    Protocol protocol = Protocol::JsonWs;
    QString peer; // "address:port"
    QDateTime connectedAt;
    QStringList streams; // current subscriptions
    quint64 messagesSent = 0; // frames written to it: ticks and replies
    qint64 bytesQueued = 0; // written but not yet taken by the kernel

    // "socket.io" or "json", as logs and the status API name them.
    static QString protocolName(Protocol protocol);
};
Q_DECLARE_METATYPE(ClientInfo)
