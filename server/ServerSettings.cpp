#include "ServerSettings.h"

#include "config/TokenSet.h"

namespace {

// A token file must be readable and hold a token when the options are read,
// so that a typo stops the start instead of leaving an endpoint open.
OptionSpec tokenFile(const QString &name, const QString &help)
{
    OptionSpec spec = OptionSpec::text(name, ServerSettings::tr("file"), help, QString(), [](const QString &path) {
        QString error;
        if (!path.isEmpty() && !TokenSet::load(path, &error))
            return error;
        return QString();
    });
    return spec.reloadable();
}

} // namespace

QList<OptionSpec> ServerSettings::options()
{
    OptionSpec shutdownTimeout = OptionSpec::integer(QStringLiteral("shutdown-timeout"), tr("ms"),
        tr("On SIGTERM, how long clients have to receive what is queued for them and close, in ms."), 5000, 0, 10 * 60 * 1000);
    return {
        shutdownTimeout.reloadable(),
        tokenFile(QStringLiteral("admin-token-file"),
            tr("Require one of the bearer tokens in this file (one per line) for /api/* (status, clients, history, disconnecting a "
               "client).")),
        tokenFile(QStringLiteral("metrics-token-file"),
            tr("Require one of the bearer tokens in this file (one per line) for /metrics, /healthz and /readyz.")),
    };
}

ServerSettings ServerSettings::from(const Config &config)
{
    ServerSettings settings;
    settings.adminTokenFile = config.text(QStringLiteral("admin-token-file"));
    settings.metricsTokenFile = config.text(QStringLiteral("metrics-token-file"));
    settings.shutdownTimeoutMs = int(config.integer(QStringLiteral("shutdown-timeout")));
    return settings;
}
