// JumpGuard: which price a poll may publish when one jumps by more than
// half, and which answers are rejected for it.

#include "feeds/bitcoin/JumpGuard.h"
#include "time/ManualClock.h"

#include <QTest>

namespace {

constexpr qint64 RecentMs = 450; // three intervals of 150 ms, as the feed would have it

PriceQuote quote(qsizetype provider, double price, const ManualClock &clock)
{
    return {provider, price, clock.now().toMSecsSinceEpoch(), clock.elapsedMs()};
}

QList<double> prices(const QList<PriceQuote> &quotes)
{
    QList<double> result;
    for (const PriceQuote &q : quotes)
        result.append(q.price);
    return result;
}

} // namespace

class tst_JumpGuard final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void firstPriceHasNothingToJumpFrom();
    void movesUpToHalfArePublished_data();
    void movesUpToHalfArePublished();
    void secondProviderConfirms_data();
    void secondProviderConfirms();
    void contradictedSuspectIsRejected();
    void confirmationPicksTheAgreeingSuspect();
    void unconfirmedSuspectsAreTakenAtTheEnd();
    void referenceIsOnlyRecent();
    void publishedPriceBecomesTheReference();
};

void tst_JumpGuard::firstPriceHasNothingToJumpFrom()
{
    ManualClock clock;
    JumpGuard guard(RecentMs, clock);
    QCOMPARE(guard.reference(), std::nullopt);
    const JumpGuard::Verdict verdict = guard.offer(quote(0, 97123.45, clock));
    QVERIFY(verdict.publish);
    QCOMPARE(verdict.quote.price, 97123.45);
    QCOMPARE(verdict.quote.provider, 0);
    QVERIFY(!verdict.confirmsSuspect);
    QVERIFY(verdict.rejected.isEmpty());
    QCOMPARE(verdict.reference, std::nullopt);
    QCOMPARE(guard.reference(), std::optional<double>(97123.45));
}

void tst_JumpGuard::movesUpToHalfArePublished_data()
{
    QTest::addColumn<double>("next");
    QTest::addColumn<bool>("published");
    QTest::addRow("unchanged") << 100000.0 << true;
    QTest::addRow("up exactly 50 percent") << 150000.0 << true;
    QTest::addRow("down exactly 50 percent") << 50000.0 << true;
    QTest::addRow("up just over 50 percent") << 150000.01 << false;
    QTest::addRow("down just over 50 percent") << 49999.99 << false;
    QTest::addRow("up 60 percent") << 160000.0 << false;
    QTest::addRow("a hundredfold (cents for dollars)") << 10000000.0 << false;
}

void tst_JumpGuard::movesUpToHalfArePublished()
{
    QFETCH(double, next);
    QFETCH(bool, published);
    ManualClock clock;
    JumpGuard guard(RecentMs, clock);
    QVERIFY(guard.offer(quote(0, 100000, clock)).publish);
    clock.advance(150);

    const JumpGuard::Verdict verdict = guard.offer(quote(0, next, clock));
    QCOMPARE(verdict.publish, published);
    QCOMPARE(verdict.reference, std::optional<double>(100000));
    QCOMPARE(verdict.quote.price, next);
    QVERIFY(verdict.rejected.isEmpty());
    QCOMPARE(guard.reference(), std::optional<double>(published ? next : 100000.0));
    // A held price waits for a second opinion; a published one leaves nothing behind.
    QCOMPARE(prices(guard.takeSuspects()), published ? QList<double> {} : QList<double> {next});
}

void tst_JumpGuard::secondProviderConfirms_data()
{
    QTest::addColumn<double>("suspect");
    QTest::addColumn<double>("second");
    QTest::addColumn<bool>("agrees");
    // Agreement: within 2% of the lower of the two.
    QTest::addRow("same") << 160000.0 << 160000.0 << true;
    QTest::addRow("2 percent above") << 160000.0 << 163200.0 << true;
    QTest::addRow("2 percent below (of the lower)") << 160000.0 << 156862.75 << true;
    QTest::addRow("just over 2 percent above") << 160000.0 << 163200.5 << false;
    QTest::addRow("just over 2 percent below") << 160000.0 << 156862.0 << false;
    QTest::addRow("down jump confirmed") << 40000.0 << 40400.0 << true;
}

void tst_JumpGuard::secondProviderConfirms()
{
    QFETCH(double, suspect);
    QFETCH(double, second);
    QFETCH(bool, agrees);
    ManualClock clock;
    JumpGuard guard(RecentMs, clock);
    QVERIFY(guard.offer(quote(0, 100000, clock)).publish);
    clock.advance(150);
    const PriceQuote first = quote(0, suspect, clock);
    QVERIFY(!guard.offer(first).publish);
    clock.advance(30); // the second provider answers a little later

    const JumpGuard::Verdict verdict = guard.offer(quote(1, second, clock));
    QCOMPARE(verdict.publish, agrees);
    if (agrees) {
        // The first of the two in failover order is published, as fetched.
        QVERIFY(verdict.confirmsSuspect);
        QCOMPARE(verdict.quote.provider, 0);
        QCOMPARE(verdict.quote.price, suspect);
        QCOMPARE(verdict.quote.fetchedOnClockMs, first.fetchedOnClockMs);
        QCOMPARE(verdict.quote.fetchedAtMs, first.fetchedAtMs);
        QVERIFY(verdict.rejected.isEmpty());
        QCOMPARE(guard.reference(), std::optional<double>(suspect));
        QVERIFY(guard.takeSuspects().isEmpty());
    } else {
        // Both jumped and disagree: both wait.
        QVERIFY(!verdict.confirmsSuspect);
        QCOMPARE(guard.reference(), std::optional<double>(100000));
        QCOMPARE(prices(guard.takeSuspects()), (QList<double> {suspect, second}));
    }
}

void tst_JumpGuard::contradictedSuspectIsRejected()
{
    ManualClock clock;
    JumpGuard guard(RecentMs, clock);
    QVERIFY(guard.offer(quote(0, 100000, clock)).publish);
    clock.advance(150);
    QVERIFY(!guard.offer(quote(0, 160000, clock)).publish);
    // The second provider says the price barely moved: that is published,
    // and the jump is rejected.
    const JumpGuard::Verdict verdict = guard.offer(quote(1, 100500, clock));
    QVERIFY(verdict.publish);
    QVERIFY(!verdict.confirmsSuspect);
    QCOMPARE(verdict.quote.provider, 1);
    QCOMPARE(verdict.quote.price, 100500.0);
    QCOMPARE(verdict.rejected.size(), 1);
    QCOMPARE(verdict.rejected.constFirst().provider, 0);
    QCOMPARE(verdict.rejected.constFirst().price, 160000.0);
    QVERIFY(guard.takeSuspects().isEmpty());
}

void tst_JumpGuard::confirmationPicksTheAgreeingSuspect()
{
    ManualClock clock;
    JumpGuard guard(RecentMs, clock);
    QVERIFY(guard.offer(quote(0, 100000, clock)).publish);
    clock.advance(150);
    QVERIFY(!guard.offer(quote(0, 160000, clock)).publish); // up
    QVERIFY(!guard.offer(quote(1, 40000, clock)).publish); // down
    const JumpGuard::Verdict verdict = guard.offer(quote(2, 40100, clock)); // agrees with the second
    QVERIFY(verdict.publish);
    QVERIFY(verdict.confirmsSuspect);
    QCOMPARE(verdict.quote.provider, 1);
    QCOMPARE(verdict.quote.price, 40000.0);
    QCOMPARE(prices(verdict.rejected), QList<double> {160000});
    QCOMPARE(verdict.rejected.constFirst().provider, 0);
}

void tst_JumpGuard::unconfirmedSuspectsAreTakenAtTheEnd()
{
    ManualClock clock;
    JumpGuard guard(RecentMs, clock);
    QVERIFY(guard.offer(quote(0, 100000, clock)).publish);
    clock.advance(150);
    QVERIFY(!guard.offer(quote(0, 160000, clock)).publish);
    QVERIFY(!guard.offer(quote(2, 10, clock)).publish);
    QCOMPARE(prices(guard.takeSuspects()), (QList<double> {160000, 10}));
    QVERIFY(guard.takeSuspects().isEmpty()); // taken means forgotten
    // Suspects of a poll never confirm a price of the next one.
    QVERIFY(!guard.offer(quote(1, 160100, clock)).publish);
    QCOMPARE(guard.reference(), std::optional<double>(100000));
}

void tst_JumpGuard::referenceIsOnlyRecent()
{
    ManualClock clock;
    JumpGuard guard(RecentMs, clock);
    QVERIFY(guard.offer(quote(0, 100000, clock)).publish);
    clock.advance(RecentMs);
    QCOMPARE(guard.reference(), std::optional<double>(100000)); // still recent at exactly RecentMs
    QVERIFY(!guard.offer(quote(0, 160000, clock)).publish);
    guard.takeSuspects();
    clock.advance(1);
    // After a long outage the new level is all there is: trusted.
    QCOMPARE(guard.reference(), std::nullopt);
    const JumpGuard::Verdict verdict = guard.offer(quote(0, 160000, clock));
    QVERIFY(verdict.publish);
    QCOMPARE(verdict.reference, std::nullopt);
    QCOMPARE(guard.reference(), std::optional<double>(160000));
}

void tst_JumpGuard::publishedPriceBecomesTheReference()
{
    ManualClock clock;
    JumpGuard guard(RecentMs, clock);
    QVERIFY(guard.offer(quote(0, 100000, clock)).publish);
    clock.advance(300);
    QVERIFY(guard.offer(quote(0, 140000, clock)).publish); // +40%
    clock.advance(300);
    // 100000 would have been 600 ms old; 140000 is the reference now, and
    // +40% again is within half of it.
    QCOMPARE(guard.reference(), std::optional<double>(140000));
    QVERIFY(guard.offer(quote(0, 196000, clock)).publish);
    // Its age counts from when it was fetched, for a confirmed suspect too.
    clock.advance(100);
    const PriceQuote jump = quote(0, 400000, clock);
    QVERIFY(!guard.offer(jump).publish);
    clock.advance(200);
    QVERIFY(guard.offer(quote(1, 400000, clock)).confirmsSuspect);
    clock.advance(RecentMs - 200);
    QCOMPARE(guard.reference(), std::optional<double>(400000));
    clock.advance(1);
    QCOMPARE(guard.reference(), std::nullopt);
}

QTEST_GUILESS_MAIN(tst_JumpGuard)
#include "tst_jumpguard.moc"
