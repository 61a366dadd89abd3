#include "protocol/JsonMessage.h"

#include <QJsonDocument>
#include <QJsonParseError>

namespace JsonMessage {

std::variant<Request, Error> parseRequest(const QByteArray &utf8)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(utf8, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return Error {ErrorCode::BadJson, QStringLiteral("message is not valid JSON: ") + parseError.errorString()};
    if (!doc.isObject())
        return Error {ErrorCode::BadJson, QStringLiteral("message must be a JSON object")};

    const QJsonObject object = doc.object();
    Request request;
    request.id = object.value(QStringLiteral("id"));
    if (!request.id.isUndefined() && !request.id.isString() && !request.id.isDouble())
        return Error {ErrorCode::BadRequest, QStringLiteral("\"id\" must be a string or a number")};

    const QJsonValue event = object.value(QStringLiteral("event"));
    if (!event.isString() || event.toString().isEmpty())
        return Error {ErrorCode::BadRequest, QStringLiteral("\"event\" must be a non-empty string"), request.id};
    request.event = event.toString();
    request.data = object.value(QStringLiteral("data"));
    return request;
}

QByteArray encode(const QString &event, const QJsonValue &data, const QJsonValue &id)
{
    QJsonObject object {{QStringLiteral("event"), event}, {QStringLiteral("data"), data}};
    if (!id.isUndefined())
        object.insert(QStringLiteral("id"), id);
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray encodeError(const Error &error)
{
    QJsonObject data = error.details;
    data.insert(QStringLiteral("code"), error.code);
    data.insert(QStringLiteral("message"), error.message);
    return encode(QStringLiteral("error"), data, error.id);
}

} // namespace JsonMessage
