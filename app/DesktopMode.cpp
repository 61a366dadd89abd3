#include "app/DesktopMode.h"

#include "app/AppOptions.h"
#include "app/UnixSignalWatcher.h"
#include "config/Config.h"
#include "gui/Dashboard.h"
#include "gui/source/InProcessSource.h"
#include "gui/source/RemoteSource.h"
#include "gui/widgets/MainWindow.h"

#include <QApplication>
#include <QLoggingCategory>
#include <QSslCertificate>
#include <QTextStream>
#include <QTimer>

#include <csignal>
#include <memory>

namespace {

Q_LOGGING_CATEGORY(lcDesktop, "datagate.app")

constexpr int ExitScreenshotFailed = 1;

// The source for --monitor, with its token file and the CA certificates of
// --monitor-ca (which the options have found readable).
std::unique_ptr<RemoteSource> remoteSource(const Config &config, LogSink *logSink)
{
    auto source =
        std::make_unique<RemoteSource>(QUrl(config.text(AppOptions::Monitor)), config.text(AppOptions::MonitorTokenFile), logSink);
    const QString caFile = config.text(AppOptions::MonitorCa);
    if (!caFile.isEmpty()) {
        QString error;
        source->trustCaCertificates(AppOptions::readCaFile(caFile, &error), caFile);
    }
    return source;
}

} // namespace

namespace DesktopMode {

std::unique_ptr<QCoreApplication> createApplication(int &argc, char **argv)
{
    auto app = std::make_unique<QApplication>(argc, argv);
    // Closing the window is the Dashboard's decision (to the tray, or quit
    // after the server has stopped), not Qt's.
    QApplication::setQuitOnLastWindowClosed(false);
    QGuiApplication::setDesktopFileName(QStringLiteral("org.datagate.Datagate"));
    return app;
}

int run(const Config &config, LogSink *logSink)
{
    // The server in this process, or (--monitor) one elsewhere: the
    // dashboard cannot tell them apart.
    const QString monitor = config.text(AppOptions::Monitor);
    std::unique_ptr<DashboardSource> ownedSource;
    if (monitor.isEmpty())
        ownedSource = std::make_unique<InProcessSource>(config, logSink);
    else
        ownedSource = remoteSource(config, logSink);
    DashboardSource &source = *ownedSource;
    Dashboard dashboard(&source);
    int exitCode = 0;

    auto quit = [&source, &dashboard] {
        dashboard.window()->hide();
        source.stop();
    };
    QObject::connect(&dashboard, &Dashboard::quitRequested, &source, quit);
    QObject::connect(&source, &DashboardSource::stateChanged, &source, [&exitCode](DashboardSource::State state) {
        if (state == DashboardSource::State::Stopped)
            QCoreApplication::exit(exitCode);
    });
    UnixSignalWatcher signalWatcher({SIGINT, SIGTERM});
    QObject::connect(&signalWatcher, &UnixSignalWatcher::signalReceived, &source, [quit](int signalNumber) {
        qCInfo(lcDesktop) << "received" << (signalNumber == SIGINT ? "SIGINT" : "SIGTERM");
        quit();
    });

    source.start();
    if (!monitor.isEmpty())
        qCInfo(lcDesktop).noquote() << QStringLiteral("datagate %1 monitoring %2; dashboard open, no server in this process")
                                           .arg(QStringLiteral(DATAGATE_VERSION), monitor);
    else if (source.state() == DashboardSource::State::Live) {
        // The server started, so --tls-cert, if given, is what it serves.
        const bool tls = !config.text(QStringLiteral("tls-cert")).isEmpty();
        qCInfo(lcDesktop).noquote() << QStringLiteral(
            "datagate %1 ready: Socket.IO at %3://<host>:%2/data (path /socket.io/), JSON at %4://<host>:%2/ws; dashboard open")
                                           .arg(QStringLiteral(DATAGATE_VERSION))
                                           .arg(source.port())
                                           .arg(tls ? QStringLiteral("https") : QStringLiteral("http"),
                                               tls ? QStringLiteral("wss") : QStringLiteral("ws"));
    }
    dashboard.show();

    const QString screenshot = config.text(AppOptions::Screenshot);
    if (!screenshot.isEmpty()) {
        QTimer::singleShot(int(config.integer(AppOptions::ScreenshotDelay)), &source, [&dashboard, &exitCode, quit, screenshot] {
            const QString error = dashboard.saveScreenshot(screenshot);
            if (error.isEmpty()) {
                qCInfo(lcDesktop).noquote() << "screenshot saved to" << screenshot;
            } else {
                QTextStream(stderr) << "datagate: " << error << '\n';
                exitCode = ExitScreenshotFailed;
            }
            quit();
        });
    }
    return QCoreApplication::exec();
}

} // namespace DesktopMode
