// What the live charts draw: a history that stays bounded however long it
// runs, stale stretches, decimation that keeps peaks, the rolling window and
// axes on round numbers.
#include "FakeSource.h"
#include "GuiTestEnvironment.h"

#include "gui/model/ChartModel.h"
#include "gui/model/StreamHistory.h"

#include <QTest>

#include <cmath>

namespace {

constexpr qint64 Second = 1000;
constexpr qint64 Minute = 60 * Second;
constexpr qint64 Start = 1740830400000; // 2025-03-01T12:00:00Z

} // namespace

class tst_ChartModel final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { GuiTestEnvironment::setUp(); }
    void historyStaysBoundedForAWeek();
    void closeValuesShareAPoint();
    void staleStretches();
    void decimationKeepsPeaks();
    void frameFollowsTheWindow();
    void frameSpansShortHistories();
    void onlyNumbersAreCharted();
    void timeTicksAreRound_data();
    void timeTicksAreRound();
    void niceAxis_data();
    void niceAxis();
};

void tst_ChartModel::historyStaysBoundedForAWeek()
{
    StreamHistory history(60 * Minute, 7200);
    // A week of a 10 Hz stream.
    const qint64 week = 7 * 24 * 60 * Minute;
    for (qint64 t = 0; t < week; t += 100)
        history.append(Start + t, double(t % 1000), false);
    QVERIFY2(history.size() <= 7201, qPrintable(QString::number(history.size())));
    QVERIFY(history.size() >= 7000);
    QVERIFY(history.first().atMs >= Start + week - 60 * Minute - 1000);
    QCOMPARE(history.last().atMs, Start + week - 100);
}

void tst_ChartModel::closeValuesShareAPoint()
{
    StreamHistory history(60 * Minute, 7200); // 500 ms buckets
    history.append(Start, 1, false);
    history.append(Start + 100, 2, true);
    history.append(Start + 200, 3, false);
    QCOMPARE(history.size(), 1);
    QCOMPARE(history.last().value, 3.0);
    QVERIFY(history.last().stale); // any stale value marks the point
    history.append(Start + 600, 4, false);
    QCOMPARE(history.size(), 2);
}

void tst_ChartModel::staleStretches()
{
    StreamHistory history(60 * Minute, 7200);
    const QList<bool> stale {false, false, true, true, false, false, true, true};
    for (qsizetype i = 0; i < stale.size(); ++i)
        history.append(Start + i * 20 * Second, 100 + double(i), stale.at(i));
    const qint64 end = Start + 10 * Minute;
    const QList<StreamHistory::Interval> intervals = history.staleIntervals(Start, end);
    QCOMPARE(intervals.size(), 2);
    // From the first stale value to the next fresh one…
    QCOMPARE(intervals.at(0), (StreamHistory::Interval {Start + 40 * Second, Start + 80 * Second}));
    // …or to the end of the window while still stale.
    QCOMPARE(intervals.at(1), (StreamHistory::Interval {Start + 120 * Second, end}));
    // Clipped to the window.
    QCOMPARE(history.staleIntervals(Start + 60 * Second, Start + 70 * Second),
        QList<StreamHistory::Interval> {(StreamHistory::Interval {Start + 60 * Second, Start + 70 * Second})});
    QVERIFY(history.staleIntervals(Start + 81 * Second, Start + 119 * Second).isEmpty());
}

void tst_ChartModel::decimationKeepsPeaks()
{
    StreamHistory history(60 * Minute, 7200);
    for (int i = 0; i < 3000; ++i)
        history.append(Start + i * Second, i == 1234 ? 500.0 : (i == 2345 ? -500.0 : std::sin(i / 10.0)), false);
    const QList<QPointF> points = history.points(Start, Start + 3000 * Second, 200);
    QVERIFY(points.size() <= 200);
    QVERIFY(points.size() >= 150);
    double high = -1e9;
    double low = 1e9;
    for (qsizetype i = 0; i < points.size(); ++i) {
        high = std::max(high, points.at(i).y());
        low = std::min(low, points.at(i).y());
        if (i > 0)
            QVERIFY(points.at(i).x() >= points.at(i - 1).x()); // in time order
    }
    QCOMPARE(high, 500.0);
    QCOMPARE(low, -500.0);
    // Few points come back as they are.
    QCOMPARE(history.points(Start, Start + 9 * Second, 200).size(), 10);
}

void tst_ChartModel::frameFollowsTheWindow()
{
    FakeSource source;
    ChartModel model(&source);
    qint64 now = Start + 30 * Minute;
    model.setClock([&now] { return now; });
    for (qint64 t = 0; t <= 30 * Minute; t += 10 * Second)
        source.tick(QStringLiteral("randomNumber"), int((t / Second) % 100), {}, Start + t);

    ChartModel::Frame frame = model.frame(QStringLiteral("randomNumber"), 1000);
    QCOMPARE(frame.toMs, now);
    QCOMPARE(frame.fromMs, now - ChartModel::DefaultWindowMs);
    QCOMPARE(frame.points.size(), 61); // 10 minutes of one point per 10 s, both ends
    QVERIFY(model.frame(QStringLiteral("randomNumber"), 61 * 12).sparse); // each has 12 pixels
    QVERIFY(!model.frame(QStringLiteral("randomNumber"), 61 * 12 - 1).sparse);

    model.setWindowMs(Minute);
    QCOMPARE(model.frame(QStringLiteral("randomNumber"), 1000).points.size(), 7);
    model.setWindowMs(60 * Minute);
    QCOMPARE(model.frame(QStringLiteral("randomNumber"), 1000).points.size(), 181);
    // Choices outside the offered ones are brought into range.
    model.setWindowMs(7 * 24 * 60 * Minute);
    QCOMPARE(model.windowMs(), 60 * Minute);

    // Time moves on: the window rolls with it.
    model.setWindowMs(ChartModel::DefaultWindowMs);
    now += 5 * Minute;
    frame = model.frame(QStringLiteral("randomNumber"), 1000);
    QCOMPARE(frame.fromMs, now - ChartModel::DefaultWindowMs);
    QCOMPARE(frame.points.size(), 31);
}

void tst_ChartModel::frameSpansShortHistories()
{
    FakeSource source;
    ChartModel model(&source);
    qint64 now = Start + 5 * Minute;
    model.setClock([&now] { return now; });
    QVERIFY(model.frame(QStringLiteral("bitcoinPrice"), 100).empty);
    source.tick(QStringLiteral("bitcoinPrice"), 97000.0, {}, Start + 3 * Minute);
    ChartModel::Frame frame = model.frame(QStringLiteral("bitcoinPrice"), 100);
    QVERIFY(!frame.empty);
    // Two minutes of history: the axis shows them, at least a minute.
    QCOMPARE(frame.fromMs, Start + 3 * Minute);
    now = Start + 3 * Minute + 10 * Second;
    QCOMPARE(model.frame(QStringLiteral("bitcoinPrice"), 100).fromMs, now - ChartModel::MinSpanMs);
}

void tst_ChartModel::onlyNumbersAreCharted()
{
    FakeSource source;
    ChartModel model(&source);
    source.tick(QStringLiteral("text"), QStringLiteral("hello"));
    QVERIFY(!model.history(QStringLiteral("text")));
    source.tick(QStringLiteral("bitcoinPrice"), 1.5, {{QStringLiteral("stale"), true}});
    QVERIFY(model.history(QStringLiteral("bitcoinPrice")));
    QVERIFY(model.history(QStringLiteral("bitcoinPrice"))->last().stale);
}

void tst_ChartModel::timeTicksAreRound_data()
{
    QTest::addColumn<qint64>("spanMs");
    QTest::addColumn<int>("maxTicks");
    QTest::addColumn<qint64>("stepMs");
    QTest::addColumn<bool>("seconds");
    QTest::addRow("a minute") << Minute << 7 << 10 * Second << true;
    QTest::addRow("ten minutes") << 10 * Minute << 7 << 2 * Minute << false;
    QTest::addRow("ten minutes, narrow") << 10 * Minute << 3 << 5 * Minute << false;
    QTest::addRow("an hour") << 60 * Minute << 7 << 10 * Minute << false;
}

void tst_ChartModel::timeTicksAreRound()
{
    QFETCH(qint64, spanMs);
    QFETCH(int, maxTicks);
    QFETCH(qint64, stepMs);
    QFETCH(bool, seconds);
    const qint64 from = Start + 7 * Second + 250;
    const QList<ChartModel::TimeTick> ticks = ChartModel::timeTicks(from, from + spanMs, maxTicks);
    QVERIFY(ticks.size() >= 2);
    QVERIFY(ticks.size() <= maxTicks);
    QVERIFY(ticks.constFirst().atMs >= from);
    QVERIFY(ticks.constLast().atMs <= from + spanMs);
    for (qsizetype i = 0; i < ticks.size(); ++i) {
        const QDateTime local = QDateTime::fromMSecsSinceEpoch(ticks.at(i).atMs);
        // On a round local time…
        QCOMPARE(local.time().msecsSinceStartOfDay() % stepMs, 0);
        if (i > 0)
            QCOMPARE(ticks.at(i).atMs - ticks.at(i - 1).atMs, stepMs);
        // …labelled with it, with seconds only where they vary.
        QCOMPARE(ticks.at(i).label, local.time().toString(seconds ? QStringLiteral("HH:mm:ss") : QStringLiteral("HH:mm")));
    }
}

void tst_ChartModel::niceAxis_data()
{
    QTest::addColumn<double>("low");
    QTest::addColumn<double>("high");
    QTest::addColumn<double>("niceLow");
    QTest::addColumn<double>("niceHigh");
    QTest::addColumn<int>("decimals");
    QTest::addRow("random numbers") << 3.0 << 97.0 << 0.0 << 100.0 << 0;
    QTest::addRow("a price") << 97012.5 << 97188.0 << 97000.0 << 97200.0 << 0;
    QTest::addRow("a flat line") << 50.0 << 50.0 << 49.0 << 51.0 << 1;
    QTest::addRow("small numbers") << 0.013 << 0.047 << 0.01 << 0.05 << 2;
}

void tst_ChartModel::niceAxis()
{
    QFETCH(double, low);
    QFETCH(double, high);
    QFETCH(double, niceLow);
    QFETCH(double, niceHigh);
    QFETCH(int, decimals);
    const ChartModel::Axis axis = ChartModel::niceAxis(low, high, 6);
    QVERIFY(axis.low <= low && axis.high >= high);
    QCOMPARE(axis.low, niceLow);
    QCOMPARE(axis.high, niceHigh);
    QCOMPARE(axis.decimals, decimals);
    QVERIFY2(axis.tickCount >= 2 && axis.tickCount <= 7, qPrintable(QString::number(axis.tickCount)));
}

QTEST_GUILESS_MAIN(tst_ChartModel)
#include "tst_chartmodel.moc"
