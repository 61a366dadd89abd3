#pragma once

#include <QByteArray>
#include <QTcpSocket>

#include <memory>

// A WebSocket upgrade request on a raw socket, with headers a test adds
// (X-Forwarded-For, …): the status and head the server answered, and for a
// refusal the body; an upgraded socket stays open in `socket`.
struct UpgradeAttempt {
    std::unique_ptr<QTcpSocket> socket = std::make_unique<QTcpSocket>();
    int status = 0; // 0: no answer
    QByteArray head; // the status line and the headers, without the blank line
    QByteArray body;

    // Connects to 127.0.0.1:port and asks to upgrade target (e.g. "/ws");
    // waits until 101, or until a refusal has been answered and closed.
    static UpgradeAttempt upgrade(quint16 port, const QByteArray &target, const QByteArray &extraHeaders = {});
};
