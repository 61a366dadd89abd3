#pragma once

#include <QByteArrayView>
#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QMutex>
#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>
#include <optional>
#include <utility>

// The connection limits every I/O thread shares: --max-connections,
// --max-connections-per-ip (with the client's address read from
// X-Forwarded-For only when the peer is one of --trusted-proxies) and
// --max-pending-handshakes. A connection takes a Lease when it is admitted
// and gives it back when the Lease is destroyed, so every way a connection
// ends (refused, timed out, upgrade failed, closed, cut off on shutdown)
// releases it exactly once.
//
// Touched only at accept, at the handshake and when a connection ends, never
// per tick or per message: a mutex around a small map is enough, and the map
// holds only addresses with connections (an entry goes at zero).
//
// The limits can change while connections are held (a reload,
// reconfigure()): what is counted stays, and the new limits apply to the
// connections that come next. Lowered below what is held, nobody is cut off;
// new connections are refused until enough have gone.
class ConnectionLimits final {
public:
    struct Settings {
        int maxConnections = 20000;
        int maxConnectionsPerIp = 200; // 0: no limit per address
        int maxPendingHandshakes = 4096;
        QList<std::pair<QHostAddress, int>> trustedProxies; // subnets

        bool operator==(const Settings &) const = default;
    };

    enum class Refusal { None, MaxConnections, MaxConnectionsPerIp, MaxPendingHandshakes };

    // A place taken under the limits, given back when destroyed or released.
    // The ConnectionLimits must outlive it.
    class Lease final {
    public:
        Lease() = default;
        ~Lease() { release(); }
        Lease(Lease &&other) noexcept;
        Lease &operator=(Lease &&other) noexcept;
        Q_DISABLE_COPY(Lease)

        bool isHeld() const { return m_limits != nullptr; }
        void release();

    private:
        friend class ConnectionLimits;
        enum class Kind : quint8 { Pending, Connection };

        ConnectionLimits *m_limits = nullptr;
        Kind m_kind = Kind::Pending;
        bool m_perAddress = false; // counted against m_address
        QHostAddress m_address;
    };

    struct Admission {
        Lease lease; // held when admitted
        Refusal refusal = Refusal::None;
        QHostAddress client; // the address the connection counts against
    };

    explicit ConnectionLimits(const Settings &settings);
    ~ConnectionLimits();
    Q_DISABLE_COPY_MOVE(ConnectionLimits)

    // Thread-safe, as is everything below unless it says otherwise.
    Settings settings() const;
    // New limits for the connections that come next. A higher
    // --max-pending-handshakes lets a listener that stopped at the old one
    // accept again (the setOnPendingRoom() callback).
    void reconfigure(const Settings &settings);

    // "10.0.0.0/8, 192.168.1.1, ::1" (one entry each) as subnets; nullopt
    // and *error when an entry is neither an address nor a subnet.
    static std::optional<QList<std::pair<QHostAddress, int>>> parseSubnets(const QStringList &entries, QString *error = nullptr);
    // IPv4-mapped IPv6 addresses (a dual-stack socket's view of IPv4 peers)
    // as IPv4, without a scope: one client, one key.
    static QHostAddress normalized(const QHostAddress &address);
    // The metric label of a refusal ("max_connections", …).
    static QString reasonLabel(Refusal refusal);

    bool isTrustedProxy(const QHostAddress &address) const;
    // Whom a connection from peer with these X-Forwarded-For values (the
    // headers' values joined by commas, empty if none) counts against: the
    // peer itself, unless it is a trusted proxy; then the right-most address
    // in X-Forwarded-For that is not a trusted proxy (each proxy appends the
    // address it saw, so only what trusted proxies appended can be believed).
    // When every entry is trusted, the left-most; an entry that is not an
    // address ends the walk at the proxy that passed it on.
    QHostAddress clientAddress(const QHostAddress &peer, QByteArrayView forwardedFor) const;

    // A connection accepted and not yet answered or upgraded; not held when
    // --max-pending-handshakes are already pending.
    Lease beginHandshake();
    // A WebSocket connection about to be upgraded. Loopback peers are exempt
    // from the per-address limit unless they are trusted proxies (a local
    // benchmark; a reverse proxy on the same host forwards its clients'
    // addresses and is counted by those).
    Admission admit(const QHostAddress &peer, QByteArrayView forwardedFor);

    // Called, in the thread that gives a pending place back, when the count
    // falls below --max-pending-handshakes again after having reached it: the
    // listener, which stops accepting at the limit, accepts again. The
    // callback must be cheap (post an event); {} clears it, after which it is
    // no longer called.
    void setOnPendingRoom(std::function<void()> callback);
    bool pendingHandshakesFull() const { return pendingHandshakes() >= m_maxPending.load(std::memory_order_relaxed); }

    // What is counted now (thread-safe; for the metrics and the tests).
    int connections() const;
    int pendingHandshakes() const { return m_pending.load(std::memory_order_relaxed); }
    // The most pending at once since start: how close a storm came to the limit.
    int pendingHandshakesPeak() const { return m_pendingPeak.load(std::memory_order_relaxed); }
    int trackedAddresses() const;
    int connectionsFrom(const QHostAddress &address) const;

private:
    void release(Lease &lease);
    void notifyPendingRoom();
    static bool inSubnets(const QList<std::pair<QHostAddress, int>> &subnets, const QHostAddress &address);
    QHostAddress clientAddress(
        const QList<std::pair<QHostAddress, int>> &trusted, const QHostAddress &peer, QByteArrayView forwardedFor) const;

    Settings m_settings; // under m_mutex; its maxPendingHandshakes is m_maxPending's
    std::atomic<int> m_maxPending;
    std::atomic<int> m_pending {0};
    std::atomic<int> m_pendingPeak {0};
    mutable QMutex m_mutex;
    int m_connections = 0; // under m_mutex
    QHash<QHostAddress, int> m_perAddress; // under m_mutex; no zero entries
    QMutex m_roomMutex; // held while the callback runs, so that clearing it waits for a call in progress
    std::function<void()> m_onPendingRoom; // under m_roomMutex
};
