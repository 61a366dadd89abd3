// The header's model: where the server listens, why it does not, its
// clients by protocol and its rates, from the source's traffic samples.
#include "FakeSource.h"
#include "GuiTestEnvironment.h"

#include "gui/model/ServerOverview.h"
#include "gui/model/TrafficRates.h"

#include <QSignalSpy>
#include <QTest>

namespace {

TrafficStats traffic(quint64 socketIo, quint64 json, quint64 messages, quint64 bytes)
{
    TrafficStats stats;
    stats.protocols[TrafficStats::SocketIo].connectionsOpen = socketIo;
    stats.protocols[TrafficStats::SocketIo].messagesSent = messages / 2;
    stats.protocols[TrafficStats::SocketIo].bytesSent = bytes / 2;
    stats.protocols[TrafficStats::Json].connectionsOpen = json;
    stats.protocols[TrafficStats::Json].messagesSent = messages - messages / 2;
    stats.protocols[TrafficStats::Json].bytesSent = bytes - bytes / 2;
    stats.protocols[TrafficStats::Http].connectionsOpen = 7; // not a client
    return stats;
}

} // namespace

class tst_ServerOverview final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { GuiTestEnvironment::setUp(); }
    void statusFollowsTheSource();
    void clientsAndRates();
    void ratesNeedTwoSamples();
    void countersGoingBackRestartTheRates();
};

void tst_ServerOverview::statusFollowsTheSource()
{
    FakeSource source;
    ServerOverview overview(&source);
    QSignalSpy changed(&overview, &ServerOverview::changed);
    QCOMPARE(overview.statusText(), QStringLiteral("Starting…"));
    QVERIFY(overview.socketIoUrl().isEmpty());

    source.setState(DashboardSource::State::Live);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(overview.statusText(), QStringLiteral("Serving on all interfaces, port 3000"));
    QCOMPARE(overview.socketIoUrl(), QStringLiteral("http://localhost:3000/data"));
    QCOMPARE(overview.jsonUrl(), QStringLiteral("ws://localhost:3000/ws"));
    QVERIFY(overview.uptimeText().startsWith(QStringLiteral("00:00:0")));
    QVERIFY(overview.problemText().isEmpty());

    source.setState(DashboardSource::State::Failed, QStringLiteral("Cannot listen on port 3000."));
    QCOMPARE(overview.statusText(), QStringLiteral("Not serving"));
    QCOMPARE(overview.problemText(), QStringLiteral("Cannot listen on port 3000."));
    QCOMPARE(overview.uptimeText(), QStringLiteral("—"));
}

void tst_ServerOverview::clientsAndRates()
{
    FakeSource source;
    source.setState(DashboardSource::State::Live);
    ServerOverview overview(&source);
    qint64 now = 0;
    overview.setClock([&now] { return now; });
    Q_EMIT source.trafficSampled(traffic(2, 3, 1000, 100000));
    QCOMPARE(overview.clients(), 5u);
    QCOMPARE(overview.clientsText(), QStringLiteral("5 clients"));
    QCOMPARE(overview.clientsByProtocolText(), QStringLiteral("Socket.IO 2 · JSON 3"));
    QCOMPARE(overview.messagesRateText(), QStringLiteral("—"));

    now = 2000;
    Q_EMIT source.trafficSampled(traffic(1, 0, 3000, 100000 + 2 * 1536));
    QCOMPARE(overview.clientsText(), QStringLiteral("1 client"));
    QVERIFY(overview.rates());
    QCOMPARE(overview.rates()->messagesPerSecond, 1000.0);
    QCOMPARE(overview.rates()->bytesPerSecond, 1536.0);
    QCOMPARE(overview.messagesRateText(), QStringLiteral("1,000 msg/s"));
    QCOMPARE(overview.bytesRateText(), QStringLiteral("1.5 KiB/s"));

    // Not serving: nothing to count.
    source.setState(DashboardSource::State::Stopped);
    QCOMPARE(overview.clients(), 0u);
    QVERIFY(!overview.rates());
}

void tst_ServerOverview::ratesNeedTwoSamples()
{
    TrafficRates rates;
    QVERIFY(!rates.add(traffic(0, 0, 10, 10), 1000));
    const auto second = rates.add(traffic(0, 0, 60, 510), 1500);
    QVERIFY(second);
    QCOMPARE(second->messagesPerSecond, 100.0);
    QCOMPARE(second->bytesPerSecond, 1000.0);
    // The same instant twice gives no rate rather than a division by zero.
    QVERIFY(!rates.add(traffic(0, 0, 60, 510), 1500));
}

void tst_ServerOverview::countersGoingBackRestartTheRates()
{
    TrafficRates rates;
    rates.add(traffic(0, 0, 1000, 1000), 0);
    QVERIFY(!rates.add(traffic(0, 0, 10, 10), 1000)); // a restarted server
    QVERIFY(rates.add(traffic(0, 0, 20, 20), 2000));
}

QTEST_GUILESS_MAIN(tst_ServerOverview)
#include "tst_serveroverview.moc"
