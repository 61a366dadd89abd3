#pragma once

#include "model/FeedHealth.h"
#include "model/StreamInfo.h"
#include "model/Tick.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QList>
#include <QPointer>
#include <QTimer>

#include <functional>
#include <optional>

class DashboardSource;

// One row per feed: its health, its last value and how old it is, the
// provider that answered, the next poll. The feed cards, the header lights
// and the tray all read it. Values are taken as they come but announced at
// most every few hundred ms, so a fast feed costs the views nothing per
// tick; the times (age, countdown) move on refreshTimes(), called once a
// second by the dashboard. While a monitored datagate (--monitor) cannot be
// reached, its feeds' health is not known: the state reads "Unknown" in
// grey (the last known one in its tooltip) rather than a green that may
// no longer be true.
class FeedModel final : public QAbstractTableModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FeedModel)

public:
    enum Column { Feed, State, Value, Updated, Provider, Latency, Failures, NextPoll, LastError, ColumnCount };
    enum Role {
        HealthRole = Qt::UserRole + 1, // FeedHealth::State as int
        StreamRole, // the stream's name
        DescriptionRole,
        ProvidersRole, // QList<FeedHealth::ProviderStats>
        StaleRole, // bool: the last value was served stale
        HealthStateNameRole, // "healthy", …: for tests and logs, not for people
        PollsRole, // bool: the feed asks an upstream, so provider, latency, polls and errors apply
        DegradedReasonRole, // FeedHealth::degradedReason: why it is worse off than its own health says (a degraded cluster)
    };
    using Clock = std::function<QDateTime()>;

    // source may be null; then only the apply*() functions feed the model.
    explicit FeedModel(DashboardSource *source = nullptr, QObject *parent = nullptr);
    ~FeedModel() override;

    void setClock(Clock clock);
    // How long value updates are held back to be announced together.
    void setCoalesceInterval(int ms);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    int rowOf(const QString &stream) const;
    FeedHealth health(int row) const;
    // As shown: Starting (grey) for each feed while the health is not known.
    QList<FeedHealth::State> states() const;
    // Whether the health shown is the source's current word on it.
    bool isHealthKnown() const;

    void resetStreams(const QList<StreamInfo> &streams, const QList<FeedHealth> &health);
    void applyHealth(const QString &stream, const FeedHealth &health);
    void applyTick(const Tick &tick);
    void refreshTimes();

private:
    struct Row {
        StreamInfo info;
        FeedHealth health;
        std::optional<Tick> lastTick;
        bool dirty = false;
    };

    void reloadFromSource();
    void flushValues();
    QVariant display(const Row &row, int column) const;

    QPointer<DashboardSource> m_source;
    QList<Row> m_rows;
    Clock m_now;
    QTimer m_coalesce;
};
