#include "PriceSubscriber.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUrl>

namespace {

const QString SocketIoPricePrefix = QStringLiteral("42/data,");

} // namespace

PriceSubscriber::PriceSubscriber(Protocol protocol, quint16 port, QObject *parent)
    : QObject(parent)
    , m_protocol(protocol)
{
    connect(&m_socket, &QWebSocket::textMessageReceived, this, &PriceSubscriber::onText);
    const QString path = protocol == Protocol::Json ? QStringLiteral("/ws") : QStringLiteral("/socket.io/?EIO=4&transport=websocket");
    m_socket.open(QUrl(QStringLiteral("ws://127.0.0.1:%1%2").arg(port).arg(path)));
}

void PriceSubscriber::subscribe()
{
    m_socket.sendTextMessage(m_protocol == Protocol::Json ? QStringLiteral(R"({"event":"subscribeBitcoinPrice"})")
                                                          : QStringLiteral(R"(42/data,1["subscribeBitcoinPrice"])"));
}

void PriceSubscriber::onText(const QString &frame)
{
    m_frames.append(frame);
    if (m_protocol == Protocol::Json) {
        if (jsonMessage(frame).value(QStringLiteral("event")) == QLatin1String("welcome"))
            m_ready = true;
        return;
    }
    // Engine.IO open -> join /data; ping -> pong; namespace joined -> ready.
    if (frame.startsWith(QLatin1Char('0')))
        m_socket.sendTextMessage(QStringLiteral("40/data,"));
    else if (frame == QLatin1String("2"))
        m_socket.sendTextMessage(QStringLiteral("3"));
    else if (frame.startsWith(QLatin1String("40/data,")))
        m_ready = true;
}

QList<QJsonValue> PriceSubscriber::prices() const
{
    QList<QJsonValue> result;
    for (const QString &frame : m_frames) {
        if (m_protocol == Protocol::Json) {
            const QJsonObject message = jsonMessage(frame);
            if (message.value(QStringLiteral("event")) == QLatin1String("bitcoinPrice"))
                result.append(message.value(QStringLiteral("data")));
        } else if (frame.startsWith(SocketIoPricePrefix)) {
            const QJsonArray event = QJsonDocument::fromJson(frame.sliced(SocketIoPricePrefix.size()).toUtf8()).array();
            if (event.size() == 2 && event.at(0) == QLatin1String("bitcoinPrice"))
                result.append(event.at(1));
        }
    }
    return result;
}

QJsonObject PriceSubscriber::jsonMessage(const QString &frame)
{
    return QJsonDocument::fromJson(frame.toUtf8()).object();
}
