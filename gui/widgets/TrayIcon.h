#pragma once

#include <QObject>
#include <QPointer>

#include <memory>

class QAction;
class QMenu;
class QSystemTrayIcon;
class TrayStatus;

// The system tray icon, when the desktop has a tray: the icon in the colour
// of the worst feed state, TrayStatus's summary as its tooltip, its
// notifications as balloon messages, and a menu to show the window or quit.
// Where there is no tray it shows nothing and isVisible() is false.
class TrayIcon final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrayIcon)

public:
    TrayIcon(TrayStatus *status, QAction *showAction, QAction *quitAction, QObject *parent = nullptr);
    ~TrayIcon() override;

    bool isVisible() const;

Q_SIGNALS:
    // A click on the icon: show the window, or hide it when it is in front.
    void activated();

private:
    void refresh();

    QPointer<TrayStatus> m_status;
    QSystemTrayIcon *m_tray = nullptr; // child; null without a tray
    std::unique_ptr<QMenu> m_menu; // a top-level menu: no parent
};
