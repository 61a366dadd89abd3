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
    // reason: why clients cannot be disconnected from here (a monitored
    // datagate's status API has no call for it): the action is hidden and
    // the reason shown over the table. Empty when they can.
    void setDisconnectUnavailable(const QString &reason);
    QLabel *noteLabel() const { return m_note; }

Q_SIGNALS:
    void disconnectRequested(const QList<quint64> &ids);

protected:
    void showEvent(QShowEvent *event) override;

private:
    // Every column at least as wide as its header's text (longer in German),
    // measured once the header is polished: before, its font may differ.
    void fitColumnsToHeaders();
    void refreshCount();
    void refreshActions();

    ClientFilterModel *m_model;
    QLineEdit *m_filter;
    QLabel *m_count;
    QTableView *m_table;
    QLabel *m_note;
    QAction *m_disconnect;
    QAction *m_copyAddress;
    QString m_disconnectUnavailable;
};
