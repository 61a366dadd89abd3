// StreamLease's timing against a fake store and a ManualClock: when it
// asks, what it makes of each answer, and when it gives a lease up on its
// own. The Redis scripts behind the real store are tested in tst_cluster.

#include "cluster/LeaseStore.h"
#include "cluster/StreamLease.h"
#include "time/ManualClock.h"

#include <QPointer>
#include <QSignalSpy>
#include <QTest>

namespace {

// Keeps every request until the test answers it.
class FakeLeaseStore final : public LeaseStore {
public:
    struct Request {
        QString kind; // acquire, renew
        qint64 ttlMs = 0;
        QPointer<QObject> context;
        Done done;
    };

    void acquire(const QString &, const QString &, qint64 ttlMs, QObject *context, Done done) override
    {
        requests.append({QStringLiteral("acquire"), ttlMs, context, std::move(done)});
    }
    void renew(const QString &, const QString &, qint64 ttlMs, QObject *context, Done done) override
    {
        requests.append({QStringLiteral("renew"), ttlMs, context, std::move(done)});
    }
    void release(const QString &, const QString &) override { ++releases; }

    // Answers the oldest open request.
    QString answer(Answer answer, const QString &holder = QString(), qint64 remainingMs = -1)
    {
        Request request = requests.takeFirst();
        if (request.context)
            request.done({answer, holder, remainingMs});
        return request.kind;
    }
    QStringList kinds() const
    {
        QStringList result;
        for (const Request &request : requests)
            result.append(request.kind);
        return result;
    }

    QList<Request> requests;
    int releases = 0;
};

constexpr qint64 Ttl = 3000; // renewals every 1000 ms, given up 300 ms before the TTL

} // namespace

class tst_StreamLease final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void acquiresAndRenewsEveryThirdOfTheTtl();
    void refusedRenewalLosesAtOnce();
    void unansweredRenewalsGiveUpBeforeTheTtl_data();
    void unansweredRenewalsGiveUpBeforeTheTtl();
    void followerRetriesWhenTheHoldersLeaseRunsOut();
    void lateGrantIsNotTrusted();
    void stopReleasesOnlyWhenAsked_data();
    void stopReleasesOnlyWhenAsked();
    void loseGivesUpAndTriesAgain();
};

void tst_StreamLease::acquiresAndRenewsEveryThirdOfTheTtl()
{
    ManualClock clock;
    FakeLeaseStore store;
    StreamLease lease(QStringLiteral("randomNumber"), QStringLiteral("a"), Ttl, store, clock);
    QSignalSpy held(&lease, &StreamLease::heldChanged);
    lease.start();
    QCOMPARE(store.kinds(), QStringList {QStringLiteral("acquire")});
    QCOMPARE(store.requests.first().ttlMs, Ttl);
    QCOMPARE(store.answer(LeaseStore::Answer::Granted), QStringLiteral("acquire"));
    QVERIFY(lease.isHeld());
    QCOMPARE(held.size(), 1);
    QCOMPARE(lease.holder(), QStringLiteral("a"));

    clock.advance(999);
    QVERIFY(store.requests.isEmpty());
    clock.advance(1);
    QCOMPARE(store.kinds(), QStringList {QStringLiteral("renew")});
    store.answer(LeaseStore::Answer::Granted);
    // Renewed at 1000: held until 4000 - 300 whatever happens next.
    clock.advance(2699);
    QVERIFY(lease.isHeld());
    QCOMPARE(held.size(), 1);
}

void tst_StreamLease::refusedRenewalLosesAtOnce()
{
    ManualClock clock;
    FakeLeaseStore store;
    StreamLease lease(QStringLiteral("s"), QStringLiteral("a"), Ttl, store, clock);
    lease.start();
    store.answer(LeaseStore::Answer::Granted);
    clock.advance(1000);
    QSignalSpy held(&lease, &StreamLease::heldChanged);
    store.answer(LeaseStore::Answer::Refused, QStringLiteral("b"), 2500);
    QVERIFY(!lease.isHeld());
    QCOMPARE(held.size(), 1);
    QCOMPARE(held.first().first().toBool(), false);
    QCOMPARE(lease.holder(), QStringLiteral("b"));
}

void tst_StreamLease::unansweredRenewalsGiveUpBeforeTheTtl_data()
{
    QTest::addColumn<bool>("renewalsFail"); // an error answer rather than none at all
    QTest::addRow("no answer") << false;
    QTest::addRow("failed answers") << true;
}

void tst_StreamLease::unansweredRenewalsGiveUpBeforeTheTtl()
{
    QFETCH(bool, renewalsFail);
    ManualClock clock;
    FakeLeaseStore store;
    StreamLease lease(QStringLiteral("s"), QStringLiteral("a"), Ttl, store, clock);
    lease.start();
    store.answer(LeaseStore::Answer::Granted); // sent at 0: Redis holds it until 3000 at the latest
    for (int i = 0; i < 2; ++i) {
        clock.advance(1000);
        if (renewalsFail && !store.requests.isEmpty())
            store.answer(LeaseStore::Answer::Failed);
    }
    clock.advance(699);
    QVERIFY(lease.isHeld());
    clock.advance(1);
    QVERIFY2(!lease.isHeld(), "a lease that could not be renewed must be given up before Redis lets another instance take it");
}

void tst_StreamLease::followerRetriesWhenTheHoldersLeaseRunsOut()
{
    ManualClock clock;
    FakeLeaseStore store;
    StreamLease lease(QStringLiteral("s"), QStringLiteral("b"), Ttl, store, clock);
    lease.start();
    store.answer(LeaseStore::Answer::Refused, QStringLiteral("a"), 400);
    QCOMPARE(lease.holder(), QStringLiteral("a"));
    clock.advance(400);
    QVERIFY(store.requests.isEmpty());
    clock.advance(1);
    QCOMPARE(store.kinds(), QStringList {QStringLiteral("acquire")});
    store.answer(LeaseStore::Answer::Granted);
    QVERIFY(lease.isHeld());
}

void tst_StreamLease::lateGrantIsNotTrusted()
{
    ManualClock clock;
    FakeLeaseStore store;
    StreamLease lease(QStringLiteral("s"), QStringLiteral("a"), Ttl, store, clock);
    lease.start();
    clock.advance(2700); // the answer to the request sent at 0 comes when the lease is nearly over
    store.answer(LeaseStore::Answer::Granted);
    QVERIFY(!lease.isHeld());
}

void tst_StreamLease::stopReleasesOnlyWhenAsked_data()
{
    QTest::addColumn<bool>("release");
    QTest::addRow("shutdown releases") << true;
    QTest::addRow("Redis gone: nothing to tell") << false;
}

void tst_StreamLease::stopReleasesOnlyWhenAsked()
{
    QFETCH(bool, release);
    ManualClock clock;
    FakeLeaseStore store;
    StreamLease lease(QStringLiteral("s"), QStringLiteral("a"), Ttl, store, clock);
    lease.start();
    store.answer(LeaseStore::Answer::Granted);
    lease.stop(release);
    QVERIFY(!lease.isHeld());
    QCOMPARE(store.releases, release ? 1 : 0);
    clock.advance(10 * Ttl);
    QVERIFY2(store.requests.isEmpty(), "a stopped lease asks nothing more");
}

void tst_StreamLease::loseGivesUpAndTriesAgain()
{
    ManualClock clock;
    FakeLeaseStore store;
    StreamLease lease(QStringLiteral("s"), QStringLiteral("a"), Ttl, store, clock);
    lease.start();
    store.answer(LeaseStore::Answer::Granted);
    clock.advance(500);
    lease.lose(QStringLiteral("test"));
    QVERIFY(!lease.isHeld());
    clock.advance(1000);
    QCOMPARE(store.kinds(), QStringList {QStringLiteral("acquire")});
}

QTEST_GUILESS_MAIN(tst_StreamLease)
#include "tst_streamlease.moc"
