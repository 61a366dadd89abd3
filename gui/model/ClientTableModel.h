#pragma once

#include "model/ClientInfo.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QList>
#include <QPointer>

#include <functional>

class DashboardSource;

// Every connected client, one row each, kept in id order. It is fed whole
// snapshots (about once a second) and turns the difference to the previous
// one into a few batched signals: the clients that went as row ranges, the
// new ones (which have the highest ids, so they usually form one block at
// the end) as one insertion, the counters as one dataChanged over the rows
// that changed. When a snapshot differs in too many places for that to be
// cheaper than starting over, the model is reset instead.
class ClientTableModel final : public QAbstractTableModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClientTableModel)

public:
    enum Column { Id, Protocol, Address, ConnectedSince, Subscriptions, MessagesSent, BytesQueued, ColumnCount };
    enum Role {
        SortRole = Qt::UserRole + 1, // the raw value, so that numbers sort as numbers
        FilterRole, // every searchable text of the row, on any column
        IdRole, // quint64
        SendBufferFillRole, // double: bytes waiting / the server's limit; -1 when unknown
        SendBufferStateRole, // FeedHealth::State as int: how close the client is to being closed as too slow
    };
    using Clock = std::function<QDateTime()>;

    // Beyond this many separate ranges of removals or insertions a snapshot
    // resets the model.
    static constexpr int MaxBatches = 32;

    // source may be null; then only applySnapshot() feeds the model.
    explicit ClientTableModel(DashboardSource *source = nullptr, QObject *parent = nullptr);
    ~ClientTableModel() override;

    void setClock(Clock clock);
    // Unsent bytes at which the server closes a slow client; 0 if unknown.
    void setSendBufferLimit(qint64 bytes);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void applySnapshot(QList<ClientInfo> clients);
    void clear();
    int rowOfId(quint64 id) const;
    quint64 idAt(int row) const;

Q_SIGNALS:
    // After each snapshot, however it was applied: for a count in a tab title.
    void countChanged(int count);

private:
    bool applyRemovals(const QList<ClientInfo> &clients);
    bool applyInsertions(const QList<ClientInfo> &clients);
    void applyUpdates(const QList<ClientInfo> &clients);
    void resetTo(QList<ClientInfo> clients);

    QPointer<DashboardSource> m_source;
    QList<ClientInfo> m_rows; // by id
    qint64 m_sendBufferLimit = 0;
    Clock m_now;
};
