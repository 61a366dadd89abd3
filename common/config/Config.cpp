#include "config/Config.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QUrl>

#include <functional>

namespace {

struct IntRange {
    qint64 min;
    qint64 max;
};

// One option: its command-line name doubles as the environment variable name.
struct OptionSpec {
    QCommandLineOption option;
    std::function<QString(Config &, const QStringList &values)> apply; // returns an error or ""
};

QString environmentName(const QString &optionName)
{
    return QStringLiteral("DATAGATE_") + optionName.toUpper().replace(QLatin1Char('-'), QLatin1Char('_'));
}

QString parseInteger(const QString &name, const QString &text, IntRange range, qint64 &out)
{
    bool ok = false;
    const qint64 value = text.trimmed().toLongLong(&ok);
    if (!ok || value < range.min || value > range.max)
        return QStringLiteral("invalid value \"%1\" for --%2: expected an integer from %3 to %4")
            .arg(text, name)
            .arg(range.min)
            .arg(range.max);
    out = value;
    return {};
}

template<typename T>
std::function<QString(Config &, const QStringList &)> integerSetter(const QString &name, IntRange range, T Config::*member)
{
    return [name, range, member](Config &config, const QStringList &values) {
        qint64 value = 0;
        const QString error = parseInteger(name, values.last(), range, value);
        if (error.isEmpty())
            config.*member = static_cast<T>(value);
        return error;
    };
}

// A setter for an option that takes one of a few words (case-insensitive).
std::function<QString(Config &, const QStringList &)> choiceSetter(const QString &name, const QStringList &choices, QString Config::*member)
{
    return [name, choices, member](Config &config, const QStringList &values) {
        const QString choice = values.last().trimmed().toLower();
        if (!choices.contains(choice))
            return QStringLiteral("invalid value \"%1\" for --%2: expected one of %3")
                .arg(values.last(), name, choices.join(QStringLiteral(", ")));
        config.*member = choice;
        return QString();
    };
}

QString parseBool(const QString &name, const QString &text, bool &out)
{
    const QString value = text.trimmed().toLower();
    if (value.isEmpty() || value == QLatin1String("1") || value == QLatin1String("true") || value == QLatin1String("yes")
        || value == QLatin1String("on")) {
        out = true;
        return {};
    }
    if (value == QLatin1String("0") || value == QLatin1String("false") || value == QLatin1String("no") || value == QLatin1String("off")) {
        out = false;
        return {};
    }
    return QStringLiteral("invalid value \"%1\" for %2: expected 1/0, true/false, yes/no or on/off").arg(text, name);
}

constexpr qint64 OneDayMs = 24LL * 3600 * 1000;

QList<OptionSpec> optionSpecs()
{
    QList<OptionSpec> specs;
    auto add = [&specs](QCommandLineOption option, std::function<QString(Config &, const QStringList &)> apply) {
        specs.append({std::move(option), std::move(apply)});
    };

    add(QCommandLineOption(
            QStringLiteral("host"), QStringLiteral("Address to listen on (default: all interfaces)."), QStringLiteral("address")),
        [](Config &config, const QStringList &values) {
            const QString text = values.last().trimmed();
            if (text.isEmpty())
                return QStringLiteral("invalid value \"\" for --host: expected an IPv4 or IPv6 address");
            config.host = text;
            return QString();
        });
    add(QCommandLineOption(QStringLiteral("port"), QStringLiteral("TCP port for WebSocket and HTTP (default: 3000; 0 picks a free port)."),
            QStringLiteral("port")),
        integerSetter(QStringLiteral("port"), {0, 65535}, &Config::port));
    add(QCommandLineOption(QStringLiteral("random-interval"), QStringLiteral("Interval of the random-number feed in ms (default: 1000)."),
            QStringLiteral("ms")),
        integerSetter(QStringLiteral("random-interval"), {1, OneDayMs}, &Config::randomIntervalMs));
    add(QCommandLineOption(QStringLiteral("no-gui"), QStringLiteral("Run headless, without the dashboard.")),
        [](Config &config, const QStringList &values) { return parseBool(QStringLiteral("--no-gui"), values.last(), config.noGui); });
    add(QCommandLineOption(QStringLiteral("log-level"),
            QStringLiteral("Least severe messages to log: debug, info, warning, error (default: info)."), QStringLiteral("level")),
        choiceSetter(QStringLiteral("log-level"),
            {QStringLiteral("debug"), QStringLiteral("info"), QStringLiteral("warning"), QStringLiteral("error")}, &Config::logLevel));
    add(QCommandLineOption(
            QStringLiteral("ping-interval"), QStringLiteral("Socket.IO heartbeat interval in ms (default: 20000)."), QStringLiteral("ms")),
        integerSetter(QStringLiteral("ping-interval"), {10, OneDayMs}, &Config::pingIntervalMs));
    add(QCommandLineOption(QStringLiteral("ping-timeout"),
            QStringLiteral("Time a Socket.IO client has to answer a ping, in ms (default: 5000)."), QStringLiteral("ms")),
        integerSetter(QStringLiteral("ping-timeout"), {10, OneDayMs}, &Config::pingTimeoutMs));
    add(QCommandLineOption(QStringLiteral("connect-timeout"),
            QStringLiteral("Time a Socket.IO client has to join a namespace, in ms (default: 45000)."), QStringLiteral("ms")),
        integerSetter(QStringLiteral("connect-timeout"), {10, OneDayMs}, &Config::connectTimeoutMs));
    add(QCommandLineOption(QStringLiteral("handshake-timeout"),
            QStringLiteral("Time a connection has to complete its HTTP/WebSocket handshake, in ms (default: 10000)."),
            QStringLiteral("ms")),
        integerSetter(QStringLiteral("handshake-timeout"), {10, OneDayMs}, &Config::handshakeTimeoutMs));
    add(QCommandLineOption(QStringLiteral("max-message-size"),
            QStringLiteral("Largest message a client may send, in bytes (default: 65536)."), QStringLiteral("bytes")),
        integerSetter(QStringLiteral("max-message-size"), {64, 64 * 1024 * 1024}, &Config::maxMessageBytes));
    add(QCommandLineOption(QStringLiteral("max-send-buffer"),
            QStringLiteral("Unsent bytes after which a slow client is disconnected (default: 4194304)."), QStringLiteral("bytes")),
        integerSetter(QStringLiteral("max-send-buffer"), {1024, 1024LL * 1024 * 1024}, &Config::maxSendBufferBytes));
    add(QCommandLineOption(QStringLiteral("io-threads"),
            QStringLiteral("Number of network I/O threads; 0 = one per CPU core (default: 0)."), QStringLiteral("count")),
        integerSetter(QStringLiteral("io-threads"), {0, 64}, &Config::ioThreads));
    add(QCommandLineOption(QStringLiteral("io-dispatcher"),
            QStringLiteral("Event loop of the I/O threads: epoll (datagate's own, scales with the number of clients) or qt "
                           "(Qt's default dispatcher) (default: epoll)."),
            QStringLiteral("kind")),
        choiceSetter(QStringLiteral("io-dispatcher"), {QStringLiteral("epoll"), QStringLiteral("qt")}, &Config::ioDispatcher));
    add(QCommandLineOption(QStringLiteral("btc-providers"),
            QStringLiteral("Bitcoin price providers in failover order (default: coingecko,coinbase,kraken,binance,bitstamp; 'simulated' "
                           "for offline demos)."),
            QStringLiteral("list")),
        [](Config &config, const QStringList &values) {
            QStringList providers;
            for (const QString &part : values.last().split(QLatin1Char(','), Qt::SkipEmptyParts)) {
                const QString name = part.trimmed().toLower();
                if (!name.isEmpty() && !providers.contains(name))
                    providers.append(name);
            }
            if (providers.isEmpty())
                return QStringLiteral("invalid value \"%1\" for --btc-providers: expected a comma-separated list of providers")
                    .arg(values.last());
            config.btcProviders = providers;
            return QString();
        });
    add(QCommandLineOption(
            QStringLiteral("btc-interval"), QStringLiteral("Bitcoin price poll interval in ms (default: 20000)."), QStringLiteral("ms")),
        integerSetter(QStringLiteral("btc-interval"), {10, OneDayMs}, &Config::btcIntervalMs));
    add(QCommandLineOption(QStringLiteral("btc-timeout"), QStringLiteral("Timeout of one upstream price request in ms (default: 5000)."),
            QStringLiteral("ms")),
        integerSetter(QStringLiteral("btc-timeout"), {10, OneDayMs}, &Config::btcTimeoutMs));
    add(QCommandLineOption(QStringLiteral("btc-url"),
            QStringLiteral(
                "Replace a provider's request URL: PROVIDER=URL (repeatable; in the environment, separate entries with spaces)."),
            QStringLiteral("provider=url")),
        [](Config &config, const QStringList &values) {
            for (const QString &value : values) {
                const qsizetype eq = value.indexOf(QLatin1Char('='));
                const QString provider = eq > 0 ? value.left(eq).trimmed().toLower() : QString();
                const QUrl url(eq > 0 ? value.sliced(eq + 1).trimmed() : QString(), QUrl::StrictMode);
                if (provider.isEmpty() || !url.isValid()
                    || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")) || url.host().isEmpty())
                    return QStringLiteral("invalid value \"%1\" for --btc-url: expected PROVIDER=http(s)://host/path").arg(value);
                config.btcUrls.insert(provider, url.toString());
            }
            return QString();
        });
    return specs;
}

} // namespace

Config::ParseResult Config::parse(const QStringList &arguments, const QProcessEnvironment &environment)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("datagate streams live data (random numbers, the Bitcoin price) to Socket.IO v4 clients on /socket.io/ "
                       "(namespace /data) and to plain WebSocket JSON clients on /ws.\n"
                       "Every option can also be set through the environment as DATAGATE_<OPTION>, e.g. DATAGATE_PORT=3001."));
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();

    const QList<OptionSpec> specs = optionSpecs();
    for (const OptionSpec &spec : specs)
        parser.addOption(spec.option);

    ParseResult result;
    if (!parser.parse(arguments)) {
        result.text = parser.errorText();
        return result;
    }
    // addHelpOption() also adds --help-all, which the help text advertises.
    if (parser.isSet(helpOption) || parser.isSet(QStringLiteral("help-all"))) {
        result.action = ParseResult::Action::ShowHelp;
        result.text = parser.helpText();
        return result;
    }
    if (parser.isSet(versionOption)) {
        result.action = ParseResult::Action::ShowVersion;
        result.text = QStringLiteral("datagate ") + QStringLiteral(DATAGATE_VERSION);
        return result;
    }
    if (!parser.positionalArguments().isEmpty()) {
        result.text = QStringLiteral("unexpected argument \"%1\"").arg(parser.positionalArguments().constFirst());
        return result;
    }

    Config config;
    for (const OptionSpec &spec : specs) {
        const QString name = spec.option.names().constFirst();
        QStringList values;
        if (parser.isSet(spec.option)) {
            values = spec.option.valueName().isEmpty() ? QStringList {QStringLiteral("true")} : parser.values(spec.option);
        } else if (const QString envName = environmentName(name); environment.contains(envName)) {
            const QString envValue = environment.value(envName);
            values = name == QLatin1String("btc-url") ? envValue.split(QLatin1Char(' '), Qt::SkipEmptyParts) : QStringList {envValue};
            if (values.isEmpty())
                continue;
        } else {
            continue;
        }
        const QString error = spec.apply(config, values);
        if (!error.isEmpty()) {
            result.text = parser.isSet(spec.option) ? error : error + QStringLiteral(" (from %1)").arg(environmentName(name));
            return result;
        }
    }
    result.action = ParseResult::Action::Run;
    result.config = config;
    return result;
}
