#include "gui/source/RemoteProtocol.h"

#include "model/StatusJson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {

// More would not fit the window, and no datagate has that many; a longer
// list is an answer to refuse, not to draw.
constexpr qsizetype MaxStreams = 64;

const QString ValueKeyDefault = QStringLiteral("value");

std::optional<QJsonObject> object(const QByteArray &body, QString *error)
{
    QJsonParseError parseError {};
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = QStringLiteral("not JSON: %1 at offset %2").arg(parseError.errorString()).arg(parseError.offset);
        return std::nullopt;
    }
    if (!document.isObject()) {
        *error = QStringLiteral("not a JSON object");
        return std::nullopt;
    }
    return document.object();
}

QDateTime time(const QJsonValue &value)
{
    return value.isString() ? QDateTime::fromString(value.toString(), Qt::ISODateWithMs) : QDateTime();
}

// A tick of stream out of the data of its message: the value under
// valueKey, seq and ts by theirs, the rest its details, as the hub had them.
// nullopt, and why, when data is not a tick's.
std::optional<Tick> tickFrom(const QString &stream, const QJsonObject &data, const QString &valueKey, QString *error)
{
    if (!data.value(QStringLiteral("seq")).isDouble()) {
        *error = QStringLiteral("a \"%1\" tick without its \"seq\"").arg(stream);
        return std::nullopt;
    }
    if (!data.contains(valueKey)) {
        *error = QStringLiteral("a \"%1\" tick without its \"%2\"").arg(stream, valueKey);
        return std::nullopt;
    }
    Tick tick;
    tick.stream = stream;
    tick.seq = quint64(std::max<qint64>(0, data.value(QStringLiteral("seq")).toInteger()));
    tick.ts = data.value(QStringLiteral("ts")).toInteger();
    tick.value = data.value(valueKey);
    tick.details = data;
    tick.details.remove(valueKey);
    tick.details.remove(QStringLiteral("seq"));
    tick.details.remove(QStringLiteral("ts"));
    return tick;
}

} // namespace

namespace RemoteProtocol {

std::optional<Status> parseStatus(const QByteArray &body, QString *error)
{
    const std::optional<QJsonObject> root = object(body, error);
    if (!root)
        return std::nullopt;
    const QJsonValue streams = root->value(QStringLiteral("streams"));
    if (!streams.isArray()) {
        *error = QStringLiteral("no \"streams\" list");
        return std::nullopt;
    }
    if (streams.toArray().size() > MaxStreams) {
        *error = QStringLiteral("more than %1 streams").arg(MaxStreams);
        return std::nullopt;
    }
    Status status;
    status.version = root->value(QStringLiteral("version")).toString();
    status.startedAt = time(root->value(QStringLiteral("startedAt")));
    const double uptimeSeconds = root->value(QStringLiteral("uptimeSeconds")).toDouble(-1);
    if (status.startedAt.isValid() && uptimeSeconds >= 0)
        status.remoteNow = status.startedAt.addMSecs(qint64(uptimeSeconds * 1000.0));
    const QJsonObject listen = root->value(QStringLiteral("listen")).toObject();
    status.listenHost = listen.value(QStringLiteral("host")).toString();
    const qint64 port = listen.value(QStringLiteral("port")).toInteger();
    status.listenPort = port > 0 && port <= 65535 ? quint16(port) : 0;
    status.maxSendBufferBytes =
        std::max<qint64>(0, root->value(QStringLiteral("limits")).toObject().value(QStringLiteral("maxSendBufferBytes")).toInteger());
    for (const QJsonValue &value : streams.toArray()) {
        const QJsonObject stream = value.toObject();
        StreamInfo info;
        info.name = stream.value(QStringLiteral("name")).toString();
        if (info.name.isEmpty()) {
            *error = QStringLiteral("a stream without a name");
            return std::nullopt;
        }
        info.description = stream.value(QStringLiteral("description")).toString();
        info.valueKey = stream.value(QStringLiteral("valueKey")).toString(ValueKeyDefault);
        if (info.valueKey.isEmpty())
            info.valueKey = ValueKeyDefault;
        status.streams.append(info);
        status.health.insert(info.name, StatusJson::toFeedHealth(stream.value(QStringLiteral("health")).toObject()));
    }
    status.traffic = StatusJson::toTraffic(root->value(QStringLiteral("traffic")).toObject());
    status.cluster = ClusterStatus::fromJson(root->value(QStringLiteral("cluster")).toObject());
    return status;
}

std::optional<ClientsPage> parseClientsPage(const QByteArray &body, QString *error)
{
    const std::optional<QJsonObject> root = object(body, error);
    if (!root)
        return std::nullopt;
    const QJsonValue clients = root->value(QStringLiteral("clients"));
    const QJsonValue total = root->value(QStringLiteral("total"));
    if (!clients.isArray() || !total.isDouble() || total.toInteger(-1) < 0) {
        *error = QStringLiteral("no \"clients\" list with its \"total\"");
        return std::nullopt;
    }
    ClientsPage page;
    page.total = total.toInteger();
    page.offset = std::max<qint64>(0, root->value(QStringLiteral("offset")).toInteger());
    for (const QJsonValue &value : clients.toArray())
        page.clients.append(StatusJson::toClient(value.toObject()));
    return page;
}

std::optional<Message> parseMessage(const QByteArray &utf8, const QHash<QString, QString> &valueKeys, QString *error)
{
    const std::optional<QJsonObject> root = object(utf8, error);
    if (!root)
        return std::nullopt;
    const QJsonValue eventValue = root->value(QStringLiteral("event"));
    if (!eventValue.isString() || eventValue.toString().isEmpty()) {
        *error = QStringLiteral("a message without an event");
        return std::nullopt;
    }
    const QString event = eventValue.toString();
    const QJsonValue data = root->value(QStringLiteral("data"));
    if (event == QLatin1String("welcome")) {
        const QJsonObject welcome = data.toObject();
        Welcome result;
        result.server = welcome.value(QStringLiteral("server")).toString();
        result.version = welcome.value(QStringLiteral("version")).toString();
        result.epoch = welcome.value(QStringLiteral("epoch")).toString();
        for (const QJsonValue &stream : welcome.value(QStringLiteral("streams")).toArray()) {
            if (stream.isString() && !stream.toString().isEmpty())
                result.streams.append(stream.toString());
        }
        if (result.streams.size() > MaxStreams) {
            *error = QStringLiteral("more than %1 streams").arg(MaxStreams);
            return std::nullopt;
        }
        return Message(result);
    }
    if (event == QLatin1String("error")) {
        const QJsonObject details = data.toObject();
        return Message(ErrorEvent {details.value(QStringLiteral("code")).toString(), details.value(QStringLiteral("message")).toString()});
    }
    // A tick is the only message whose data carries a seq.
    const QJsonObject details = data.toObject();
    if (!details.value(QStringLiteral("seq")).isDouble())
        return Message(Ignored {});
    const std::optional<Tick> tick = tickFrom(event, details, valueKeys.value(event, ValueKeyDefault), error);
    if (!tick)
        return std::nullopt;
    return Message(*tick);
}

std::optional<QList<StreamHistory>> parseHistory(const QByteArray &body, const QHash<QString, QString> &valueKeys, QString *error)
{
    const std::optional<QJsonObject> root = object(body, error);
    if (!root)
        return std::nullopt;
    const QJsonValue streams = root->value(QStringLiteral("streams"));
    if (!streams.isArray()) {
        *error = QStringLiteral("no \"streams\" list");
        return std::nullopt;
    }
    if (streams.toArray().size() > MaxStreams) {
        *error = QStringLiteral("more than %1 streams").arg(MaxStreams);
        return std::nullopt;
    }
    QList<StreamHistory> result;
    for (const QJsonValue &value : streams.toArray()) {
        const QJsonObject stream = value.toObject();
        StreamHistory history;
        history.stream = stream.value(QStringLiteral("name")).toString();
        if (history.stream.isEmpty() || !stream.value(QStringLiteral("ticks")).isArray()) {
            *error = QStringLiteral("a stream without a name or its \"ticks\"");
            return std::nullopt;
        }
        history.epoch = stream.value(QStringLiteral("epoch")).toString();
        const QString valueKey = valueKeys.value(history.stream, ValueKeyDefault);
        for (const QJsonValue &data : stream.value(QStringLiteral("ticks")).toArray()) {
            std::optional<Tick> tick = tickFrom(history.stream, data.toObject(), valueKey, error);
            if (!tick)
                return std::nullopt;
            history.ticks.append(std::move(*tick));
        }
        result.append(std::move(history));
    }
    return result;
}

QByteArray subscribeRequest(const QStringList &streams, const QHash<QString, quint64> &since, const QString &epoch)
{
    QJsonObject data {{QStringLiteral("streams"), QJsonArray::fromStringList(streams)}};
    QJsonObject seqs;
    for (auto it = since.cbegin(); it != since.cend(); ++it) {
        if (streams.contains(it.key()))
            seqs.insert(it.key(), qint64(it.value()));
    }
    if (!seqs.isEmpty()) {
        data.insert(QStringLiteral("since"), seqs);
        if (!epoch.isEmpty())
            data.insert(QStringLiteral("epoch"), epoch);
    }
    const QJsonObject request {
        {QStringLiteral("event"), QStringLiteral("subscribe")},
        {QStringLiteral("data"), data},
    };
    return QJsonDocument(request).toJson(QJsonDocument::Compact);
}

} // namespace RemoteProtocol
