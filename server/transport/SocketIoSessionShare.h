#pragma once

#include "transport/SocketIoSessionStore.h"

#include <QString>

#include <functional>
#include <optional>

// Where Socket.IO sessions kept for recovery go beyond this process, so that
// a client that reconnects to another instance of a cluster (behind a load
// balancer) gets its session back there (docs/scaling.md). The transport
// knows only this interface; the server implements it over the cluster's
// Redis. Without a cluster there is none, and SocketIoSessionStore alone
// serves, as it always did.
//
// Both calls come from I/O threads and must return at once: the answer to
// take() comes later, from any thread, exactly once (the session that asked
// gives up waiting after SocketIoSessionStore::shareTimeoutMs()).
class SocketIoSessionShare {
public:
    struct Taken {
        enum class Outcome {
            Found, // the session, now taken out of the share: nobody else gets it
            Missing, // unknown, expired, or already taken (on any instance)
            Unavailable, // the share cannot say now (Redis unreachable, an error)
        };
        Outcome outcome = Outcome::Unavailable;
        std::optional<SocketIoSessionStore::Session> session; // with Found
    };
    using TakeDone = std::function<void(const Taken &taken)>;

    virtual ~SocketIoSessionShare() = default;

    // Keeps the session for windowMs where every instance can take it.
    virtual void keep(const SocketIoSessionStore::Session &session, qint64 windowMs) = 0;
    // Takes the session with pid out of the share, at most once across the
    // cluster, and answers through done.
    virtual void take(const QString &pid, TakeDone done) = 0;
};
