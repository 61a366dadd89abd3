#pragma once

#include <QList>
#include <QWidget>

class ClientFilterModel;
class QAction;
class QLabel;
class QLineEdit;
class QTableView;

// The clients table: a filter field, the count, and the sortable table over
// the ClientFilterModel, with a context menu to disconnect the selected
// clients. It asks (disconnectRequested); whoever owns the source does it.
class ClientsView final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClientsView)

public:
    explicit ClientsView(ClientFilterModel *model, QWidget *parent = nullptr);
    ~ClientsView() override;

    QTableView *table() const { return m_table; }
    QLineEdit *filterEdit() const { return m_filter; }
    QLabel *countLabel() const { return m_count; }
    QAction *disconnectAction() const { return m_disconnect; }
    QList<quint64> selectedIds() const;

Q_SIGNALS:
    void disconnectRequested(const QList<quint64> &ids);

private:
    void refreshCount();
    void refreshActions();

    ClientFilterModel *m_model;
    QLineEdit *m_filter;
    QLabel *m_count;
    QTableView *m_table;
    QAction *m_disconnect;
    QAction *m_copyAddress;
};
