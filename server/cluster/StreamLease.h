#pragma once

#include "cluster/LeaseStore.h"

#include <QObject>
#include <QString>

#include <memory>

class Clock;
class ClockTimer;

// One instance's claim on producing one stream for the cluster. While it
// runs, it tries to acquire the lease and, once held, renews it every third
// of the TTL, so that two renewals can fail before it runs out. It considers
// the lease lost as soon as a renewal is refused, or when the TTL counted
// from the last renewal it sent (not from the answer: Redis started the TTL
// no earlier than that) is about to run out without a granted renewal; it
// then stops producing before Redis lets anyone else start. While another
// instance holds it, the next attempt is timed to when that lease runs out.
//
// All timing comes from a Clock, so the tests drive it with a ManualClock.
class StreamLease final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StreamLease)

public:
    StreamLease(const QString &stream, const QString &instance, qint64 ttlMs, LeaseStore &store, Clock &clock, QObject *parent = nullptr);
    ~StreamLease() override;

    // Starts competing for the lease; nothing if already running.
    void start();
    // Stops competing. With release, a held lease is given back at once so
    // another instance can take over without waiting for the TTL (shutdown);
    // without, it is only forgotten here (Redis is gone and cannot be told).
    void stop(bool release);
    // A publish found the lease held by someone else: give it up now.
    void lose(const QString &why);

    bool isRunning() const { return m_running; }
    bool isHeld() const { return m_held; }
    // Who holds it as far as this instance knows: this instance while
    // held, the last refusal's holder otherwise (empty: unknown or free).
    QString holder() const;
    QString stream() const { return m_stream; }
    qint64 renewIntervalMs() const { return m_ttlMs / 3; }
    // How long before the TTL runs out an unrenewed lease is given up here.
    qint64 safetyMarginMs() const { return m_ttlMs / 10; }

Q_SIGNALS:
    void heldChanged(bool held);

private:
    void attempt();
    void onAnswer(bool renewal, qint64 sentAtMs, const LeaseStore::Result &result);
    void setHeld(bool held, const QString &why);
    void onExpiry();

    const QString m_stream;
    const QString m_instance;
    const qint64 m_ttlMs;
    LeaseStore &m_store;
    Clock &m_clock;
    std::unique_ptr<ClockTimer> m_attemptTimer;
    std::unique_ptr<ClockTimer> m_expiryTimer;
    bool m_running = false;
    bool m_held = false;
    bool m_inFlight = false;
    quint64 m_generation = 0; // answers from before a stop() or lose() are ignored
    qint64 m_validUntilMs = 0; // while held: when Redis may let the lease go, at the latest
    QString m_otherHolder;
};
