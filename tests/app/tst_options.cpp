// The options of the datagate process as a user gives them: every option of
// every layer (AppOptions::all()) on the command line and in the
// environment, their defaults, their errors, --help and --version. Every case
// passes an environment built here, never the real one.
#include "app/AppOptions.h"
#include "config/Config.h"

#include <QTest>

using Action = Config::Action;

// Found by QTest through ADL, so that a failed QCOMPARE names the action.
char *toString(Action action)
{
    switch (action) {
    case Action::Run: return qstrdup("Run");
    case Action::ShowHelp: return qstrdup("ShowHelp");
    case Action::ShowVersion: return qstrdup("ShowVersion");
    case Action::PrintConfig: return qstrdup("PrintConfig");
    case Action::Fail: return qstrdup("Fail");
    }
    return qstrdup("?");
}

namespace {

const QString Program = QStringLiteral("datagate");

QProcessEnvironment environment(const QStringList &assignments)
{
    QProcessEnvironment env; // empty: nothing leaks in from the real one
    for (const QString &assignment : assignments) {
        const qsizetype eq = assignment.indexOf(QLatin1Char('='));
        env.insert(assignment.left(eq), assignment.sliced(eq + 1));
    }
    return env;
}

Config::ParseResult parse(const QStringList &arguments, const QStringList &env = {})
{
    return Config::parse(AppOptions::all(), QStringList {Program} + arguments, environment(env), AppOptions::description());
}

// Every option's value, by name, so that a test can check that an option
// changed its own value and nothing else.
QVariantMap fields(const Config &config)
{
    QVariantMap values;
    for (const OptionSpec &spec : config.specs())
        values.insert(spec.name, config.value(spec.name));
    return values;
}

QVariantMap urlMap(std::initializer_list<std::pair<const char *, const char *>> entries)
{
    QVariantMap map;
    for (const auto &[provider, url] : entries)
        map.insert(QString::fromLatin1(provider), QString::fromLatin1(url));
    return map;
}

} // namespace

class tst_Options final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void defaults();
    void option_data();
    void option();
    void commandLineAndEnvironmentCombine();
    void invalid_data();
    void invalid();
    void help_data();
    void help();
    void version_data();
    void version();
};

void tst_Options::defaults()
{
    const Config::ParseResult result = parse({});
    QCOMPARE(result.action, Action::Run);
    QCOMPARE(result.text, QString());

    const QVariantMap expected {
        {QStringLiteral("host"), QStringLiteral("any")},
        {QStringLiteral("port"), qint64(3000)},
        {QStringLiteral("no-gui"), false},
        {QStringLiteral("log-level"), QStringLiteral("info")},
        {QStringLiteral("lang"), QString()},
        {QStringLiteral("screenshot"), QString()},
        {QStringLiteral("screenshot-delay"), qint64(5000)},
        {QStringLiteral("monitor"), QString()},
        {QStringLiteral("monitor-token-file"), QString()},
        {QStringLiteral("monitor-ca"), QString()},
        {QStringLiteral("shutdown-timeout"), qint64(5000)},
        {QStringLiteral("admin-token-file"), QString()},
        {QStringLiteral("metrics-token-file"), QString()},
        {QStringLiteral("random-interval"), qint64(1000)},
        {QStringLiteral("ping-interval"), qint64(20000)},
        {QStringLiteral("ping-timeout"), qint64(5000)},
        {QStringLiteral("connect-timeout"), qint64(45000)},
        {QStringLiteral("handshake-timeout"), qint64(10000)},
        {QStringLiteral("max-message-size"), qint64(64 * 1024)},
        {QStringLiteral("max-send-buffer"), qint64(1024 * 1024)},
        {QStringLiteral("socket-send-buffer"), qint64(0)}, // the kernel's autotuning
        {QStringLiteral("max-connections"), qint64(20000)},
        {QStringLiteral("max-connections-per-ip"), qint64(200)},
        {QStringLiteral("trusted-proxies"), QStringList()},
        {QStringLiteral("max-pending-handshakes"), qint64(4096)},
        {QStringLiteral("client-message-rate"), qint64(20)},
        {QStringLiteral("client-message-burst"), qint64(40)},
        {QStringLiteral("auth-token-file"), QString()},
        {QStringLiteral("jwt-secret-file"), QString()},
        {QStringLiteral("jwt-leeway"), qint64(30)},
        {QStringLiteral("allowed-origins"), QStringList {QStringLiteral("*")}},
        {QStringLiteral("io-threads"), qint64(0)}, // one per core
        {QStringLiteral("io-dispatcher"), QStringLiteral("epoll")},
        {QStringLiteral("history-size"), qint64(300)},
        {QStringLiteral("history-ttl"), qint64(300 * 1000)},
        {QStringLiteral("sio-recovery"), false},
        {QStringLiteral("sio-recovery-window"), qint64(120 * 1000)},
        {QStringLiteral("tls-cert"), QString()},
        {QStringLiteral("tls-key"), QString()},
        {QStringLiteral("redis"), QString()}, // no cluster
        {QStringLiteral("redis-lease-ttl"), qint64(5000)},
        {QStringLiteral("redis-instance-id"), QString()},
        {QStringLiteral("btc-providers"),
            QStringList {QStringLiteral("coingecko"), QStringLiteral("coinbase"), QStringLiteral("kraken"), QStringLiteral("binance"),
                QStringLiteral("bitstamp")}},
        {QStringLiteral("btc-interval"), qint64(20000)},
        {QStringLiteral("btc-timeout"), qint64(5000)},
        {QStringLiteral("btc-url"), QVariantMap()},
    };
    QCOMPARE(fields(result.config), expected);
    for (const OptionSpec &spec : result.config.specs())
        QCOMPARE(result.config.source(spec.name), Config::Source::Default);
}

void tst_Options::option_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QStringList>("env");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QVariant>("value");

    auto row = [](const char *name, const QStringList &arguments, const QStringList &env, const char *field, const QVariant &value) {
        QTest::addRow("%s", name) << arguments << env << QString::fromLatin1(field) << value;
    };
    auto s = [](const char *text) { return QString::fromUtf8(text); };
    auto list = [](std::initializer_list<const char *> texts) {
        QStringList out;
        for (const char *text : texts)
            out.append(QString::fromUtf8(text));
        return out;
    };

    // Command line.
    row("cli host ipv4", list({"--host", "127.0.0.1"}), {}, "host", s("127.0.0.1"));
    row("cli host ipv6 with =", list({"--host=::1"}), {}, "host", s("::1"));
    row("cli host trimmed", list({"--host", " localhost "}), {}, "host", s("localhost"));
    row("cli port", list({"--port", "4000"}), {}, "port", qint64(4000));
    row("cli port with =", list({"--port=4001"}), {}, "port", qint64(4001));
    row("cli port 0 picks a free port", list({"--port", "0"}), {}, "port", qint64(0));
    row("cli port 65535", list({"--port", "65535"}), {}, "port", qint64(65535));
    row("cli port repeated, last wins", list({"--port", "4000", "--port", "4002"}), {}, "port", qint64(4002));
    row("cli random-interval", list({"--random-interval", "250"}), {}, "random-interval", qint64(250));
    row("cli random-interval 1", list({"--random-interval", "1"}), {}, "random-interval", qint64(1));
    row("cli no-gui", list({"--no-gui"}), {}, "no-gui", true);
    row("cli log-level debug", list({"--log-level", "debug"}), {}, "log-level", s("debug"));
    row("cli log-level WARNING", list({"--log-level", "WARNING"}), {}, "log-level", s("warning"));
    row("cli log-level error", list({"--log-level=error"}), {}, "log-level", s("error"));
    row("cli ping-interval", list({"--ping-interval", "25000"}), {}, "ping-interval", qint64(25000));
    row("cli ping-timeout", list({"--ping-timeout", "20000"}), {}, "ping-timeout", qint64(20000));
    row("cli connect-timeout", list({"--connect-timeout", "1000"}), {}, "connect-timeout", qint64(1000));
    row("cli handshake-timeout", list({"--handshake-timeout", "2000"}), {}, "handshake-timeout", qint64(2000));
    row("cli max-message-size", list({"--max-message-size", "1048576"}), {}, "max-message-size", qint64(1048576));
    row("cli max-send-buffer", list({"--max-send-buffer", "1024"}), {}, "max-send-buffer", qint64(1024));
    row("cli max-send-buffer 1 GiB", list({"--max-send-buffer", "1073741824"}), {}, "max-send-buffer", qint64(1073741824));
    row("cli io-threads", list({"--io-threads", "4"}), {}, "io-threads", qint64(4));
    row("cli max-connections", list({"--max-connections", "100"}), {}, "max-connections", qint64(100));
    row("cli max-connections-per-ip 0", list({"--max-connections-per-ip", "0"}), {}, "max-connections-per-ip", qint64(0));
    row("cli trusted-proxies", list({"--trusted-proxies", "10.0.0.0/8, ::1"}), {}, "trusted-proxies", list({"10.0.0.0/8", "::1"}));
    row("env trusted-proxies", {}, list({"DATAGATE_TRUSTED_PROXIES=127.0.0.1"}), "trusted-proxies", list({"127.0.0.1"}));
    // Empty by default, so it may be set empty (none), as the example config does.
    row("cli trusted-proxies empty", list({"--trusted-proxies="}), {}, "trusted-proxies", QStringList());
    row("cli max-pending-handshakes", list({"--max-pending-handshakes", "16"}), {}, "max-pending-handshakes", qint64(16));
    row("cli client-message-rate 0", list({"--client-message-rate", "0"}), {}, "client-message-rate", qint64(0));
    row("cli client-message-burst", list({"--client-message-burst", "5"}), {}, "client-message-burst", qint64(5));
    row("default io-dispatcher", {}, {}, "io-dispatcher", s("epoll"));
    row("cli io-dispatcher qt", list({"--io-dispatcher", "Qt"}), {}, "io-dispatcher", s("qt"));
    row("cli btc-providers", list({"--btc-providers", "kraken, Coinbase,,kraken"}), {}, "btc-providers", list({"kraken", "coinbase"}));
    row("cli btc-providers simulated", list({"--btc-providers=simulated"}), {}, "btc-providers", list({"simulated"}));
    row("cli btc-interval", list({"--btc-interval", "60000"}), {}, "btc-interval", qint64(60000));
    row("cli btc-timeout", list({"--btc-timeout", "1500"}), {}, "btc-timeout", qint64(1500));
    row("cli btc-url", list({"--btc-url", "coinbase=http://127.0.0.1:8080/v2/prices/BTC-USD/spot"}), {}, "btc-url",
        urlMap({{"coinbase", "http://127.0.0.1:8080/v2/prices/BTC-USD/spot"}}));
    row("cli btc-url repeated",
        list({"--btc-url", "Kraken=https://example.test/0/public/Ticker?pair=XBTUSD", "--btc-url=binance=http://[::1]:9/p"}), {}, "btc-url",
        urlMap({{"kraken", "https://example.test/0/public/Ticker?pair=XBTUSD"}, {"binance", "http://[::1]:9/p"}}));
    row("cli btc-url same provider twice, last wins",
        list({"--btc-url", "coinbase=http://127.0.0.1:1/a", "--btc-url", "coinbase=http://127.0.0.1:2/b"}), {}, "btc-url",
        urlMap({{"coinbase", "http://127.0.0.1:2/b"}}));

    // Environment.
    row("env host", {}, list({"DATAGATE_HOST=0.0.0.0"}), "host", s("0.0.0.0"));
    row("env port", {}, list({"DATAGATE_PORT=3001"}), "port", qint64(3001));
    row("env port trimmed", {}, list({"DATAGATE_PORT= 3002 "}), "port", qint64(3002));
    row("env random interval", {}, list({"DATAGATE_RANDOM_INTERVAL=500"}), "random-interval", qint64(500));
    row("env no gui 1", {}, list({"DATAGATE_NO_GUI=1"}), "no-gui", true);
    row("env no gui true", {}, list({"DATAGATE_NO_GUI=true"}), "no-gui", true);
    row("env no gui TRUE", {}, list({"DATAGATE_NO_GUI=TRUE"}), "no-gui", true);
    row("env no gui yes", {}, list({"DATAGATE_NO_GUI=yes"}), "no-gui", true);
    row("env no gui on", {}, list({"DATAGATE_NO_GUI=on"}), "no-gui", true);
    row("env no gui set but empty", {}, list({"DATAGATE_NO_GUI="}), "no-gui", true);
    row("env no gui 0", {}, list({"DATAGATE_NO_GUI=0"}), "no-gui", false);
    row("env no gui false", {}, list({"DATAGATE_NO_GUI=false"}), "no-gui", false);
    row("env no gui no", {}, list({"DATAGATE_NO_GUI=no"}), "no-gui", false);
    row("env no gui off", {}, list({"DATAGATE_NO_GUI=off"}), "no-gui", false);
    row("env log level", {}, list({"DATAGATE_LOG_LEVEL=error"}), "log-level", s("error"));
    row("env log level mixed case", {}, list({"DATAGATE_LOG_LEVEL=Debug"}), "log-level", s("debug"));
    row("env ping interval", {}, list({"DATAGATE_PING_INTERVAL=30000"}), "ping-interval", qint64(30000));
    row("env ping timeout", {}, list({"DATAGATE_PING_TIMEOUT=7000"}), "ping-timeout", qint64(7000));
    row("env connect timeout", {}, list({"DATAGATE_CONNECT_TIMEOUT=3000"}), "connect-timeout", qint64(3000));
    row("env handshake timeout", {}, list({"DATAGATE_HANDSHAKE_TIMEOUT=4000"}), "handshake-timeout", qint64(4000));
    row("env max message size", {}, list({"DATAGATE_MAX_MESSAGE_SIZE=4096"}), "max-message-size", qint64(4096));
    row("env max send buffer", {}, list({"DATAGATE_MAX_SEND_BUFFER=65536"}), "max-send-buffer", qint64(65536));
    row("env io threads", {}, list({"DATAGATE_IO_THREADS=2"}), "io-threads", qint64(2));
    row("env io dispatcher", {}, list({"DATAGATE_IO_DISPATCHER=qt"}), "io-dispatcher", s("qt"));
    row("env btc providers", {}, list({"DATAGATE_BTC_PROVIDERS=binance,bitstamp"}), "btc-providers", list({"binance", "bitstamp"}));
    row("env btc interval", {}, list({"DATAGATE_BTC_INTERVAL=15000"}), "btc-interval", qint64(15000));
    row("env btc timeout", {}, list({"DATAGATE_BTC_TIMEOUT=2500"}), "btc-timeout", qint64(2500));
    row("env btc url space-separated", {},
        list({"DATAGATE_BTC_URL=coinbase=http://127.0.0.1:1/a  kraken=https://127.0.0.1:2/b?pair=XBTUSD "}), "btc-url",
        urlMap({{"coinbase", "http://127.0.0.1:1/a"}, {"kraken", "https://127.0.0.1:2/b?pair=XBTUSD"}}));
    row("env btc url blank", {}, list({"DATAGATE_BTC_URL=   "}), "btc-url", QVariantMap());
    row("unrelated variables ignored", {}, list({"PORT=4000", "DATAGATE_PORTS=4001", "datagate_port=4002", "DATAGATE_port=4003"}), "port",
        3000);

    // The command line beats the environment, even an invalid one.
    row("cli port over env", list({"--port", "4000"}), list({"DATAGATE_PORT=5000"}), "port", qint64(4000));
    row("cli port over invalid env", list({"--port", "4000"}), list({"DATAGATE_PORT=abc"}), "port", qint64(4000));
    row("cli host over env", list({"--host", "127.0.0.1"}), list({"DATAGATE_HOST=::"}), "host", s("127.0.0.1"));
    row("cli random-interval over env", list({"--random-interval", "100"}), list({"DATAGATE_RANDOM_INTERVAL=900"}), "random-interval",
        qint64(100));
    row("cli no-gui over env 0", list({"--no-gui"}), list({"DATAGATE_NO_GUI=0"}), "no-gui", true);
    row("cli log-level over env", list({"--log-level", "error"}), list({"DATAGATE_LOG_LEVEL=debug"}), "log-level", s("error"));
    row("cli btc-providers over env", list({"--btc-providers", "kraken"}), list({"DATAGATE_BTC_PROVIDERS=binance"}), "btc-providers",
        list({"kraken"}));
    row("cli btc-url replaces env list", list({"--btc-url", "coinbase=http://127.0.0.1:1/a"}),
        list({"DATAGATE_BTC_URL=kraken=http://127.0.0.1:2/b"}), "btc-url", urlMap({{"coinbase", "http://127.0.0.1:1/a"}}));
}

void tst_Options::option()
{
    QFETCH(QStringList, arguments);
    QFETCH(QStringList, env);
    QFETCH(QString, field);
    QFETCH(QVariant, value);

    const Config::ParseResult result = parse(arguments, env);
    QVERIFY2(result.action == Action::Run, qPrintable(result.text));

    QVariantMap expected = fields(Config(AppOptions::all()));
    QVERIFY2(expected.contains(field), qPrintable(field));
    expected.insert(field, value);
    const QVariantMap actual = fields(result.config);
    for (auto it = expected.cbegin(); it != expected.cend(); ++it)
        QCOMPARE(std::make_pair(it.key(), actual.value(it.key())), std::make_pair(it.key(), it.value()));
}

void tst_Options::commandLineAndEnvironmentCombine()
{
    const Config::ParseResult result = parse({QStringLiteral("--random-interval"), QStringLiteral("50"), QStringLiteral("--no-gui")},
        {QStringLiteral("DATAGATE_PORT=3100"), QStringLiteral("DATAGATE_RANDOM_INTERVAL=900"),
            QStringLiteral("DATAGATE_LOG_LEVEL=warning")});
    QVERIFY2(result.action == Action::Run, qPrintable(result.text));
    QCOMPARE(result.config.integer(QStringLiteral("port")), 3100);
    QCOMPARE(result.config.integer(QStringLiteral("random-interval")), 50);
    QCOMPARE(result.config.toggle(QStringLiteral("no-gui")), true);
    QCOMPARE(result.config.text(QStringLiteral("log-level")), QStringLiteral("warning"));
    QCOMPARE(result.config.integer(QStringLiteral("btc-interval")), 20000);
    QCOMPARE(result.config.source(QStringLiteral("port")), Config::Source::Environment);
    QCOMPARE(result.config.source(QStringLiteral("random-interval")), Config::Source::CommandLine);
    QCOMPARE(result.config.source(QStringLiteral("btc-interval")), Config::Source::Default);
}

void tst_Options::invalid_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QStringList>("env");
    QTest::addColumn<QStringList>("mentions"); // what the message must name

    auto row = [](const char *name, const QStringList &arguments, const QStringList &env, const QStringList &mentions) {
        QTest::addRow("%s", name) << arguments << env << mentions;
    };
    auto list = [](std::initializer_list<const char *> texts) {
        QStringList out;
        for (const char *text : texts)
            out.append(QString::fromUtf8(text));
        return out;
    };

    row("port 70000", list({"--port", "70000"}), {}, list({"--port", "70000"}));
    row("port 65536", list({"--port=65536"}), {}, list({"--port", "65536"}));
    row("port negative", list({"--port=-1"}), {}, list({"--port", "-1"}));
    row("port abc", list({"--port", "abc"}), {}, list({"--port", "abc"}));
    row("port empty", list({"--port="}), {}, list({"--port"}));
    row("port fractional", list({"--port", "80.5"}), {}, list({"--port", "80.5"}));
    row("port missing value", list({"--port"}), {}, list({"--port"}));
    row("random-interval 0", list({"--random-interval", "0"}), {}, list({"--random-interval", "\"0\""}));
    row("random-interval over a day", list({"--random-interval", "86400001"}), {}, list({"--random-interval"}));
    row("random-interval text", list({"--random-interval", "1s"}), {}, list({"--random-interval", "1s"}));
    row("log-level verbose", list({"--log-level", "verbose"}), {}, list({"--log-level", "verbose"}));
    row("log-level empty", list({"--log-level="}), {}, list({"--log-level"}));
    row("host empty", list({"--host="}), {}, list({"--host"}));
    // A list with a default needs an item; only lists empty by default may be empty.
    row("btc-providers empty", list({"--btc-providers="}), {}, list({"--btc-providers"}));
    row("ping-interval 9", list({"--ping-interval", "9"}), {}, list({"--ping-interval"}));
    row("ping-timeout 0", list({"--ping-timeout", "0"}), {}, list({"--ping-timeout"}));
    row("connect-timeout text", list({"--connect-timeout", "soon"}), {}, list({"--connect-timeout", "soon"}));
    row("handshake-timeout 0", list({"--handshake-timeout", "0"}), {}, list({"--handshake-timeout"}));
    row("max-message-size 63", list({"--max-message-size", "63"}), {}, list({"--max-message-size"}));
    row("max-send-buffer 1023", list({"--max-send-buffer", "1023"}), {}, list({"--max-send-buffer"}));
    row("io-threads -1", list({"--io-threads", "-1"}), {}, list({"--io-threads"}));
    row("max-connections 0", list({"--max-connections", "0"}), {}, list({"--max-connections"}));
    row("trusted-proxies host name", list({"--trusted-proxies", "proxy.example"}), {}, list({"--trusted-proxies", "proxy.example"}));
    row("trusted-proxies bad prefix", list({"--trusted-proxies", "10.0.0.0/40"}), {}, list({"--trusted-proxies", "10.0.0.0/40"}));
    row("max-pending-handshakes 0", list({"--max-pending-handshakes", "0"}), {}, list({"--max-pending-handshakes"}));
    row("client-message-burst 0", list({"--client-message-burst", "0"}), {}, list({"--client-message-burst"}));
    row("io-threads 65", list({"--io-threads", "65"}), {}, list({"--io-threads"}));
    row("io-dispatcher glib", list({"--io-dispatcher", "glib"}), {}, list({"--io-dispatcher", "glib", "epoll, qt"}));
    row("btc-providers only separators", list({"--btc-providers", " , ,"}), {}, list({"--btc-providers"}));
    row("btc-interval 0", list({"--btc-interval", "0"}), {}, list({"--btc-interval"}));
    row("btc-timeout text", list({"--btc-timeout", "5s"}), {}, list({"--btc-timeout", "5s"}));
    row("btc-url without =", list({"--btc-url", "coinbase"}), {}, list({"--btc-url", "coinbase"}));
    row("btc-url without provider", list({"--btc-url", "=http://127.0.0.1/a"}), {}, list({"--btc-url"}));
    row("btc-url ftp", list({"--btc-url", "coinbase=ftp://127.0.0.1/a"}), {}, list({"--btc-url", "ftp://"}));
    row("btc-url without host", list({"--btc-url", "coinbase=http:///a"}), {}, list({"--btc-url"}));
    row("btc-url relative", list({"--btc-url", "coinbase=/v2/prices"}), {}, list({"--btc-url"}));
    row("btc-url not a url", list({"--btc-url", "coinbase=http://exa mple.test/"}), {}, list({"--btc-url"}));
    row("btc-url second one bad", list({"--btc-url", "coinbase=http://127.0.0.1/a", "--btc-url", "kraken"}), {},
        list({"--btc-url", "kraken"}));
    row("monitor without scheme", list({"--monitor", "gateway:3000"}), {}, list({"--monitor", "gateway:3000", "http://host:3000"}));
    row("monitor ws scheme", list({"--monitor", "ws://gateway:3000"}), {}, list({"--monitor", "ws://gateway:3000"}));
    row("monitor without host", list({"--monitor", "http:///x"}), {}, list({"--monitor"}));
    row("monitor with a query", list({"--monitor", "http://gateway:3000/?token=x"}), {}, list({"--monitor", "query"}));
    row("monitor with a user", list({"--monitor", "http://admin@gateway:3000"}), {}, list({"--monitor", "user"}));
    row("monitor-token-file missing", list({"--monitor", "http://gateway:3000", "--monitor-token-file", "/nonexistent/token"}), {},
        list({"--monitor-token-file", "/nonexistent/token"}));
    row("monitor-ca missing", list({"--monitor", "https://gateway:3000", "--monitor-ca", "/nonexistent/ca.pem"}), {},
        list({"--monitor-ca", "/nonexistent/ca.pem", "cannot read"}));
    // A file that is there but holds a key, not a certificate.
    row("monitor-ca without a certificate", list({"--monitor", "https://gateway:3000", "--monitor-ca", DATAGATE_TLS_DIR "/a.key"}), {},
        list({"--monitor-ca", "a.key", "holds no PEM certificate"}));

    row("env port abc", {}, list({"DATAGATE_PORT=abc"}), list({"--port", "DATAGATE_PORT", "abc"}));
    row("env port 70000", {}, list({"DATAGATE_PORT=70000"}), list({"--port", "DATAGATE_PORT"}));
    row("env random interval 0", {}, list({"DATAGATE_RANDOM_INTERVAL=0"}), list({"--random-interval", "DATAGATE_RANDOM_INTERVAL"}));
    row("env no gui maybe", {}, list({"DATAGATE_NO_GUI=maybe"}), list({"--no-gui", "DATAGATE_NO_GUI", "maybe"}));
    row("env log level loud", {}, list({"DATAGATE_LOG_LEVEL=loud"}), list({"--log-level", "DATAGATE_LOG_LEVEL", "loud"}));
    row("env btc url one bad entry", {}, list({"DATAGATE_BTC_URL=coinbase=http://127.0.0.1/a kraken"}),
        list({"--btc-url", "DATAGATE_BTC_URL", "kraken"}));
    row("env btc timeout empty", {}, list({"DATAGATE_BTC_TIMEOUT="}), list({"--btc-timeout", "DATAGATE_BTC_TIMEOUT"}));
    row("env bad while cli sets another option", list({"--port", "4000"}), list({"DATAGATE_IO_THREADS=many"}),
        list({"--io-threads", "DATAGATE_IO_THREADS"}));

    row("unknown option", list({"--frobnicate"}), {}, list({"frobnicate"}));
    row("stray positional argument", list({"serve"}), {}, list({"serve"}));
    row("stray positional after options", list({"--no-gui", "--port", "4000", "extra"}), {}, list({"extra"}));
    row("no-gui with a value", list({"--no-gui=false"}), {}, list({"no-gui"}));
    // Debian's hiredis has no TLS: refused at start, never plain text instead.
    row("redis over TLS", list({"--redis", "rediss://cache:6380"}), {}, list({"--redis", "TLS"}));
    row("redis not a redis URL", {}, list({"DATAGATE_REDIS=http://cache"}), list({"DATAGATE_REDIS", "scheme"}));
    row("redis lease ttl too short", list({"--redis-lease-ttl", "10"}), {}, list({"--redis-lease-ttl", "10"}));
}

void tst_Options::invalid()
{
    QFETCH(QStringList, arguments);
    QFETCH(QStringList, env);
    QFETCH(QStringList, mentions);

    const Config::ParseResult result = parse(arguments, env);
    QCOMPARE(result.action, Action::Fail);
    QVERIFY(!result.text.isEmpty());
    for (const QString &mention : mentions)
        QVERIFY2(result.text.contains(mention), qPrintable(QStringLiteral("\"%1\" does not name %2").arg(result.text, mention)));
}

void tst_Options::help_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QStringList>("env");

    QTest::addRow("--help") << QStringList {QStringLiteral("--help")} << QStringList();
    QTest::addRow("-h") << QStringList {QStringLiteral("-h")} << QStringList();
    // Qt adds --help-all and lists it in the help text.
    QTest::addRow("--help-all") << QStringList {QStringLiteral("--help-all")} << QStringList();
    // Help is still shown when the rest would not parse: that is when it is needed.
    QTest::addRow("--help with a bad option value")
        << QStringList {QStringLiteral("--port"), QStringLiteral("abc"), QStringLiteral("--help")} << QStringList();
    QTest::addRow("--help with a bad environment")
        << QStringList {QStringLiteral("--help")} << QStringList {QStringLiteral("DATAGATE_PORT=abc")};
}

void tst_Options::help()
{
    QFETCH(QStringList, arguments);
    QFETCH(QStringList, env);

    const Config::ParseResult result = parse(arguments, env);
    QCOMPARE(result.action, Action::ShowHelp);
    // Every option any layer declares, so that a new one cannot be left out.
    QStringList options {QStringLiteral("--help"), QStringLiteral("--version"), QStringLiteral("--config"),
        QStringLiteral("--print-config"), QStringLiteral("DATAGATE_")};
    for (const OptionSpec &spec : AppOptions::all())
        options.append(QStringLiteral("--") + spec.name);
    QVERIFY(options.contains(QStringLiteral("--io-dispatcher")));
    for (const QString &option : options)
        QVERIFY2(result.text.contains(option), qPrintable(option));
}

void tst_Options::version_data()
{
    QTest::addColumn<QStringList>("arguments");

    QTest::addRow("--version") << QStringList {QStringLiteral("--version")};
    QTest::addRow("-v") << QStringList {QStringLiteral("-v")};
    QTest::addRow("--version after options") << QStringList {QStringLiteral("--no-gui"), QStringLiteral("--version")};
}

void tst_Options::version()
{
    QFETCH(QStringList, arguments);

    const Config::ParseResult result = parse(arguments);
    QCOMPARE(result.action, Action::ShowVersion);
    QCOMPARE(result.text, QStringLiteral("datagate " DATAGATE_VERSION));
}

QTEST_GUILESS_MAIN(tst_Options)

#include "tst_options.moc"
