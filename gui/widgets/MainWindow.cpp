#include "gui/widgets/MainWindow.h"

#include "gui/model/ClientFilterModel.h"
#include "gui/model/Format.h"
#include "gui/model/LogFilterModel.h"
#include "gui/model/ServerOverview.h"
#include "gui/style/Icons.h"
#include "gui/widgets/AboutDialog.h"
#include "gui/widgets/ChartsPanel.h"
#include "gui/widgets/ClientsView.h"
#include "gui/widgets/ClusterPanel.h"
#include "gui/widgets/FeedsPanel.h"
#include "gui/widgets/HeaderBar.h"
#include "gui/widgets/LogView.h"
#include "gui/widgets/StartFailureBanner.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QHeaderView>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace {

constexpr int StatusMessageMs = 4000;

namespace Keys {
const QString Geometry = QStringLiteral("window/geometry");
const QString State = QStringLiteral("window/state");
const QString Vertical = QStringLiteral("window/verticalSplitter");
const QString Horizontal = QStringLiteral("window/horizontalSplitter");
const QString Tab = QStringLiteral("window/tab");
const QString ClientColumns = QStringLiteral("clients/header");
const QString LogColumns = QStringLiteral("log/header");
} // namespace Keys

} // namespace

MainWindow::MainWindow(const DashboardModels &models, QWidget *parent)
    : QMainWindow(parent)
    , m_models(models)
{
    setObjectName(QStringLiteral("dashboardWindow"));
    setWindowTitle(QStringLiteral("datagate"));
    setWindowIcon(Icons::application());
    createActions();

    m_header = new HeaderBar(models.overview, models.feeds, {m_copySocketIo, m_copyJson}, this);
    m_banner = new StartFailureBanner(this);
    m_banner->hide();
    m_feeds = new FeedsPanel(models.feeds, this);
    m_feeds->addLeadingCard(new ClusterPanel(models.cluster));
    m_charts = new ChartsPanel(models.charts, models.feeds, this);
    m_clients = new ClientsView(models.clientFilter, this);
    m_log = new LogView(models.log, models.logFilter, this);

    m_tabs = new QTabWidget(this);
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_clients, Icons::action(QStringLiteral("network-workgroup")), QString());
    m_tabs->addTab(m_log, Icons::action(QStringLiteral("text-x-generic")), tr("Log"));

    m_horizontal = new QSplitter(Qt::Horizontal, this);
    m_horizontal->setObjectName(QStringLiteral("feedsChartsSplitter"));
    m_horizontal->addWidget(m_feeds);
    m_horizontal->addWidget(m_charts);
    m_horizontal->setStretchFactor(0, 0);
    m_horizontal->setStretchFactor(1, 1);
    m_horizontal->setSizes({460, 800});
    m_horizontal->setChildrenCollapsible(false);

    m_vertical = new QSplitter(Qt::Vertical, this);
    m_vertical->setObjectName(QStringLiteral("mainSplitter"));
    m_vertical->addWidget(m_horizontal);
    m_vertical->addWidget(m_tabs);
    m_vertical->setStretchFactor(0, 3);
    m_vertical->setStretchFactor(1, 2);
    m_vertical->setSizes({470, 250});
    m_vertical->setChildrenCollapsible(false);

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(8, 8, 8, 0);
    layout->setSpacing(8);
    layout->addWidget(m_header);
    layout->addWidget(m_banner);
    layout->addWidget(m_vertical, 1);
    setCentralWidget(central);
    statusBar()->setSizeGripEnabled(true);
    createMenus();

    connect(m_banner, &StartFailureBanner::retryRequested, this, &MainWindow::retryRequested);
    connect(m_clients, &ClientsView::disconnectRequested, this, &MainWindow::confirmDisconnect);
    connect(models.overview, &ServerOverview::changed, this, &MainWindow::refreshFromOverview);
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] { Q_EMIT clientsVisibilityChanged(isVisible() && isClientsTabCurrent()); });

    resize(1280, 860);
    refreshFromOverview();
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions()
{
    m_copySocketIo = new QAction(Icons::action(QStringLiteral("edit-copy")), tr("Copy &Socket.IO URL"), this);
    m_copySocketIo->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    connect(m_copySocketIo, &QAction::triggered, this, [this] { copyUrl(m_models.overview->socketIoUrl()); });

    m_copyJson = new QAction(Icons::action(QStringLiteral("edit-copy")), tr("Copy &WebSocket URL"), this);
    m_copyJson->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_J));
    connect(m_copyJson, &QAction::triggered, this, [this] { copyUrl(m_models.overview->jsonUrl()); });

    m_saveLog = new QAction(Icons::action(QStringLiteral("document-save")), tr("&Save Log…"), this);
    m_saveLog->setShortcut(QKeySequence::Save);
    connect(m_saveLog, &QAction::triggered, this, [this] { m_log->saveWithDialog(); });

    m_closeWindow = new QAction(tr("&Close Window"), this);
    m_closeWindow->setShortcut(QKeySequence::Close);
    connect(m_closeWindow, &QAction::triggered, this, &QWidget::close);

    m_quit = new QAction(Icons::action(QStringLiteral("application-exit")), tr("&Quit"), this);
    m_quit->setShortcut(QKeySequence::Quit);
    m_quit->setMenuRole(QAction::QuitRole);
    connect(m_quit, &QAction::triggered, this, &MainWindow::quitRequested);

    m_show = new QAction(tr("&Show Dashboard"), this);
    connect(m_show, &QAction::triggered, this, [this] {
        showNormal();
        raise();
        activateWindow();
    });

    m_viewClients = new QAction(tr("&Clients"), this);
    m_viewClients->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_1));
    connect(m_viewClients, &QAction::triggered, this, [this] { m_tabs->setCurrentWidget(m_clients); });
    m_viewLog = new QAction(tr("&Log"), this);
    m_viewLog->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_2));
    connect(m_viewLog, &QAction::triggered, this, [this] { m_tabs->setCurrentWidget(m_log); });
    m_find = new QAction(tr("&Find…"), this);
    m_find->setShortcut(QKeySequence::Find);
    connect(m_find, &QAction::triggered, this, &MainWindow::focusFilter);

    m_about = new QAction(Icons::action(QStringLiteral("help-about")), tr("&About datagate"), this);
    m_about->setMenuRole(QAction::AboutRole);
    connect(m_about, &QAction::triggered, this, [this] {
        AboutDialog dialog(this);
        dialog.exec();
    });
    m_aboutQt = new QAction(tr("About &Qt"), this);
    m_aboutQt->setMenuRole(QAction::AboutQtRole);
    connect(m_aboutQt, &QAction::triggered, qApp, &QApplication::aboutQt);
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_saveLog);
    file->addSeparator();
    file->addAction(m_closeWindow);
    file->addAction(m_quit);

    QMenu *server = menuBar()->addMenu(tr("&Server"));
    // The URLs to copy, on their actions.
    server->setToolTipsVisible(true);
    server->addAction(m_copySocketIo);
    server->addAction(m_copyJson);
    server->addSeparator();
    server->addAction(m_clients->disconnectAction());

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_viewClients);
    view->addAction(m_viewLog);
    view->addSeparator();
    view->addAction(m_find);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(m_about);
    help->addAction(m_aboutQt);
}

bool MainWindow::isClientsTabCurrent() const
{
    return m_tabs->currentWidget() == m_clients;
}

void MainWindow::showProblem(const QString &reason, bool canChangePort, quint16 suggestedPort, const QString &title)
{
    if (reason.isEmpty()) {
        m_banner->hide();
        return;
    }
    m_banner->showProblem(reason, canChangePort, suggestedPort, title);
    m_banner->show();
}

void MainWindow::copyUrl(const QString &url)
{
    if (url.isEmpty())
        return;
    QApplication::clipboard()->setText(url);
    statusBar()->showMessage(tr("Copied %1").arg(url), StatusMessageMs);
}

void MainWindow::refreshFromOverview()
{
    const ServerOverview *overview = m_models.overview;
    m_copySocketIo->setEnabled(overview->isServing());
    m_copyJson->setEnabled(overview->isServing());
    m_copySocketIo->setToolTip(overview->socketIoUrl());
    m_copyJson->setToolTip(overview->jsonUrl());
    setWindowTitle(overview->windowTitle());
    m_log->setNote(overview->logNote());
    m_clients->setDisconnectUnavailable(overview->disconnectUnavailableText());
    m_tabs->setTabText(m_tabs->indexOf(m_clients),
        //: Tab title; %1 is the number of connected clients.
        tr("Clients (%1)").arg(Format::locale().toString(overview->clients())));
}

void MainWindow::focusFilter()
{
    QLineEdit *edit = isClientsTabCurrent() ? m_clients->filterEdit() : m_log->searchEdit();
    edit->setFocus(Qt::ShortcutFocusReason);
    edit->selectAll();
}

void MainWindow::confirmDisconnect(const QList<quint64> &ids)
{
    if (ids.size() > 1) {
        const auto answer = QMessageBox::question(this, tr("Disconnect Clients"),
            tr("Disconnect %n client(s)? They can connect again at once.", nullptr, int(ids.size())),
            QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer != QMessageBox::Yes)
            return;
    }
    Q_EMIT disconnectRequested(ids);
    statusBar()->showMessage(tr("Disconnected %n client(s)", nullptr, int(ids.size())), StatusMessageMs);
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(Keys::Geometry, saveGeometry());
    settings.setValue(Keys::State, saveState());
    settings.setValue(Keys::Vertical, m_vertical->saveState());
    settings.setValue(Keys::Horizontal, m_horizontal->saveState());
    settings.setValue(Keys::Tab, m_tabs->currentIndex());
    settings.setValue(Keys::ClientColumns, m_clients->table()->horizontalHeader()->saveState());
    settings.setValue(Keys::LogColumns, m_log->table()->horizontalHeader()->saveState());
}

void MainWindow::restoreSettings()
{
    const QSettings settings;
    if (settings.contains(Keys::Geometry))
        restoreGeometry(settings.value(Keys::Geometry).toByteArray());
    restoreState(settings.value(Keys::State).toByteArray());
    m_vertical->restoreState(settings.value(Keys::Vertical).toByteArray());
    m_horizontal->restoreState(settings.value(Keys::Horizontal).toByteArray());
    m_tabs->setCurrentIndex(std::clamp(settings.value(Keys::Tab, 0).toInt(), 0, m_tabs->count() - 1));
    m_clients->table()->horizontalHeader()->restoreState(settings.value(Keys::ClientColumns).toByteArray());
    m_log->table()->horizontalHeader()->restoreState(settings.value(Keys::LogColumns).toByteArray());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    // The Dashboard decides: hide to the tray, or quit.
    event->ignore();
    saveSettings();
    Q_EMIT closeRequested();
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    Q_EMIT clientsVisibilityChanged(isClientsTabCurrent());
}

void MainWindow::hideEvent(QHideEvent *event)
{
    QMainWindow::hideEvent(event);
    Q_EMIT clientsVisibilityChanged(false);
}
