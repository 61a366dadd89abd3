#include "gui/model/ClusterModel.h"

#include "gui/model/Format.h"
#include "gui/source/DashboardSource.h"
#include "gui/style/HealthPalette.h"

#include <QFont>

namespace {

QStringList ids(const ClusterStatus &status)
{
    QStringList result;
    for (const ClusterStatus::Instance &instance : status.instances)
        result.append(instance.id);
    return result;
}

} // namespace

ClusterModel::ClusterModel(DashboardSource *source, QObject *parent)
    : QAbstractTableModel(parent)
    , m_source(source)
{
    if (source)
        connect(source, &DashboardSource::clusterSampled, this, &ClusterModel::applyStatus);
}

ClusterModel::~ClusterModel() = default;

int ClusterModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_status.instances.size());
}

int ClusterModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QStringList ClusterModel::producesOf(int row) const
{
    const ClusterStatus::Instance &instance = m_status.instances.at(row);
    if (instance.id != m_status.instance)
        return instance.produces;
    // The watched instance knows its own roles now; the registry says what
    // they were at its last refresh (and nothing new while degraded).
    QStringList produced;
    for (const ClusterStatus::StreamRole &role : m_status.streams) {
        if (role.producer || m_status.mode == ClusterStatus::Mode::Degraded)
            produced.append(role.stream);
    }
    return produced;
}

QVariant ClusterModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ClusterStatus::Instance &instance = m_status.instances.at(index.row());
    const bool self = instance.id == m_status.instance;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Instance:
            //: An instance of the cluster that is the datagate this window shows; %1 is its id.
            return self ? tr("%1 (this one)").arg(instance.id) : instance.id;
        case Address: return instance.address.isEmpty() ? Format::none() : instance.address;
        case Clients: return Format::count(quint64(std::max(0, instance.clients)));
        case Produces: {
            QStringList titles;
            for (const QString &stream : producesOf(index.row()))
                titles.append(Format::streamTitle(stream));
            return titles.isEmpty() ? Format::none() : titles.join(QStringLiteral(", "));
        }
        default: return {};
        }
    case Qt::ToolTipRole:
        if (index.column() == Produces)
            return tr("The feeds this instance runs and shares with the others through Redis.");
        return {};
    case Qt::FontRole:
        if (self) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case Qt::TextAlignmentRole: return index.column() == Clients ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case InstanceIdRole: return instance.id;
    case ThisInstanceRole: return self;
    case ProducesRole: return producesOf(index.row());
    default: return {};
    }
}

QVariant ClusterModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    //: A datagate process in a cluster of several.
    case Instance: return tr("Instance");
    case Address: return tr("Address");
    case Clients: return tr("Clients");
    //: Column of the feeds an instance runs for the whole cluster.
    case Produces: return tr("Produces");
    default: return {};
    }
}

void ClusterModel::applyStatus(const ClusterStatus &status)
{
    if (status == m_status)
        return;
    const bool sameRows = ids(status) == ids(m_status);
    if (sameRows) {
        m_status = status;
        if (rowCount() > 0)
            Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    } else {
        beginResetModel();
        m_status = status;
        endResetModel();
    }
    Q_EMIT statusChanged();
}

FeedHealth::State ClusterModel::health() const
{
    switch (m_status.mode) {
    case ClusterStatus::Mode::Cluster: return FeedHealth::State::Healthy;
    case ClusterStatus::Mode::Degraded: return FeedHealth::State::Degraded;
    case ClusterStatus::Mode::Off:
    case ClusterStatus::Mode::Connecting: return FeedHealth::State::Starting;
    }
    return FeedHealth::State::Starting;
}

QString ClusterModel::modeWord() const
{
    switch (m_status.mode) {
    //: The cluster's state: one producer per feed across the instances.
    case ClusterStatus::Mode::Cluster: return tr("In cluster");
    //: The cluster's state: Redis unreachable, every feed produced here.
    case ClusterStatus::Mode::Degraded: return tr("Degraded");
    //: The cluster's state: Redis not reached yet.
    case ClusterStatus::Mode::Connecting: return tr("Connecting");
    case ClusterStatus::Mode::Off: return tr("Off");
    }
    return {};
}

QString ClusterModel::redisText() const
{
    if (!isEnabled())
        return {};
    //: %1 is the Redis server's address, e.g. 10.0.0.5:6379/0.
    return m_status.redisConnected ? tr("Redis %1: connected").arg(m_status.redis) : tr("Redis %1: unreachable").arg(m_status.redis);
}

QString ClusterModel::producerOf(const QString &stream) const
{
    for (const ClusterStatus::StreamRole &role : m_status.streams) {
        if (role.stream != stream)
            continue;
        if (role.producer || m_status.mode == ClusterStatus::Mode::Degraded)
            return m_status.instance;
        return role.holder;
    }
    return {};
}
