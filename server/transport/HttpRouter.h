#pragma once

#include "transport/HttpRequestHead.h"

#include <QByteArray>

// Decides what the shared port does with one HTTP request: upgrade it to one
// of the two WebSocket protocols, or answer it as plain HTTP (errors today;
// the operator endpoints later).
class HttpRouter final {
public:
    struct Response {
        int status = 200;
        QByteArray contentType = "application/json";
        QByteArray body;

        // The whole response, `Connection: close`.
        QByteArray serialize() const;
    };

    struct Decision {
        enum class Kind { UpgradeSocketIo, UpgradeJsonWs, Respond };
        Kind kind = Kind::Respond;
        Response response; // for Respond
    };

    static Decision route(const HttpRequestHead &head);
    static Response errorResponse(int status, const QString &code, const QString &message);
};
