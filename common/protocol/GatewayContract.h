#pragma once

#include <QString>

// Fixed names of the replaced NestJS "Data WebSocket Gateway" that its
// existing clients depend on.
namespace GatewayContract {

inline const QString SocketIoNamespace = QStringLiteral("/data");
inline const QString SocketIoPath = QStringLiteral("/socket.io/");
inline const QString JsonWsPath = QStringLiteral("/ws");
inline const QString WelcomeEvent = QStringLiteral("message");
inline const QString WelcomeText = QStringLiteral("Welcome to the data WebSocket gateway!");

} // namespace GatewayContract
