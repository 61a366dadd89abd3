#include "app/LaunchMode.h"

#include "config/OptionSpec.h"

#include <QSettings>

namespace LaunchMode {

Kind choose(const QStringList &arguments, const QProcessEnvironment &environment)
{
    // The same layers as Config::parse(), lowest first: file, environment, command line.
    QString file = environment.value(QStringLiteral("DATAGATE_CONFIG"));
    for (qsizetype i = 1; i + 1 < arguments.size(); ++i) {
        if (arguments.at(i) == QLatin1String("--config"))
            file = arguments.at(i + 1);
    }
    for (const QString &argument : arguments) {
        if (argument.startsWith(QLatin1String("--config=")))
            file = argument.sliced(9);
    }
    bool noGui = false;
    if (!file.isEmpty()) {
        const QSettings settings(file, QSettings::IniFormat);
        noGui = OptionSpec::parseBool(settings.value(QStringLiteral("no-gui")).toString()).value_or(false);
    }
    if (environment.contains(QStringLiteral("DATAGATE_NO_GUI"))) {
        const QString text = environment.value(QStringLiteral("DATAGATE_NO_GUI"));
        noGui = text.trimmed().isEmpty() || OptionSpec::parseBool(text).value_or(false);
    }
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (argument == QLatin1String("--"))
            break;
        if (argument == QLatin1String("--no-gui"))
            noGui = true;
        // Printing something and exiting needs no window.
        else if (argument == QLatin1String("--help") || argument == QLatin1String("-h") || argument == QLatin1String("--help-all")
            || argument == QLatin1String("--version") || argument == QLatin1String("-v") || argument == QLatin1String("--print-config"))
            return Kind::Headless;
    }
    return noGui ? Kind::Headless : Kind::Desktop;
}

} // namespace LaunchMode
