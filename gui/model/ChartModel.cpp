#include "gui/model/ChartModel.h"

#include "gui/model/Format.h"
#include "gui/source/DashboardSource.h"

#include <QDateTime>

#include <cmath>

namespace {

constexpr qint64 Minute = 60 * 1000;

// 1, 2, 2.5 or 5 times a power of ten, at least value.
double niceStep(double value)
{
    const double magnitude = std::pow(10.0, std::floor(std::log10(value)));
    for (double factor : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        if (factor * magnitude >= value)
            return factor * magnitude;
    }
    return 10.0 * magnitude;
}

} // namespace

QList<qint64> ChartModel::windowChoices()
{
    return {1 * Minute, 5 * Minute, 10 * Minute, 30 * Minute, 60 * Minute};
}

ChartModel::ChartModel(DashboardSource *source, QObject *parent)
    : QObject(parent)
    , m_now([] { return QDateTime::currentMSecsSinceEpoch(); })
{
    if (source) {
        connect(source, &DashboardSource::ticked, this, &ChartModel::applyTick);
        connect(source, &DashboardSource::historyRecalled, this, [this](const QList<Tick> &ticks) {
            for (const Tick &tick : ticks)
                applyTick(tick);
        });
        connect(source, &DashboardSource::streamsChanged, this, [this] { m_histories.clear(); });
    }
}

ChartModel::~ChartModel() = default;

void ChartModel::setClock(Clock clock)
{
    m_now = std::move(clock);
}

void ChartModel::setWindowMs(qint64 windowMs)
{
    const QList<qint64> choices = windowChoices();
    windowMs = std::clamp(windowMs, choices.constFirst(), choices.constLast());
    if (m_windowMs == windowMs)
        return;
    m_windowMs = windowMs;
    Q_EMIT windowChanged(windowMs);
}

QList<ChartModel::TimeTick> ChartModel::timeTicks(qint64 fromMs, qint64 toMs, int maxTicks)
{
    static const QList<qint64> steps {
        5 * 1000, 10 * 1000, 15 * 1000, 30 * 1000, Minute, 2 * Minute, 5 * Minute, 10 * Minute, 15 * Minute, 30 * Minute, 60 * Minute};
    QList<TimeTick> ticks;
    if (toMs <= fromMs)
        return ticks;
    maxTicks = std::max(2, maxTicks);
    qint64 step = steps.constLast();
    for (qint64 candidate : steps) {
        if ((toMs - fromMs) / candidate + 1 <= maxTicks) {
            step = candidate;
            break;
        }
    }
    // Round in local time, so that a label reads 14:05, not 14:05 UTC.
    const qint64 offsetMs = qint64(QDateTime::fromMSecsSinceEpoch(fromMs).offsetFromUtc()) * 1000;
    const QString format = step < Minute ? QStringLiteral("HH:mm:ss") : QStringLiteral("HH:mm");
    const QLocale locale = Format::locale();
    for (qint64 at = ((fromMs + offsetMs + step - 1) / step) * step - offsetMs; at <= toMs; at += step)
        ticks.append({at, locale.toString(QDateTime::fromMSecsSinceEpoch(at).time(), format)});
    return ticks;
}

void ChartModel::applyTick(const Tick &tick)
{
    if (!tick.value.isDouble())
        return;
    auto it = m_histories.find(tick.stream);
    if (it == m_histories.end())
        it = m_histories.insert(tick.stream, StreamHistory(windowChoices().constLast(), HistoryCapacity));
    it->append(tick.ts, tick.value.toDouble(), tick.details.value(QStringLiteral("stale")).toBool());
}

const StreamHistory *ChartModel::history(const QString &stream) const
{
    const auto it = m_histories.constFind(stream);
    return it == m_histories.cend() ? nullptr : &*it;
}

ChartModel::Frame ChartModel::frame(const QString &stream, qsizetype maxPoints, int maxTicks, int maxTimeTicks) const
{
    Frame frame;
    frame.toMs = m_now();
    frame.fromMs = frame.toMs - m_windowMs;
    const StreamHistory *history = this->history(stream);
    if (!history || history->isEmpty())
        return frame;
    frame.fromMs = std::max(frame.fromMs, std::min(history->first().atMs, frame.toMs - MinSpanMs));
    frame.timeTicks = timeTicks(frame.fromMs, frame.toMs, maxTimeTicks);
    frame.points = history->points(frame.fromMs, frame.toMs, maxPoints);
    frame.stale = history->staleIntervals(frame.fromMs, frame.toMs);
    frame.empty = frame.points.isEmpty();
    // maxPoints is about the plot's width in pixels.
    constexpr qsizetype MinPixelsPerMarker = 12;
    frame.sparse = frame.points.size() * MinPixelsPerMarker <= maxPoints;
    if (!frame.empty) {
        const auto [low, high] = history->range(frame.fromMs, frame.toMs);
        frame.values = niceAxis(low, high, maxTicks);
    }
    return frame;
}

ChartModel::Axis ChartModel::niceAxis(double low, double high, int maxTicks)
{
    if (!std::isfinite(low) || !std::isfinite(high))
        return {};
    if (high < low)
        std::swap(low, high);
    if (high - low < 1e-9) {
        // A flat line sits in the middle of a small range around it.
        const double pad = std::max(1.0, std::abs(high) * 0.001);
        low -= pad;
        high += pad;
    }
    maxTicks = std::max(2, maxTicks);
    const double step = niceStep((high - low) / (maxTicks - 1));
    Axis axis;
    axis.low = std::floor(low / step) * step;
    axis.high = std::ceil(high / step) * step;
    axis.tickCount = int(std::lround((axis.high - axis.low) / step)) + 1;
    axis.decimals = step >= 1 ? 0 : int(std::ceil(-std::log10(step) - 1e-9));
    return axis;
}
