#include "gui/model/ClientFilterModel.h"

#include "gui/model/ClientTableModel.h"
#include "gui/model/Format.h"

#include <QLocale>
#include <QSet>

ClientFilterModel::ClientFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(ClientTableModel::SortRole);
    setFilterRole(ClientTableModel::FilterRole);
    // The filter text covers the whole row; this is the column whose
    // changes can change it.
    setFilterKeyColumn(ClientTableModel::Subscriptions);
    setFilterCaseSensitivity(Qt::CaseInsensitive);
}

ClientFilterModel::~ClientFilterModel() = default;

void ClientFilterModel::setFilterText(const QString &text)
{
    setFilterFixedString(text.trimmed());
}

QString ClientFilterModel::summaryText() const
{
    const int total = sourceModel() ? sourceModel()->rowCount() : 0;
    if (filterRegularExpression().pattern().isEmpty())
        return tr("%n client(s)", nullptr, total);
    //: %1 is how many clients match the filter; %n is how many there are.
    return tr("%1 of %n client(s)", nullptr, total).arg(Format::locale().toString(rowCount()));
}

QList<quint64> ClientFilterModel::idsOf(const QModelIndexList &indexes) const
{
    QList<quint64> ids;
    QSet<quint64> seen;
    for (const QModelIndex &index : indexes) {
        const quint64 id = data(index, ClientTableModel::IdRole).toULongLong();
        if (id != 0 && !seen.contains(id)) {
            seen.insert(id);
            ids.append(id);
        }
    }
    return ids;
}
