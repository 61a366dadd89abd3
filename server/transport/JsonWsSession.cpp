#include "transport/JsonWsSession.h"

#include "protocol/StreamEvents.h"
#include "transport/MessageRateLimit.h"
#include "transport/Recovery.h"
#include "transport/StreamPositions.h"
#include "transport/TransportLogging.h"

#include <QJsonArray>

#include <cmath>

namespace {

const QString SubscribeEvent = QStringLiteral("subscribe");
const QString UnsubscribeEvent = QStringLiteral("unsubscribe");
const QString SinceKey = QStringLiteral("since");
const QString EpochKey = QStringLiteral("epoch");

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

// A seq as JSON can carry it exactly: an integer from 0 to 2^53.
std::optional<quint64> seqValue(const QJsonValue &value)
{
    if (!value.isDouble())
        return std::nullopt;
    const double number = value.toDouble();
    if (!(number >= 0) || number > 9007199254740992.0 || std::floor(number) != number)
        return std::nullopt;
    return quint64(number);
}

// The epoch a subscribe names, if any: {ok, epoch}; not ok if it is not a string.
std::pair<bool, std::optional<QString>> epochOf(const QJsonObject &data)
{
    const QJsonValue epoch = data.value(EpochKey);
    if (epoch.isUndefined())
        return {true, std::nullopt};
    if (!epoch.isString())
        return {false, std::nullopt};
    return {true, epoch.toString()};
}

} // namespace

JsonWsSession::JsonWsSession(QWebSocket *socket, ClientSocket *transport, SubscriptionTable &table, const TransportSettings &settings,
    TrafficCounters &counters, QObject *parent, Recovery *recovery)
    : ClientSession(socket, transport, table, settings, counters, ClientInfo::Protocol::JsonWs, parent, recovery)
{
    QJsonObject welcome {
        {QStringLiteral("server"), QStringLiteral("datagate")},
        {QStringLiteral("version"), QStringLiteral(DATAGATE_VERSION)},
        {QStringLiteral("streams"), QJsonArray::fromStringList(table.streamNames())},
    };
    // The run the seqs belong to: a client that reconnects and finds another
    // one knows its seqs mean nothing here any more.
    if (recovery)
        welcome.insert(EpochKey, recovery->positions().epoch());
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
    const QJsonObject data = request.data.toObject();
    const auto [epochOk, epoch] = epochOf(data);
    if (!epochOk) {
        sendError(JsonMessage::ErrorCode::BadRequest, QStringLiteral("\"epoch\" must be the string the welcome message gave"), request.id);
        return;
    }
    Resume resume;
    resume.epoch = epoch;

    if (request.event == SubscribeEvent || request.event == UnsubscribeEvent) {
        const std::optional<QStringList> streams = streamList(request.data);
        if (!streams) {
            sendError(JsonMessage::ErrorCode::BadRequest, QStringLiteral("\"data\" must be {\"streams\":[<stream name>, …]}"), request.id);
            return;
        }
        const QJsonValue since = data.value(SinceKey);
        if (request.event == SubscribeEvent && !since.isUndefined()) {
            if (!since.isObject()) {
                sendError(
                    JsonMessage::ErrorCode::BadRequest, QStringLiteral("\"since\" must be {\"<stream>\":<last seq seen>, …}"), request.id);
                return;
            }
            const QJsonObject perStream = since.toObject();
            for (auto it = perStream.constBegin(); it != perStream.constEnd(); ++it) {
                if (!streams->contains(it.key())) {
                    sendError(JsonMessage::ErrorCode::BadRequest,
                        QStringLiteral("\"since\" names \"%1\", which this subscribe does not").arg(it.key()), request.id);
                    return;
                }
                const std::optional<quint64> seq = seqValue(it.value());
                if (!seq) {
                    sendError(JsonMessage::ErrorCode::BadRequest,
                        QStringLiteral("\"since\" of \"%1\" must be a seq: an integer from 0 to 2^53").arg(it.key()), request.id);
                    return;
                }
                resume.since.insert(it.key(), *seq);
            }
        }
        changeSubscriptions(request.event == SubscribeEvent, *streams, request.id, resume);
        return;
    }

    const std::optional<StreamEvents::Request> streamEvent = StreamEvents::parse(request.event);
    if (!streamEvent || !table().find(streamEvent->stream)) {
        sendError(JsonMessage::ErrorCode::UnknownEvent, QStringLiteral("unknown event \"%1\"").arg(request.event), request.id);
        return;
    }
    const bool subscribing = streamEvent->action == StreamEvents::Action::Subscribe;
    const QJsonValue since = data.value(SinceKey);
    if (subscribing && !since.isUndefined()) {
        const std::optional<quint64> seq = seqValue(since);
        if (!seq) {
            sendError(JsonMessage::ErrorCode::BadRequest, QStringLiteral("\"since\" must be a seq: an integer from 0 to 2^53"), request.id);
            return;
        }
        resume.since.insert(streamEvent->stream, *seq);
    }
    changeSubscriptions(subscribing, {streamEvent->stream}, request.id, resume);
}

void JsonWsSession::changeSubscriptions(bool subscribing, const QStringList &streams, const QJsonValue &id, const Resume &resume)
{
    for (const QString &stream : streams) {
        if (!table().find(stream)) {
            sendError(JsonMessage::ErrorCode::UnknownStream,
                QStringLiteral("unknown stream \"%1\"; streams: %2").arg(stream, table().streamNames().join(QStringLiteral(", "))), id);
            return;
        }
        if (subscribing && !mayReceive(stream)) {
            qCDebug(lcJsonWs) << "client" << this->id() << "may not subscribe to" << stream;
            sendError(JsonMessage::ErrorCode::Forbidden, QStringLiteral("your token does not allow stream \"%1\"").arg(stream), id);
            return;
        }
    }
    if (subscribing && !checkResume(resume, id))
        return;
    for (const QString &stream : streams) {
        if (!subscribing) {
            unsubscribe(stream);
            sendMessage(QStringLiteral("unsubscribed"), QJsonObject {{QStringLiteral("stream"), stream}}, id);
            continue;
        }
        const auto since = resume.since.constFind(stream);
        if (since != resume.since.constEnd())
            resumeStream(stream, *since, id);
        else
            subscribeLive(stream, id);
    }
}

bool JsonWsSession::checkResume(const Resume &resume, const QJsonValue &id)
{
    if (resume.since.isEmpty())
        return true;
    if (!recovery()) {
        sendError(JsonMessage::ErrorCode::BadRequest, QStringLiteral("this server keeps no history: subscribe without \"since\""), id);
        return false;
    }
    const StreamPositions &positions = recovery()->positions();
    const QString epoch = positions.epoch();
    if (resume.epoch && *resume.epoch != epoch) {
        qCInfo(lcJsonWs).nospace() << "client " << this->id() << " asked to recover seqs of epoch " << *resume.epoch << "; ours is "
                                   << epoch;
        sendError(JsonMessage::ErrorCode::EpochMismatch,
            QStringLiteral("\"since\" belongs to epoch %1, but the server's seqs are of epoch %2 (it restarted): "
                           "nothing can be recovered; subscribe without \"since\"")
                .arg(*resume.epoch, epoch),
            id, {{EpochKey, epoch}});
        return false;
    }
    for (auto it = resume.since.constBegin(); it != resume.since.constEnd(); ++it) {
        const quint64 latest = positions.seq(it.key());
        if (it.value() <= latest)
            continue;
        qCInfo(lcJsonWs).nospace() << "client " << this->id() << " asked for " << it.key() << " since " << it.value()
                                   << ", beyond its last seq " << latest;
        sendError(JsonMessage::ErrorCode::SinceAhead,
            QStringLiteral("\"since\" %1 of \"%2\" is beyond its last seq, %3, in epoch %4: was it from before a restart? "
                           "Subscribe without \"since\"")
                .arg(it.value())
                .arg(it.key())
                .arg(latest)
                .arg(epoch),
            id,
            {{QStringLiteral("stream"), it.key()}, {SinceKey, qint64(it.value())}, {QStringLiteral("latest"), qint64(latest)},
                {EpochKey, epoch}});
        return false;
    }
    return true;
}

void JsonWsSession::resumeStream(const QString &stream, quint64 since, const QJsonValue &id)
{
    if (subscribedStreams().contains(stream)) {
        // Whatever this connection has been sent of it, it keeps getting:
        // there is nothing to recover within one connection.
        sendMessage(QStringLiteral("subscribed"),
            QJsonObject {{QStringLiteral("stream"), stream}, {QStringLiteral("recovered"), false},
                {QStringLiteral("reason"), QStringLiteral("already_subscribed")}},
            id);
        return;
    }
    const QString epoch = recovery()->positions().epoch();
    const SubscriptionTable::StreamHistory *history = table().history(stream);
    qsizetype missed = 0;
    // This thread may not have delivered `since` yet (the client saw it on
    // another thread a moment ago): then it has dropped nothing after it,
    // and what follows reaches the client as this thread delivers it.
    if (history->epoch == epoch && history->ticks.latestSeq() >= since) {
        const TickHistory::Lookup lookup = history->ticks.after(since, recovery()->nowMs());
        if (lookup.answer != TickHistory::Answer::Recovered) {
            const quint64 oldest = lookup.oldestSeq ? lookup.oldestSeq : lookup.latestSeq + 1;
            qCInfo(lcJsonWs).nospace() << "client " << this->id() << " asked for " << stream << " since " << since
                                       << "; the oldest held is " << oldest;
            subscribeLive(stream, id,
                {{QStringLiteral("recovered"), false}, {QStringLiteral("reason"), QStringLiteral("too_old")},
                    {QStringLiteral("oldest"), qint64(oldest)}});
            return;
        }
        missed = lookup.missed;
    }
    sendMessage(QStringLiteral("subscribed"),
        QJsonObject {{QStringLiteral("stream"), stream}, {QStringLiteral("recovered"), true}, {QStringLiteral("missed"), qint64(missed)}},
        id);
    qCInfo(lcJsonWs).nospace() << "client " << this->id() << " recovers " << missed << ' ' << stream << " tick(s) after seq " << since;
    replay(stream, since, epoch);
}

void JsonWsSession::subscribeLive(const QString &stream, const QJsonValue &id, const QJsonObject &extra)
{
    QJsonObject data = extra;
    data.insert(QStringLiteral("stream"), stream);
    const auto result = subscribe(stream);
    sendMessage(QStringLiteral("subscribed"), data, id);
    if (result != SubscriptionTable::SubscribeResult::Subscribed || !table().find(stream)->latestOnSubscribe)
        return;
    if (!sendLatest(stream))
        sendError(JsonMessage::ErrorCode::NoDataYet,
            QStringLiteral("no %1 value is known yet; it follows as soon as there is one").arg(stream), id);
}

void JsonWsSession::sendMessage(const QString &event, const QJsonValue &data, const QJsonValue &id)
{
    sendText(JsonMessage::encode(event, data, id));
}

void JsonWsSession::sendError(const QString &code, const QString &message, const QJsonValue &id, const QJsonObject &details)
{
    // Every error answers a message that was refused, but for "no data yet",
    // which answers a subscribe that worked.
    if (code != JsonMessage::ErrorCode::NoDataYet)
        countRejected(code);
    JsonMessage::Error error {code, message, id};
    error.details = details;
    sendText(JsonMessage::encodeError(error));
}
