#include "RawWsClient.h"

#include "ClientFrames.h"
#include "EventWait.h"

#include <QHostAddress>
#include <QScopeGuard>

RawWsClient::RawWsClient()
{
    QObject::connect(&m_socket, &QTcpSocket::readyRead, &m_socket, [this] { onReadyRead(); });
    QObject::connect(&m_socket, &QTcpSocket::disconnected, &m_socket, [this] { m_ended = true; });
    QObject::connect(&m_socket, &QTcpSocket::errorOccurred, &m_socket, [this](QAbstractSocket::SocketError error) {
        m_error = error;
        if (m_socket.state() == QAbstractSocket::UnconnectedState)
            m_ended = true;
    });
}

RawWsClient::~RawWsClient() = default;

bool RawWsClient::open(quint16 port, QByteArrayView target, int timeoutMs, const std::optional<QSslConfiguration> &tls)
{
    if (tls) {
        m_socket.setSslConfiguration(*tls);
        m_socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), port);
        if (!m_socket.waitForEncrypted(timeoutMs))
            return false;
    } else {
        m_socket.connectToHost(QHostAddress::LocalHost, port);
        if (!m_socket.waitForConnected(timeoutMs))
            return false;
    }
    // Each frame a test sends leaves at once, as a separate segment.
    m_socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
    send("GET " + target.toByteArray()
        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
    return EventWait::until([this] { return m_upgraded || m_ended; }, timeoutMs) && m_upgraded;
}

bool RawWsClient::send(const QByteArray &bytes)
{
    if (m_socket.state() != QAbstractSocket::ConnectedState)
        return false;
    if (m_socket.write(bytes) != bytes.size())
        return false;
    m_socket.flush();
    return true;
}

bool RawWsClient::sendText(QByteArrayView payload)
{
    return send(ClientFrames::text(payload));
}

bool RawWsClient::sendBinary(QByteArrayView payload)
{
    return send(ClientFrames::binary(payload));
}

std::optional<QByteArray> RawWsClient::nextMessage(int timeoutMs)
{
    if (!EventWait::until([this] { return !m_messages.isEmpty() || m_closeCode || m_ended; }, timeoutMs) || m_messages.isEmpty())
        return std::nullopt;
    return m_messages.takeFirst().payload;
}

bool RawWsClient::waitForCloseOrEnd(int timeoutMs)
{
    return EventWait::until([this] { return m_closeCode || m_ended; }, timeoutMs);
}

bool RawWsClient::waitForEnd(int timeoutMs)
{
    return EventWait::until([this] { return m_ended; }, timeoutMs);
}

void RawWsClient::stopReading()
{
    m_reading = false;
    // Qt stops reading a socket whose read buffer is full.
    m_socket.setReadBufferSize(1);
}

void RawWsClient::resumeReading()
{
    m_reading = true;
    m_socket.setReadBufferSize(0);
    onReadyRead();
}

void RawWsClient::onReadyRead()
{
    if (!m_reading)
        return;
    m_buffer += m_socket.readAll();
    if (!m_upgraded) {
        const qsizetype end = m_buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        if (!m_buffer.startsWith("HTTP/1.1 101")) {
            m_socket.abort();
            return;
        }
        m_upgraded = true;
        m_buffer.remove(0, end + 4);
    }
    parseFrames();
}

void RawWsClient::parseFrames()
{
    // Frames are taken from the front, and the buffer cut once at the end:
    // a read of many frames stays linear.
    qsizetype at = 0;
    const auto consumed = qScopeGuard([this, &at] { m_buffer.remove(0, at); });
    for (;;) {
        const QByteArrayView rest = QByteArrayView(m_buffer).sliced(at);
        if (rest.size() < 2)
            return;
        const auto byte0 = quint8(rest[0]);
        const auto byte1 = quint8(rest[1]);
        qsizetype header = 2;
        quint64 length = byte1 & 0x7f;
        if (length == 126) {
            header = 4;
            if (rest.size() < header)
                return;
            length = (quint64(quint8(rest[2])) << 8) | quint8(rest[3]);
        } else if (length == 127) {
            header = 10;
            if (rest.size() < header)
                return;
            length = 0;
            for (int i = 2; i < 10; ++i)
                length = (length << 8) | quint8(rest[i]);
        }
        const bool masked = byte1 & 0x80;
        const qsizetype maskAt = header;
        if (masked)
            header += 4;
        if (quint64(rest.size()) < quint64(header) + length)
            return;
        Frame frame;
        frame.opcode = byte0 & 0x0f;
        frame.payload = rest.sliced(header, qsizetype(length)).toByteArray();
        if (masked) {
            for (qsizetype i = 0; i < frame.payload.size(); ++i)
                frame.payload[i] = char(frame.payload[i] ^ rest[maskAt + i % 4]);
        }
        at += header + qsizetype(length);

        if (m_closeCode) {
            ++m_framesAfterClose;
        } else if (frame.opcode == ClientFrames::Close) {
            m_closeCode = frame.payload.size() >= 2 ? quint16((quint8(frame.payload[0]) << 8) | quint8(frame.payload[1])) : 1005;
            m_closeReason = frame.payload.mid(2);
        } else if (frame.opcode == ClientFrames::Text || frame.opcode == ClientFrames::Binary) {
            m_messages.append(frame);
        }
    }
}
