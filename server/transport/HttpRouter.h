#pragma once

#include "transport/HttpRequestHead.h"

#include <QByteArray>
#include <QList>

#include <utility>

class HttpEndpoints;

// Decides what the shared port does with one HTTP request: upgrade it to one
// of the two WebSocket protocols, or answer it as plain HTTP (errors today;
// the operator endpoints later).
class HttpRouter final {
public:
    struct Response {
        int status = 200;
        QByteArray contentType = "application/json";
        QByteArray body;
        QList<std::pair<QByteArray, QByteArray>> headers; // more, e.g. WWW-Authenticate
        bool omitBody = false; // an answer to HEAD: the headers of GET, no body
        QString refusal; // for an error answer, why, as a metric label (e.g. "not_found"); empty otherwise

        // The whole response, `Connection: close`.
        QByteArray serialize() const;
    };

    struct Decision {
        enum class Kind {
            UpgradeSocketIo,
            UpgradeJsonWs,
            Respond, // with response, now
            Endpoint, // ask the HttpEndpoints; they answer
        };
        Kind kind = Kind::Respond;
        Response response; // for Respond
        // For a refusal: the protocol the request was meant for ("socket.io",
        // "json" or "http", as TrafficStats names them) and why, as a metric
        // label (e.g. "not_found"); reason is empty for an answer that is not a refusal.
        QString protocol;
        QString reason;
    };

    // endpoints may be null: no paths beyond the WebSocket ones.
    static Decision route(const HttpRequestHead &head, const HttpEndpoints *endpoints = nullptr);
    static Response errorResponse(int status, const QString &code, const QString &message);
    // A refusal of the given protocol: answers errorResponse() and names code as the reason.
    static Decision refuse(const QString &protocol, int status, const QString &code, const QString &message);
};
