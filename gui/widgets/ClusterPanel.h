#pragma once

#include <QFrame>
#include <QPointer>

class ClusterModel;
class HealthBadge;
class QLabel;
class QTableView;

// The cluster the watched datagate belongs to (--redis), as a card above the
// feeds, in their look: the mode's light, the Redis connection, why the
// instance is degraded, and the instances with their clients and the feeds
// each produces. Hidden while the datagate is not in a cluster. It only
// places what the ClusterModel says.
class ClusterPanel final : public QFrame {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClusterPanel)

public:
    explicit ClusterPanel(ClusterModel *model, QWidget *parent = nullptr);
    ~ClusterPanel() override;

    HealthBadge *badge() const { return m_badge; }
    QLabel *redisLabel() const { return m_redis; }
    QLabel *reasonLabel() const { return m_reason; }
    QTableView *instances() const { return m_instances; }

private:
    void refresh();

    QPointer<ClusterModel> m_model;
    QLabel *m_title;
    HealthBadge *m_badge;
    QLabel *m_redis;
    QLabel *m_reason;
    QTableView *m_instances;
};
