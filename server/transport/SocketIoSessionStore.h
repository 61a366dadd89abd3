#pragma once

#include "time/Clock.h"
#include "time/SystemClock.h"

#include <QByteArray>
#include <QHash>
#include <QMutex>
#include <QString>
#include <QStringList>

#include <deque>
#include <optional>

// The Socket.IO sessions of clients that dropped without leaving, kept for
// the recovery window (--sio-recovery-window) so that a client that comes
// back with the session's private id (pid) gets its subscriptions back and
// what it missed (connection state recovery, docs/protocol.md). One store
// serves every I/O thread of the process, since a client that reconnects is
// handed to whichever thread is next.
//
// What a session costs is bounded: it expires after the window, and when
// more than maxSessions are kept the oldest goes first, so that clients
// that connect and drop in a loop cannot grow it without bound. A session
// is taken out when it is restored: a pid is good for one reconnection, and
// the restored connection keeps it until it drops again.
//
// In a cluster, a SocketIoSessionShare (set before the I/O threads start)
// gets every kept session too, so that another instance can restore it;
// the session that reconnects asks the share (docs/scaling.md).
//
// Thread-safe; each call holds a mutex for a hash lookup or two (and, now
// and then, for dropping what has expired).
class SocketIoSessionShare;

class SocketIoSessionStore final {
public:
    struct Session {
        QString pid; // private: only the client it was given to knows it
        QString sid; // public: socket.id in the client
        QString epoch; // of the seqs below
        QStringList streams; // subscribed, in the order they were subscribed
        // Per stream, the last seq this client cannot have missed: the
        // thread's latest when it subscribed (it got that one as the latest
        // value, or none before it). What is replayed comes after the larger
        // of this and the client's offset.
        QHash<QString, quint64> floors;

        // As the share carries it between instances (compact JSON).
        QByteArray encode() const;
        // nullopt for anything encode() did not write.
        static std::optional<Session> decode(const QByteArray &data);
    };

    static constexpr qsizetype DefaultMaxSessions = 100000;

    // The clock must outlive the store.
    explicit SocketIoSessionStore(qint64 windowMs, Clock &clock = SystemClock::instance(), qsizetype maxSessions = DefaultMaxSessions);
    Q_DISABLE_COPY_MOVE(SocketIoSessionStore)

    // Keeps the session for the window, replacing one with the same pid,
    // and hands it to the share, if there is one.
    void persist(const Session &session);
    // The session with this pid, removed from the store; nullopt when there
    // is none or it has expired.
    std::optional<Session> take(const QString &pid);

    qsizetype size() const;
    qint64 windowMs() const { return m_windowMs; }

    // The cluster's share (not owned; it outlives the I/O threads), and how
    // long a reconnecting session waits for its answer before it starts a
    // new session. Set before the I/O threads start, never after.
    void setShare(SocketIoSessionShare *share, int timeoutMs)
    {
        m_share = share;
        m_shareTimeoutMs = timeoutMs;
    }
    SocketIoSessionShare *share() const { return m_share; }
    int shareTimeoutMs() const { return m_shareTimeoutMs; }

private:
    struct Entry {
        Session session;
        qint64 expiresAtMs = 0;
        quint64 generation = 0; // which of the pid's expiries is this entry's
    };
    struct Expiry {
        qint64 atMs = 0;
        quint64 generation = 0;
        QString pid;
    };
    void dropExpired(qint64 nowMs);
    void compactExpiries();

    const qint64 m_windowMs;
    Clock &m_clock;
    const qsizetype m_maxSessions;
    mutable QMutex m_mutex;
    QHash<QString, Entry> m_sessions; // by pid
    // In the order they were kept, which is the order they expire in: the
    // window is the same for all. A pid kept again appears twice; only the
    // expiry of the entry's generation counts (not its time: a client can
    // drop twice within a millisecond).
    std::deque<Expiry> m_expiries;
    quint64 m_generation = 0;
    SocketIoSessionShare *m_share = nullptr;
    int m_shareTimeoutMs = 0;
};
