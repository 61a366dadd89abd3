#include "app/Application.h"

#include "Server.h"
#include "app/AppOptions.h"
#include "app/ConfigReloader.h"
#include "app/LaunchMode.h"
#include "app/SystemdNotifier.h"
#include "app/Translations.h"
#include "app/UnixSignalWatcher.h"
#include "config/Config.h"
#include "logging/LogSink.h"

#if DATAGATE_WITH_GUI
#include "app/DesktopMode.h"
#endif

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QTextStream>

#include <csignal>
#include <cstdio>
#include <memory>

namespace {

Q_LOGGING_CATEGORY(lcApp, "datagate.app")

constexpr int ExitStartFailed = 1;
constexpr int ExitUsage = 2;

void setUpLogging(const QString &level)
{
    qSetMessagePattern(QStringLiteral(
        "%{time yyyy-MM-ddThh:mm:ss.zzz} "
        "%{if-debug}debug%{endif}%{if-info}info %{endif}%{if-warning}warn %{endif}%{if-critical}error%{endif}%{if-fatal}fatal%{endif} "
        "%{category}: %{message}"));
    QString rules = QStringLiteral("*.debug=false\n");
    if (level == QLatin1String("debug"))
        rules += QStringLiteral("datagate.*.debug=true\n");
    if (level == QLatin1String("warning") || level == QLatin1String("error"))
        rules += QStringLiteral("*.info=false\n");
    if (level == QLatin1String("error"))
        rules += QStringLiteral("*.warning=false\n");
    QLoggingCategory::setFilterRules(rules);
}

void print(FILE *stream, const QString &text)
{
    QTextStream(stream) << text << (text.endsWith(QLatin1Char('\n')) ? "" : "\n");
}

int runHeadless(const Config &config)
{
    Server server(config);
    SystemdNotifier systemd;
    if (!server.start()) {
        systemd.status(server.errorString());
        print(stderr, QStringLiteral("datagate: %1").arg(server.errorString()));
        return ExitStartFailed;
    }
    const bool tls = server.servesTls();
    qCInfo(lcApp).noquote() << QStringLiteral(
        "datagate %1 ready: Socket.IO at %3://<host>:%2/data (path /socket.io/), JSON at %4://<host>:%2/ws")
                                   .arg(QStringLiteral(DATAGATE_VERSION))
                                   .arg(server.port())
                                   .arg(tls ? QStringLiteral("https") : QStringLiteral("http"),
                                       tls ? QStringLiteral("wss") : QStringLiteral("ws"));

    systemd.ready(QStringLiteral("Listening on port %1").arg(server.port()));
    systemd.watch(server);

    // SIGHUP (systemctl reload): the config file again, applied where it can be.
    ConfigReloader reloader(config, server, [](const Config &next) { setUpLogging(next.text(AppOptions::LogLevel)); });
    UnixSignalWatcher signalWatcher({SIGINT, SIGTERM, SIGHUP});
    QObject::connect(&signalWatcher, &UnixSignalWatcher::signalReceived, &server, [&server, &systemd, &reloader](int signalNumber) {
        if (signalNumber == SIGHUP) {
            qCInfo(lcApp) << "received SIGHUP";
            if (server.isStopping())
                return;
            systemd.reloading();
            reloader.reload();
            systemd.ready(QStringLiteral("Listening on port %1").arg(server.port()));
            return;
        }
        qCInfo(lcApp) << "received" << (signalNumber == SIGINT ? "SIGINT" : "SIGTERM");
        systemd.stopping(QStringLiteral("Shutting down: closing the clients"));
        server.stop();
    });
    QObject::connect(&server, &Server::stopped, QCoreApplication::instance(), [] { QCoreApplication::exit(0); });
    return QCoreApplication::exec();
}

} // namespace

namespace Application {

int run(int argc, char **argv)
{
    // Qt's GLib event dispatcher rescans every socket notifier whenever one
    // changes, so its cost grows with the square of the client count; the
    // poll-based dispatcher does not (docs/benchmarks.md). It must be chosen
    // before the application object exists; an explicit QT_NO_GLIB wins.
    if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");

    QStringList rawArguments;
    for (int i = 0; i < argc; ++i)
        rawArguments.append(QString::fromLocal8Bit(argv[i]));
    const QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    // The kind of application object is fixed when it is made, so it is
    // chosen from the raw command line before anything else. Qt aborts when
    // a QApplication finds no display, so that is checked first too.
    LaunchMode::Kind kind = LaunchMode::choose(rawArguments, environment);
    QString displayProblem;
#if DATAGATE_WITH_GUI
    if (kind == LaunchMode::Kind::Desktop) {
        displayProblem = LaunchMode::displayProblem(environment);
        if (!displayProblem.isEmpty())
            kind = LaunchMode::Kind::Headless;
    }
    std::unique_ptr<QCoreApplication> app =
        kind == LaunchMode::Kind::Desktop ? DesktopMode::createApplication(argc, argv) : std::make_unique<QCoreApplication>(argc, argv);
#else
    Q_UNUSED(kind);
    std::unique_ptr<QCoreApplication> app = std::make_unique<QCoreApplication>(argc, argv);
#endif
    QCoreApplication::setApplicationName(QStringLiteral("datagate"));
    QCoreApplication::setApplicationVersion(QStringLiteral(DATAGATE_VERSION));
    QCoreApplication::setOrganizationName(QStringLiteral("datagate"));

    // Before the options are parsed, so that --help speaks the language too.
    const QString preScannedLanguage = Translations::preScan(rawArguments, environment);
    Translations::install(preScannedLanguage);

    const Config::ParseResult parsed =
        Config::parse(AppOptions::all(), QCoreApplication::arguments(), environment, AppOptions::description());
    switch (parsed.action) {
    case Config::Action::ShowHelp:
    case Config::Action::ShowVersion: print(stdout, parsed.text); return 0;
    case Config::Action::PrintConfig:
        print(stdout, parsed.text);
        // On stderr, so that the configuration printed stays a valid file.
        for (const QString &warning : Server::configWarnings(parsed.config))
            print(stderr, QStringLiteral("datagate: warning: %1").arg(warning));
        return 0;
    case Config::Action::Fail:
        print(stderr, QStringLiteral("datagate: %1\nTry 'datagate --help' for the options.").arg(parsed.text));
        return ExitUsage;
    case Config::Action::Run: break;
    }
    const Config &config = parsed.config;
    // The config file may name a language too.
    if (config.text(AppOptions::Lang) != preScannedLanguage)
        Translations::install(config.text(AppOptions::Lang));
    setUpLogging(config.text(AppOptions::LogLevel));
    LogSink logSink;
    const bool wantsDashboard = !config.toggle(AppOptions::NoGui);
    // --monitor is the dashboard of a datagate elsewhere; it has no headless
    // form, so without a window it is a usage error, not a server started
    // instead.
    if (!config.text(AppOptions::Monitor).isEmpty()) {
        QString problem;
        if (!wantsDashboard)
            problem = QCoreApplication::translate("Application", "datagate: --monitor opens the dashboard; it cannot run with --no-gui.");
#if DATAGATE_WITH_GUI
        else if (!displayProblem.isEmpty())
            problem = QCoreApplication::translate("Application", "datagate: --monitor opens the dashboard, which needs a display (%1).")
                          .arg(displayProblem);
#else
        else
            problem =
                QCoreApplication::translate("Application", "datagate: --monitor opens the dashboard, which is not part of this build.");
#endif
        if (!problem.isEmpty()) {
            print(stderr, problem);
            return ExitUsage;
        }
    }
#if DATAGATE_WITH_GUI
    if (kind == LaunchMode::Kind::Desktop && wantsDashboard)
        return DesktopMode::run(config, &logSink);
    if (wantsDashboard && !displayProblem.isEmpty())
        qCWarning(lcApp).noquote() << QStringLiteral("no usable display for the dashboard (%1); running headless").arg(displayProblem);
#else
    if (wantsDashboard)
        qCInfo(lcApp) << "the dashboard is not part of this build; running headless";
#endif
    if (!config.text(AppOptions::Screenshot).isEmpty()) {
        print(stderr,
            QStringLiteral("datagate: --screenshot needs the dashboard, which is not running (%1)")
                .arg(wantsDashboard ? (displayProblem.isEmpty() ? QStringLiteral("not part of this build") : displayProblem)
                                    : QStringLiteral("--no-gui")));
        return ExitStartFailed;
    }
    return runHeadless(config);
}

} // namespace Application
