// MessageRateLimit: what a client's messages get under the rate limit
// (accept, warn, drop, close), on a ManualClock, so the escalation and the
// end of an episode are asserted at exact times.
#include "transport/MessageRateLimit.h"

#include "time/ManualClock.h"

#include <QTest>

using Verdict = MessageRateLimit::Verdict;

char *toString(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Accept: return qstrdup("Accept");
    case Verdict::Warn: return qstrdup("Warn");
    case Verdict::Drop: return qstrdup("Drop");
    case Verdict::Close: return qstrdup("Close");
    }
    return qstrdup("?");
}

namespace {

// Runs a script of messages ("m") and time ("." is 50 ms) and returns the
// verdict of each message ("A" accept, "W" warn, "D" drop, "C" close), with
// the dots kept in place.
QString run(MessageRateLimit &limit, ManualClock &clock, const QString &script)
{
    QString verdicts;
    for (const QChar step : script) {
        if (step == QLatin1Char('.')) {
            clock.advance(50);
            verdicts += step;
            continue;
        }
        switch (limit.admit()) {
        case Verdict::Accept: verdicts += QLatin1Char('A'); break;
        case Verdict::Warn: verdicts += QLatin1Char('W'); break;
        case Verdict::Drop: verdicts += QLatin1Char('D'); break;
        case Verdict::Close: verdicts += QLatin1Char('C'); break;
        }
    }
    return verdicts;
}

} // namespace

class tst_MessageRateLimit final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void verdicts_data();
    void verdicts();
    void disabledAcceptsEverything();
    void defaultsCloseAFloodSoonAfterTheWarning();
};

void tst_MessageRateLimit::verdicts_data()
{
    // Rate 20/s (one token every 50 ms, one per "."), burst 3. "m" is a message.
    QTest::addColumn<QString>("script");
    QTest::addColumn<QString>("expected");
    QTest::addRow("within the burst") << "mmm"
                                      << "AAA";
    QTest::addRow("past the burst: warned, then dropped, then closed after burst more") << "mmmmmmmm"
                                                                                        << "AAAWDDCC";
    QTest::addRow("at the rate after the burst: all accepted") << "mmm.m.m.m.m"
                                                               << "AAA.A.A.A.A";
    QTest::addRow("one over, then quiet until full: a new episode warns again") << "mmmm...mmmm"
                                                                                << "AAAW...AAAW";
    QTest::addRow("one over, then not quiet long enough: the episode goes on") << "mmmm..mmmmm"
                                                                               << "AAAW..AADDC";
    QTest::addRow("a token earned in the episode is used, and the episode goes on") << "mmmmm.mmmm"
                                                                                    << "AAAWD.ADCC";
}

void tst_MessageRateLimit::verdicts()
{
    QFETCH(QString, script);
    QFETCH(QString, expected);
    ManualClock clock;
    MessageRateLimit limit(clock, 20, 3);
    QCOMPARE(run(limit, clock, script), expected);
}

void tst_MessageRateLimit::disabledAcceptsEverything()
{
    ManualClock clock;
    MessageRateLimit limit(clock, 0, 40);
    for (int i = 0; i < 10000; ++i)
        QCOMPARE(limit.admit(), Verdict::Accept);
}

void tst_MessageRateLimit::defaultsCloseAFloodSoonAfterTheWarning()
{
    // The defaults (20/s, burst 40) against a flood with no time passing:
    // 40 accepted, the 41st warned, and the 81st closes.
    ManualClock clock;
    MessageRateLimit limit(clock, 20, 40);
    for (int i = 0; i < 40; ++i)
        QCOMPARE(limit.admit(), Verdict::Accept);
    QCOMPARE(limit.admit(), Verdict::Warn);
    for (int i = 0; i < 39; ++i)
        QCOMPARE(limit.admit(), Verdict::Drop);
    QCOMPARE(limit.admit(), Verdict::Close);
}

QTEST_GUILESS_MAIN(tst_MessageRateLimit)
#include "tst_messageratelimit.moc"
