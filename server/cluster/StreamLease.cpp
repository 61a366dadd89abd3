#include "cluster/StreamLease.h"

#include "cluster/ClusterLogging.h"
#include "time/Clock.h"
#include "time/ClockTimer.h"

#include <algorithm>

StreamLease::StreamLease(const QString &stream, const QString &instance, qint64 ttlMs, LeaseStore &store, Clock &clock, QObject *parent)
    : QObject(parent)
    , m_stream(stream)
    , m_instance(instance)
    , m_ttlMs(std::max<qint64>(30, ttlMs))
    , m_store(store)
    , m_clock(clock)
    , m_attemptTimer(clock.createTimer())
    , m_expiryTimer(clock.createTimer())
{
    connect(m_attemptTimer.get(), &ClockTimer::timeout, this, &StreamLease::attempt);
    connect(m_expiryTimer.get(), &ClockTimer::timeout, this, &StreamLease::onExpiry);
}

StreamLease::~StreamLease() = default;

void StreamLease::start()
{
    if (m_running)
        return;
    m_running = true;
    attempt();
}

void StreamLease::stop(bool release)
{
    if (!m_running)
        return;
    m_running = false;
    ++m_generation;
    m_inFlight = false;
    m_attemptTimer->stop();
    if (m_held && release)
        m_store.release(m_stream, m_instance);
    m_otherHolder.clear();
    setHeld(false, release ? QStringLiteral("released") : QStringLiteral("Redis unreachable"));
}

void StreamLease::lose(const QString &why)
{
    if (!m_held)
        return;
    ++m_generation;
    m_inFlight = false;
    setHeld(false, why);
    if (m_running)
        m_attemptTimer->start(renewIntervalMs());
}

QString StreamLease::holder() const
{
    return m_held ? m_instance : m_otherHolder;
}

void StreamLease::attempt()
{
    if (!m_running)
        return;
    // The next attempt whatever becomes of this one; an answer may bring it forward.
    m_attemptTimer->start(renewIntervalMs());
    if (m_inFlight)
        return;
    m_inFlight = true;
    const bool renewal = m_held;
    const qint64 sentAt = m_clock.elapsedMs();
    const quint64 generation = m_generation;
    auto done = [this, renewal, sentAt, generation](const LeaseStore::Result &result) {
        if (generation != m_generation)
            return;
        m_inFlight = false;
        onAnswer(renewal, sentAt, result);
    };
    if (renewal)
        m_store.renew(m_stream, m_instance, m_ttlMs, this, done);
    else
        m_store.acquire(m_stream, m_instance, m_ttlMs, this, done);
}

void StreamLease::onAnswer(bool renewal, qint64 sentAtMs, const LeaseStore::Result &result)
{
    if (!m_running)
        return;
    switch (result.answer) {
    case LeaseStore::Answer::Granted: {
        m_otherHolder.clear();
        m_validUntilMs = sentAtMs + m_ttlMs;
        const qint64 giveUpIn = m_validUntilMs - safetyMarginMs() - m_clock.elapsedMs();
        if (giveUpIn <= 0) {
            // The answer took so long that the lease is nearly gone already.
            setHeld(false, QStringLiteral("granted too late"));
            return;
        }
        m_expiryTimer->start(giveUpIn);
        setHeld(true, renewal ? QString() : QStringLiteral("acquired"));
        break;
    }
    case LeaseStore::Answer::Refused:
        m_otherHolder = result.holder;
        if (m_held) {
            setHeld(false,
                QStringLiteral("renewal refused; now held by %1").arg(result.holder.isEmpty() ? QStringLiteral("nobody") : result.holder));
            m_attemptTimer->start(renewIntervalMs());
        } else if (result.remainingMs >= 0) {
            // Try again as the holder's lease runs out, not a third of a
            // TTL later: that is how fast a dead holder is replaced.
            m_attemptTimer->start(std::min(renewIntervalMs(), result.remainingMs + 1));
        }
        break;
    case LeaseStore::Answer::Failed:
        // Keep trying on schedule; the expiry timer gives the lease up in time.
        break;
    }
}

void StreamLease::onExpiry()
{
    if (m_held && m_clock.elapsedMs() >= m_validUntilMs - safetyMarginMs()) {
        ++m_generation;
        m_inFlight = false;
        setHeld(false, QStringLiteral("not renewed in time"));
    }
}

void StreamLease::setHeld(bool held, const QString &why)
{
    if (!held)
        m_expiryTimer->stop();
    if (held == m_held)
        return;
    m_held = held;
    qCInfo(lcCluster).noquote() << (held ? "holds" : "gave up") << "the lease of" << m_stream
                                << (why.isEmpty() ? QString() : u"(" + why + u')');
    Q_EMIT heldChanged(held);
}
