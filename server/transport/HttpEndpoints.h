#pragma once

#include "transport/HttpRequestHead.h"
#include "transport/HttpRouter.h"

#include <QByteArrayList>
#include <QString>

#include <functional>

// The plain-HTTP paths a layer above the transport answers on the shared
// port (the probes, /metrics, the status API). The transport knows only this
// interface; the server implements it.
class HttpEndpoints {
public:
    // Answers the request; may be called from any thread, at most once.
    using Reply = std::function<void(const HttpRouter::Response &response)>;

    virtual ~HttpEndpoints() = default;

    // Whether path is one of the endpoints, so that the router answers 405
    // to a method they do not take rather than 404. Called in I/O threads:
    // must not change after the server has started.
    virtual bool handles(const QString &path) const = 0;
    // The methods a path handles() named takes; the router answers any other
    // with 405 and these in Allow. Called in I/O threads, as handles().
    virtual QByteArrayList methods(const QString &path) const
    {
        Q_UNUSED(path);
        return {"GET", "HEAD"};
    }
    // Called in an I/O thread for a request of a path handles() named, with
    // one of its methods(). The answer may come later and from another
    // thread, through reply.
    virtual void handle(const HttpRequestHead &request, Reply reply) = 0;
};
