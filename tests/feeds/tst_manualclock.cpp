// ManualClock, the clock tests inject: time moves only in advance(), and the
// timers due on the way fire inside it, in order, each seeing its own due
// time.

#include "time/ClockTimer.h"
#include "time/ManualClock.h"

#include <QSignalSpy>
#include <QTest>

#include <memory>
#include <vector>

namespace {

// Timers on one clock that note, in firing order, which of them fired and
// what the clock read then.
struct Firings {
    explicit Firings(ManualClock &clock)
        : clock(clock)
    {
    }

    ClockTimer *add()
    {
        const int index = static_cast<int>(timers.size());
        timers.push_back(clock.createTimer());
        QObject::connect(timers.back().get(), &ClockTimer::timeout, timers.back().get(), [this, index] {
            fired.append(index);
            firedAtMs.append(clock.elapsedMs());
        });
        return timers.back().get();
    }

    ManualClock &clock;
    std::vector<std::unique_ptr<ClockTimer>> timers;
    QList<int> fired;
    QList<qint64> firedAtMs;
};

} // namespace

class tst_ManualClock final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void startsWhereItIsTold();
    void advanceMovesBothClocks();
    void timersFireInOrderOfDueTime_data();
    void timersFireInOrderOfDueTime();
    void sameDueTimeFiresInStartOrderNotCreationOrder();
    void zeroAndNegativeDelaysWaitForAnAdvance();
    void firesOnceAndIsInactiveAfterwards();
    void restartMovesTheDueTime();
    void stoppedTimerDoesNotFire();
    void timerStartedBySlotFiresWithinTheSameAdvance();
    void slotMayDeleteTimers();
    void wallClockJumpLeavesMonotonicTimeAndTimers();
    void reportsWhatIsPending();
    void timerOutlivingItsClockNeverFires();
};

void tst_ManualClock::startsWhereItIsTold()
{
    const QDateTime start(QDate(2030, 5, 17), QTime(12, 34, 56, 789), Qt::UTC);
    ManualClock clock(start);
    QCOMPARE(clock.elapsedMs(), 0);
    QCOMPARE(clock.now(), start);
    QCOMPARE(clock.now().timeSpec(), Qt::UTC);

    ManualClock byDefault;
    QCOMPARE(byDefault.now(), ManualClock::defaultStart());
    QVERIFY(byDefault.now().isValid());
}

void tst_ManualClock::advanceMovesBothClocks()
{
    ManualClock clock;
    const QDateTime start = clock.now();
    clock.advance(250);
    QCOMPARE(clock.elapsedMs(), 250);
    QCOMPARE(clock.now(), start.addMSecs(250));
    clock.advance(0);
    QCOMPARE(clock.elapsedMs(), 250);
    clock.advance(3LL * 24 * 3600 * 1000); // longer than a QTimer could wait
    QCOMPARE(clock.elapsedMs(), 250 + 3LL * 24 * 3600 * 1000);
    QCOMPARE(clock.now(), start.addMSecs(clock.elapsedMs()));
}

void tst_ManualClock::timersFireInOrderOfDueTime_data()
{
    QTest::addColumn<QList<qint64>>("delays"); // one timer each, started in this order
    QTest::addColumn<qint64>("advanceBy");
    QTest::addColumn<QList<int>>("fired"); // which timers fire, in order
    QTest::addColumn<QList<qint64>>("firedAtMs"); // what the clock reads in each slot

    QTest::addRow("by due time, not start order")
        << QList<qint64> {30, 10, 20} << qint64(100) << QList<int> {1, 2, 0} << QList<qint64> {10, 20, 30};
    QTest::addRow("only those due") << QList<qint64> {30, 10, 20} << qint64(25) << QList<int> {1, 2} << QList<qint64> {10, 20};
    QTest::addRow("due exactly at the end") << QList<qint64> {25} << qint64(25) << QList<int> {0} << QList<qint64> {25};
    QTest::addRow("one ms short") << QList<qint64> {25} << qint64(24) << QList<int> {} << QList<qint64> {};
    QTest::addRow("same due time: start order")
        << QList<qint64> {10, 5, 10, 10} << qint64(10) << QList<int> {1, 0, 2, 3} << QList<qint64> {5, 10, 10, 10};
}

void tst_ManualClock::timersFireInOrderOfDueTime()
{
    QFETCH(QList<qint64>, delays);
    QFETCH(qint64, advanceBy);
    QFETCH(QList<int>, fired);
    QFETCH(QList<qint64>, firedAtMs);

    ManualClock clock;
    Firings firings(clock);
    for (qint64 delay : delays)
        firings.add()->start(delay);
    QVERIFY(firings.fired.isEmpty()); // nothing happens until time moves
    clock.advance(advanceBy);
    QCOMPARE(firings.fired, fired);
    QCOMPARE(firings.firedAtMs, firedAtMs);
    QCOMPARE(clock.elapsedMs(), advanceBy); // and the clock ends where it was told
}

void tst_ManualClock::sameDueTimeFiresInStartOrderNotCreationOrder()
{
    ManualClock clock;
    Firings firings(clock);
    ClockTimer *first = firings.add();
    ClockTimer *second = firings.add();
    ClockTimer *third = firings.add();
    third->start(10);
    first->start(10);
    second->start(10);
    first->start(10); // restarted: due at the same time, but started last
    clock.advance(10);
    QCOMPARE(firings.fired, (QList<int> {2, 1, 0}));
}

void tst_ManualClock::zeroAndNegativeDelaysWaitForAnAdvance()
{
    ManualClock clock;
    clock.advance(40);
    Firings firings(clock);
    firings.add()->start(0);
    firings.add()->start(-100); // counts as 0, not as "in the past"
    QVERIFY(firings.timers.at(0)->isActive());
    QVERIFY(firings.fired.isEmpty());
    clock.advance(0);
    QCOMPARE(firings.fired, (QList<int> {0, 1}));
    QCOMPARE(firings.firedAtMs, (QList<qint64> {40, 40}));
}

void tst_ManualClock::firesOnceAndIsInactiveAfterwards()
{
    ManualClock clock;
    std::unique_ptr<ClockTimer> timer = clock.createTimer();
    QSignalSpy spy(timer.get(), &ClockTimer::timeout);
    QVERIFY(!timer->isActive());
    timer->start(10);
    QVERIFY(timer->isActive());
    clock.advance(10);
    QCOMPARE(spy.size(), 1);
    QVERIFY(!timer->isActive());
    clock.advance(1000);
    QCOMPARE(spy.size(), 1);
}

void tst_ManualClock::restartMovesTheDueTime()
{
    ManualClock clock;
    Firings firings(clock);
    ClockTimer *timer = firings.add();
    timer->start(10);
    clock.advance(5);
    timer->start(10); // now due at 15, not 10
    clock.advance(9);
    QVERIFY(firings.fired.isEmpty());
    clock.advance(1);
    QCOMPARE(firings.firedAtMs, QList<qint64> {15});
}

void tst_ManualClock::stoppedTimerDoesNotFire()
{
    ManualClock clock;
    Firings firings(clock);
    ClockTimer *stopped = firings.add();
    ClockTimer *running = firings.add();
    stopped->start(10);
    running->start(20);
    stopped->stop();
    QVERIFY(!stopped->isActive());
    stopped->stop(); // twice is harmless
    clock.advance(100);
    QCOMPARE(firings.fired, QList<int> {1});
}

void tst_ManualClock::timerStartedBySlotFiresWithinTheSameAdvance()
{
    ManualClock clock;
    std::unique_ptr<ClockTimer> ticker = clock.createTimer();
    std::unique_ptr<ClockTimer> other = clock.createTimer();
    QList<QString> events;
    // A ticker that restarts itself, as a polling loop does, and starts
    // another timer on its first tick.
    connect(ticker.get(), &ClockTimer::timeout, ticker.get(), [&] {
        events.append(QStringLiteral("tick@%1").arg(clock.elapsedMs()));
        if (events.size() == 1)
            other->start(15);
        ticker->start(10);
    });
    connect(other.get(), &ClockTimer::timeout, other.get(), [&] { events.append(QStringLiteral("other@%1").arg(clock.elapsedMs())); });
    ticker->start(10);
    clock.advance(35);
    QCOMPARE(events,
        (QList<QString> {QStringLiteral("tick@10"), QStringLiteral("tick@20"), QStringLiteral("other@25"), QStringLiteral("tick@30")}));
    QCOMPARE(clock.elapsedMs(), 35);
    QVERIFY(ticker->isActive()); // due at 40
    QCOMPARE(clock.nextTimerInMs(), std::optional<qint64>(5));
}

void tst_ManualClock::slotMayDeleteTimers()
{
    ManualClock clock;
    auto first = clock.createTimer();
    auto second = clock.createTimer();
    auto third = clock.createTimer();
    int thirdFired = 0;
    // The first one deletes itself and the next one due; the clock must
    // neither touch them again nor lose the third.
    connect(first.get(), &ClockTimer::timeout, third.get(), [&] {
        first.reset();
        second.reset();
    });
    connect(third.get(), &ClockTimer::timeout, third.get(), [&] { ++thirdFired; });
    first->start(10);
    second->start(10);
    third->start(20);
    clock.advance(30);
    QVERIFY(!first && !second);
    QCOMPARE(thirdFired, 1);
}

void tst_ManualClock::wallClockJumpLeavesMonotonicTimeAndTimers()
{
    ManualClock clock;
    const QDateTime start = clock.now();
    Firings firings(clock);
    firings.add()->start(100);
    clock.jumpWallClock(-3600 * 1000);
    QCOMPARE(clock.now(), start.addSecs(-3600));
    QCOMPARE(clock.elapsedMs(), 0);
    QVERIFY(firings.fired.isEmpty());
    clock.jumpWallClock(2 * 3600 * 1000);
    QVERIFY(firings.fired.isEmpty());
    clock.advance(100);
    QCOMPARE(firings.firedAtMs, QList<qint64> {100});
    QCOMPARE(clock.now(), start.addSecs(3600).addMSecs(100));
}

void tst_ManualClock::reportsWhatIsPending()
{
    ManualClock clock;
    QCOMPARE(clock.activeTimerCount(), 0);
    QCOMPARE(clock.nextTimerInMs(), std::nullopt);
    Firings firings(clock);
    firings.add()->start(50);
    firings.add()->start(20);
    firings.add(); // never started
    QCOMPARE(clock.activeTimerCount(), 2);
    QCOMPARE(clock.nextTimerInMs(), std::optional<qint64>(20));
    clock.advance(30);
    QCOMPARE(clock.activeTimerCount(), 1);
    QCOMPARE(clock.nextTimerInMs(), std::optional<qint64>(20));
    firings.timers.at(0)->stop();
    QCOMPARE(clock.activeTimerCount(), 0);
    QCOMPARE(clock.nextTimerInMs(), std::nullopt);
}

void tst_ManualClock::timerOutlivingItsClockNeverFires()
{
    std::unique_ptr<ClockTimer> timer;
    {
        ManualClock clock;
        timer = clock.createTimer();
        timer->start(10);
    }
    QVERIFY(!timer->isActive());
    timer->start(10); // harmless: there is no time left to fire in
    QVERIFY(!timer->isActive());
    timer.reset(); // and it goes without touching the dead clock
}

QTEST_GUILESS_MAIN(tst_ManualClock)
#include "tst_manualclock.moc"
