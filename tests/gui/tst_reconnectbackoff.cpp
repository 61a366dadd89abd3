// The remote source's reconnect delays: doubling from the base to the cap,
// the random half, and starting over.
#include "time/ReconnectBackoff.h"

#include <QTest>

class tst_ReconnectBackoff final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void delays_data();
    void delays();
    void resetStartsOver();
    void defaultRandomStaysInRange();
};

void tst_ReconnectBackoff::delays_data()
{
    QTest::addColumn<double>("random");
    QTest::addColumn<QList<qint64>>("expected");
    // base 500 ms, cap 30 s: 0.5, 1, 2, 4, 8, 16, 30, 30 s at most, half of it at least.
    QTest::addRow("top of the range") << 1.0 << QList<qint64> {500, 1000, 2000, 4000, 8000, 16000, 30000, 30000};
    QTest::addRow("bottom of the range") << 0.0 << QList<qint64> {250, 500, 1000, 2000, 4000, 8000, 15000, 15000};
    QTest::addRow("middle") << 0.5 << QList<qint64> {375, 750, 1500, 3000, 6000, 12000, 22500, 22500};
    QTest::addRow("random out of range is clamped") << 7.0 << QList<qint64> {500, 1000, 2000, 4000, 8000, 16000, 30000, 30000};
}

void tst_ReconnectBackoff::delays()
{
    QFETCH(double, random);
    QFETCH(QList<qint64>, expected);
    ReconnectBackoff backoff(500, 30000, [random] { return random; });
    QList<qint64> delays;
    for (qsizetype i = 0; i < expected.size(); ++i)
        delays.append(backoff.nextDelayMs());
    QCOMPARE(delays, expected);
    QCOMPARE(backoff.failures(), int(expected.size()));
}

void tst_ReconnectBackoff::resetStartsOver()
{
    ReconnectBackoff backoff(500, 30000, [] { return 1.0; });
    for (int i = 0; i < 100; ++i)
        QVERIFY(backoff.nextDelayMs() <= 30000);
    QCOMPARE(backoff.nextDelayMs(), 30000);
    backoff.reset();
    QCOMPARE(backoff.failures(), 0);
    QCOMPARE(backoff.nextDelayMs(), 500);
}

void tst_ReconnectBackoff::defaultRandomStaysInRange()
{
    ReconnectBackoff backoff(1000, 1000);
    QSet<qint64> seen;
    for (int i = 0; i < 200; ++i) {
        const qint64 delay = backoff.nextDelayMs();
        QVERIFY2(delay >= 500 && delay <= 1000, qPrintable(QString::number(delay)));
        seen.insert(delay);
    }
    // Jittered: not the same wait every time.
    QVERIFY(seen.size() > 10);
}

QTEST_GUILESS_MAIN(tst_ReconnectBackoff)
#include "tst_reconnectbackoff.moc"
