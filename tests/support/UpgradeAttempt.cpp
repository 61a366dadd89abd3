#include "UpgradeAttempt.h"

#include "EventWait.h"

#include <QHostAddress>
#include <QList>

#include <algorithm>

UpgradeAttempt UpgradeAttempt::upgrade(quint16 port, const QByteArray &target, const QByteArray &extraHeaders)
{
    UpgradeAttempt attempt;
    QTcpSocket &socket = *attempt.socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(5000))
        return attempt;
    socket.write("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" + extraHeaders + "\r\n");
    QByteArray received;
    (void)EventWait::until(
        [&] {
            received += socket.readAll();
            if (received.startsWith("HTTP/1.1 101") && received.contains("\r\n\r\n"))
                return true;
            return socket.state() == QAbstractSocket::UnconnectedState;
        },
        5000);
    received += socket.readAll();
    const QList<QByteArray> statusLine = received.first(std::max<qsizetype>(0, received.indexOf("\r\n"))).split(' ');
    attempt.status = statusLine.size() > 1 ? statusLine[1].toInt() : 0;
    const qsizetype end = received.indexOf("\r\n\r\n");
    attempt.head = end < 0 ? received : received.first(end);
    if (attempt.status != 101 && end >= 0)
        attempt.body = received.sliced(end + 4);
    return attempt;
}
