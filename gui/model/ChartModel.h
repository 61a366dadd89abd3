#pragma once

#include "gui/model/StreamHistory.h"
#include "model/Tick.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>

class DashboardSource;

// What the live charts draw: each numeric stream's recent values
// (StreamHistory, bounded), the rolling window chosen (10 minutes unless
// the user picks another), and for each redraw a frame with the points, the
// stale stretches and axes that fit them. The charts ask for a frame a
// few times a second at most; ticks only go into the history.
class ChartModel final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChartModel)

public:
    struct Axis {
        double low = 0;
        double high = 1;
        int tickCount = 5;
        int decimals = 0; // enough to tell the ticks apart
    };
    // A label on the time axis, at a round time ("14:05:30").
    struct TimeTick {
        qint64 atMs;
        QString label;
    };
    struct Frame {
        qint64 fromMs = 0;
        qint64 toMs = 0;
        QList<TimeTick> timeTicks;
        QList<QPointF> points;
        QList<StreamHistory::Interval> stale;
        Axis values;
        bool empty = true;
        // Few points far apart (a price polled every 20 s): worth marking
        // each one, and the only way to see a single one at all.
        bool sparse = false;
    };
    using Clock = std::function<qint64()>; // ms since the epoch

    static constexpr qint64 DefaultWindowMs = 10 * 60 * 1000;
    // The longest window offered is what the history keeps.
    static QList<qint64> windowChoices();
    // Points kept per stream over the longest window.
    static constexpr qsizetype HistoryCapacity = 7200;

    // source may be null; then only applyTick() feeds the model.
    explicit ChartModel(DashboardSource *source = nullptr, QObject *parent = nullptr);
    ~ChartModel() override;

    void setClock(Clock clock);
    qint64 windowMs() const { return m_windowMs; }
    void setWindowMs(qint64 windowMs);
    // Labels at round times within [fromMs, toMs], at most maxTicks of them,
    // as far apart as a person reads easily: every 5, 10, 15 or 30 s, or
    // 1, 2, 5, 10, 15 or 30 min. Seconds are shown only when they vary.
    static QList<TimeTick> timeTicks(qint64 fromMs, qint64 toMs, int maxTicks);

    void applyTick(const Tick &tick);
    const StreamHistory *history(const QString &stream) const;
    // The window ending now, with at most maxPoints points and a value axis
    // of at most maxTicks labels. While the history is shorter than the
    // window, the time axis spans the history (at least MinSpanMs) rather
    // than leaving most of the chart empty.
    Frame frame(const QString &stream, qsizetype maxPoints, int maxTicks = 6, int maxTimeTicks = 7) const;
    static constexpr qint64 MinSpanMs = 60 * 1000;

    // Round bounds and a tick count that put labels on round numbers.
    static Axis niceAxis(double low, double high, int maxTicks = 6);

Q_SIGNALS:
    void windowChanged(qint64 windowMs);

private:
    QHash<QString, StreamHistory> m_histories;
    qint64 m_windowMs = DefaultWindowMs;
    Clock m_now;
};
