#pragma once

#include "model/FeedHealth.h"

#include <QHash>
#include <QObject>
#include <QPointer>

class FeedModel;
class ServerOverview;

// What the tray icon shows, worked out without a tray: the worst feed
// state (the icon's colour), a summary for the tooltip, and a notification
// when a feed goes down or comes back. A feed that was never up (Starting)
// and goes down is news; one that starts up healthy is not.
class TrayStatus final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrayStatus)

public:
    // overview may be null (no server line in the tooltip).
    explicit TrayStatus(FeedModel *feeds, ServerOverview *overview = nullptr, QObject *parent = nullptr);
    ~TrayStatus() override;

    FeedHealth::State state() const { return m_state; }
    QString toolTip() const;

Q_SIGNALS:
    void stateChanged(FeedHealth::State state);
    void toolTipChanged();
    // problem: a feed went down (true) or recovered (false).
    void notify(const QString &title, const QString &message, bool problem);

private:
    void update();

    QPointer<FeedModel> m_feeds;
    QPointer<ServerOverview> m_overview;
    FeedHealth::State m_state = FeedHealth::State::Starting;
    QHash<QString, FeedHealth::State> m_lastStates;
    QString m_toolTip;
};
