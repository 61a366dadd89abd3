#include "app/AppOptions.h"

#include "Server.h"

const QString AppOptions::NoGui = QStringLiteral("no-gui");
const QString AppOptions::LogLevel = QStringLiteral("log-level");

QList<OptionSpec> AppOptions::options()
{
    OptionSpec logLevel = OptionSpec::choice(LogLevel, tr("level"), tr("Least severe messages to log: debug, info, warning or error."),
        QStringLiteral("info"), {QStringLiteral("debug"), QStringLiteral("info"), QStringLiteral("warning"), QStringLiteral("error")});
    return {
        OptionSpec::toggle(NoGui, tr("Run headless, without the dashboard.")),
        logLevel.reloadable(),
    };
}

QList<OptionSpec> AppOptions::all()
{
    return options() + Server::options();
}

QString AppOptions::description()
{
    return tr("datagate streams live data (random numbers, the Bitcoin price) to Socket.IO v4 clients on /socket.io/ (namespace "
              "/data) and to plain WebSocket JSON clients on /ws.\n"
              "Every option can also be set through the environment as DATAGATE_<OPTION>, e.g. DATAGATE_PORT=3001, or in the config "
              "file as <option>=<value>; the command line wins over the environment, which wins over the file.");
}
