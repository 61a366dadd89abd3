#include "gui/Dashboard.h"

#include "gui/GuiLogging.h"
#include "gui/model/ChartModel.h"
#include "gui/model/ClientFilterModel.h"
#include "gui/model/ClientTableModel.h"
#include "gui/model/ClusterModel.h"
#include "gui/model/FeedModel.h"
#include "gui/model/LogFilterModel.h"
#include "gui/model/LogModel.h"
#include "gui/model/ServerOverview.h"
#include "gui/model/TrayStatus.h"
#include "gui/style/Icons.h"
#include "gui/widgets/MainWindow.h"
#include "gui/widgets/TrayIcon.h"

#include <QImageWriter>
#include <QPixmap>
#include <QSettings>

namespace {

constexpr int ClockMs = 1000;
const QString ChartWindowKey = QStringLiteral("charts/windowMs");

} // namespace

Dashboard::Dashboard(DashboardSource *source, QObject *parent)
    : QObject(parent)
    , m_source(source)
{
    Icons::initResources();
    m_models.overview = new ServerOverview(source, this);
    m_models.feeds = new FeedModel(source, this);
    m_models.cluster = new ClusterModel(source, this);
    m_models.charts = new ChartModel(source, this);
    m_models.clients = new ClientTableModel(source, this);
    m_models.clientFilter = new ClientFilterModel(this);
    m_models.clientFilter->setSourceModel(m_models.clients);
    m_models.log = new LogModel(source, LogModel::DefaultCapacity, this);
    m_models.logFilter = new LogFilterModel(this);
    m_models.logFilter->setSourceModel(m_models.log);
    m_models.logFilter->setMinimumSeverity(LogModel::Severity::Info);
    m_models.charts->setWindowMs(QSettings().value(ChartWindowKey, ChartModel::DefaultWindowMs).toLongLong());
    m_trayStatus = new TrayStatus(m_models.feeds, m_models.overview, this);

    m_window = std::make_unique<MainWindow>(m_models);
    m_window->restoreSettings();
    m_tray = new TrayIcon(m_trayStatus, m_window->showAction(), m_window->quitAction(), this);

    connect(m_window.get(), &MainWindow::closeRequested, this, &Dashboard::onCloseRequested);
    connect(m_window.get(), &MainWindow::quitRequested, this, &Dashboard::quitRequested);
    connect(m_window.get(), &MainWindow::retryRequested, source, &DashboardSource::retry);
    connect(m_window.get(), &MainWindow::disconnectRequested, source, [source](const QList<quint64> &ids) {
        for (quint64 id : ids)
            source->disconnectClient(id);
    });
    connect(m_window.get(), &MainWindow::clientsVisibilityChanged, source, &DashboardSource::setClientsWanted);
    connect(m_tray, &TrayIcon::activated, this, [this] {
        if (m_window->isVisible() && m_window->isActiveWindow()) {
            m_window->saveSettings();
            m_window->hide();
        } else {
            m_window->showAction()->trigger();
        }
    });
    connect(m_models.charts, &ChartModel::windowChanged, this, [](qint64 windowMs) { QSettings().setValue(ChartWindowKey, windowMs); });
    connect(source, &DashboardSource::stateChanged, this, &Dashboard::onStateChanged);

    m_clock.setInterval(ClockMs);
    connect(&m_clock, &QTimer::timeout, this, &Dashboard::refreshClock);
    m_clock.start();
    onStateChanged();
}

Dashboard::~Dashboard()
{
    if (m_window)
        m_window->saveSettings();
}

bool Dashboard::closeHidesToTray(bool trayShown, DashboardSource::State state)
{
    return trayShown && (state == DashboardSource::State::Live || state == DashboardSource::State::Starting);
}

void Dashboard::show()
{
    m_window->show();
}

bool Dashboard::hasTray() const
{
    return m_tray->isVisible();
}

QString Dashboard::saveScreenshot(const QString &path) const
{
    const QPixmap pixmap = m_window->grab();
    if (pixmap.isNull())
        return tr("The window could not be captured.");
    QImageWriter writer(path, "png");
    if (!writer.write(pixmap.toImage()))
        return tr("Cannot write %1: %2").arg(path, writer.errorString());
    return {};
}

void Dashboard::onStateChanged()
{
    if (!m_source)
        return;
    const bool failed = m_source->state() == DashboardSource::State::Failed;
    m_window->showProblem(failed ? m_source->errorString() : QString(), m_source->canChangePort(),
        failed && m_source->canChangePort() ? m_source->suggestedPort() : 0, m_models.overview->problemTitle());
}

void Dashboard::onCloseRequested()
{
    if (closeHidesToTray(hasTray(), m_source ? m_source->state() : DashboardSource::State::Stopped)) {
        qCInfo(lcGui) << "window hidden to the tray; the server keeps running";
        m_window->hide();
        return;
    }
    Q_EMIT quitRequested();
}

void Dashboard::refreshClock()
{
    m_models.feeds->refreshTimes();
    m_models.overview->refreshTimes();
}
