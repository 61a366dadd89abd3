#include "gui/model/StreamHistory.h"

#include <algorithm>
#include <limits>

StreamHistory::StreamHistory(qint64 spanMs, qsizetype capacity)
    : m_spanMs(std::max<qint64>(1, spanMs))
    , m_capacity(std::max<qsizetype>(2, capacity))
    , m_bucketMs(std::max<qint64>(1, m_spanMs / m_capacity))
{
}

void StreamHistory::append(qint64 atMs, double value, bool stale)
{
    if (!m_points.empty() && atMs < m_points.back().atMs)
        atMs = m_points.back().atMs; // a clock step back: keep the order
    if (!m_points.empty() && atMs / m_bucketMs == m_points.back().atMs / m_bucketMs) {
        Point &last = m_points.back();
        last.value = value;
        last.stale = last.stale || stale;
        last.atMs = atMs;
    } else {
        m_points.push_back({atMs, value, stale});
    }
    while (!m_points.empty() && (m_points.front().atMs < atMs - m_spanMs || qsizetype(m_points.size()) > m_capacity + 1))
        m_points.pop_front();
}

std::deque<StreamHistory::Point>::const_iterator StreamHistory::lowerBound(qint64 atMs) const
{
    return std::lower_bound(m_points.cbegin(), m_points.cend(), atMs, [](const Point &point, qint64 at) { return point.atMs < at; });
}

QList<QPointF> StreamHistory::points(qint64 fromMs, qint64 toMs, qsizetype maxPoints) const
{
    QList<QPointF> result;
    const auto begin = lowerBound(fromMs);
    const auto end = std::upper_bound(begin, m_points.cend(), toMs, [](qint64 at, const Point &point) { return at < point.atMs; });
    const qsizetype count = end - begin;
    if (count <= 0)
        return result;
    maxPoints = std::max<qsizetype>(2, maxPoints);
    if (count <= maxPoints) {
        result.reserve(count);
        for (auto it = begin; it != end; ++it)
            result.append(QPointF(double(it->atMs), it->value));
        return result;
    }
    // Each of maxPoints / 2 runs gives its lowest and highest point, in
    // time order.
    const qsizetype runs = maxPoints / 2;
    result.reserve(runs * 2);
    for (qsizetype run = 0; run < runs; ++run) {
        const auto first = begin + run * count / runs;
        const auto last = begin + (run + 1) * count / runs;
        if (first == last)
            continue;
        const auto [low, high] = std::minmax_element(first, last, [](const Point &a, const Point &b) { return a.value < b.value; });
        const auto &earlier = low->atMs <= high->atMs ? *low : *high;
        const auto &later = low->atMs <= high->atMs ? *high : *low;
        result.append(QPointF(double(earlier.atMs), earlier.value));
        if (&earlier != &later)
            result.append(QPointF(double(later.atMs), later.value));
    }
    return result;
}

QList<StreamHistory::Interval> StreamHistory::staleIntervals(qint64 fromMs, qint64 toMs) const
{
    QList<Interval> result;
    qint64 start = -1;
    for (const Point &point : m_points) {
        if (point.stale && start < 0)
            start = point.atMs;
        else if (!point.stale && start >= 0) {
            if (point.atMs >= fromMs && start <= toMs)
                result.append({std::max(start, fromMs), std::min(point.atMs, toMs)});
            start = -1;
        }
    }
    if (start >= 0 && start <= toMs)
        result.append({std::max(start, fromMs), toMs});
    return result;
}

std::pair<double, double> StreamHistory::range(qint64 fromMs, qint64 toMs) const
{
    double low = std::numeric_limits<double>::max();
    double high = std::numeric_limits<double>::lowest();
    for (auto it = lowerBound(fromMs); it != m_points.cend() && it->atMs <= toMs; ++it) {
        low = std::min(low, it->value);
        high = std::max(high, it->value);
    }
    if (low > high)
        return {0.0, 0.0};
    return {low, high};
}
