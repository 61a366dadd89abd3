#include "gui/model/FeedModel.h"

#include "gui/model/Format.h"
#include "gui/source/DashboardSource.h"
#include "gui/style/HealthPalette.h"

namespace {

constexpr int DefaultCoalesceMs = 250;

} // namespace

FeedModel::FeedModel(DashboardSource *source, QObject *parent)
    : QAbstractTableModel(parent)
    , m_source(source)
    , m_now([] { return QDateTime::currentDateTimeUtc(); })
{
    m_coalesce.setSingleShot(true);
    m_coalesce.setInterval(DefaultCoalesceMs);
    connect(&m_coalesce, &QTimer::timeout, this, &FeedModel::flushValues);
    if (m_source) {
        connect(m_source, &DashboardSource::streamsChanged, this, &FeedModel::reloadFromSource);
        connect(m_source, &DashboardSource::feedHealthChanged, this, &FeedModel::applyHealth);
        connect(m_source, &DashboardSource::ticked, this, &FeedModel::applyTick);
        connect(m_source, &DashboardSource::stateChanged, this, [this] {
            if (!m_rows.isEmpty())
                Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
        });
        reloadFromSource();
    }
}

FeedModel::~FeedModel() = default;

void FeedModel::setClock(Clock clock)
{
    m_now = std::move(clock);
}

void FeedModel::setCoalesceInterval(int ms)
{
    m_coalesce.setInterval(ms);
}

int FeedModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int FeedModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FeedModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    const bool known = isHealthKnown();
    const FeedHealth::State shown = known ? row.health.state : FeedHealth::State::Starting;
    switch (role) {
    case Qt::DisplayRole: return display(row, index.column());
    case Qt::ToolTipRole:
        if (index.column() == Feed)
            return row.info.description;
        if (index.column() == State && !known)
            //: %1 is the feed's state when the monitored datagate was last reached, e.g. "Healthy".
            return tr("Not known while the monitored datagate cannot be reached; it was %1 when last seen.")
                .arg(HealthPalette::word(row.health.state));
        if (index.column() == LastError && !row.health.lastError.isEmpty())
            return row.health.lastError;
        if (index.column() == State && !row.health.degradedReason.isEmpty())
            return row.health.degradedReason;
        return {};
    case Qt::DecorationRole: return index.column() == State ? QVariant(HealthPalette::color(shown)) : QVariant();
    case Qt::TextAlignmentRole:
        if (index.column() == Latency || index.column() == Failures)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case HealthRole: return int(shown);
    case HealthStateNameRole: return known ? FeedHealth::stateName(row.health.state) : QStringLiteral("unknown");
    case DegradedReasonRole: return known ? row.health.degradedReason : QString();
    case StreamRole: return row.info.name;
    case DescriptionRole: return row.info.description;
    case ProvidersRole: return QVariant::fromValue(row.health.providers);
    case PollsRole:
        return !row.health.providers.isEmpty() || row.health.nextAttemptAt.isValid() || row.health.latencyMs >= 0
            || !row.health.source.isEmpty() || !row.health.lastError.isEmpty() || row.health.consecutiveFailures > 0;
    case StaleRole: return row.lastTick && row.lastTick->details.value(QStringLiteral("stale")).toBool();
    default: return {};
    }
}

QVariant FeedModel::display(const Row &row, int column) const
{
    const QDateTime now = m_now();
    switch (column) {
    case Feed: return row.info.name;
    case State:
        if (!isHealthKnown())
            return tr("Unknown", "feed health: the monitored datagate cannot be reached");
        return HealthPalette::word(row.health.state);
    case Value: return row.lastTick ? Format::value(row.lastTick->value, row.lastTick->details) : Format::none();
    case Updated: {
        QDateTime last = row.health.lastSuccessAt;
        if (!last.isValid() && row.lastTick)
            last = QDateTime::fromMSecsSinceEpoch(row.lastTick->ts);
        return last.isValid() ? Format::age(last.msecsTo(now)) : Format::none();
    }
    case Provider: return row.health.source.isEmpty() ? Format::none() : row.health.source;
    case Latency: return row.health.latencyMs >= 0 ? Format::milliseconds(row.health.latencyMs) : Format::none();
    case Failures: return Format::count(quint64(std::max(0, row.health.consecutiveFailures)));
    case NextPoll:
        return row.health.nextAttemptAt.isValid() && isHealthKnown() ? Format::countdown(now.msecsTo(row.health.nextAttemptAt))
                                                                     : Format::none();
    case LastError: return row.health.lastError.isEmpty() ? Format::none() : row.health.lastError;
    default: return {};
    }
}

QVariant FeedModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Feed: return tr("Feed");
    case State: return tr("State");
    case Value: return tr("Last value");
    case Updated: return tr("Updated");
    case Provider: return tr("Provider");
    case Latency: return tr("Latency");
    case Failures: return tr("Failures in a row");
    case NextPoll: return tr("Next poll");
    case LastError: return tr("Last error");
    default: return {};
    }
}

int FeedModel::rowOf(const QString &stream) const
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).info.name == stream)
            return row;
    }
    return -1;
}

FeedHealth FeedModel::health(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).health : FeedHealth();
}

QList<FeedHealth::State> FeedModel::states() const
{
    QList<FeedHealth::State> states;
    for (const Row &row : m_rows)
        states.append(isHealthKnown() ? row.health.state : FeedHealth::State::Starting);
    return states;
}

bool FeedModel::isHealthKnown() const
{
    // The server in this process always knows its feeds; one elsewhere
    // is known only while it answers.
    return !m_source || !m_source->monitoredUrl().isValid() || m_source->state() == DashboardSource::State::Live;
}

void FeedModel::reloadFromSource()
{
    const QList<StreamInfo> streams = m_source->streams();
    QList<FeedHealth> health;
    for (const StreamInfo &stream : streams)
        health.append(m_source->health(stream.name));
    resetStreams(streams, health);
}

void FeedModel::resetStreams(const QList<StreamInfo> &streams, const QList<FeedHealth> &health)
{
    beginResetModel();
    m_rows.clear();
    for (qsizetype i = 0; i < streams.size(); ++i)
        m_rows.append({streams.at(i), health.value(i), std::nullopt, false});
    endResetModel();
}

void FeedModel::applyHealth(const QString &stream, const FeedHealth &health)
{
    const int row = rowOf(stream);
    if (row < 0 || m_rows.at(row).health == health)
        return;
    m_rows[row].health = health;
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void FeedModel::applyTick(const Tick &tick)
{
    const int row = rowOf(tick.stream);
    if (row < 0)
        return;
    m_rows[row].lastTick = tick;
    m_rows[row].dirty = true;
    if (!m_coalesce.isActive())
        m_coalesce.start();
}

void FeedModel::flushValues()
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (!std::exchange(m_rows[row].dirty, false))
            continue;
        Q_EMIT dataChanged(index(row, Value), index(row, Updated), {Qt::DisplayRole, StaleRole});
    }
}

void FeedModel::refreshTimes()
{
    if (m_rows.isEmpty())
        return;
    Q_EMIT dataChanged(index(0, Updated), index(int(m_rows.size()) - 1, Updated), {Qt::DisplayRole});
    Q_EMIT dataChanged(index(0, NextPoll), index(int(m_rows.size()) - 1, NextPoll), {Qt::DisplayRole});
}
