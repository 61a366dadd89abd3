// The backoff of a provider that keeps failing: doubling, jittered, capped.

#include "feeds/bitcoin/BackoffPolicy.h"

#include <QTest>

class tst_BitcoinBackoff final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void delay_data();
    void delay();
    void randomDrawStaysInRange();
    void hugeFailureCountsDoNotOverflow();
};

void tst_BitcoinBackoff::delay_data()
{
    QTest::addColumn<int>("failures");
    QTest::addColumn<double>("random");
    QTest::addColumn<qint64>("expectedMs");

    // base 1000 ms, cap 20000 ms: ceilings 1000, 2000, 4000, 8000, 16000, 20000, 20000…
    // and the delay lies in [ceiling/2, ceiling].
    QTest::addRow("1st, no jitter") << 1 << 0.0 << qint64(500);
    QTest::addRow("1st, full jitter") << 1 << 1.0 << qint64(1000);
    QTest::addRow("2nd, half jitter") << 2 << 0.5 << qint64(1500);
    QTest::addRow("3rd, no jitter") << 3 << 0.0 << qint64(2000);
    QTest::addRow("4th, full jitter") << 4 << 1.0 << qint64(8000);
    QTest::addRow("5th, full jitter") << 5 << 1.0 << qint64(16000);
    QTest::addRow("6th is capped") << 6 << 1.0 << qint64(20000);
    QTest::addRow("6th capped, no jitter") << 6 << 0.0 << qint64(10000);
    QTest::addRow("50th is capped") << 50 << 0.5 << qint64(15000);
    QTest::addRow("0 counts as 1st") << 0 << 1.0 << qint64(1000);
}

void tst_BitcoinBackoff::delay()
{
    QFETCH(int, failures);
    QFETCH(double, random);
    QFETCH(qint64, expectedMs);
    QCOMPARE(BackoffPolicy(1000, 20000).delayMs(failures, random), expectedMs);
}

void tst_BitcoinBackoff::randomDrawStaysInRange()
{
    const BackoffPolicy policy(100, 1600);
    QSet<qint64> seen;
    for (int failures = 1; failures <= 8; ++failures) {
        const qint64 ceiling = std::min<qint64>(1600, 100LL << (failures - 1));
        for (int i = 0; i < 200; ++i) {
            const qint64 delay = policy.delayMs(failures);
            QVERIFY2(delay >= ceiling / 2 && delay <= ceiling,
                qPrintable(QStringLiteral("failure %1: %2 ms outside [%3, %4]").arg(failures).arg(delay).arg(ceiling / 2).arg(ceiling)));
            if (failures == 8)
                seen.insert(delay);
        }
    }
    // Jitter: two hundred draws at the cap are not all the same.
    QVERIFY(seen.size() > 10);
}

void tst_BitcoinBackoff::hugeFailureCountsDoNotOverflow()
{
    const BackoffPolicy policy(7, 86'400'000);
    QCOMPARE(policy.delayMs(1'000'000, 1.0), qint64(86'400'000));
    QCOMPARE(policy.delayMs(64, 1.0), qint64(86'400'000));
    QCOMPARE(BackoffPolicy(0, 0).delayMs(3, 1.0), qint64(1)); // degenerate settings still wait
}

QTEST_GUILESS_MAIN(tst_BitcoinBackoff)
#include "tst_bitcoinbackoff.moc"
