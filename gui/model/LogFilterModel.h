#pragma once

#include "gui/model/LogModel.h"

#include <QSortFilterProxyModel>

// What the log view shows of the LogModel: entries at or above a level
// whose category or message contains a text (case-insensitive), in the
// order they were logged.
class LogFilterModel final : public QSortFilterProxyModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogFilterModel)

public:
    explicit LogFilterModel(QObject *parent = nullptr);
    ~LogFilterModel() override;

    void setMinimumSeverity(LogModel::Severity severity);
    LogModel::Severity minimumSeverity() const { return m_minimum; }
    void setSearchText(const QString &text);
    QString searchText() const { return m_search; }

    // The shown rows among indexes (or all shown rows), as text lines in
    // log order: what "copy" and "save" write.
    QStringList lines(const QModelIndexList &indexes) const;
    QStringList allLines() const;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    LogModel::Severity m_minimum = LogModel::Severity::Debug;
    QString m_search;
};
