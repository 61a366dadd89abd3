#include "TestClients.h"

#include <QJsonDocument>
#include <QTest>

namespace {

QJsonValue parseJson(const QByteArray &text)
{
    const QJsonDocument doc = QJsonDocument::fromJson(text);
    return doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
}

} // namespace

WsTestClient::WsTestClient()
{
    QObject::connect(&m_socket, &QWebSocket::textMessageReceived, &m_socket, [this](const QString &message) { onMessage(message); });
    QObject::connect(&m_socket, &QWebSocket::disconnected, &m_socket, [this] { m_disconnected = true; });
}

WsTestClient::~WsTestClient() = default;

bool WsTestClient::open(const QUrl &url, int timeoutMs)
{
    m_socket.open(url);
    return QTest::qWaitFor([this] { return m_socket.state() == QAbstractSocket::ConnectedState || m_disconnected; }, timeoutMs)
        && m_socket.state() == QAbstractSocket::ConnectedState;
}

std::optional<QString> WsTestClient::next(int timeoutMs)
{
    if (!QTest::qWaitFor([this] { return !m_messages.isEmpty(); }, timeoutMs))
        return std::nullopt;
    return m_messages.takeFirst();
}

QStringList WsTestClient::drain(int windowMs)
{
    QTest::qWait(windowMs);
    return std::exchange(m_messages, {});
}

bool WsTestClient::waitForDisconnect(int timeoutMs)
{
    return QTest::qWaitFor([this] { return m_disconnected; }, timeoutMs);
}

bool JsonTestClient::connectTo(const QUrl &url)
{
    if (!open(url))
        return false;
    m_welcome = nextJson();
    return m_welcome.value(QStringLiteral("event")).toString() == QLatin1String("welcome");
}

void JsonTestClient::sendJson(const QJsonObject &message)
{
    send(QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact)));
}

QJsonObject JsonTestClient::nextJson(int timeoutMs)
{
    const std::optional<QString> message = next(timeoutMs);
    return message ? QJsonDocument::fromJson(message->toUtf8()).object() : QJsonObject();
}

QJsonObject JsonTestClient::nextEvent(const QString &event, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        const QJsonObject message = nextJson(int(deadline.remainingTime()));
        if (message.value(QStringLiteral("event")).toString() == event)
            return message;
    }
    return {};
}

int JsonTestClient::countEvents(const QString &event, int windowMs)
{
    int count = 0;
    for (const QString &message : drain(windowMs)) {
        if (QJsonDocument::fromJson(message.toUtf8()).object().value(QStringLiteral("event")).toString() == event)
            ++count;
    }
    return count;
}

void SocketIoTestClient::onMessage(const QString &message)
{
    if (message == QLatin1String("2") && m_answerPings) {
        m_socket.sendTextMessage(QStringLiteral("3"));
        ++m_pingsAnswered;
        return;
    }
    WsTestClient::onMessage(message);
}

bool SocketIoTestClient::connectTo(const QUrl &url, bool joinData)
{
    if (!open(url))
        return false;
    const std::optional<QString> open = nextFrame();
    if (!open || !open->startsWith(QLatin1Char('0')))
        return false;
    m_open = QJsonDocument::fromJson(open->sliced(1).toUtf8()).object();
    if (!joinData)
        return true;
    send(QStringLiteral("40/data,"));
    const std::optional<QString> connected = nextFrame();
    if (!connected || !connected->startsWith(QLatin1String("40/data,{\"sid\":")))
        return false;
    return nextEvent(QStringLiteral("message")).size() == 2;
}

std::optional<SocketIoTestClient::Joined> SocketIoTestClient::joinData(const QJsonObject &auth)
{
    send(QStringLiteral("40/data,") + (auth.isEmpty() ? QString() : QString::fromUtf8(QJsonDocument(auth).toJson(QJsonDocument::Compact))));
    const std::optional<QString> answer = nextFrame();
    if (!answer || !answer->startsWith(QLatin1String("40/data,{")))
        return std::nullopt;
    const QJsonObject data = QJsonDocument::fromJson(answer->sliced(8).toUtf8()).object();
    return Joined {data.value(QStringLiteral("sid")).toString(), data.value(QStringLiteral("pid")).toString()};
}

std::optional<QString> SocketIoTestClient::nextFrame(int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        const std::optional<QString> frame = next(int(deadline.remainingTime()));
        if (frame && *frame != QLatin1String("2"))
            return frame;
    }
    return std::nullopt;
}

void SocketIoTestClient::emitEvent(const QString &event, std::optional<int> ackId)
{
    const QString id = ackId ? QString::number(*ackId) : QString();
    send(QStringLiteral("42/data,") + id + QStringLiteral("[\"") + event + QStringLiteral("\"]"));
}

QJsonObject SocketIoTestClient::waitForAck(int ackId, int timeoutMs)
{
    const QString prefix = QStringLiteral("43/data,") + QString::number(ackId) + QLatin1Char('[');
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        const std::optional<QString> frame = nextFrame(int(deadline.remainingTime()));
        if (frame && frame->startsWith(prefix))
            return parseJson(frame->sliced(prefix.size() - 1).toUtf8()).toArray().first().toObject();
    }
    return {};
}

QJsonArray SocketIoTestClient::nextEvent(const QString &event, int timeoutMs)
{
    const QString prefix = QStringLiteral("42/data,");
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        const std::optional<QString> frame = nextFrame(int(deadline.remainingTime()));
        if (!frame || !frame->startsWith(prefix))
            continue;
        const QJsonArray array = parseJson(frame->sliced(prefix.size()).toUtf8()).toArray();
        if (array.first().toString() == event)
            return array;
    }
    return {};
}

int SocketIoTestClient::countEvents(const QString &event, int windowMs)
{
    const QString prefix = QStringLiteral("42/data,[\"") + event + QStringLiteral("\",");
    int count = 0;
    for (const QString &frame : drain(windowMs)) {
        if (frame.startsWith(prefix))
            ++count;
    }
    return count;
}
