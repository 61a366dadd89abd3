#include "app/AppOptions.h"

#include "Server.h"
#include "config/TokenSet.h"

#include <QFile>
#include <QLocale>
#include <QSslCertificate>
#include <QUrl>

const QString AppOptions::NoGui = QStringLiteral("no-gui");
const QString AppOptions::LogLevel = QStringLiteral("log-level");
const QString AppOptions::Lang = QStringLiteral("lang");
const QString AppOptions::Screenshot = QStringLiteral("screenshot");
const QString AppOptions::ScreenshotDelay = QStringLiteral("screenshot-delay");
const QString AppOptions::Monitor = QStringLiteral("monitor");
const QString AppOptions::MonitorTokenFile = QStringLiteral("monitor-token-file");
const QString AppOptions::MonitorCa = QStringLiteral("monitor-ca");

namespace {

constexpr qint64 MaxScreenshotDelayMs = 10 * 60 * 1000;
// Larger than any bundle of CA certificates (Debian's whole bundle is
// about 200 KB).
constexpr qint64 MaxCaFileBytes = 4 * 1024 * 1024;

// What --monitor accepts: the address of a datagate's port as a browser
// would write it, optionally under a path prefix (behind a reverse proxy).
QString checkMonitorUrl(const QString &text)
{
    if (text.isEmpty())
        return {};
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")) || url.host().isEmpty())
        return AppOptions::tr("expected the URL of a datagate, such as http://host:3000");
    if (url.hasQuery() || url.hasFragment() || !url.userInfo().isEmpty())
        return AppOptions::tr("expected a URL without user, query or fragment, such as http://host:3000");
    return {};
}

} // namespace

QList<OptionSpec> AppOptions::options()
{
    OptionSpec logLevel = OptionSpec::choice(LogLevel, tr("level"), tr("Least severe messages to log: debug, info, warning or error."),
        QStringLiteral("info"), {QStringLiteral("debug"), QStringLiteral("info"), QStringLiteral("warning"), QStringLiteral("error")});
    OptionSpec lang = OptionSpec::text(Lang, tr("language"),
        tr("Language of the dashboard and of this help, e.g. de or es; the system's language when not set."), QString(),
        [](const QString &value) {
            const QLocale locale(value);
            return !value.isEmpty() && (locale.language() == QLocale::C || locale.language() == QLocale::AnyLanguage)
                ? tr("expected a language code such as en, de or es")
                : QString();
        });
    return {
        OptionSpec::toggle(NoGui, tr("Run headless, without the dashboard.")),
        logLevel.reloadable(),
        lang,
        OptionSpec::text(Screenshot, tr("file"),
            tr("Run with the dashboard, save a PNG of its window to this file after --screenshot-delay, then exit."), QString()),
        OptionSpec::integer(ScreenshotDelay, tr("ms"), tr("How long the dashboard runs with live data before --screenshot, in ms."), 5000,
            0, MaxScreenshotDelayMs),
        OptionSpec::text(Monitor, tr("url"),
            tr("Open the dashboard for a datagate running elsewhere, e.g. http://host:3000, instead of starting a server here."), QString(),
            checkMonitorUrl),
        // Read when the options are, like the server's token files, so that
        // a typo stops the start; the dashboard reads it again on every
        // reconnect.
        OptionSpec::text(MonitorTokenFile, tr("file"),
            tr("With --monitor: a file holding the bearer token for that datagate's status API, one of its --admin-token-file's."),
            QString(),
            [](const QString &path) {
                QString error;
                return path.isEmpty() || TokenSet::load(path, &error) ? QString() : error;
            }),
        // Read when the options are, so that a wrong file stops the start
        // rather than every connection.
        OptionSpec::text(MonitorCa, tr("file"),
            tr("With --monitor: a PEM file of one or more CA certificates to trust for that datagate's https:// and wss://, besides the "
               "system's (its private CA, or its self-signed certificate)."),
            QString(),
            [](const QString &path) {
                QString error;
                return path.isEmpty() || !readCaFile(path, &error).isEmpty() ? QString() : error;
            }),
    };
}

QList<QSslCertificate> AppOptions::readCaFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = tr("cannot read %1: %2").arg(path, file.errorString());
        return {};
    }
    const QList<QSslCertificate> certificates = QSslCertificate::fromData(file.read(MaxCaFileBytes), QSsl::Pem);
    if (certificates.isEmpty())
        *error = tr("%1 holds no PEM certificate (-----BEGIN CERTIFICATE-----)").arg(path);
    return certificates;
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
