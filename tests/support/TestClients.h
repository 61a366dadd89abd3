#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>
#include <QUrl>
#include <QWebSocket>

#include <optional>

// A WebSocket client for tests that records every text message it receives
// and lets a test wait for them in order.
class WsTestClient {
public:
    WsTestClient();
    virtual ~WsTestClient();

    bool open(const QUrl &url, int timeoutMs = 5000);
    QWebSocket &socket() { return m_socket; }
    void send(const QString &text) { m_socket.sendTextMessage(text); }

    // The next unread message, waiting up to timeoutMs; nullopt on timeout.
    std::optional<QString> next(int timeoutMs = 5000);
    // Collects what arrives within the window.
    QStringList drain(int windowMs);
    int pendingCount() const { return int(m_messages.size()); }

    bool waitForDisconnect(int timeoutMs = 5000);
    bool isConnected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    QWebSocketProtocol::CloseCode closeCode() const { return m_socket.closeCode(); }
    QString closeReason() const { return m_socket.closeReason(); }

protected:
    // Records the message; a subclass may answer protocol chatter instead.
    virtual void onMessage(const QString &message) { m_messages.append(message); }

    QWebSocket m_socket;
    QStringList m_messages;
    bool m_disconnected = false;
};

// A JSON-protocol client (/ws).
class JsonTestClient : public WsTestClient {
public:
    // Opens and consumes the welcome message into welcome().
    bool connectTo(const QUrl &url);
    QJsonObject welcome() const { return m_welcome; }

    void sendJson(const QJsonObject &message);
    // The next message parsed as an object; empty object on timeout.
    QJsonObject nextJson(int timeoutMs = 5000);
    // Skips messages until one has this event; empty object on timeout.
    QJsonObject nextEvent(const QString &event, int timeoutMs = 5000);
    // Counts messages with this event over the window.
    int countEvents(const QString &event, int windowMs);

private:
    QJsonObject m_welcome;
};

// A Socket.IO v4 client (Engine.IO v4 over WebSocket) that answers pings.
class SocketIoTestClient : public WsTestClient {
public:
    // Opens, reads the open packet (kept in openPacket()), and optionally
    // joins /data and consumes the welcome message.
    bool connectTo(const QUrl &url, bool joinData = true);
    QJsonObject openPacket() const { return m_open; }
    void setAnswerPings(bool answer) { m_answerPings = answer; }
    // Engine.IO pings received from the server and answered so far.
    int pingsAnswered() const { return m_pingsAnswered; }

    // Next non-ping Engine.IO frame.
    std::optional<QString> nextFrame(int timeoutMs = 5000);
    // Sends the CONNECT of /data (with auth, if any) and reads its answer:
    // the sid and pid it gives (pid empty without recovery), or nullopt for
    // any other answer.
    struct Joined {
        QString sid;
        QString pid;
    };
    std::optional<Joined> joinData(const QJsonObject &auth = {});
    // `42/data,["<event>"]` with an optional ack id.
    void emitEvent(const QString &event, std::optional<int> ackId = std::nullopt);
    // Waits for `43/data,<id>[…]` and returns its first argument.
    QJsonObject waitForAck(int ackId, int timeoutMs = 5000);
    // Next event packet's [name, args…] on /data, skipping others.
    QJsonArray nextEvent(const QString &event, int timeoutMs = 5000);
    int countEvents(const QString &event, int windowMs);

protected:
    void onMessage(const QString &message) override;

private:
    QJsonObject m_open;
    bool m_answerPings = true;
    int m_pingsAnswered = 0;
};
