#include "gui/widgets/TrayIcon.h"

#include "gui/model/TrayStatus.h"
#include "gui/style/Icons.h"

#include <QAction>
#include <QMenu>
#include <QSystemTrayIcon>

TrayIcon::TrayIcon(TrayStatus *status, QAction *showAction, QAction *quitAction, QObject *parent)
    : QObject(parent)
    , m_status(status)
{
    if (!QSystemTrayIcon::isSystemTrayAvailable())
        return;
    m_tray = new QSystemTrayIcon(this);
    m_menu = std::make_unique<QMenu>();
    m_menu->addAction(showAction);
    m_menu->addSeparator();
    m_menu->addAction(quitAction);
    m_tray->setContextMenu(m_menu.get());
    connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        if (reason == QSystemTrayIcon::Trigger || reason == QSystemTrayIcon::DoubleClick)
            Q_EMIT activated();
    });
    connect(status, &TrayStatus::stateChanged, this, &TrayIcon::refresh);
    connect(status, &TrayStatus::toolTipChanged, this, &TrayIcon::refresh);
    connect(status, &TrayStatus::notify, this, [this](const QString &title, const QString &message, bool problem) {
        m_tray->showMessage(title, message, problem ? QSystemTrayIcon::Warning : QSystemTrayIcon::Information);
    });
    refresh();
    m_tray->show();
}

TrayIcon::~TrayIcon() = default;

bool TrayIcon::isVisible() const
{
    return m_tray && m_tray->isVisible();
}

void TrayIcon::refresh()
{
    m_tray->setIcon(Icons::health(m_status->state()));
    m_tray->setToolTip(m_status->toolTip());
}
