#pragma once

#include "model/FeedHealth.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QList>
#include <QPersistentModelIndex>
#include <QPointer>

#include <functional>

class FeedModel;

// The upstream providers of one feed (FeedHealth::providers), one row each
// with its counters, taken from that feed's row of the FeedModel.
class ProviderModel final : public QAbstractTableModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProviderModel)

public:
    enum Column { Provider, Status, Requests, Successes, Failures, Rejected, ColumnCount };
    enum Role {
        HealthRole = Qt::UserRole + 1, // the status as a FeedHealth::State, for the palette
    };
    using Clock = std::function<QDateTime()>;

    ProviderModel(FeedModel *feeds, const QString &stream, QObject *parent = nullptr);
    ~ProviderModel() override;

    void setClock(Clock clock);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // A provider's status in the health palette's terms: answering
    // (healthy), resting after a 429 (degraded), failing (down), not asked
    // yet (starting).
    static FeedHealth::State statusOf(const FeedHealth::ProviderStats &stats, const QDateTime &now);
    static QString statusWord(const FeedHealth::ProviderStats &stats, const QDateTime &now);

private:
    void reload();

    QPointer<FeedModel> m_feeds;
    const QString m_stream;
    QList<FeedHealth::ProviderStats> m_providers;
    Clock m_now;
};
