#pragma once

#include <QFrame>
#include <QList>
#include <QPointer>

class FeedModel;
class HealthBadge;
class QAction;
class QHBoxLayout;
class QLabel;
class ServerOverview;

// The top of the window: where the server listens (with the copy-URL
// actions), the uptime, the clients by protocol, what is sent per second,
// and one health light per feed. It places what ServerOverview and the
// FeedModel say.
class HeaderBar final : public QFrame {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HeaderBar)

public:
    HeaderBar(ServerOverview *overview, FeedModel *feeds, const QList<QAction *> &urlActions, QWidget *parent = nullptr);
    ~HeaderBar() override;

    QList<HealthBadge *> lights() const { return m_lights; }
    QLabel *statusLabel() const { return m_status; }
    QLabel *clientsLabel() const { return m_clients; }
    QLabel *clientsDetailLabel() const { return m_clientsDetail; }
    QLabel *uptimeLabel() const { return m_uptime; }
    QLabel *messagesLabel() const { return m_messages; }
    QLabel *bytesLabel() const { return m_bytes; }

private:
    void refresh();
    void refreshUptime();
    void rebuildLights();
    void refreshLights();
    QLabel *addTile(QHBoxLayout *row, const QString &caption, QLabel **detail = nullptr);

    QPointer<ServerOverview> m_overview;
    QPointer<FeedModel> m_feeds;
    QLabel *m_status = nullptr;
    QLabel *m_uptime = nullptr;
    QLabel *m_clients = nullptr;
    QLabel *m_clientsDetail = nullptr;
    QLabel *m_messages = nullptr;
    QLabel *m_bytes = nullptr;
    QHBoxLayout *m_lightsRow = nullptr;
    QList<HealthBadge *> m_lights;
    QList<QWidget *> m_urlButtons;
};
