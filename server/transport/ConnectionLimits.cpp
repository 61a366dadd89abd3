#include "transport/ConnectionLimits.h"

#include <QMutexLocker>

namespace {

// One X-Forwarded-For entry: an address, optionally with a port
// ("192.0.2.1:4711", "[2001:db8::1]:4711", as some proxies write it).
QHostAddress parseForwardedEntry(QByteArrayView entry)
{
    QByteArrayView text = entry.trimmed();
    if (text.startsWith('"') && text.endsWith('"') && text.size() >= 2)
        text = text.sliced(1, text.size() - 2);
    if (text.startsWith('[')) {
        const qsizetype end = text.indexOf(']');
        if (end < 0)
            return {};
        text = text.sliced(1, end - 1);
    } else if (text.count(':') == 1) {
        text = text.first(text.indexOf(':'));
    }
    QHostAddress address;
    if (text.isEmpty() || !address.setAddress(QString::fromLatin1(text)))
        return {};
    return ConnectionLimits::normalized(address);
}

} // namespace

ConnectionLimits::Lease::Lease(Lease &&other) noexcept
    : m_limits(std::exchange(other.m_limits, nullptr))
    , m_kind(other.m_kind)
    , m_perAddress(other.m_perAddress)
    , m_address(std::move(other.m_address))
{
}

ConnectionLimits::Lease &ConnectionLimits::Lease::operator=(Lease &&other) noexcept
{
    if (this != &other) {
        release();
        m_limits = std::exchange(other.m_limits, nullptr);
        m_kind = other.m_kind;
        m_perAddress = other.m_perAddress;
        m_address = std::move(other.m_address);
    }
    return *this;
}

void ConnectionLimits::Lease::release()
{
    if (ConnectionLimits *limits = std::exchange(m_limits, nullptr))
        limits->release(*this);
}

ConnectionLimits::ConnectionLimits(const Settings &settings)
    : m_settings(settings)
    , m_maxPending(settings.maxPendingHandshakes)
{
}

ConnectionLimits::Settings ConnectionLimits::settings() const
{
    const QMutexLocker locker(&m_mutex);
    Settings settings = m_settings;
    settings.maxPendingHandshakes = m_maxPending.load(std::memory_order_relaxed);
    return settings;
}

void ConnectionLimits::reconfigure(const Settings &settings)
{
    int before = 0;
    {
        const QMutexLocker locker(&m_mutex);
        m_settings = settings;
        before = m_maxPending.exchange(settings.maxPendingHandshakes, std::memory_order_relaxed);
    }
    const int pending = pendingHandshakes();
    if (pending >= before && pending < settings.maxPendingHandshakes)
        notifyPendingRoom();
}

ConnectionLimits::~ConnectionLimits()
{
    Q_ASSERT_X(m_connections == 0 && m_pending.load() == 0, "ConnectionLimits", "destroyed while leases are held");
}

std::optional<QList<std::pair<QHostAddress, int>>> ConnectionLimits::parseSubnets(const QStringList &entries, QString *error)
{
    QList<std::pair<QHostAddress, int>> subnets;
    for (const QString &entry : entries) {
        std::pair<QHostAddress, int> subnet;
        if (entry.contains(QLatin1Char('/'))) {
            subnet = QHostAddress::parseSubnet(entry);
        } else {
            const QHostAddress address(entry);
            subnet = {address, address.protocol() == QAbstractSocket::IPv4Protocol ? 32 : 128};
        }
        if (subnet.first.isNull() || subnet.second < 0) {
            if (error)
                *error = QStringLiteral("\"%1\" is neither an IP address nor a subnet (e.g. 10.0.0.0/8)").arg(entry);
            return std::nullopt;
        }
        subnet.first = normalized(subnet.first);
        subnets.append(subnet);
    }
    return subnets;
}

QHostAddress ConnectionLimits::normalized(const QHostAddress &address)
{
    if (address.protocol() == QAbstractSocket::IPv6Protocol) {
        bool mapped = false;
        const quint32 v4 = address.toIPv4Address(&mapped);
        if (mapped)
            return QHostAddress(v4);
        if (!address.scopeId().isEmpty()) {
            QHostAddress unscoped = address;
            unscoped.setScopeId({});
            return unscoped;
        }
    }
    return address;
}

QString ConnectionLimits::reasonLabel(Refusal refusal)
{
    switch (refusal) {
    case Refusal::None: break;
    case Refusal::MaxConnections: return QStringLiteral("max_connections");
    case Refusal::MaxConnectionsPerIp: return QStringLiteral("max_connections_per_ip");
    case Refusal::MaxPendingHandshakes: return QStringLiteral("max_pending_handshakes");
    }
    return {};
}

bool ConnectionLimits::inSubnets(const QList<std::pair<QHostAddress, int>> &subnets, const QHostAddress &address)
{
    const QHostAddress key = normalized(address);
    for (const auto &subnet : subnets) {
        if (key.isInSubnet(subnet))
            return true;
    }
    return false;
}

bool ConnectionLimits::isTrustedProxy(const QHostAddress &address) const
{
    return inSubnets(settings().trustedProxies, address);
}

QHostAddress ConnectionLimits::clientAddress(const QHostAddress &peer, QByteArrayView forwardedFor) const
{
    return clientAddress(settings().trustedProxies, peer, forwardedFor);
}

QHostAddress ConnectionLimits::clientAddress(
    const QList<std::pair<QHostAddress, int>> &trusted, const QHostAddress &peer, QByteArrayView forwardedFor) const
{
    QHostAddress client = normalized(peer);
    if (forwardedFor.isEmpty() || !inSubnets(trusted, client))
        return client;
    // Right to left: the last entry is what the peer (trusted) saw.
    qsizetype end = forwardedFor.size();
    while (end > 0) {
        const qsizetype comma = forwardedFor.first(end).lastIndexOf(',');
        const QByteArrayView entry = forwardedFor.sliced(comma + 1, end - comma - 1);
        end = comma < 0 ? 0 : comma;
        if (entry.trimmed().isEmpty())
            continue;
        const QHostAddress address = parseForwardedEntry(entry);
        if (address.isNull())
            break;
        client = address;
        if (!inSubnets(trusted, client))
            break;
    }
    return client;
}

ConnectionLimits::Lease ConnectionLimits::beginHandshake()
{
    Lease lease;
    const int before = m_pending.fetch_add(1, std::memory_order_relaxed);
    if (before >= m_maxPending.load(std::memory_order_relaxed)) {
        m_pending.fetch_sub(1, std::memory_order_relaxed);
        return lease;
    }
    int peak = m_pendingPeak.load(std::memory_order_relaxed);
    while (before + 1 > peak && !m_pendingPeak.compare_exchange_weak(peak, before + 1, std::memory_order_relaxed)) { }
    lease.m_limits = this;
    lease.m_kind = Lease::Kind::Pending;
    return lease;
}

ConnectionLimits::Admission ConnectionLimits::admit(const QHostAddress &peer, QByteArrayView forwardedFor)
{
    Admission admission;
    const Settings limits = settings();
    const QHostAddress direct = normalized(peer);
    const bool trustedPeer = inSubnets(limits.trustedProxies, direct);
    admission.client = trustedPeer ? clientAddress(limits.trustedProxies, direct, forwardedFor) : direct;
    const bool perAddress = limits.maxConnectionsPerIp > 0 && (trustedPeer || !direct.isLoopback());

    const QMutexLocker locker(&m_mutex);
    if (m_connections >= limits.maxConnections) {
        admission.refusal = Refusal::MaxConnections;
        return admission;
    }
    if (perAddress) {
        int &count = m_perAddress[admission.client];
        if (count >= limits.maxConnectionsPerIp) {
            admission.refusal = Refusal::MaxConnectionsPerIp;
            return admission;
        }
        ++count;
    }
    ++m_connections;
    admission.lease.m_limits = this;
    admission.lease.m_kind = Lease::Kind::Connection;
    admission.lease.m_perAddress = perAddress;
    admission.lease.m_address = admission.client;
    return admission;
}

void ConnectionLimits::release(Lease &lease)
{
    if (lease.m_kind == Lease::Kind::Pending) {
        // Room again when this one brings the count below the limit.
        if (m_pending.fetch_sub(1, std::memory_order_relaxed) == m_maxPending.load(std::memory_order_relaxed))
            notifyPendingRoom();
        return;
    }
    const QMutexLocker locker(&m_mutex);
    --m_connections;
    if (!lease.m_perAddress)
        return;
    const auto it = m_perAddress.find(lease.m_address);
    Q_ASSERT(it != m_perAddress.end() && it.value() > 0);
    if (it != m_perAddress.end() && --it.value() <= 0)
        m_perAddress.erase(it);
}

void ConnectionLimits::notifyPendingRoom()
{
    const QMutexLocker locker(&m_roomMutex);
    if (m_onPendingRoom)
        m_onPendingRoom();
}

void ConnectionLimits::setOnPendingRoom(std::function<void()> callback)
{
    const QMutexLocker locker(&m_roomMutex);
    m_onPendingRoom = std::move(callback);
}

int ConnectionLimits::connections() const
{
    const QMutexLocker locker(&m_mutex);
    return m_connections;
}

int ConnectionLimits::trackedAddresses() const
{
    const QMutexLocker locker(&m_mutex);
    return int(m_perAddress.size());
}

int ConnectionLimits::connectionsFrom(const QHostAddress &address) const
{
    const QMutexLocker locker(&m_mutex);
    return m_perAddress.value(normalized(address));
}
