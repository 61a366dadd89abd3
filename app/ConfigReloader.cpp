#include "app/ConfigReloader.h"

#include "Server.h"

#include <QLoggingCategory>

#include <algorithm>

namespace {

Q_LOGGING_CATEGORY(lcConfig, "datagate.config")

// A value as a log line shows it.
QString shown(const QVariant &value)
{
    switch (value.typeId()) {
    case QMetaType::QStringList: return value.toStringList().join(QLatin1Char(','));
    case QMetaType::Bool: return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QMetaType::QVariantMap: {
        QStringList pairs;
        const QVariantMap map = value.toMap();
        for (auto it = map.cbegin(); it != map.cend(); ++it)
            pairs.append(it.key() + QLatin1Char('=') + it.value().toString());
        return pairs.join(QLatin1Char(' '));
    }
    default: break;
    }
    const QString text = value.toString();
    return text.isEmpty() ? QStringLiteral("(none)") : text;
}

bool startsWithOption(const QStringList &lines, const QString &name)
{
    const QString prefix = name + QLatin1Char(':');
    return std::any_of(lines.cbegin(), lines.cend(), [&prefix](const QString &line) { return line.startsWith(prefix); });
}

} // namespace

ConfigReloader::ConfigReloader(
    const Config &running, Server &server, std::function<void(const Config &)> applyProcessOptions, QObject *parent)
    : QObject(parent)
    , m_started(running)
    , m_applied(running)
    , m_server(server)
    , m_applyProcessOptions(std::move(applyProcessOptions))
{
}

ConfigReloader::~ConfigReloader() = default;

ConfigReloader::Outcome ConfigReloader::reload()
{
    const QString file = m_applied.configFile();
    qCInfo(lcConfig).noquote() << (file.isEmpty() ? QStringLiteral("reading the configuration again (no config file)")
                                                  : QStringLiteral("reading the configuration again from %1").arg(file));
    const Config::ParseResult parsed = m_applied.reload();
    if (parsed.action != Config::Action::Run) {
        Outcome outcome;
        outcome.error = parsed.text;
        qCWarning(lcConfig).noquote() << QStringLiteral("configuration not reloaded: %1; the running configuration stays").arg(parsed.text);
        return outcome;
    }
    return apply(parsed.config);
}

ConfigReloader::Outcome ConfigReloader::apply(const Config &next)
{
    Outcome outcome;
    outcome.reloaded = true;

    QStringList runtimeChanged;
    for (const QString &name : m_applied.differences(next)) {
        const OptionSpec *spec = next.spec(name);
        if (spec && spec->reload == OptionSpec::Reload::Runtime)
            runtimeChanged.append(name);
    }
    // Against the configuration the process started with, so that a change
    // that waits for a restart is named again at every reload.
    for (const QString &name : m_started.differences(next)) {
        const OptionSpec *spec = next.spec(name);
        if (spec && spec->reload == OptionSpec::Reload::Restart)
            outcome.needRestart.append(QStringLiteral("%1: %2 -> %3").arg(name, shown(m_started.value(name)), shown(next.value(name))));
    }

    if (m_applyProcessOptions)
        m_applyProcessOptions(next);
    QStringList errors;
    outcome.applied = m_server.reconfigure(next, &errors);
    // What no layer described in its own words (the log level, a token file
    // no longer set), in the configuration's.
    for (const QString &name : std::as_const(runtimeChanged)) {
        if (!startsWithOption(outcome.applied, name))
            outcome.applied.append(QStringLiteral("%1: %2 -> %3").arg(name, shown(m_applied.value(name)), shown(next.value(name))));
    }
    m_applied = next;

    for (const QString &line : std::as_const(outcome.applied))
        qCInfo(lcConfig).noquote() << "applied" << line;
    for (const QString &error : std::as_const(errors))
        qCWarning(lcConfig).noquote() << error;
    for (const QString &line : std::as_const(outcome.needRestart))
        qCWarning(lcConfig).noquote() << "needs a restart to take effect:" << line;
    if (outcome.applied.isEmpty() && outcome.needRestart.isEmpty())
        qCInfo(lcConfig) << "configuration reloaded; nothing changed";
    return outcome;
}
