#pragma once

#include <QList>
#include <QPointF>

#include <deque>
#include <utility>

// The recent values of one stream for a chart, in bounded memory: points
// older than span() go, and values closer together than the bucket
// (span / capacity) share one point (the latest value; stale if any of
// them was). So a week of ticks costs what a span of them does.
class StreamHistory {
public:
    struct Point {
        qint64 atMs; // ms since the epoch
        double value;
        bool stale;
    };
    // A stretch of time whose values were stale: [fromMs, toMs].
    using Interval = std::pair<qint64, qint64>;

    StreamHistory(qint64 spanMs, qsizetype capacity);

    qint64 span() const { return m_spanMs; }
    qsizetype capacity() const { return m_capacity; }
    qsizetype size() const { return qsizetype(m_points.size()); }
    bool isEmpty() const { return m_points.empty(); }
    const Point &first() const { return m_points.front(); }
    const Point &last() const { return m_points.back(); }

    void append(qint64 atMs, double value, bool stale);
    void clear() { m_points.clear(); }

    // The points within [fromMs, toMs] as chart coordinates (x in ms), at
    // most maxPoints of them: when there are more, each run of neighbours
    // is reduced to its lowest and highest value, so that no peak is lost.
    QList<QPointF> points(qint64 fromMs, qint64 toMs, qsizetype maxPoints) const;
    // The stale stretches that overlap [fromMs, toMs], clipped to it. A
    // stretch runs from its first stale value to the next fresh one (or to
    // toMs while the stream is still stale).
    QList<Interval> staleIntervals(qint64 fromMs, qint64 toMs) const;
    // The lowest and highest value within [fromMs, toMs]; {0, 0} if none.
    std::pair<double, double> range(qint64 fromMs, qint64 toMs) const;

private:
    std::deque<Point>::const_iterator lowerBound(qint64 atMs) const;

    qint64 m_spanMs;
    qsizetype m_capacity;
    qint64 m_bucketMs;
    std::deque<Point> m_points;
};
