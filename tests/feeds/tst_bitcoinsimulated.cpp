// The simulated price for offline demos: a random walk that stays a price.

#include "feeds/bitcoin/SimulatedPriceSource.h"

#include <QSet>
#include <QTest>

#include <cmath>

class tst_BitcoinSimulated final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void walksLikeAPrice();
    void sameSeedSameWalk();
};

void tst_BitcoinSimulated::walksLikeAPrice()
{
    SimulatedPriceSource source(60000.0, 42);
    double previous = 60000.0;
    QSet<double> distinct;
    for (int i = 0; i < 10000; ++i) {
        const double price = source.next();
        QVERIFY(std::isfinite(price));
        QVERIFY(price > 0);
        // One step moves a little, never by half.
        QVERIFY2(std::abs(price - previous) / previous < 0.05, qPrintable(QStringLiteral("%1 -> %2").arg(previous).arg(price)));
        // Cents, like a quote.
        QCOMPARE(std::round(price * 100.0) / 100.0, price);
        distinct.insert(price);
        previous = price;
    }
    QVERIFY(distinct.size() > 1000);
}

void tst_BitcoinSimulated::sameSeedSameWalk()
{
    SimulatedPriceSource a(60000.0, 7);
    SimulatedPriceSource b(60000.0, 7);
    SimulatedPriceSource c(60000.0, 8);
    bool differs = false;
    for (int i = 0; i < 100; ++i) {
        const double x = a.next();
        QCOMPARE(b.next(), x);
        differs = differs || c.next() != x;
    }
    QVERIFY(differs);
}

QTEST_GUILESS_MAIN(tst_BitcoinSimulated)
#include "tst_bitcoinsimulated.moc"
