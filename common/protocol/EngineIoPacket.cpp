#include "protocol/EngineIoPacket.h"

#include <QJsonDocument>
#include <QJsonObject>

std::optional<EngineIoPacket> EngineIoPacket::decode(QByteArrayView frame)
{
    if (frame.isEmpty())
        return std::nullopt;
    const char type = frame.front();
    if (type < '0' || type > '6')
        return std::nullopt;
    return EngineIoPacket {static_cast<Type>(type), frame.sliced(1).toByteArray()};
}

QByteArray EngineIoPacket::encode() const
{
    QByteArray out;
    out.reserve(1 + data.size());
    out.append(static_cast<char>(type));
    out.append(data);
    return out;
}

QByteArray EngineIoPacket::httpErrorBody(HttpError error)
{
    QString message;
    switch (error) {
    case HttpError::TransportUnknown: message = QStringLiteral("Transport unknown"); break;
    case HttpError::UnknownSid: message = QStringLiteral("Session ID unknown"); break;
    case HttpError::BadHandshakeMethod: message = QStringLiteral("Bad handshake method"); break;
    case HttpError::BadRequest: message = QStringLiteral("Bad request"); break;
    case HttpError::Forbidden: message = QStringLiteral("Forbidden"); break;
    case HttpError::UnsupportedProtocolVersion: message = QStringLiteral("Unsupported protocol version"); break;
    }
    const QJsonObject body {{QStringLiteral("code"), static_cast<int>(error)}, {QStringLiteral("message"), message}};
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}
