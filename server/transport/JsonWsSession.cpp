#include "transport/JsonWsSession.h"

#include "protocol/StreamEvents.h"
#include "transport/MessageRateLimit.h"
#include "transport/TransportLogging.h"

#include <QJsonArray>

namespace {

const QString SubscribeEvent = QStringLiteral("subscribe");
const QString UnsubscribeEvent = QStringLiteral("unsubscribe");

// `{"streams":["a","b"]}` (or `{"stream":"a"}`) -> the names; nullopt if malformed.
std::optional<QStringList> streamList(const QJsonValue &data)
{
    const QJsonObject object = data.toObject();
    QStringList streams;
    if (object.value(QStringLiteral("stream")).isString()) {
        streams.append(object.value(QStringLiteral("stream")).toString());
    } else if (object.value(QStringLiteral("streams")).isArray()) {
        for (const QJsonValue &value : object.value(QStringLiteral("streams")).toArray()) {
            if (!value.isString())
                return std::nullopt;
            if (!streams.contains(value.toString()))
                streams.append(value.toString());
        }
    }
    if (streams.isEmpty())
        return std::nullopt;
    return streams;
}

} // namespace

JsonWsSession::JsonWsSession(QWebSocket *socket, ClientSocket *transport, SubscriptionTable &table, const TransportSettings &settings,
    TrafficCounters &counters, QObject *parent)
    : ClientSession(socket, transport, table, settings, counters, ClientInfo::Protocol::JsonWs, parent)
{
    const QJsonObject welcome {
        {QStringLiteral("server"), QStringLiteral("datagate")},
        {QStringLiteral("version"), QStringLiteral(DATAGATE_VERSION)},
        {QStringLiteral("streams"), QJsonArray::fromStringList(table.streamNames())},
    };
    sendMessage(QStringLiteral("welcome"), welcome);
}

void JsonWsSession::handleText(const QString &message)
{
    const auto parsed = JsonMessage::parseRequest(message.toUtf8());
    if (const auto *error = std::get_if<JsonMessage::Error>(&parsed)) {
        qCDebug(lcJsonWs) << "client" << id() << error->code << error->message;
        sendError(error->code, error->message, error->id);
        return;
    }
    handleRequest(std::get<JsonMessage::Request>(parsed));
}

void JsonWsSession::handleBinary(const QByteArray &)
{
    sendError(JsonMessage::ErrorCode::BinaryNotSupported, QStringLiteral("send JSON in text frames"));
}

void JsonWsSession::warnRateLimited(const QString &message)
{
    // An error event like the others, without an id: the message was not
    // read. Counted by the caller.
    sendText(JsonMessage::encodeError({MessageRateLimit::errorCode(), message}));
}

void JsonWsSession::handleRequest(const JsonMessage::Request &request)
{
    if (request.event == SubscribeEvent || request.event == UnsubscribeEvent) {
        const std::optional<QStringList> streams = streamList(request.data);
        if (!streams) {
            sendError(JsonMessage::ErrorCode::BadRequest, QStringLiteral("\"data\" must be {\"streams\":[<stream name>, …]}"), request.id);
            return;
        }
        changeSubscriptions(request.event == SubscribeEvent, *streams, request.id);
        return;
    }

    const std::optional<StreamEvents::Request> streamEvent = StreamEvents::parse(request.event);
    if (!streamEvent || !table().find(streamEvent->stream)) {
        sendError(JsonMessage::ErrorCode::UnknownEvent, QStringLiteral("unknown event \"%1\"").arg(request.event), request.id);
        return;
    }
    changeSubscriptions(streamEvent->action == StreamEvents::Action::Subscribe, {streamEvent->stream}, request.id);
}

void JsonWsSession::changeSubscriptions(bool subscribing, const QStringList &streams, const QJsonValue &id)
{
    for (const QString &stream : streams) {
        if (!table().find(stream)) {
            sendError(JsonMessage::ErrorCode::UnknownStream,
                QStringLiteral("unknown stream \"%1\"; streams: %2").arg(stream, table().streamNames().join(QStringLiteral(", "))), id);
            return;
        }
    }
    for (const QString &stream : streams) {
        const QJsonObject data {{QStringLiteral("stream"), stream}};
        if (!subscribing) {
            unsubscribe(stream);
            sendMessage(QStringLiteral("unsubscribed"), data, id);
            continue;
        }
        const auto result = subscribe(stream);
        sendMessage(QStringLiteral("subscribed"), data, id);
        if (result != SubscriptionTable::SubscribeResult::Subscribed || !table().find(stream)->latestOnSubscribe)
            continue;
        if (!sendLatest(stream))
            sendError(JsonMessage::ErrorCode::NoDataYet,
                QStringLiteral("no %1 value is known yet; it follows as soon as there is one").arg(stream), id);
    }
}

void JsonWsSession::sendMessage(const QString &event, const QJsonValue &data, const QJsonValue &id)
{
    sendText(JsonMessage::encode(event, data, id));
}

void JsonWsSession::sendError(const QString &code, const QString &message, const QJsonValue &id)
{
    // Every error answers a message that was refused, but for "no data yet",
    // which answers a subscribe that worked.
    if (code != JsonMessage::ErrorCode::NoDataYet)
        countRejected(code);
    sendText(JsonMessage::encodeError({code, message, id}));
}
