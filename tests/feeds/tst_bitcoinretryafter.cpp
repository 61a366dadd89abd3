// Retry-After as rate-limited providers send it: seconds or an HTTP date.

#include "feeds/bitcoin/RetryAfter.h"

#include <QTest>

#include <limits>

class tst_BitcoinRetryAfter final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void delay_data();
    void delay();
};

void tst_BitcoinRetryAfter::delay_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<qint64>("expectedMs"); // -1: not understood

    // "now" in every row is 2015-10-21T07:28:00Z.
    QTest::addRow("seconds") << QByteArray("120") << qint64(120'000);
    QTest::addRow("zero seconds") << QByteArray("0") << qint64(0);
    QTest::addRow("seconds with blanks") << QByteArray(" 7 ") << qint64(7'000);
    QTest::addRow("IMF-fixdate") << QByteArray("Wed, 21 Oct 2015 07:28:30 GMT") << qint64(30'000);
    QTest::addRow("IMF-fixdate next day") << QByteArray("Thu, 22 Oct 2015 07:28:00 GMT") << qint64(86'400'000);
    QTest::addRow("date in the past") << QByteArray("Wed, 21 Oct 2015 07:27:00 GMT") << qint64(0);
    QTest::addRow("RFC 850 date") << QByteArray("Wednesday, 21-Oct-15 07:29:00 GMT") << qint64(60'000);
    QTest::addRow("asctime date") << QByteArray("Wed Oct 21 07:28:05 2015") << qint64(5'000);
    QTest::addRow("asctime date, one-digit day") << QByteArray("Sun Nov  1 07:28:00 2015") << qint64(11LL * 86'400'000);
    // Past what fits in qint64 ms (found by tests/fuzz/fuzz_retryafter): the
    // longest wait there is, not an overflow into a negative one.
    constexpr qint64 MaxMs = std::numeric_limits<qint64>::max() / 1000 * 1000;
    QTest::addRow("seconds past qint64 ms") << QByteArray("9223372036854776") << MaxMs;
    QTest::addRow("seconds past qint64") << QByteArray("99999999999999999999") << MaxMs;
    QTest::addRow("largest seconds in qint64 ms") << QByteArray("9223372036854775") << qint64(9'223'372'036'854'775'000);
    QTest::addRow("empty") << QByteArray() << qint64(-1);
    QTest::addRow("negative seconds") << QByteArray("-5") << qint64(-1);
    QTest::addRow("fraction") << QByteArray("1.5") << qint64(-1);
    QTest::addRow("garbage") << QByteArray("soon") << qint64(-1);
    QTest::addRow("date without zone") << QByteArray("Wed, 21 Oct 2015 07:28:30") << qint64(-1);
}

void tst_BitcoinRetryAfter::delay()
{
    QFETCH(QByteArray, value);
    QFETCH(qint64, expectedMs);

    const QDateTime now(QDate(2015, 10, 21), QTime(7, 28, 0), Qt::UTC);
    const std::optional<qint64> delay = RetryAfter::delayMs(value, now);
    if (expectedMs < 0) {
        QVERIFY2(!delay, qPrintable(QString::number(delay.value_or(0))));
    } else {
        QVERIFY(delay);
        QCOMPARE(*delay, expectedMs);
    }
}

QTEST_GUILESS_MAIN(tst_BitcoinRetryAfter)
#include "tst_bitcoinretryafter.moc"
