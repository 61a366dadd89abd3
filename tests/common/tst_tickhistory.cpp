// TickHistory: the recent ticks of one stream, bounded by count and by age,
// as the shared frames that were sent. What can be recovered is decided by
// what was dropped: every tick after the floor (the last tick dropped, or
// the one before the first the history saw) is held.
#include "protocol/TickHistory.h"

#include <QTest>

namespace {

constexpr qint64 Start = 1764091234567; // ms since the epoch
constexpr qint64 Ttl = 10000;

// Seq n at Start + n * 1000 ms, with frames that name it.
EncodedTick tickAt(quint64 seq, qint64 ts)
{
    EncodedTick tick;
    tick.stream = QStringLiteral("randomNumber");
    tick.seq = seq;
    tick.ts = ts;
    tick.order = seq;
    tick.socketIoFrame = QByteArray("sio-") + QByteArray::number(seq);
    tick.jsonFrame = QByteArray("json-") + QByteArray::number(seq);
    return tick;
}

EncodedTick tick(quint64 seq)
{
    return tickAt(seq, Start + qint64(seq) * 1000);
}

// The seqs held, oldest first.
QList<quint64> seqs(const TickHistory &history)
{
    QList<quint64> result;
    for (qsizetype i = 0; i < history.size(); ++i)
        result.append(history.at(i).seq);
    return result;
}

QList<quint64> range(quint64 first, quint64 last)
{
    QList<quint64> result;
    for (quint64 seq = first; seq <= last; ++seq)
        result.append(seq);
    return result;
}

// What a replay from after `since` sends, by walking next().
QList<quint64> walk(const TickHistory &history, quint64 since, qint64 now)
{
    QList<quint64> sent;
    while (const EncodedTick *next = history.next(since, now)) {
        sent.append(next->seq);
        since = next->seq;
    }
    return sent;
}

const char *answerName(TickHistory::Answer answer)
{
    switch (answer) {
    case TickHistory::Answer::Recovered: return "Recovered";
    case TickHistory::Answer::TooOld: return "TooOld";
    case TickHistory::Answer::Ahead: return "Ahead";
    }
    return "?";
}

} // namespace

// Found by QTest through ADL, so that a failed QCOMPARE names the answer.
char *toString(TickHistory::Answer answer)
{
    return qstrdup(answerName(answer));
}

class tst_TickHistory final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void boundByCount_data();
    void boundByCount();
    void boundByAge_data();
    void boundByAge();
    void ageCountsAtLookupBeforeExpire();
    void lookupAtTheEdges_data();
    void lookupAtTheEdges();
    void nextWalksTheRingAcrossItsWrap();
    void nextFollowsAGrowingHistory();
    void nextStopsWhereTicksWereDropped();
    void seqGapsAreNoLoss();
    void framesAreSharedNotCopied();
    void droppedTicksLetGoOfTheirFrames();
    void oldOrRepeatedSeqIsIgnored();
    void clearStartsOver();
    void zeroCapacityKeepsOnlyTheLatestSeq();
};

void tst_TickHistory::boundByCount_data()
{
    QTest::addColumn<qsizetype>("capacity");
    QTest::addColumn<quint64>("appended"); // seqs 1..appended
    QTest::addColumn<QList<quint64>>("held");
    QTest::addColumn<quint64>("floor");

    QTest::addRow("empty") << qsizetype(3) << quint64(0) << QList<quint64>() << quint64(0);
    QTest::addRow("below capacity") << qsizetype(3) << quint64(2) << range(1, 2) << quint64(0);
    QTest::addRow("at capacity") << qsizetype(3) << quint64(3) << range(1, 3) << quint64(0);
    QTest::addRow("one over") << qsizetype(3) << quint64(4) << range(2, 4) << quint64(1);
    QTest::addRow("wrapped many times") << qsizetype(3) << quint64(100) << range(98, 100) << quint64(97);
    QTest::addRow("capacity one") << qsizetype(1) << quint64(5) << range(5, 5) << quint64(4);
    QTest::addRow("default 300, 1000 ticks") << qsizetype(300) << quint64(1000) << range(701, 1000) << quint64(700);
}

void tst_TickHistory::boundByCount()
{
    QFETCH(qsizetype, capacity);
    QFETCH(quint64, appended);
    QFETCH(QList<quint64>, held);
    QFETCH(quint64, floor);

    // A TTL far beyond the ticks' ages: only the count bounds.
    TickHistory history(capacity, 1000LL * 1000 * 1000);
    for (quint64 seq = 1; seq <= appended; ++seq)
        history.append(tick(seq));
    const qint64 now = Start + qint64(appended) * 1000;
    QCOMPARE(seqs(history), held);
    QCOMPARE(history.size(), held.size());
    QVERIFY(history.size() <= capacity);
    QCOMPARE(history.latestSeq(), appended);
    QCOMPARE(history.floorSeq(now), floor);
    QCOMPARE(history.oldestSeq(now), held.isEmpty() ? quint64(0) : held.first());
}

void tst_TickHistory::boundByAge_data()
{
    QTest::addColumn<qint64>("nowOffset"); // ms after the last tick (seq 5, at Start + 5 s)
    QTest::addColumn<QList<quint64>>("held");
    QTest::addColumn<quint64>("floor");

    // Ticks 1..5 are 1 s apart; the TTL is 10 s. A tick is too old once
    // strictly more than the TTL has passed since its ts.
    QTest::addRow("all young") << qint64(0) << range(1, 5) << quint64(0);
    QTest::addRow("first exactly at the ttl") << qint64(6000) << range(1, 5) << quint64(0);
    QTest::addRow("first 1 ms past the ttl") << qint64(6001) << range(2, 5) << quint64(1);
    QTest::addRow("three too old") << qint64(8001) << range(4, 5) << quint64(3);
    QTest::addRow("all too old") << qint64(10001) << QList<quint64>() << quint64(5);
}

void tst_TickHistory::boundByAge()
{
    QFETCH(qint64, nowOffset);
    QFETCH(QList<quint64>, held);
    QFETCH(quint64, floor);

    TickHistory history(300, Ttl);
    for (quint64 seq = 1; seq <= 5; ++seq)
        history.append(tick(seq));
    const qint64 now = Start + 5000 + nowOffset;
    history.expire(now);
    QCOMPARE(seqs(history), held);
    QCOMPARE(history.floorSeq(now), floor);
    QCOMPARE(history.latestSeq(), quint64(5)); // the latest seq outlives its tick
    QCOMPARE(history.oldestSeq(now), held.isEmpty() ? quint64(0) : held.first());

    // A new tick ages the old ones out by its own ts.
    TickHistory appended(300, Ttl);
    for (quint64 seq = 1; seq <= 5; ++seq)
        appended.append(tick(seq));
    appended.append(tickAt(6, now));
    QList<quint64> withSix = held;
    withSix.append(6);
    QCOMPARE(seqs(appended), withSix);
}

void tst_TickHistory::ageCountsAtLookupBeforeExpire()
{
    // A stream that stopped ticking is not expired by appends: the lookup
    // itself treats what is too old at its time as dropped.
    TickHistory history(300, Ttl);
    for (quint64 seq = 1; seq <= 5; ++seq)
        history.append(tick(seq));
    const qint64 late = Start + 5000 + 8001; // seqs 1..3 too old
    QCOMPARE(history.size(), 5);
    QCOMPARE(history.after(3, late).answer, TickHistory::Answer::Recovered);
    QCOMPARE(history.after(3, late).missed, 2);
    QCOMPARE(history.after(2, late).answer, TickHistory::Answer::TooOld);
    QCOMPARE(history.after(2, late).oldestSeq, quint64(4));
    QCOMPARE(walk(history, 3, late), range(4, 5));
    QVERIFY(!history.next(2, late));
}

void tst_TickHistory::lookupAtTheEdges_data()
{
    QTest::addColumn<quint64>("since");
    QTest::addColumn<TickHistory::Answer>("answer");
    QTest::addColumn<qsizetype>("missed");

    // Capacity 5, seqs 1..12: 8..12 held, 7 the last dropped.
    QTest::addRow("ahead by one") << quint64(13) << TickHistory::Answer::Ahead << qsizetype(0);
    QTest::addRow("far ahead") << quint64(1000000) << TickHistory::Answer::Ahead << qsizetype(0);
    QTest::addRow("the latest: nothing missed") << quint64(12) << TickHistory::Answer::Recovered << qsizetype(0);
    QTest::addRow("one missed") << quint64(11) << TickHistory::Answer::Recovered << qsizetype(1);
    QTest::addRow("the oldest held") << quint64(8) << TickHistory::Answer::Recovered << qsizetype(4);
    QTest::addRow("the floor: all held") << quint64(7) << TickHistory::Answer::Recovered << qsizetype(5);
    QTest::addRow("below the floor") << quint64(6) << TickHistory::Answer::TooOld << qsizetype(0);
    QTest::addRow("zero") << quint64(0) << TickHistory::Answer::TooOld << qsizetype(0);
}

void tst_TickHistory::lookupAtTheEdges()
{
    QFETCH(quint64, since);
    QFETCH(TickHistory::Answer, answer);
    QFETCH(qsizetype, missed);

    TickHistory history(5, Ttl);
    for (quint64 seq = 1; seq <= 12; ++seq)
        history.append(tick(seq));
    const qint64 now = Start + 12000;
    const TickHistory::Lookup lookup = history.after(since, now);
    QCOMPARE(lookup.answer, answer);
    QCOMPARE(lookup.missed, missed);
    QCOMPARE(lookup.oldestSeq, quint64(8));
    QCOMPARE(lookup.latestSeq, quint64(12));
    QCOMPARE(history.covers(since, now), answer != TickHistory::Answer::TooOld);
    // A replay sends exactly the missed ticks, in order.
    const QList<quint64> sent = walk(history, since, now);
    QCOMPARE(sent.size(), missed);
    if (missed > 0)
        QCOMPARE(sent, range(12 - quint64(missed) + 1, 12));
}

void tst_TickHistory::nextWalksTheRingAcrossItsWrap()
{
    // Seqs 1..13 into 5 slots: the ring's head is mid-array, and a search
    // must find ticks on both sides of the wrap.
    TickHistory history(5, Ttl);
    for (quint64 seq = 1; seq <= 13; ++seq)
        history.append(tick(seq));
    const qint64 now = Start + 13000;
    QCOMPARE(seqs(history), range(9, 13));
    for (quint64 since = 8; since <= 13; ++since) {
        QCOMPARE(history.after(since, now).missed, qsizetype(13 - since));
        QCOMPARE(walk(history, since, now), since < 13 ? range(since + 1, 13) : QList<quint64>());
    }
}

void tst_TickHistory::nextFollowsAGrowingHistory()
{
    // A replay walks a few ticks, the stream goes on meanwhile, and the
    // walk continues where it was: every tick once, in order.
    TickHistory history(50, 1000 * 1000);
    for (quint64 seq = 1; seq <= 10; ++seq)
        history.append(tick(seq));
    QList<quint64> sent;
    quint64 cursor = 3;
    quint64 nextSeq = 11;
    for (int round = 0; round < 20; ++round) {
        for (int i = 0; i < 2; ++i) {
            if (const EncodedTick *next = history.next(cursor, Start + 30000)) {
                sent.append(next->seq);
                cursor = next->seq;
            }
        }
        if (round < 10)
            history.append(tick(nextSeq++));
    }
    QCOMPARE(sent, range(4, nextSeq - 1));
    QVERIFY(!history.next(cursor, Start + 30000));
}

void tst_TickHistory::nextStopsWhereTicksWereDropped()
{
    // A replay that falls more than the capacity behind cannot go on
    // without a gap: next() says so instead of skipping.
    TickHistory history(5, Ttl);
    for (quint64 seq = 1; seq <= 5; ++seq)
        history.append(tick(seq));
    const qint64 now = Start + 10000;
    QCOMPARE(history.next(1, now)->seq, quint64(2));
    history.append(tick(6));
    history.append(tick(7)); // drops 1 and 2
    QVERIFY(!history.covers(1, now));
    QVERIFY(!history.next(1, now));
    QVERIFY(history.covers(2, now));
    QCOMPARE(history.next(2, now)->seq, quint64(3));
}

void tst_TickHistory::seqGapsAreNoLoss()
{
    // Ticks stamped elsewhere may skip a seq (one that never existed): only
    // a tick that was held and dropped makes a since too old.
    TickHistory history(3, Ttl);
    for (quint64 seq : {5, 6, 9, 12})
        history.append(tick(seq));
    const qint64 now = Start + 12000;
    QCOMPARE(seqs(history), (QList<quint64> {6, 9, 12}));
    QCOMPARE(history.floorSeq(now), quint64(5));
    QCOMPARE(history.after(5, now).answer, TickHistory::Answer::Recovered);
    QCOMPARE(history.after(5, now).missed, 3);
    QCOMPARE(history.after(7, now).missed, 2); // 7 never existed
    QCOMPARE(walk(history, 7, now), (QList<quint64> {9, 12}));
    QCOMPARE(history.after(4, now).answer, TickHistory::Answer::TooOld);

    // The first tick seen: what came before it was never seen here.
    TickHistory late(10, Ttl);
    late.append(tick(5001));
    QCOMPARE(late.after(5000, Start + 5001000).answer, TickHistory::Answer::Recovered);
    QCOMPARE(late.after(4999, Start + 5001000).answer, TickHistory::Answer::TooOld);
}

void tst_TickHistory::framesAreSharedNotCopied()
{
    const EncodedTick original = tick(1);
    TickHistory history(3, Ttl);
    history.append(original);
    history.append(tick(2));
    const EncodedTick &held = history.at(0);
    QVERIFY(held.jsonFrame.isSharedWith(original.jsonFrame));
    QVERIFY(held.socketIoFrame.isSharedWith(original.socketIoFrame));
    QCOMPARE(held.jsonFrame.constData(), original.jsonFrame.constData());
    // What a replay gets is the held tick itself, not a copy.
    const EncodedTick *next = history.next(0, Start + 2000);
    QCOMPARE(next, &held);
    QVERIFY(next->jsonFrame.isSharedWith(original.jsonFrame));
    // Wrapping around reuses slots; the frames stay shared.
    for (quint64 seq = 3; seq <= 7; ++seq) {
        const EncodedTick later = tick(seq);
        history.append(later);
        QVERIFY(history.at(history.size() - 1).socketIoFrame.isSharedWith(later.socketIoFrame));
    }
}

void tst_TickHistory::droppedTicksLetGoOfTheirFrames()
{
    // A tick dropped by count or age no longer holds its frames: the test's
    // copy becomes their only owner.
    EncodedTick first = tick(1);
    EncodedTick second = tick(2);
    TickHistory history(2, Ttl);
    history.append(first);
    history.append(second);
    QVERIFY(!first.jsonFrame.isDetached());
    history.append(tick(3)); // drops 1 by count
    QVERIFY(first.jsonFrame.isDetached());
    QVERIFY(first.socketIoFrame.isDetached());
    QVERIFY(!second.jsonFrame.isDetached());
    history.expire(Start + 2000 + Ttl + 1); // drops 2 by age
    QVERIFY(second.jsonFrame.isDetached());
    QCOMPARE(seqs(history), QList<quint64> {3});
}

void tst_TickHistory::oldOrRepeatedSeqIsIgnored()
{
    TickHistory history(5, Ttl);
    for (quint64 seq : {1, 2, 3})
        history.append(tick(seq));
    history.append(tick(3));
    history.append(tick(2));
    QCOMPARE(seqs(history), range(1, 3));
    QCOMPARE(history.latestSeq(), quint64(3));
}

void tst_TickHistory::clearStartsOver()
{
    // A new epoch: its seqs are not the old ones, and may start lower.
    TickHistory history(5, Ttl);
    for (quint64 seq = 1; seq <= 9; ++seq)
        history.append(tick(seq));
    history.clear();
    QCOMPARE(history.size(), 0);
    QCOMPARE(history.latestSeq(), quint64(0));
    QCOMPARE(history.after(0, Start).answer, TickHistory::Answer::Recovered);
    QCOMPARE(history.after(1, Start).answer, TickHistory::Answer::Ahead);
    history.append(tick(3));
    QCOMPARE(seqs(history), QList<quint64> {3});
    QCOMPARE(history.after(2, Start + 3000).missed, 1);
    QCOMPARE(history.after(1, Start + 3000).answer, TickHistory::Answer::TooOld);
}

void tst_TickHistory::zeroCapacityKeepsOnlyTheLatestSeq()
{
    TickHistory history(0, Ttl);
    for (quint64 seq = 1; seq <= 4; ++seq)
        history.append(tick(seq));
    QCOMPARE(history.size(), 0);
    QCOMPARE(history.latestSeq(), quint64(4));
    QCOMPARE(history.after(4, Start).answer, TickHistory::Answer::Recovered);
    QCOMPARE(history.after(4, Start).missed, 0);
    QCOMPARE(history.after(3, Start).answer, TickHistory::Answer::TooOld);
    QCOMPARE(history.after(5, Start).answer, TickHistory::Answer::Ahead);
}

QTEST_GUILESS_MAIN(tst_TickHistory)
#include "tst_tickhistory.moc"
