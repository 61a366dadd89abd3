#include "gui/model/ClientTableModel.h"

#include "gui/model/Format.h"
#include "gui/source/DashboardSource.h"
#include "model/FeedHealth.h"

#include <QLocale>

#include <algorithm>

namespace {

bool byId(const ClientInfo &a, const ClientInfo &b)
{
    return a.id < b.id;
}

bool countersDiffer(const ClientInfo &a, const ClientInfo &b)
{
    return a.messagesSent != b.messagesSent || a.bytesQueued != b.bytesQueued || a.streams != b.streams;
}

QString protocolText(ClientInfo::Protocol protocol)
{
    // Protocol names are names, the same in every language.
    return protocol == ClientInfo::Protocol::SocketIo ? QStringLiteral("Socket.IO") : QStringLiteral("JSON");
}

} // namespace

ClientTableModel::ClientTableModel(DashboardSource *source, QObject *parent)
    : QAbstractTableModel(parent)
    , m_source(source)
    , m_now([] { return QDateTime::currentDateTime(); })
{
    if (m_source) {
        m_sendBufferLimit = m_source->sendBufferLimit();
        connect(m_source, &DashboardSource::clientsSampled, this, &ClientTableModel::applySnapshot);
        connect(m_source, &DashboardSource::stateChanged, this, [this](DashboardSource::State state) {
            if (state != DashboardSource::State::Live && state != DashboardSource::State::Stopping)
                clear();
            // A monitored datagate says its limit only once it answers.
            if (state == DashboardSource::State::Live && m_source->sendBufferLimit() != m_sendBufferLimit) {
                m_sendBufferLimit = m_source->sendBufferLimit();
                Q_EMIT headerDataChanged(Qt::Horizontal, BytesQueued, BytesQueued);
            }
        });
    }
}

ClientTableModel::~ClientTableModel() = default;

void ClientTableModel::setClock(Clock clock)
{
    m_now = std::move(clock);
}

void ClientTableModel::setSendBufferLimit(qint64 bytes)
{
    m_sendBufferLimit = bytes;
}

int ClientTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ClientTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ClientTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ClientInfo &client = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Id: return QString::number(client.id);
        case Protocol: return protocolText(client.protocol);
        case Address: return client.peer;
        case ConnectedSince: return Format::clockTime(client.connectedAt, m_now());
        case Subscriptions: return client.streams.isEmpty() ? Format::none() : client.streams.join(QStringLiteral(", "));
        case MessagesSent: return Format::count(client.messagesSent);
        case BytesQueued: return Format::bytes(client.bytesQueued);
        default: return {};
        }
    case Qt::ToolTipRole:
        if (index.column() == ConnectedSince && client.connectedAt.isValid())
            return Format::locale().toString(client.connectedAt.toLocalTime(), QLocale::LongFormat);
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == Id || index.column() == MessagesSent || index.column() == BytesQueued)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case SortRole:
        switch (index.column()) {
        case Id: return client.id;
        case Protocol: return protocolText(client.protocol);
        case Address: return client.peer;
        case ConnectedSince: return client.connectedAt;
        case Subscriptions: return client.streams.join(QLatin1Char(','));
        case MessagesSent: return client.messagesSent;
        case BytesQueued: return client.bytesQueued;
        default: return {};
        }
    case FilterRole:
        return QString(QString::number(client.id) + QLatin1Char(' ') + protocolText(client.protocol) + QLatin1Char(' ') + client.peer
            + QLatin1Char(' ') + client.streams.join(QLatin1Char(' ')));
    case IdRole: return client.id;
    case SendBufferFillRole: return m_sendBufferLimit > 0 ? double(client.bytesQueued) / double(m_sendBufferLimit) : -1.0;
    case SendBufferStateRole: {
        // Half the limit is a client falling behind; near it, one about to
        // be closed as a slow consumer.
        const double fill = m_sendBufferLimit > 0 ? double(client.bytesQueued) / double(m_sendBufferLimit) : 0.0;
        if (fill >= 0.9)
            return int(FeedHealth::State::Down);
        return int(fill >= 0.5 ? FeedHealth::State::Degraded : FeedHealth::State::Healthy);
    }
    default: return {};
    }
}

QVariant ClientTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::ToolTipRole && section == BytesQueued && m_sendBufferLimit > 0)
        return tr("Sent to the client but not yet taken by its connection; at %1 the client is disconnected as too slow")
            .arg(Format::bytes(m_sendBufferLimit));
    if (role == Qt::ToolTipRole && section == BytesQueued)
        return tr("Sent to the client but not yet taken by its connection; a client that lets this grow too far is disconnected");
    if (role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Id: return tr("ID", "client id");
    case Protocol: return tr("Protocol");
    case Address: return tr("Remote address");
    case ConnectedSince: return tr("Connected since");
    case Subscriptions: return tr("Subscriptions");
    case MessagesSent: return tr("Messages sent");
    case BytesQueued: return tr("Waiting to be sent");
    default: return {};
    }
}

int ClientTableModel::rowOfId(quint64 id) const
{
    ClientInfo probe;
    probe.id = id;
    const auto it = std::lower_bound(m_rows.cbegin(), m_rows.cend(), probe, byId);
    return it != m_rows.cend() && it->id == id ? int(it - m_rows.cbegin()) : -1;
}

quint64 ClientTableModel::idAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).id : 0;
}

void ClientTableModel::clear()
{
    if (m_rows.isEmpty())
        return;
    resetTo({});
    Q_EMIT countChanged(0);
}

void ClientTableModel::applySnapshot(QList<ClientInfo> clients)
{
    // The I/O threads answer in their own order.
    std::sort(clients.begin(), clients.end(), byId);
    if (!applyRemovals(clients) || !applyInsertions(clients))
        resetTo(std::move(clients));
    else
        applyUpdates(clients);
    Q_EMIT countChanged(int(m_rows.size()));
}

bool ClientTableModel::applyRemovals(const QList<ClientInfo> &clients)
{
    // Rows whose id is not in the snapshot, as ranges [first, last].
    QList<std::pair<int, int>> ranges;
    auto next = clients.cbegin();
    for (int row = 0; row < m_rows.size(); ++row) {
        const quint64 id = m_rows.at(row).id;
        next = std::lower_bound(next, clients.cend(), m_rows.at(row), byId);
        if (next != clients.cend() && next->id == id)
            continue;
        if (!ranges.isEmpty() && ranges.last().second == row - 1)
            ranges.last().second = row;
        else if (ranges.size() == MaxBatches)
            return false;
        else
            ranges.append({row, row});
    }
    // From the end, so that the earlier ranges keep their rows.
    for (auto it = ranges.crbegin(); it != ranges.crend(); ++it) {
        beginRemoveRows({}, it->first, it->second);
        m_rows.remove(it->first, it->second - it->first + 1);
        endRemoveRows();
    }
    return true;
}

bool ClientTableModel::applyInsertions(const QList<ClientInfo> &clients)
{
    // After the removals every row is in the snapshot; what is left are the
    // new clients, in blocks that each go before one existing row (or at
    // the end).
    struct Block {
        int beforeRow; // in m_rows as it is before any insertion
        qsizetype first; // in clients
        qsizetype count;
    };
    QList<Block> blocks;
    int row = 0;
    for (qsizetype i = 0; i < clients.size(); ++i) {
        if (row < m_rows.size() && m_rows.at(row).id == clients.at(i).id) {
            ++row;
            continue;
        }
        if (!blocks.isEmpty() && blocks.last().beforeRow == row && blocks.last().first + blocks.last().count == i)
            ++blocks.last().count;
        else if (blocks.size() == MaxBatches)
            return false;
        else
            blocks.append({row, i, 1});
    }
    qsizetype shift = 0;
    for (const Block &block : std::as_const(blocks)) {
        const int at = int(block.beforeRow + shift);
        beginInsertRows({}, at, int(at + block.count - 1));
        m_rows.insert(at, block.count, ClientInfo());
        std::copy(clients.cbegin() + block.first, clients.cbegin() + block.first + block.count, m_rows.begin() + at);
        endInsertRows();
        shift += block.count;
    }
    return true;
}

void ClientTableModel::applyUpdates(const QList<ClientInfo> &clients)
{
    Q_ASSERT(clients.size() == m_rows.size());
    int first = -1;
    int last = -1;
    bool subscriptionsChanged = false;
    for (int row = 0; row < m_rows.size(); ++row) {
        if (!countersDiffer(m_rows.at(row), clients.at(row)))
            continue;
        subscriptionsChanged = subscriptionsChanged || m_rows.at(row).streams != clients.at(row).streams;
        m_rows[row] = clients.at(row);
        if (first < 0)
            first = row;
        last = row;
    }
    // One signal over the changed span and the changed columns only, so
    // that a view sorted by id, address or time has nothing to re-sort, and
    // a filter (which reads the subscriptions) is asked again only when
    // they changed.
    if (first >= 0)
        Q_EMIT dataChanged(index(first, subscriptionsChanged ? Subscriptions : MessagesSent), index(last, BytesQueued),
            {Qt::DisplayRole, SortRole, FilterRole});
}

void ClientTableModel::resetTo(QList<ClientInfo> clients)
{
    beginResetModel();
    m_rows = std::move(clients);
    endResetModel();
}
