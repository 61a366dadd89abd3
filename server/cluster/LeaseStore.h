#pragma once

#include <QObject>
#include <QString>

#include <functional>

// Where the leases of a cluster live: Redis in production (RedisLeaseStore),
// a fake in the tests of StreamLease's timing. Each answer is delivered
// later, in context's thread, and only while context lives.
class LeaseStore {
public:
    enum class Answer {
        Granted, // acquired, or renewed
        Refused, // another instance holds it
        Failed, // no answer: Redis unreachable, an error, a timeout
    };
    struct Result {
        Answer answer = Answer::Failed;
        QString holder; // Refused: who holds it, when known
        qint64 remainingMs = -1; // Refused: how long the holder's lease still runs, when known
    };
    using Done = std::function<void(const Result &)>;

    LeaseStore() = default;
    virtual ~LeaseStore();
    Q_DISABLE_COPY_MOVE(LeaseStore)

    // SET datagate:lease:<stream> <instance> NX PX <ttl>
    virtual void acquire(const QString &stream, const QString &instance, qint64 ttlMs, QObject *context, Done done) = 0;
    // PEXPIRE only while GET still says instance (Lua), else Refused.
    virtual void renew(const QString &stream, const QString &instance, qint64 ttlMs, QObject *context, Done done) = 0;
    // DEL only while GET still says instance (Lua). Fire and forget.
    virtual void release(const QString &stream, const QString &instance) = 0;
};
