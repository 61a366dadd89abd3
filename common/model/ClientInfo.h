#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <QStringList>

// One connected client, as the server reports it to the dashboard and status.
struct ClientInfo {
    enum class Protocol { SocketIo, JsonWs };

    quint64 id = 0; // unique for the life of the process
    Protocol protocol = Protocol::JsonWs;
    QString peer; // "address:port"
    QDateTime connectedAt;
    QStringList streams; // current subscriptions
};
Q_DECLARE_METATYPE(ClientInfo)
