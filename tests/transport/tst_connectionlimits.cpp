// ConnectionLimits: whom a connection counts against (X-Forwarded-For only
// from trusted proxies, the right-most untrusted entry), the loopback
// exemption, the three limits, and leases that give their place back
// exactly once and leave no entry behind.
#include "transport/ConnectionLimits.h"

#include <QTest>

#include <vector>

using Refusal = ConnectionLimits::Refusal;

char *toString(Refusal refusal)
{
    return qstrdup(refusal == Refusal::None ? "None" : qPrintable(ConnectionLimits::reasonLabel(refusal)));
}

namespace {

ConnectionLimits::Settings settings(int maxConnections, int perIp, int pending, const QStringList &trusted = {})
{
    return {maxConnections, perIp, pending, ConnectionLimits::parseSubnets(trusted).value()};
}

const QHostAddress Loopback(QStringLiteral("127.0.0.1"));
const QHostAddress Client(QStringLiteral("198.51.100.7"));
const QHostAddress Proxy(QStringLiteral("10.0.0.2"));

} // namespace

class tst_ConnectionLimits final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parseSubnets_data();
    void parseSubnets();
    void clientAddress_data();
    void clientAddress();
    void perAddressLimit();
    void loopbackIsExemptUnlessTrusted();
    void maxConnections();
    void forwardedClientsCountApart();
    void pendingHandshakes();
    void leasesReleaseOnceAndMove();
    void reconfigureAppliesToWhatComesNext();
};

void tst_ConnectionLimits::parseSubnets_data()
{
    QTest::addColumn<QStringList>("entries");
    QTest::addColumn<bool>("valid");
    QTest::addRow("none") << QStringList() << true;
    QTest::addRow("addresses") << QStringList {QStringLiteral("10.0.0.2"), QStringLiteral("::1")} << true;
    QTest::addRow("subnets") << QStringList {QStringLiteral("10.0.0.0/8"), QStringLiteral("2001:db8::/32")} << true;
    QTest::addRow("a host name") << QStringList {QStringLiteral("proxy.example")} << false;
    QTest::addRow("a bad prefix") << QStringList {QStringLiteral("10.0.0.0/33")} << false;
}

void tst_ConnectionLimits::parseSubnets()
{
    QFETCH(QStringList, entries);
    QFETCH(bool, valid);
    QString error;
    const auto subnets = ConnectionLimits::parseSubnets(entries, &error);
    QCOMPARE(subnets.has_value(), valid);
    QCOMPARE(error.isEmpty(), valid);
    if (valid)
        QCOMPARE(subnets->size(), entries.size());
}

void tst_ConnectionLimits::clientAddress_data()
{
    QTest::addColumn<QStringList>("trusted");
    QTest::addColumn<QString>("peer");
    QTest::addColumn<QByteArray>("forwardedFor");
    QTest::addColumn<QString>("expected");

    const QStringList proxies {QStringLiteral("10.0.0.0/24")};
    QTest::addRow("untrusted peer: X-Forwarded-For ignored") << proxies << "203.0.113.5" << QByteArray("198.51.100.7") << "203.0.113.5";
    QTest::addRow("untrusted loopback peer: ignored") << QStringList() << "127.0.0.1" << QByteArray("198.51.100.7") << "127.0.0.1";
    QTest::addRow("trusted peer without the header: the peer") << proxies << "10.0.0.2" << QByteArray() << "10.0.0.2";
    QTest::addRow("trusted peer: its entry") << proxies << "10.0.0.2" << QByteArray("198.51.100.7") << "198.51.100.7";
    QTest::addRow("right-most untrusted, not the left-most a client may forge")
        << proxies << "10.0.0.2" << QByteArray("1.2.3.4, 198.51.100.7") << "198.51.100.7";
    QTest::addRow("trusted hops skipped") << proxies << "10.0.0.2" << QByteArray("1.2.3.4, 198.51.100.7, 10.0.0.9") << "198.51.100.7";
    QTest::addRow("all trusted: the left-most") << proxies << "10.0.0.2" << QByteArray("10.0.0.8, 10.0.0.9") << "10.0.0.8";
    QTest::addRow("garbage ends the walk at the proxy that passed it")
        << proxies << "10.0.0.2" << QByteArray("198.51.100.7, unknown, 10.0.0.9") << "10.0.0.9";
    QTest::addRow("ports and brackets") << proxies << "10.0.0.2" << QByteArray("[2001:db8::7]:4711") << "2001:db8::7";
    QTest::addRow("IPv4 with a port") << proxies << "10.0.0.2" << QByteArray("198.51.100.7:4711") << "198.51.100.7";
    QTest::addRow("IPv6 entry") << proxies << "10.0.0.2" << QByteArray(" 2001:db8::7 ") << "2001:db8::7";
    QTest::addRow("IPv4-mapped peer is its IPv4 address")
        << proxies << "::ffff:10.0.0.2" << QByteArray("::ffff:198.51.100.7") << "198.51.100.7";
    QTest::addRow("empty entries skipped") << proxies << "10.0.0.2" << QByteArray("198.51.100.7,, ") << "198.51.100.7";
}

void tst_ConnectionLimits::clientAddress()
{
    QFETCH(QStringList, trusted);
    QFETCH(QString, peer);
    QFETCH(QByteArray, forwardedFor);
    QFETCH(QString, expected);
    const ConnectionLimits limits(settings(100, 10, 10, trusted));
    QCOMPARE(limits.clientAddress(QHostAddress(peer), forwardedFor), QHostAddress(expected));
}

void tst_ConnectionLimits::perAddressLimit()
{
    ConnectionLimits limits(settings(100, 2, 10));
    std::vector<ConnectionLimits::Lease> held;
    for (int i = 0; i < 2; ++i) {
        ConnectionLimits::Admission admission = limits.admit(Client, {});
        QCOMPARE(admission.refusal, Refusal::None);
        QVERIFY(admission.lease.isHeld());
        held.push_back(std::move(admission.lease));
    }
    const ConnectionLimits::Admission third = limits.admit(Client, {});
    QCOMPARE(third.refusal, Refusal::MaxConnectionsPerIp);
    QVERIFY(!third.lease.isHeld());
    // Another address is not affected.
    ConnectionLimits::Admission other = limits.admit(QHostAddress(QStringLiteral("198.51.100.8")), {});
    QCOMPARE(other.refusal, Refusal::None);
    QCOMPARE(limits.connectionsFrom(Client), 2);
    QCOMPARE(limits.trackedAddresses(), 2);
    // A place given back is free again; an address at zero leaves the map.
    held.pop_back();
    QCOMPARE(limits.admit(Client, {}).refusal, Refusal::None); // admitted and released at once
    other.lease.release();
    held.clear();
    QCOMPARE(limits.connections(), 0);
    QCOMPARE(limits.trackedAddresses(), 0);
}

void tst_ConnectionLimits::loopbackIsExemptUnlessTrusted()
{
    {
        ConnectionLimits limits(settings(100, 1, 10));
        std::vector<ConnectionLimits::Lease> held;
        for (int i = 0; i < 5; ++i) {
            ConnectionLimits::Admission admission = limits.admit(Loopback, {});
            QCOMPARE(admission.refusal, Refusal::None);
            held.push_back(std::move(admission.lease));
        }
        QCOMPARE(limits.connections(), 5);
        QCOMPARE(limits.trackedAddresses(), 0);
    }
    {
        // A trusted loopback proxy is counted, as itself without the header.
        ConnectionLimits limits(settings(100, 1, 10, {QStringLiteral("127.0.0.1")}));
        ConnectionLimits::Admission first = limits.admit(Loopback, {});
        QCOMPARE(first.refusal, Refusal::None);
        QCOMPARE(limits.admit(Loopback, {}).refusal, Refusal::MaxConnectionsPerIp);
    }
}

void tst_ConnectionLimits::maxConnections()
{
    ConnectionLimits limits(settings(2, 10, 10));
    ConnectionLimits::Admission a = limits.admit(Loopback, {});
    ConnectionLimits::Admission b = limits.admit(Client, {});
    QCOMPARE(a.refusal, Refusal::None);
    QCOMPARE(b.refusal, Refusal::None);
    // The global limit applies to loopback peers too.
    QCOMPARE(limits.admit(Loopback, {}).refusal, Refusal::MaxConnections);
    QCOMPARE(limits.admit(QHostAddress(QStringLiteral("198.51.100.9")), {}).refusal, Refusal::MaxConnections);
    // A refusal leaves no entry behind.
    QCOMPARE(limits.trackedAddresses(), 1);
    b.lease.release();
    QCOMPARE(limits.admit(Loopback, {}).refusal, Refusal::None);
}

void tst_ConnectionLimits::forwardedClientsCountApart()
{
    ConnectionLimits limits(settings(100, 1, 10, {QStringLiteral("10.0.0.0/24")}));
    ConnectionLimits::Admission a = limits.admit(Proxy, "198.51.100.7");
    QCOMPARE(a.refusal, Refusal::None);
    QCOMPARE(a.client, Client);
    ConnectionLimits::Admission b = limits.admit(Proxy, "198.51.100.8");
    QCOMPARE(b.refusal, Refusal::None);
    // The same client through another trusted proxy.
    QCOMPARE(limits.admit(QHostAddress(QStringLiteral("10.0.0.3")), "198.51.100.7").refusal, Refusal::MaxConnectionsPerIp);
    QCOMPARE(limits.connectionsFrom(Proxy), 0);
}

void tst_ConnectionLimits::pendingHandshakes()
{
    ConnectionLimits limits(settings(100, 10, 2));
    ConnectionLimits::Lease a = limits.beginHandshake();
    ConnectionLimits::Lease b = limits.beginHandshake();
    QVERIFY(a.isHeld());
    QVERIFY(b.isHeld());
    QVERIFY(!limits.beginHandshake().isHeld());
    QCOMPARE(limits.pendingHandshakes(), 2);
    a.release();
    QCOMPARE(limits.pendingHandshakes(), 1);
    ConnectionLimits::Lease c = limits.beginHandshake();
    QVERIFY(c.isHeld());
    b.release();
    c.release();
    QCOMPARE(limits.pendingHandshakes(), 0);
    // The peak remembers the most at once, refusals not included.
    QCOMPARE(limits.pendingHandshakesPeak(), 2);
}

// A reload: the connections held stay, the new limits apply to the next
// ones, and a higher pending limit wakes a listener that stopped at the old.
void tst_ConnectionLimits::reconfigureAppliesToWhatComesNext()
{
    ConnectionLimits limits(settings(3, 2, 1));
    int room = 0;
    limits.setOnPendingRoom([&room] { ++room; });
    ConnectionLimits::Admission a = limits.admit(Client, {});
    ConnectionLimits::Admission b = limits.admit(Client, {});
    QCOMPARE(b.refusal, Refusal::None);

    // Lowered below what is held: nobody is cut off, the next is refused.
    limits.reconfigure(settings(1, 1, 1));
    QCOMPARE(limits.settings(), settings(1, 1, 1));
    QVERIFY(a.lease.isHeld());
    QCOMPARE(limits.connections(), 2);
    QCOMPARE(limits.admit(Loopback, {}).refusal, Refusal::MaxConnections);
    a.lease.release();
    QCOMPARE(limits.admit(Loopback, {}).refusal, Refusal::MaxConnections);
    // Raised: admitted again, per address too.
    limits.reconfigure(settings(10, 2, 1));
    ConnectionLimits::Admission c = limits.admit(Client, {});
    QCOMPARE(c.refusal, Refusal::None);
    QCOMPARE(limits.admit(Client, {}).refusal, Refusal::MaxConnectionsPerIp);

    // Trusted proxies: believed from the next connection on.
    QCOMPARE(limits.clientAddress(Proxy, "198.51.100.9"), Proxy);
    limits.reconfigure(settings(10, 2, 1, {QStringLiteral("10.0.0.0/24")}));
    QCOMPARE(limits.clientAddress(Proxy, "198.51.100.9"), QHostAddress(QStringLiteral("198.51.100.9")));
    QCOMPARE(limits.admit(Proxy, "198.51.100.7").refusal, Refusal::MaxConnectionsPerIp); // the client's two places

    // Pending handshakes: full at one; two leaves room, and says so once.
    ConnectionLimits::Lease pending = limits.beginHandshake();
    QVERIFY(pending.isHeld());
    QVERIFY(limits.pendingHandshakesFull());
    QVERIFY(!limits.beginHandshake().isHeld());
    QCOMPARE(room, 0);
    limits.reconfigure(settings(10, 2, 2, {QStringLiteral("10.0.0.0/24")}));
    QCOMPARE(room, 1);
    QVERIFY(!limits.pendingHandshakesFull());
    ConnectionLimits::Lease second = limits.beginHandshake();
    QVERIFY(second.isHeld());
    QVERIFY(!limits.beginHandshake().isHeld());
    // Lowered to one with two pending: room again only below one.
    limits.reconfigure(settings(10, 2, 1, {QStringLiteral("10.0.0.0/24")}));
    QCOMPARE(room, 1);
    second.release();
    QCOMPARE(room, 1);
    QVERIFY(limits.pendingHandshakesFull());
    pending.release();
    QCOMPARE(room, 2);
    limits.setOnPendingRoom({});
}

void tst_ConnectionLimits::leasesReleaseOnceAndMove()
{
    ConnectionLimits limits(settings(100, 10, 10));
    ConnectionLimits::Lease lease = limits.admit(Client, {}).lease;
    QCOMPARE(limits.connections(), 1);
    ConnectionLimits::Lease moved = std::move(lease);
    QVERIFY(!lease.isHeld()); // NOLINT(bugprone-use-after-move): moved-from state is part of the contract
    QVERIFY(moved.isHeld());
    lease.release(); // nothing: it no longer holds the place
    QCOMPARE(limits.connections(), 1);
    moved.release();
    moved.release();
    QCOMPARE(limits.connections(), 0);
    QCOMPARE(limits.connectionsFrom(Client), 0);
    // Assigning over a held lease gives the old place back.
    ConnectionLimits::Lease first = limits.admit(Client, {}).lease;
    first = limits.admit(QHostAddress(QStringLiteral("198.51.100.8")), {}).lease;
    QCOMPARE(limits.connections(), 1);
    QCOMPARE(limits.connectionsFrom(Client), 0);
}

QTEST_GUILESS_MAIN(tst_ConnectionLimits)
#include "tst_connectionlimits.moc"
