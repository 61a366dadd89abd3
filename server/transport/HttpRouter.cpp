#include "transport/HttpRouter.h"

#include "transport/HttpEndpoints.h"

#include "model/TrafficStats.h"
#include "protocol/EngineIoPacket.h"
#include "protocol/GatewayContract.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace {

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 426: return "Upgrade Required";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Error";
    }
}

HttpRouter::Decision engineIoError(EngineIoPacket::HttpError error)
{
    using Error = EngineIoPacket::HttpError;
    QString reason;
    switch (error) {
    case Error::TransportUnknown: reason = QStringLiteral("transport_unknown"); break;
    case Error::UnknownSid: reason = QStringLiteral("unknown_sid"); break;
    case Error::BadHandshakeMethod: reason = QStringLiteral("bad_handshake_method"); break;
    case Error::BadRequest: reason = QStringLiteral("bad_request"); break;
    case Error::Forbidden: reason = QStringLiteral("forbidden"); break;
    case Error::UnsupportedProtocolVersion: reason = QStringLiteral("unsupported_protocol_version"); break;
    }
    return {HttpRouter::Decision::Kind::Respond, {400, "application/json", EngineIoPacket::httpErrorBody(error), {}, false, reason},
        TrafficStats::SocketIo, reason};
}

HttpRouter::Decision routeSocketIo(const HttpRequestHead &head)
{
    using Error = EngineIoPacket::HttpError;
    const QUrlQuery query = head.query();
    // Checked in the order the Engine.IO reference server checks them.
    if (query.queryItemValue(QStringLiteral("EIO")) != QLatin1String("4"))
        return engineIoError(Error::UnsupportedProtocolVersion);
    if (query.queryItemValue(QStringLiteral("transport")) != QLatin1String("websocket"))
        return engineIoError(Error::TransportUnknown); // polling is not offered
    if (query.hasQueryItem(QStringLiteral("sid")))
        return engineIoError(Error::UnknownSid); // no polling sessions to upgrade
    if (head.method != "GET")
        return engineIoError(Error::BadHandshakeMethod);
    if (!head.isWebSocketUpgrade())
        return engineIoError(Error::BadRequest);
    return {HttpRouter::Decision::Kind::UpgradeSocketIo, {}, TrafficStats::SocketIo, {}};
}

} // namespace

QByteArray HttpRouter::Response::serialize() const
{
    QByteArray out;
    out += "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    // A 204 has no body, and says so by having neither (RFC 9110, 8.6).
    if (status != 204) {
        out += "Content-Type: " + contentType + "\r\n";
        out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    }
    for (const auto &[name, value] : headers)
        out += name + ": " + value + "\r\n";
    out += "Connection: close\r\n\r\n";
    if (!omitBody && status != 204)
        out += body;
    return out;
}

HttpRouter::Response HttpRouter::errorResponse(int status, const QString &code, const QString &message)
{
    const QJsonObject body {{QStringLiteral("error"), code}, {QStringLiteral("message"), message}};
    return {status, "application/json", QJsonDocument(body).toJson(QJsonDocument::Compact), {}, false, code};
}

HttpRouter::Decision HttpRouter::refuse(const QString &protocol, int status, const QString &code, const QString &message)
{
    return {Decision::Kind::Respond, errorResponse(status, code, message), protocol, code};
}

HttpRouter::Decision HttpRouter::route(const HttpRequestHead &head, const HttpEndpoints *endpoints)
{
    const QString path = head.path();
    if (endpoints && endpoints->handles(path)) {
        const QByteArrayList allowed = endpoints->methods(path);
        if (!allowed.contains(head.method)) {
            // HEAD goes without saying where GET is allowed.
            const QByteArray use = allowed.contains("GET") ? QByteArray("GET") : allowed.join(" or ");
            Decision refused =
                refuse(TrafficStats::Http, 405, QStringLiteral("method_not_allowed"), QStringLiteral("use %1").arg(QLatin1String(use)));
            refused.response.headers.append(std::pair<QByteArray, QByteArray>("Allow", allowed.join(", ")));
            return refused;
        }
        return {Decision::Kind::Endpoint, {}, TrafficStats::Http, {}};
    }
    if (path.startsWith(GatewayContract::SocketIoPath) || path == GatewayContract::SocketIoPath.chopped(1))
        return routeSocketIo(head);

    if (path == GatewayContract::JsonWsPath || path == GatewayContract::JsonWsPath + QLatin1Char('/')) {
        if (head.method != "GET")
            return refuse(
                TrafficStats::Json, 405, QStringLiteral("method_not_allowed"), QStringLiteral("use GET with a WebSocket upgrade"));
        if (!head.isWebSocketUpgrade())
            return refuse(
                TrafficStats::Json, 426, QStringLiteral("upgrade_required"), QStringLiteral("this endpoint speaks WebSocket only"));
        return {Decision::Kind::UpgradeJsonWs, {}, TrafficStats::Json, {}};
    }

    return refuse(
        TrafficStats::Http, 404, QStringLiteral("not_found"), QStringLiteral("no such endpoint; WebSocket clients use /ws or /socket.io/"));
}
