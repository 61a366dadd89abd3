#include "gui/model/ProviderModel.h"

#include "gui/model/FeedModel.h"
#include "gui/model/Format.h"
#include "gui/style/HealthPalette.h"

ProviderModel::ProviderModel(FeedModel *feeds, const QString &stream, QObject *parent)
    : QAbstractTableModel(parent)
    , m_feeds(feeds)
    , m_stream(stream)
    , m_now([] { return QDateTime::currentDateTimeUtc(); })
{
    connect(feeds, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
        const int row = m_feeds->rowOf(m_stream);
        if (row >= topLeft.row() && row <= bottomRight.row())
            reload();
    });
    connect(feeds, &QAbstractItemModel::modelReset, this, &ProviderModel::reload);
    reload();
}

ProviderModel::~ProviderModel() = default;

void ProviderModel::setClock(Clock clock)
{
    m_now = std::move(clock);
}

int ProviderModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_providers.size());
}

int ProviderModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

FeedHealth::State ProviderModel::statusOf(const FeedHealth::ProviderStats &stats, const QDateTime &now)
{
    if (stats.cooldownUntil.isValid() && stats.cooldownUntil > now)
        return FeedHealth::State::Degraded;
    if (stats.consecutiveFailures > 0)
        return FeedHealth::State::Down;
    if (stats.requests == 0)
        return FeedHealth::State::Starting;
    return FeedHealth::State::Healthy;
}

QString ProviderModel::statusWord(const FeedHealth::ProviderStats &stats, const QDateTime &now)
{
    switch (statusOf(stats, now)) {
    case FeedHealth::State::Healthy: return tr("Answering", "price provider status");
    case FeedHealth::State::Degraded: return tr("Resting", "price provider status: it asked us to slow down (HTTP 429)");
    case FeedHealth::State::Down: return tr("Failing", "price provider status");
    case FeedHealth::State::Starting: return tr("Not asked yet", "price provider status");
    }
    return {};
}

QVariant ProviderModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const FeedHealth::ProviderStats &stats = m_providers.at(index.row());
    const QDateTime now = m_now();
    // While a monitored datagate is out of reach its providers' state is as
    // unknown as its feeds': grey, and the feed model's word for it.
    const bool known = m_feeds->isHealthKnown();
    const FeedHealth::State shown = known ? statusOf(stats, now) : FeedHealth::State::Starting;
    if (role == HealthRole)
        return int(shown);
    if (role == Qt::DecorationRole)
        return index.column() == Status ? QVariant(HealthPalette::color(shown)) : QVariant();
    if (role == Qt::TextAlignmentRole)
        return index.column() >= Requests ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    if (role == Qt::ToolTipRole) {
        QStringList lines;
        if (stats.consecutiveFailures > 0)
            lines.append(tr("%n failure(s) in a row", nullptr, stats.consecutiveFailures));
        if (!stats.lastError.isEmpty())
            lines.append(tr("Last error: %1").arg(stats.lastError));
        if (stats.cooldownUntil.isValid() && stats.cooldownUntil > now)
            lines.append(tr("Resting until %1, as the provider asked").arg(Format::clockTime(stats.cooldownUntil, now)));
        return lines.isEmpty() ? QVariant() : QVariant(lines.join(QLatin1Char('\n')));
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Provider: return stats.name;
    case Status: return known ? statusWord(stats, now) : m_feeds->index(m_feeds->rowOf(m_stream), FeedModel::State).data();
    case Requests: return Format::count(stats.requests);
    case Successes: return Format::count(stats.successes);
    case Failures: return Format::count(stats.failures);
    case Rejected: return Format::count(stats.rejected);
    default: return {};
    }
}

QVariant ProviderModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case Successes: return tr("Answers with a valid price");
        case Failures: return tr("Timeouts, connection errors and error statuses");
        case Rejected: return tr("Answers whose price failed validation");
        default: return {};
        }
    }
    if (role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Provider: return tr("Provider");
    case Status: return tr("Status");
    case Requests: return tr("Requests");
    case Successes: return tr("Valid", "provider answers with a valid price");
    case Failures: return tr("Failed", "provider requests that failed");
    case Rejected: return tr("Rejected", "provider answers whose price failed validation");
    default: return {};
    }
}

void ProviderModel::reload()
{
    const int row = m_feeds ? m_feeds->rowOf(m_stream) : -1;
    const QList<FeedHealth::ProviderStats> providers = row >= 0 ? m_feeds->health(row).providers : QList<FeedHealth::ProviderStats>();
    if (providers == m_providers)
        return;
    bool sameNames = providers.size() == m_providers.size();
    for (qsizetype i = 0; sameNames && i < providers.size(); ++i)
        sameNames = providers.at(i).name == m_providers.at(i).name;
    if (!sameNames) {
        beginResetModel();
        m_providers = providers;
        endResetModel();
        return;
    }
    m_providers = providers;
    Q_EMIT dataChanged(index(0, 0), index(int(m_providers.size()) - 1, ColumnCount - 1));
}
