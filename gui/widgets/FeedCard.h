#pragma once

#include <QFrame>
#include <QHash>
#include <QPointer>

class FeedModel;
class HealthBadge;
class QLabel;
class QTableView;

// One feed of the feeds panel, shown from its row of the FeedModel: name and
// health light, the last value (marked when stale), the times, the
// provider and the last error, and the providers' counters when the feed has
// several. It only places what the model says.
class FeedCard final : public QFrame {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FeedCard)

public:
    FeedCard(FeedModel *model, int row, QWidget *parent = nullptr);
    ~FeedCard() override;

    QString stream() const;
    HealthBadge *badge() const { return m_badge; }
    // The label showing a FeedModel column's value.
    QLabel *field(int column) const { return m_fields.value(column); }
    QTableView *providers() const { return m_providers; }
    // Why the feed is degraded from outside it (a cluster without Redis).
    QLabel *degradedReason() const { return m_degradedReason; }

private:
    void refresh();
    void fitProviders();

    QPointer<FeedModel> m_model;
    const int m_row;
    QLabel *m_title;
    QLabel *m_description;
    HealthBadge *m_badge;
    QLabel *m_value;
    HealthBadge *m_stale;
    QLabel *m_degradedReason;
    QHash<int, QLabel *> m_fields;
    QHash<int, QLabel *> m_captions;
    QLabel *m_providersTitle;
    QTableView *m_providers;
};
