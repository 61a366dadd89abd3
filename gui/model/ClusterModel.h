#pragma once

#include "model/ClusterStatus.h"
#include "model/FeedHealth.h"

#include <QAbstractTableModel>
#include <QPointer>

class DashboardSource;

// The cluster the watched datagate belongs to (--redis, docs/scaling.md),
// as the cluster panel shows it: one row per instance of the registry, with
// its address, its clients and the feeds it produces, and for the panel's
// head the mode, the Redis connection and why it is degraded. Fed by
// DashboardSource::clusterSampled() about once a second; a sample that
// changes nothing announces nothing. Without --redis it has no rows and
// isEnabled() is false, and the panel stays hidden.
class ClusterModel final : public QAbstractTableModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClusterModel)

public:
    enum Column { Instance, Address, Clients, Produces, ColumnCount };
    enum Role {
        InstanceIdRole = Qt::UserRole + 1, // the registry's id
        ThisInstanceRole, // bool: the watched datagate itself
        ProducesRole, // QStringList: the streams it produces, by name
    };

    // source may be null; then only applyStatus() feeds the model.
    explicit ClusterModel(DashboardSource *source = nullptr, QObject *parent = nullptr);
    ~ClusterModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void applyStatus(const ClusterStatus &status);
    const ClusterStatus &status() const { return m_status; }
    bool isEnabled() const { return m_status.enabled(); }

    // The mode on the health palette: green in the cluster, amber degraded,
    // grey connecting; and its word.
    FeedHealth::State health() const;
    QString modeWord() const;
    // "Redis 10.0.0.5:6379/0: connected", or "…: unreachable".
    QString redisText() const;
    // The instance that produces the stream ("" when none is known).
    QString producerOf(const QString &stream) const;

Q_SIGNALS:
    // Anything the panel's head shows changed (the rows say so themselves).
    void statusChanged();

private:
    QStringList producesOf(int row) const;

    QPointer<DashboardSource> m_source;
    ClusterStatus m_status;
};
