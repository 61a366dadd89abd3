// TokenBucket: a burst, then a steady rate, on a ManualClock, so that each
// case states exactly how much time passes.
#include "time/ManualClock.h"
#include "time/TokenBucket.h"

#include <QTest>

class tst_TokenBucket final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void startsFullAndAllowsTheBurst_data();
    void startsFullAndAllowsTheBurst();
    void refillsAtTheRate_data();
    void refillsAtTheRate();
    void neverHoldsMoreThanTheBurst();
    void aRefusedTakeTakesNothing();
};

void tst_TokenBucket::startsFullAndAllowsTheBurst_data()
{
    QTest::addColumn<double>("rate");
    QTest::addColumn<double>("burst");
    QTest::addRow("20/s, burst 40") << 20.0 << 40.0;
    QTest::addRow("1/s, burst 1") << 1.0 << 1.0;
    QTest::addRow("1000/s, burst 3") << 1000.0 << 3.0;
}

void tst_TokenBucket::startsFullAndAllowsTheBurst()
{
    QFETCH(double, rate);
    QFETCH(double, burst);
    ManualClock clock;
    TokenBucket bucket(clock, rate, burst);
    QVERIFY(bucket.isFull());
    for (int i = 0; i < int(burst); ++i)
        QVERIFY2(bucket.tryTake(), qPrintable(QStringLiteral("take %1 of the burst").arg(i + 1)));
    // Without time passing, the next take finds nothing.
    QVERIFY(!bucket.tryTake());
    QVERIFY(!bucket.isFull());
}

void tst_TokenBucket::refillsAtTheRate_data()
{
    QTest::addColumn<double>("rate");
    QTest::addColumn<qint64>("advanceMs");
    QTest::addColumn<int>("takes"); // whole tokens earned in advanceMs
    QTest::addRow("20/s, 49 ms: none") << 20.0 << qint64(49) << 0;
    QTest::addRow("20/s, 50 ms: one") << 20.0 << qint64(50) << 1;
    QTest::addRow("20/s, 1 s: twenty") << 20.0 << qint64(1000) << 20;
    QTest::addRow("3/s, 1 s: three") << 3.0 << qint64(1000) << 3;
    QTest::addRow("0.5/s, 1999 ms: none") << 0.5 << qint64(1999) << 0;
    QTest::addRow("0.5/s, 2 s: one") << 0.5 << qint64(2000) << 1;
}

void tst_TokenBucket::refillsAtTheRate()
{
    QFETCH(double, rate);
    QFETCH(qint64, advanceMs);
    QFETCH(int, takes);
    ManualClock clock;
    TokenBucket bucket(clock, rate, 100);
    while (bucket.tryTake()) { }
    clock.advance(advanceMs);
    for (int i = 0; i < takes; ++i)
        QVERIFY2(bucket.tryTake(), qPrintable(QStringLiteral("take %1").arg(i + 1)));
    QVERIFY(!bucket.tryTake());
}

void tst_TokenBucket::neverHoldsMoreThanTheBurst()
{
    ManualClock clock;
    TokenBucket bucket(clock, 20, 40);
    clock.advance(60 * 60 * 1000);
    QCOMPARE(bucket.tokens(), 40.0);
    int taken = 0;
    while (bucket.tryTake())
        ++taken;
    QCOMPARE(taken, 40);
    // Full again after burst / rate = 2 s, not before.
    clock.advance(1999);
    QVERIFY(!bucket.isFull());
    clock.advance(1);
    QVERIFY(bucket.isFull());
}

void tst_TokenBucket::aRefusedTakeTakesNothing()
{
    ManualClock clock;
    TokenBucket bucket(clock, 10, 1);
    QVERIFY(bucket.tryTake());
    clock.advance(60);
    // 0.6 of a token: refused, and the fraction is kept.
    QVERIFY(!bucket.tryTake());
    QCOMPARE(bucket.tokens(), 0.6);
    clock.advance(40);
    QVERIFY(bucket.tryTake());
}

QTEST_GUILESS_MAIN(tst_TokenBucket)
#include "tst_tokenbucket.moc"
