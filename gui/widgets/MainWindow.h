#pragma once

#include "gui/DashboardModels.h"

#include <QList>
#include <QMainWindow>

class ChartsPanel;
class ClientsView;
class FeedsPanel;
class HeaderBar;
class LogView;
class QAction;
class QSplitter;
class QTabWidget;
class StartFailureBanner;

// The dashboard's window: the header (and the banner when the server does
// not serve) over the feeds and the live charts, over the clients and the
// log; menus with shortcuts. It shows the models and reports what the user
// asks for; the Dashboard acts on it. Its geometry, splitters, columns and
// choices are kept in QSettings.
class MainWindow final : public QMainWindow {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(const DashboardModels &models, QWidget *parent = nullptr);
    ~MainWindow() override;

    HeaderBar *header() const { return m_header; }
    StartFailureBanner *banner() const { return m_banner; }
    FeedsPanel *feedsPanel() const { return m_feeds; }
    ChartsPanel *chartsPanel() const { return m_charts; }
    ClientsView *clientsView() const { return m_clients; }
    LogView *logView() const { return m_log; }
    QTabWidget *tabs() const { return m_tabs; }
    QAction *quitAction() const { return m_quit; }
    QAction *showAction() const { return m_show; }
    bool isClientsTabCurrent() const;

    // The banner, for a source that does not serve; hidden when reason is
    // empty. title: empty for the banner's default.
    void showProblem(const QString &reason, bool canChangePort, quint16 suggestedPort, const QString &title = QString());

    void saveSettings() const;
    void restoreSettings();

Q_SIGNALS:
    void closeRequested();
    void quitRequested();
    void retryRequested(quint16 port);
    void disconnectRequested(const QList<quint64> &ids);
    // Shown or hidden, or the clients tab came into view or went out of it.
    void clientsVisibilityChanged(bool visible);

protected:
    void closeEvent(QCloseEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void createActions();
    void createMenus();
    void copyUrl(const QString &url);
    void refreshFromOverview();
    void focusFilter();
    void confirmDisconnect(const QList<quint64> &ids);

    DashboardModels m_models;
    HeaderBar *m_header = nullptr;
    StartFailureBanner *m_banner = nullptr;
    FeedsPanel *m_feeds = nullptr;
    ChartsPanel *m_charts = nullptr;
    ClientsView *m_clients = nullptr;
    LogView *m_log = nullptr;
    QTabWidget *m_tabs = nullptr;
    QSplitter *m_vertical = nullptr;
    QSplitter *m_horizontal = nullptr;

    QAction *m_copySocketIo = nullptr;
    QAction *m_copyJson = nullptr;
    QAction *m_saveLog = nullptr;
    QAction *m_closeWindow = nullptr;
    QAction *m_quit = nullptr;
    QAction *m_show = nullptr;
    QAction *m_viewClients = nullptr;
    QAction *m_viewLog = nullptr;
    QAction *m_find = nullptr;
    QAction *m_about = nullptr;
    QAction *m_aboutQt = nullptr;
};
