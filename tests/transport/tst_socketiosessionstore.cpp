// SocketIoSessionStore: the Socket.IO sessions of clients that dropped, kept
// for the recovery window on an injected clock, bounded in number, and good
// for one reconnection each.
#include "transport/SocketIoSessionStore.h"

#include "time/ManualClock.h"

#include <QTest>

namespace {

constexpr qint64 Window = 120 * 1000;

SocketIoSessionStore::Session session(const QString &pid)
{
    SocketIoSessionStore::Session kept;
    kept.pid = pid;
    kept.sid = QStringLiteral("sid-") + pid;
    kept.epoch = QStringLiteral("e1");
    kept.streams = {QStringLiteral("randomNumber"), QStringLiteral("bitcoinPrice")};
    kept.floors = {{QStringLiteral("randomNumber"), 12}, {QStringLiteral("bitcoinPrice"), 3}};
    return kept;
}

} // namespace

class tst_SocketIoSessionStore final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void takeGivesBackWhatWasKept();
    void unknownPidIsNone();
    void keptForTheWindowOnly_data();
    void keptForTheWindowOnly();
    void aPidIsGoodForOneReconnection();
    void keptAgainStartsTheWindowAgain();
    void boundedInNumberOldestFirst();
    void reconnectLoopsDoNotGrowIt();
};

void tst_SocketIoSessionStore::takeGivesBackWhatWasKept()
{
    ManualClock clock;
    SocketIoSessionStore store(Window, clock);
    store.persist(session(QStringLiteral("p1")));
    QCOMPARE(store.size(), 1);
    const std::optional<SocketIoSessionStore::Session> taken = store.take(QStringLiteral("p1"));
    QVERIFY(taken);
    QCOMPARE(taken->pid, QStringLiteral("p1"));
    QCOMPARE(taken->sid, QStringLiteral("sid-p1"));
    QCOMPARE(taken->epoch, QStringLiteral("e1"));
    QCOMPARE(taken->streams, session(QStringLiteral("p1")).streams);
    QCOMPARE(taken->floors, session(QStringLiteral("p1")).floors);
}

void tst_SocketIoSessionStore::unknownPidIsNone()
{
    ManualClock clock;
    SocketIoSessionStore store(Window, clock);
    store.persist(session(QStringLiteral("p1")));
    QVERIFY(!store.take(QStringLiteral("p2")));
    QVERIFY(!store.take(QString()));
    QCOMPARE(store.size(), 1);
}

void tst_SocketIoSessionStore::keptForTheWindowOnly_data()
{
    QTest::addColumn<qint64>("after");
    QTest::addColumn<bool>("kept");
    QTest::addRow("at once") << qint64(0) << true;
    QTest::addRow("1 ms before the end") << Window - 1 << true;
    QTest::addRow("at the end") << Window << true; // as the reference server: expired only past it
    QTest::addRow("1 ms past the end") << Window + 1 << false;
    QTest::addRow("long after") << 10 * Window << false;
}

void tst_SocketIoSessionStore::keptForTheWindowOnly()
{
    QFETCH(qint64, after);
    QFETCH(bool, kept);
    ManualClock clock;
    SocketIoSessionStore store(Window, clock);
    store.persist(session(QStringLiteral("p1")));
    clock.advance(after);
    QCOMPARE(store.take(QStringLiteral("p1")).has_value(), kept);
}

void tst_SocketIoSessionStore::aPidIsGoodForOneReconnection()
{
    ManualClock clock;
    SocketIoSessionStore store(Window, clock);
    store.persist(session(QStringLiteral("p1")));
    QVERIFY(store.take(QStringLiteral("p1")));
    QVERIFY(!store.take(QStringLiteral("p1")));
    QCOMPARE(store.size(), 0);
}

void tst_SocketIoSessionStore::keptAgainStartsTheWindowAgain()
{
    ManualClock clock;
    SocketIoSessionStore store(Window, clock);
    store.persist(session(QStringLiteral("p1")));
    clock.advance(Window / 2);
    // It recovered, then dropped again: a new window from now, and the first
    // one's end does not take it away.
    QVERIFY(store.take(QStringLiteral("p1")));
    store.persist(session(QStringLiteral("p1")));
    clock.advance(Window / 2 + 1);
    store.persist(session(QStringLiteral("other"))); // lets the store drop what expired
    QCOMPARE(store.size(), 2);
    clock.advance(Window / 2 - 1);
    QVERIFY(store.take(QStringLiteral("p1")));
}

void tst_SocketIoSessionStore::boundedInNumberOldestFirst()
{
    ManualClock clock;
    SocketIoSessionStore store(Window, clock, 3);
    for (int i = 0; i < 5; ++i) {
        store.persist(session(QStringLiteral("p%1").arg(i)));
        clock.advance(10);
    }
    QCOMPARE(store.size(), 3);
    QVERIFY(!store.take(QStringLiteral("p0")));
    QVERIFY(!store.take(QStringLiteral("p1")));
    QVERIFY(store.take(QStringLiteral("p2")));
    QVERIFY(store.take(QStringLiteral("p3")));
    QVERIFY(store.take(QStringLiteral("p4")));
}

void tst_SocketIoSessionStore::reconnectLoopsDoNotGrowIt()
{
    // A client that drops and recovers in a loop, and clients that drop and
    // never come back: the store holds at most its bound, and what expired
    // goes.
    ManualClock clock;
    SocketIoSessionStore store(Window, clock, 100);
    for (int i = 0; i < 10000; ++i) {
        store.persist(session(QStringLiteral("loop")));
        QVERIFY(store.take(QStringLiteral("loop")));
        store.persist(session(QStringLiteral("gone-%1").arg(i)));
        QVERIFY(store.size() <= 100);
    }
    clock.advance(Window + 1);
    QVERIFY(!store.take(QStringLiteral("gone-9999")));
    QCOMPARE(store.size(), 0);
}

QTEST_GUILESS_MAIN(tst_SocketIoSessionStore)
#include "tst_socketiosessionstore.moc"
