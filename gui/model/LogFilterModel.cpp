#include "gui/model/LogFilterModel.h"

#include <QSet>

#include <algorithm>

LogFilterModel::LogFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    // The log reads in the order it was written; nothing to sort.
    setDynamicSortFilter(true);
}

LogFilterModel::~LogFilterModel() = default;

void LogFilterModel::setMinimumSeverity(LogModel::Severity severity)
{
    if (m_minimum == severity)
        return;
    m_minimum = severity;
    invalidateRowsFilter();
}

void LogFilterModel::setSearchText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (m_search == trimmed)
        return;
    m_search = trimmed;
    invalidateRowsFilter();
}

bool LogFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QAbstractItemModel *model = sourceModel();
    const int level = model->index(sourceRow, LogModel::Level, sourceParent).data(LogModel::LevelRole).toInt();
    if (level < int(m_minimum))
        return false;
    if (m_search.isEmpty())
        return true;
    return model->index(sourceRow, LogModel::Message, sourceParent).data().toString().contains(m_search, Qt::CaseInsensitive)
        || model->index(sourceRow, LogModel::Category, sourceParent).data().toString().contains(m_search, Qt::CaseInsensitive);
}

QStringList LogFilterModel::lines(const QModelIndexList &indexes) const
{
    QList<int> rows;
    QSet<int> seen;
    for (const QModelIndex &index : indexes) {
        if (index.model() == this && !seen.contains(index.row())) {
            seen.insert(index.row());
            rows.append(index.row());
        }
    }
    std::sort(rows.begin(), rows.end());
    QStringList result;
    for (int row : std::as_const(rows))
        result.append(index(row, 0).data(LogModel::LineRole).toString());
    return result;
}

QStringList LogFilterModel::allLines() const
{
    QStringList result;
    for (int row = 0; row < rowCount(); ++row)
        result.append(index(row, 0).data(LogModel::LineRole).toString());
    return result;
}
