#pragma once

#include "gui/DashboardModels.h"
#include "gui/source/DashboardSource.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <memory>

class MainWindow;
class TrayIcon;
class TrayStatus;

// The dashboard as one object: the models fed by a source, the window that
// shows them, and the tray. It decides what the window's requests mean
// (close: to the tray while serving and a tray is shown, else quit; retry;
// disconnect) and keeps the models' clocks ticking once a second. It knows
// the source only as a DashboardSource.
class Dashboard final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Dashboard)

public:
    explicit Dashboard(DashboardSource *source, QObject *parent = nullptr);
    ~Dashboard() override;

    // Whether closing the window hides it (and the server goes on) rather
    // than quitting.
    static bool closeHidesToTray(bool trayShown, DashboardSource::State state);

    void show();
    MainWindow *window() const { return m_window.get(); }
    const DashboardModels &models() const { return m_models; }
    TrayStatus *trayStatus() const { return m_trayStatus; }
    bool hasTray() const;

    // A PNG of the window as it is now; an empty string, or why not.
    QString saveScreenshot(const QString &path) const;

Q_SIGNALS:
    // The user asked to quit (menu, tray, or closing without a tray). The
    // owner stops the source and ends the process.
    void quitRequested();

private:
    void onStateChanged();
    void onCloseRequested();
    void refreshClock();

    QPointer<DashboardSource> m_source;
    DashboardModels m_models;
    TrayStatus *m_trayStatus = nullptr; // child
    std::unique_ptr<MainWindow> m_window;
    TrayIcon *m_tray = nullptr; // child
    QTimer m_clock;
};
