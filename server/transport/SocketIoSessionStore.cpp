#include "transport/SocketIoSessionStore.h"

#include "transport/SocketIoSessionShare.h"
#include "transport/TransportLogging.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutexLocker>

#include <algorithm>

SocketIoSessionStore::SocketIoSessionStore(qint64 windowMs, Clock &clock, qsizetype maxSessions)
    : m_windowMs(std::max<qint64>(1, windowMs))
    , m_clock(clock)
    , m_maxSessions(std::max<qsizetype>(1, maxSessions))
{
}

QByteArray SocketIoSessionStore::Session::encode() const
{
    QJsonObject seqs;
    for (auto it = floors.cbegin(); it != floors.cend(); ++it)
        seqs.insert(it.key(), qint64(it.value()));
    const QJsonObject object {{QStringLiteral("pid"), pid}, {QStringLiteral("sid"), sid}, {QStringLiteral("epoch"), epoch},
        {QStringLiteral("streams"), QJsonArray::fromStringList(streams)}, {QStringLiteral("floors"), seqs}};
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

std::optional<SocketIoSessionStore::Session> SocketIoSessionStore::Session::decode(const QByteArray &data)
{
    const QJsonObject object = QJsonDocument::fromJson(data).object();
    const QJsonValue streams = object.value(QStringLiteral("streams"));
    const QJsonValue floors = object.value(QStringLiteral("floors"));
    Session session;
    session.pid = object.value(QStringLiteral("pid")).toString();
    session.sid = object.value(QStringLiteral("sid")).toString();
    session.epoch = object.value(QStringLiteral("epoch")).toString();
    if (session.pid.isEmpty() || session.sid.isEmpty() || !streams.isArray() || !floors.isObject())
        return std::nullopt;
    for (const QJsonValue &stream : streams.toArray()) {
        if (!stream.isString())
            return std::nullopt;
        session.streams.append(stream.toString());
    }
    const QJsonObject seqs = floors.toObject();
    for (auto it = seqs.constBegin(); it != seqs.constEnd(); ++it) {
        const qint64 seq = it.value().toInteger(-1);
        if (seq < 0)
            return std::nullopt;
        session.floors.insert(it.key(), quint64(seq));
    }
    return session;
}

void SocketIoSessionStore::persist(const Session &session)
{
    // Outside the lock: the share only posts the session on.
    if (m_share)
        m_share->keep(session, m_windowMs);
    const qint64 now = m_clock.elapsedMs();
    const QMutexLocker lock(&m_mutex);
    dropExpired(now);
    const qint64 expiresAt = now + m_windowMs;
    const quint64 generation = ++m_generation;
    m_sessions.insert(session.pid, Entry {session, expiresAt, generation});
    m_expiries.push_back(Expiry {expiresAt, generation, session.pid});
    // Sessions taken out leave their expiry behind until it passes; a client
    // that drops and comes back in a loop must not grow those either.
    if (qsizetype(m_expiries.size()) > 2 * std::max<qsizetype>(1024, m_sessions.size()))
        compactExpiries();
    // Over the bound: the sessions closest to expiring go first.
    while (m_sessions.size() > m_maxSessions && !m_expiries.empty()) {
        const Expiry expiry = m_expiries.front();
        m_expiries.pop_front();
        const auto it = m_sessions.constFind(expiry.pid);
        if (it != m_sessions.constEnd() && it->generation == expiry.generation) {
            qCDebug(lcSocketIo) << "recovery sessions over their bound; dropping the oldest";
            m_sessions.erase(it);
        }
    }
}

void SocketIoSessionStore::compactExpiries()
{
    std::deque<Expiry> live;
    for (auto it = m_sessions.cbegin(); it != m_sessions.cend(); ++it)
        live.push_back(Expiry {it->expiresAtMs, it->generation, it.key()});
    std::sort(live.begin(), live.end(), [](const Expiry &a, const Expiry &b) { return a.generation < b.generation; });
    m_expiries = std::move(live);
}

std::optional<SocketIoSessionStore::Session> SocketIoSessionStore::take(const QString &pid)
{
    const qint64 now = m_clock.elapsedMs();
    const QMutexLocker lock(&m_mutex);
    dropExpired(now);
    const auto it = m_sessions.find(pid);
    if (it == m_sessions.end())
        return std::nullopt;
    Session session = std::move(it->session);
    m_sessions.erase(it);
    return session;
}

qsizetype SocketIoSessionStore::size() const
{
    const QMutexLocker lock(&m_mutex);
    return m_sessions.size();
}

void SocketIoSessionStore::dropExpired(qint64 nowMs)
{
    // Gone once past its expiry; at the very end of the window it is still
    // good, as for the reference server.
    while (!m_expiries.empty() && m_expiries.front().atMs < nowMs) {
        const Expiry expiry = m_expiries.front();
        m_expiries.pop_front();
        const auto it = m_sessions.constFind(expiry.pid);
        if (it != m_sessions.constEnd() && it->generation == expiry.generation)
            m_sessions.erase(it);
    }
}
