#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QObject>
#include <QStringList>
#include <QWebSocket>

// A datagate client for the Bitcoin price tests, over either protocol: it
// joins (the /ws endpoint, or Socket.IO's /data namespace with heartbeats
// answered), subscribes to bitcoinPrice, and records every text frame it
// receives, in order.
class PriceSubscriber final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PriceSubscriber)

public:
    enum class Protocol { Json, SocketIo };

    PriceSubscriber(Protocol protocol, quint16 port, QObject *parent = nullptr);

    Protocol protocol() const { return m_protocol; }
    // JSON: the welcome arrived; Socket.IO: the /data namespace is joined.
    bool isReady() const { return m_ready; }
    void subscribe();

    QStringList frames() const { return m_frames; }
    void clearFrames() { m_frames.clear(); }

    // The bitcoinPrice ticks received, as the protocol carries them:
    // JSON: the `data` object; Socket.IO: the bare value.
    QList<QJsonValue> prices() const;

    // `{"event":…,"data":…}` of a JSON frame; an empty object otherwise.
    static QJsonObject jsonMessage(const QString &frame);

private:
    void onText(const QString &frame);

    Protocol m_protocol;
    QWebSocket m_socket;
    QStringList m_frames;
    bool m_ready = false;
};
