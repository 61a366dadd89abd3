#pragma once

#include <QSortFilterProxyModel>

// Sorting and filtering of the ClientTableModel: numbers sort as numbers,
// and the filter text matches anywhere in a client's id, protocol, address
// or subscriptions, case-insensitively.
class ClientFilterModel final : public QSortFilterProxyModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClientFilterModel)

public:
    explicit ClientFilterModel(QObject *parent = nullptr);
    ~ClientFilterModel() override;

    void setFilterText(const QString &text);
    // "1,204 clients" or, while filtered, "12 of 1,204 clients".
    QString summaryText() const;
    // The ids of the clients on these rows of this model.
    QList<quint64> idsOf(const QModelIndexList &indexes) const;
};
