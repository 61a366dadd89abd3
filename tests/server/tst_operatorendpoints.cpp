// The operator endpoints on the shared port, over real loopback sockets:
// /healthz, /readyz, /metrics, /api/status, /api/clients, /api/history and
// DELETE /api/clients/{id}, with their status codes, content types and
// bodies, HEAD, the wrong methods and paths, the bearer tokens, and what
// Server::reconfigure() changes of them.
#include "PublishedTicks.h"
#include "RawWsClient.h"
#include "TestClients.h"
#include "TestServer.h"

#include "hub/Hub.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

namespace {

struct Answer {
    int status = 0;
    QByteArray head;
    QByteArray body;

    QByteArray header(const QByteArray &name) const
    {
        for (const QByteArray &line : head.split('\n')) {
            const qsizetype colon = line.indexOf(':');
            if (colon > 0 && line.first(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0)
                return line.sliced(colon + 1).trimmed();
        }
        return {};
    }
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

// Reads until the server closes (every answer is Connection: close), with
// the event loop running: the endpoints answer in this thread.
Answer exchangeOn(QTcpSocket &socket, const QByteArray &request, int timeoutMs = 5000)
{
    QByteArray received;
    bool closed = false;
    QObject::connect(&socket, &QTcpSocket::disconnected, &socket, [&closed] { closed = true; });
    QObject::connect(&socket, &QTcpSocket::readyRead, &socket, [&] { received += socket.readAll(); });
    socket.write(request);
    (void)QTest::qWaitFor([&] { return closed; }, timeoutMs);
    received += socket.readAll();
    Answer answer;
    const qsizetype end = received.indexOf("\r\n\r\n");
    answer.head = end < 0 ? received : received.first(end);
    answer.body = end < 0 ? QByteArray() : received.sliced(end + 4);
    const QList<QByteArray> statusLine = answer.head.split('\n').constFirst().split(' ');
    answer.status = statusLine.size() > 1 ? statusLine.at(1).toInt() : 0;
    return answer;
}

Answer request(quint16 port, const QByteArray &method, const QByteArray &target, const QByteArray &headers = {})
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::ConnectedState; }, 5000))
        return {};
    return exchangeOn(socket, method + ' ' + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "\r\n");
}

Answer get(quint16 port, const QByteArray &target, const QByteArray &headers = {})
{
    return request(port, "GET", target, headers);
}

QByteArray bearer(const QByteArray &token)
{
    return "Authorization: Bearer " + token + "\r\n";
}

bool writeFile(const QString &path, const QByteArray &text)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(text) == text.size();
}

// The value of one sample of the exposition text; NaN when absent.
double sampleValue(const QByteArray &text, const QString &sample)
{
    for (const QByteArray &line : text.split('\n')) {
        const QString current = QString::fromUtf8(line);
        if (current.startsWith(sample + QLatin1Char(' ')))
            return current.sliced(sample.size() + 1).toDouble();
    }
    return std::numeric_limits<double>::quiet_NaN();
}

const QByteArray MetricsContentType = "text/plain; version=0.0.4; charset=utf-8";

} // namespace

class tst_OperatorEndpoints final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void healthz();
    void readyzWhenEveryFeedHasStarted();
    void readyzWhileAFeedIsStarting();
    void readyzDuringShutdown();
    void head_data();
    void head();
    void wrongMethod_data();
    void wrongMethod();
    void unknownPaths_data();
    void unknownPaths();
    void metricsFormatAndFamilies();
    void metricsCountWhatHappens();
    void statusDocument();
    void clientsPaging();
    void clientsBadParameters_data();
    void clientsBadParameters();
    void disconnectClient();
    void disconnectClientRefused_data();
    void disconnectClientRefused();
    void historyDocument();
    void historyBounds_data();
    void historyBounds();
    void historyBadParameters_data();
    void historyBadParameters();
    void adminToken_data();
    void adminToken();
    void metricsToken_data();
    void metricsToken();
    void reconfigureRotatesTokens();
    void reconfigureKeepsTokensWhenAFileIsUnreadable();
    void reconfigureAppliesFeedsAndShutdownTimeout();

private:
    void startServer(const std::function<void(Config &)> &adjust = {});
    quint16 port() const { return m_server->port(); }

    std::unique_ptr<TestServer> m_server;
    QTemporaryDir m_dir;
    Config m_config;
};

void tst_OperatorEndpoints::init()
{
    m_server.reset();
}

void tst_OperatorEndpoints::cleanup()
{
    m_server.reset();
}

void tst_OperatorEndpoints::startServer(const std::function<void(Config &)> &adjust)
{
    m_config = TestServer::defaultConfig();
    if (adjust)
        adjust(m_config);
    m_server = std::make_unique<TestServer>(m_config);
    QVERIFY(m_server->start());
}

void tst_OperatorEndpoints::healthz()
{
    startServer();
    const Answer answer = get(port(), "/healthz");
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.header("Content-Type"), QByteArray("application/json"));
    QCOMPARE(answer.json(), (QJsonObject {{QStringLiteral("status"), QStringLiteral("ok")}}));
    QCOMPARE(answer.header("Content-Length").toLongLong(), answer.body.size());
}

void tst_OperatorEndpoints::readyzWhenEveryFeedHasStarted()
{
    startServer();
    // The random feed produces its first value after one interval (50 ms).
    QTRY_VERIFY(m_server->server().isReady());
    const Answer answer = get(port(), "/readyz");
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.header("Content-Type"), QByteArray("application/json"));
    QCOMPARE(answer.json().value(QStringLiteral("status")).toString(), QStringLiteral("ready"));
}

void tst_OperatorEndpoints::readyzWhileAFeedIsStarting()
{
    // An hour until the first random number: the feed stays "starting".
    startServer([](Config &config) { config.set(QStringLiteral("random-interval"), 3600 * 1000); });
    const Answer answer = get(port(), "/readyz");
    QCOMPARE(answer.status, 503);
    QCOMPARE(answer.header("Content-Type"), QByteArray("application/json"));
    QCOMPARE(answer.json().value(QStringLiteral("status")).toString(), QStringLiteral("not_ready"));
    QCOMPARE(answer.json().value(QStringLiteral("reason")).toString(), QStringLiteral("feed randomNumber is starting"));
    // Alive all the same.
    QCOMPARE(get(port(), "/healthz").status, 200);
}

void tst_OperatorEndpoints::readyzDuringShutdown()
{
    startServer([](Config &config) { config.set(QStringLiteral("shutdown-timeout"), 2000); });
    QTRY_VERIFY(m_server->server().isReady());
    // A client that takes its time, so that shutdown lasts, and a probe
    // connection accepted before it began.
    RawWsClient slow;
    QVERIFY(slow.open(port(), "/ws"));
    slow.stopReading();
    QTcpSocket probe;
    probe.connectToHost(QHostAddress::LocalHost, port());
    QTRY_COMPARE(probe.state(), QAbstractSocket::ConnectedState);
    QTest::qWait(50); // accepted and handed to an I/O thread

    m_server->server().stop();
    QString reason;
    QVERIFY(!m_server->server().isReady(&reason));
    QCOMPARE(reason, QStringLiteral("shutting down"));
    // A probe whose connection was accepted before gets 503 from the port
    // itself, which answers nothing else once shutdown has begun.
    const Answer answer = exchangeOn(probe, "GET /readyz HTTP/1.1\r\nHost: x\r\n\r\n");
    QCOMPARE(answer.status, 503);
    QCOMPARE(answer.json().value(QStringLiteral("error")).toString(), QStringLiteral("shutting_down"));
    // And no new connection is taken.
    QTcpSocket late;
    late.connectToHost(QHostAddress::LocalHost, port());
    QVERIFY(!QTest::qWaitFor([&] { return late.state() == QAbstractSocket::ConnectedState; }, 500));
}

void tst_OperatorEndpoints::head_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::addRow("healthz") << QByteArray("/healthz");
    QTest::addRow("readyz") << QByteArray("/readyz");
    QTest::addRow("metrics") << QByteArray("/metrics");
    QTest::addRow("status") << QByteArray("/api/status");
    QTest::addRow("clients") << QByteArray("/api/clients");
    QTest::addRow("history") << QByteArray("/api/history");
}

void tst_OperatorEndpoints::head()
{
    QFETCH(QByteArray, target);
    startServer();
    QTRY_VERIFY(m_server->server().isReady());
    const Answer withBody = get(port(), target);
    const Answer headOnly = request(port(), "HEAD", target);
    QCOMPARE(headOnly.status, withBody.status);
    QCOMPARE(headOnly.header("Content-Type"), withBody.header("Content-Type"));
    QVERIFY(headOnly.body.isEmpty());
    QVERIFY(headOnly.header("Content-Length").toLongLong() > 0);
    QVERIFY(!withBody.body.isEmpty());
}

void tst_OperatorEndpoints::wrongMethod_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("target");
    QTest::addRow("POST metrics") << QByteArray("POST") << QByteArray("/metrics");
    QTest::addRow("PUT status") << QByteArray("PUT") << QByteArray("/api/status");
    QTest::addRow("DELETE clients") << QByteArray("DELETE") << QByteArray("/api/clients");
    QTest::addRow("POST healthz") << QByteArray("POST") << QByteArray("/healthz");
    QTest::addRow("OPTIONS readyz") << QByteArray("OPTIONS") << QByteArray("/readyz");
}

void tst_OperatorEndpoints::wrongMethod()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, target);
    startServer();
    const Answer answer = request(port(), method, target, "Content-Length: 0\r\n");
    QCOMPARE(answer.status, 405);
    QCOMPARE(answer.header("Allow"), QByteArray("GET, HEAD"));
    QCOMPARE(answer.json().value(QStringLiteral("error")).toString(), QStringLiteral("method_not_allowed"));
}

void tst_OperatorEndpoints::unknownPaths_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::addRow("api root") << QByteArray("/api/");
    QTest::addRow("unknown api") << QByteArray("/api/nope");
    QTest::addRow("longer name") << QByteArray("/metricsz");
    QTest::addRow("below a path") << QByteArray("/healthz/deep");
    QTest::addRow("upper case") << QByteArray("/METRICS");
}

void tst_OperatorEndpoints::unknownPaths()
{
    QFETCH(QByteArray, target);
    startServer();
    const Answer answer = get(port(), target);
    QCOMPARE(answer.status, 404);
    QCOMPARE(answer.json().value(QStringLiteral("error")).toString(), QStringLiteral("not_found"));
}

void tst_OperatorEndpoints::metricsFormatAndFamilies()
{
    startServer();
    QTRY_VERIFY(m_server->server().isReady());
    const Answer answer = get(port(), "/metrics");
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.header("Content-Type"), MetricsContentType);
    const QString text = QString::fromUtf8(answer.body);
    QVERIFY(text.endsWith(QLatin1Char('\n')));

    // What the issue asks for, each with its HELP and TYPE.
    const QList<std::pair<QString, QString>> families {
        {QStringLiteral("datagate_connections"), QStringLiteral("gauge")},
        {QStringLiteral("datagate_connections_total"), QStringLiteral("counter")},
        {QStringLiteral("datagate_connections_rejected_total"), QStringLiteral("counter")},
        {QStringLiteral("datagate_subscriptions"), QStringLiteral("gauge")},
        {QStringLiteral("datagate_stream_messages_sent_total"), QStringLiteral("counter")},
        {QStringLiteral("datagate_stream_sent_bytes_total"), QStringLiteral("counter")},
        {QStringLiteral("datagate_messages_received_total"), QStringLiteral("counter")},
        {QStringLiteral("datagate_messages_rejected_total"), QStringLiteral("counter")},
        {QStringLiteral("datagate_slow_consumer_disconnects_total"), QStringLiteral("counter")},
        {QStringLiteral("datagate_upstream_requests_total"), QStringLiteral("counter")},
        {QStringLiteral("datagate_upstream_request_duration_seconds"), QStringLiteral("histogram")},
        {QStringLiteral("datagate_feed_staleness_seconds"), QStringLiteral("gauge")},
        {QStringLiteral("datagate_feed_state"), QStringLiteral("gauge")},
        {QStringLiteral("process_cpu_seconds_total"), QStringLiteral("counter")},
        {QStringLiteral("process_resident_memory_bytes"), QStringLiteral("gauge")},
        {QStringLiteral("process_open_fds"), QStringLiteral("gauge")},
        {QStringLiteral("datagate_build_info"), QStringLiteral("gauge")},
    };
    for (const auto &[name, type] : families) {
        QVERIFY2(text.contains(QStringLiteral("\n# HELP %1 ").arg(name)) || text.startsWith(QStringLiteral("# HELP %1 ").arg(name)),
            qPrintable(name));
        QVERIFY2(text.contains(QStringLiteral("\n# TYPE %1 %2\n").arg(name, type))
                || text.contains(QStringLiteral("# TYPE %1 %2\n").arg(name, type)),
            qPrintable(name));
    }
    // Every sample belongs to the family declared last, so a family is never split.
    QString family;
    QSet<QString> seen;
    for (const QString &line : text.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        if (line.startsWith(QLatin1String("# TYPE "))) {
            family = line.section(QLatin1Char(' '), 2, 2);
            QVERIFY2(!seen.contains(family), qPrintable(family));
            seen.insert(family);
        } else if (!line.startsWith(QLatin1Char('#'))) {
            const QString name = line.section(QRegularExpression(QStringLiteral("[{ ]")), 0, 0);
            QVERIFY2(name == family || name == family + QLatin1String("_bucket") || name == family + QLatin1String("_sum")
                    || name == family + QLatin1String("_count"),
                qPrintable(line));
        }
    }
    QCOMPARE(sampleValue(answer.body,
                 QStringLiteral("datagate_build_info{version=\"%1\",qt_version=\"%2\"}")
                     .arg(QStringLiteral(DATAGATE_VERSION), QString::fromLatin1(qVersion()))),
        1.0);
    QCOMPARE(sampleValue(answer.body, QStringLiteral("datagate_feed_state{feed=\"randomNumber\",state=\"healthy\"}")), 1.0);
    QCOMPARE(sampleValue(answer.body, QStringLiteral("datagate_feed_state{feed=\"randomNumber\",state=\"starting\"}")), 0.0);
    QVERIFY(sampleValue(answer.body, QStringLiteral("process_resident_memory_bytes")) > 1e6);
    QVERIFY(sampleValue(answer.body, QStringLiteral("process_open_fds")) > 3);
}

void tst_OperatorEndpoints::metricsCountWhatHappens()
{
    startServer();
    auto metrics = [this] { return get(port(), "/metrics").body; };
    const QByteArray before = metrics();
    QCOMPARE(sampleValue(before, QStringLiteral("datagate_connections{protocol=\"json\"}")), 0.0);

    JsonTestClient json;
    QVERIFY(json.connectTo(m_server->jsonUrl()));
    json.sendJson({{QStringLiteral("event"), QStringLiteral("subscribeRandomNumber")}});
    QVERIFY(!json.nextEvent(QStringLiteral("randomNumber")).isEmpty());
    json.send(QStringLiteral("{not json"));
    QVERIFY(!json.nextEvent(QStringLiteral("error")).isEmpty());
    QCOMPARE(get(port(), "/nope").status, 404);

    const QByteArray after = metrics();
    QCOMPARE(sampleValue(after, QStringLiteral("datagate_connections{protocol=\"json\"}")), 1.0);
    QCOMPARE(sampleValue(after, QStringLiteral("datagate_connections_total{protocol=\"json\"}")), 1.0);
    QCOMPARE(sampleValue(after, QStringLiteral("datagate_subscriptions{stream=\"randomNumber\"}")), 1.0);
    QCOMPARE(sampleValue(after, QStringLiteral("datagate_subscriptions{stream=\"bitcoinPrice\"}")), 0.0);
    QVERIFY(sampleValue(after, QStringLiteral("datagate_stream_messages_sent_total{stream=\"randomNumber\"}")) >= 1);
    QVERIFY(sampleValue(after, QStringLiteral("datagate_stream_sent_bytes_total{stream=\"randomNumber\"}")) > 10);
    QCOMPARE(sampleValue(after, QStringLiteral("datagate_messages_received_total{protocol=\"json\"}")), 2.0);
    QCOMPARE(sampleValue(after, QStringLiteral("datagate_messages_rejected_total{protocol=\"json\",reason=\"bad_json\"}")), 1.0);
    QVERIFY(sampleValue(after, QStringLiteral("datagate_connections_rejected_total{protocol=\"http\",reason=\"not_found\"}")) >= 1);
    // The simulated provider counts as an upstream with outcomes.
    QVERIFY(sampleValue(
                after, QStringLiteral("datagate_upstream_requests_total{feed=\"bitcoinPrice\",provider=\"simulated\",outcome=\"success\"}"))
        >= 1);
}

void tst_OperatorEndpoints::statusDocument()
{
    startServer();
    QTRY_VERIFY(m_server->server().isReady());
    JsonTestClient json;
    SocketIoTestClient sio;
    QVERIFY(json.connectTo(m_server->jsonUrl()));
    QVERIFY(sio.connectTo(m_server->socketIoUrl()));
    sio.emitEvent(QStringLiteral("subscribeBitcoinPrice"), 1);
    QVERIFY(!sio.waitForAck(1).isEmpty());

    const Answer answer = get(port(), "/api/status");
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.header("Content-Type"), QByteArray("application/json"));
    const QJsonObject status = answer.json();
    QCOMPARE(status[QStringLiteral("version")].toString(), QStringLiteral(DATAGATE_VERSION));
    QVERIFY(status[QStringLiteral("uptimeSeconds")].toDouble() >= 0);
    QCOMPARE(status[QStringLiteral("listen")][QStringLiteral("port")].toInt(), port());
    QCOMPARE(status[QStringLiteral("listen")][QStringLiteral("host")].toString(), QStringLiteral("127.0.0.1"));
    QCOMPARE(status[QStringLiteral("ready")].toBool(), true);
    QCOMPARE(status[QStringLiteral("clients")][QStringLiteral("json")].toInt(), 1);
    QCOMPARE(status[QStringLiteral("clients")][QStringLiteral("socket.io")].toInt(), 1);
    QCOMPARE(status[QStringLiteral("clients")][QStringLiteral("total")].toInt(), 2);
    const QJsonArray streams = status[QStringLiteral("streams")].toArray();
    QCOMPARE(streams.size(), 2);
    QCOMPARE(streams.at(0)[QStringLiteral("name")].toString(), QStringLiteral("randomNumber"));
    QCOMPARE(streams.at(1)[QStringLiteral("name")].toString(), QStringLiteral("bitcoinPrice"));
    QCOMPARE(streams.at(1)[QStringLiteral("subscribers")].toInt(), 1);
    QCOMPARE(streams.at(0)[QStringLiteral("health")][QStringLiteral("state")].toString(), QStringLiteral("healthy"));
    const QJsonArray providers = streams.at(1)[QStringLiteral("health")][QStringLiteral("providers")].toArray();
    QCOMPARE(providers.size(), 1);
    QCOMPARE(providers.at(0)[QStringLiteral("name")].toString(), QStringLiteral("simulated"));
    QVERIFY(status[QStringLiteral("process")][QStringLiteral("residentBytes")].toDouble() > 0);
    QVERIFY(status[QStringLiteral("limits")][QStringLiteral("maxSendBufferBytes")].toInteger() > 0);
}

void tst_OperatorEndpoints::clientsPaging()
{
    startServer();
    std::vector<std::unique_ptr<JsonTestClient>> clients;
    for (int i = 0; i < 5; ++i) {
        clients.push_back(std::make_unique<JsonTestClient>());
        QVERIFY(clients.back()->connectTo(m_server->jsonUrl()));
    }
    const QJsonObject all = get(port(), "/api/clients").json();
    QCOMPARE(all[QStringLiteral("total")].toInt(), 5);
    QCOMPARE(all[QStringLiteral("offset")].toInt(), 0);
    QCOMPARE(all[QStringLiteral("limit")].toInt(), 100); // the default page
    const QJsonArray everyone = all[QStringLiteral("clients")].toArray();
    QCOMPARE(everyone.size(), 5);
    for (qsizetype i = 1; i < everyone.size(); ++i) // in the order they connected
        QVERIFY(everyone.at(i)[QStringLiteral("id")].toInteger() > everyone.at(i - 1)[QStringLiteral("id")].toInteger());

    const Answer page = get(port(), "/api/clients?offset=1&limit=2");
    QCOMPARE(page.status, 200);
    QCOMPARE(page.header("Content-Type"), QByteArray("application/json"));
    const QJsonArray second = page.json()[QStringLiteral("clients")].toArray();
    QCOMPARE(second.size(), 2);
    QCOMPARE(second.at(0)[QStringLiteral("id")], everyone.at(1)[QStringLiteral("id")]);
    QCOMPARE(second.at(1)[QStringLiteral("id")], everyone.at(2)[QStringLiteral("id")]);
    QCOMPARE(page.json()[QStringLiteral("total")].toInt(), 5);
    QCOMPARE(get(port(), "/api/clients?offset=4&limit=2").json()[QStringLiteral("clients")].toArray().size(), 1);
    QCOMPARE(get(port(), "/api/clients?offset=50").json()[QStringLiteral("clients")].toArray().size(), 0);
    QCOMPARE(everyone.at(0)[QStringLiteral("protocol")].toString(), QStringLiteral("json"));
}

void tst_OperatorEndpoints::clientsBadParameters_data()
{
    QTest::addColumn<QByteArray>("query");
    QTest::addRow("negative offset") << QByteArray("offset=-1");
    QTest::addRow("offset not a number") << QByteArray("offset=x");
    QTest::addRow("zero limit") << QByteArray("limit=0");
    QTest::addRow("limit too big") << QByteArray("limit=1001");
    QTest::addRow("limit not a number") << QByteArray("limit=ten");
    QTest::addRow("empty limit") << QByteArray("limit=");
}

void tst_OperatorEndpoints::clientsBadParameters()
{
    QFETCH(QByteArray, query);
    startServer();
    const Answer answer = get(port(), "/api/clients?" + query);
    QCOMPARE(answer.status, 400);
    QCOMPARE(answer.header("Content-Type"), QByteArray("application/json"));
    QCOMPARE(answer.json()[QStringLiteral("error")].toString(), QStringLiteral("bad_request"));
    QVERIFY(answer.json()[QStringLiteral("message")].toString().contains(QLatin1String("limit")));
}

void tst_OperatorEndpoints::disconnectClient()
{
    startServer();
    JsonTestClient stays;
    QVERIFY(stays.connectTo(m_server->jsonUrl()));
    JsonTestClient leaves;
    QVERIFY(leaves.connectTo(m_server->jsonUrl()));
    const QJsonArray clients = get(port(), "/api/clients").json()[QStringLiteral("clients")].toArray();
    QCOMPARE(clients.size(), 2);
    const QString peer = QStringLiteral("127.0.0.1:%1").arg(leaves.socket().localPort());
    const QJsonValue client = *std::find_if(
        clients.cbegin(), clients.cend(), [&peer](const QJsonValue &value) { return value[QStringLiteral("peer")].toString() == peer; });
    const QByteArray target = "/api/clients/" + QByteArray::number(client[QStringLiteral("id")].toInteger());

    const Answer answer = request(port(), "DELETE", target);
    QCOMPARE(answer.status, 204);
    QVERIFY(answer.body.isEmpty());
    // A 204 has no body and no Content-Length saying so.
    QVERIFY(answer.header("Content-Length").isEmpty());
    // Closed as the dashboard's Disconnect closes it.
    QVERIFY(leaves.waitForDisconnect());
    QCOMPARE(leaves.closeCode(), QWebSocketProtocol::CloseCodeNormal);
    QCOMPARE(leaves.closeReason(), QStringLiteral("disconnected by the operator"));
    QVERIFY(stays.isConnected());
    QTRY_COMPARE(get(port(), "/api/clients").json()[QStringLiteral("total")].toInt(), 1);

    // Gone: there is nothing to delete any more.
    const Answer again = request(port(), "DELETE", target);
    QCOMPARE(again.status, 404);
    QCOMPARE(again.json()[QStringLiteral("error")].toString(), QStringLiteral("not_found"));
    QVERIFY(stays.isConnected());
}

void tst_OperatorEndpoints::disconnectClientRefused_data()
{
    // "{id}" is the id of the connected client; the server wants a token.
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("headers");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("allow");
    const QByteArray token = bearer("admin-secret");
    QTest::addRow("no token") << QByteArray("DELETE") << QByteArray("/api/clients/{id}") << QByteArray() << 401 << QByteArray();
    QTest::addRow("wrong token") << QByteArray("DELETE") << QByteArray("/api/clients/{id}") << bearer("wrong") << 401 << QByteArray();
    QTest::addRow("unknown id") << QByteArray("DELETE") << QByteArray("/api/clients/987654321") << token << 404 << QByteArray();
    QTest::addRow("not an id") << QByteArray("DELETE") << QByteArray("/api/clients/abc") << token << 404 << QByteArray();
    QTest::addRow("negative id") << QByteArray("DELETE") << QByteArray("/api/clients/-1") << token << 404 << QByteArray();
    QTest::addRow("below a client") << QByteArray("DELETE") << QByteArray("/api/clients/{id}/x") << token << 404 << QByteArray();
    QTest::addRow("GET a client") << QByteArray("GET") << QByteArray("/api/clients/{id}") << token << 405 << QByteArray("DELETE");
    QTest::addRow("POST a client") << QByteArray("POST") << QByteArray("/api/clients/{id}") << token << 405 << QByteArray("DELETE");
    QTest::addRow("DELETE the list") << QByteArray("DELETE") << QByteArray("/api/clients") << token << 405 << QByteArray("GET, HEAD");
    QTest::addRow("DELETE history") << QByteArray("DELETE") << QByteArray("/api/history") << token << 405 << QByteArray("GET, HEAD");
}

void tst_OperatorEndpoints::disconnectClientRefused()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, headers);
    QFETCH(int, status);
    QFETCH(QByteArray, allow);
    const QString tokens = m_dir.filePath(QStringLiteral("admin.tokens"));
    QVERIFY(writeFile(tokens, "admin-secret\n"));
    startServer([&tokens](Config &config) { config.set(QStringLiteral("admin-token-file"), tokens); });
    JsonTestClient client;
    QVERIFY(client.connectTo(m_server->jsonUrl()));
    const QJsonArray clients = get(port(), "/api/clients", bearer("admin-secret")).json()[QStringLiteral("clients")].toArray();
    QCOMPARE(clients.size(), 1);
    target.replace("{id}", QByteArray::number(clients.at(0)[QStringLiteral("id")].toInteger()));

    const Answer answer = request(port(), method, target, headers + "Content-Length: 0\r\n");
    QCOMPARE(answer.status, status);
    QCOMPARE(answer.header("Allow"), allow);
    QVERIFY(!answer.json()[QStringLiteral("error")].toString().isEmpty());
    // Refused: the client is still there, and stays.
    QCOMPARE(get(port(), "/api/clients", bearer("admin-secret")).json()[QStringLiteral("total")].toInt(), 1);
    QVERIFY(client.isConnected());
}

void tst_OperatorEndpoints::historyDocument()
{
    m_server = std::make_unique<TestServer>(PublishedTicks::quietConfig());
    QVERIFY(PublishedTicks::startQuiet(*m_server));
    Hub &hub = *m_server->server().hub();
    const QString random = QStringLiteral("randomNumber");
    const QString price = QStringLiteral("bitcoinPrice");
    // What the feeds published before they were stopped is held too.
    const quint64 randomBefore = hub.lastSeq(random);
    const quint64 priceBefore = hub.lastSeq(price);
    const quint64 randomLast = PublishedTicks::publish(hub, random, 4);
    PublishedTicks::publish(hub, price, 2);
    const quint64 priceLast = PublishedTicks::publish(hub, price, 1, 0, {{QStringLiteral("stale"), true}});

    const Answer answer = get(port(), "/api/history");
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.header("Content-Type"), QByteArray("application/json"));
    const QJsonObject document = answer.json();
    QCOMPARE(document[QStringLiteral("historySize")].toInteger(), m_config.integer(QStringLiteral("history-size")));
    QCOMPARE(document[QStringLiteral("historyTtlMs")].toInteger(), m_config.integer(QStringLiteral("history-ttl")));
    const QJsonArray streams = document[QStringLiteral("streams")].toArray();
    // Every stream, in the hub's order, each tick as /ws sends its data.
    const QList<StreamInfo> infos = hub.streams();
    QCOMPARE(streams.size(), infos.size());
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (qsizetype i = 0; i < infos.size(); ++i) {
        const QJsonObject stream = streams.at(i).toObject();
        const StreamInfo &info = infos.at(i);
        QCOMPARE(stream[QStringLiteral("name")].toString(), info.name);
        QCOMPARE(stream[QStringLiteral("valueKey")].toString(), info.valueKey);
        QCOMPARE(stream[QStringLiteral("epoch")].toString(), hub.epoch());
        const QJsonArray all = stream[QStringLiteral("ticks")].toArray();
        const quint64 before = info.name == random ? randomBefore : priceBefore;
        const quint64 last = info.name == random ? randomLast : priceLast;
        QJsonArray ticks;
        for (const QJsonValue &tick : all) {
            if (quint64(tick[QStringLiteral("seq")].toInteger()) > before)
                ticks.append(tick);
        }
        QCOMPARE(quint64(ticks.size()), last - before);
        for (qsizetype t = 0; t < ticks.size(); ++t) {
            const QJsonObject tick = ticks.at(t).toObject();
            const quint64 seq = before + 1 + quint64(t);
            QCOMPARE(quint64(tick[QStringLiteral("seq")].toInteger()), seq);
            QVERIFY(qAbs(tick[QStringLiteral("ts")].toInteger() - now) < 5000);
            if (info.name == random)
                QCOMPARE(tick[info.valueKey].toInteger(), qint64(seq % 100));
            else
                QCOMPARE(tick[info.valueKey].toDouble(), 1000.5 + double(seq));
            QCOMPARE(tick[QStringLiteral("stale")].toBool(), info.name == price && seq == priceLast);
        }
    }
    // HEAD: the same headers, no body.
    const Answer head = request(port(), "HEAD", "/api/history");
    QCOMPARE(head.status, 200);
    QVERIFY(head.body.isEmpty());
}

void tst_OperatorEndpoints::historyBounds_data()
{
    QTest::addColumn<int>("historySize");
    QTest::addColumn<QByteArray>("query");
    QTest::addColumn<qint64>("ageMs"); // of the ticks published
    QTest::addColumn<int>("expected"); // the latest ticks of randomNumber in the answer
    QTest::addColumn<int>("streams");
    QTest::addRow("all held") << 300 << QByteArray() << qint64(0) << 5 << 2;
    QTest::addRow("the last of --history-size") << 3 << QByteArray() << qint64(0) << 3 << 2;
    QTest::addRow("limit") << 300 << QByteArray("?limit=2") << qint64(0) << 2 << 2;
    QTest::addRow("one stream") << 300 << QByteArray("?stream=randomNumber") << qint64(0) << 5 << 1;
    QTest::addRow("history off") << 0 << QByteArray() << qint64(0) << 0 << 2;
    QTest::addRow("older than --history-ttl") << 300 << QByteArray() << qint64(60 * 1000) << 0 << 2;
}

void tst_OperatorEndpoints::historyBounds()
{
    QFETCH(int, historySize);
    QFETCH(QByteArray, query);
    QFETCH(qint64, ageMs);
    QFETCH(int, expected);
    QFETCH(int, streams);
    Config config = PublishedTicks::quietConfig();
    config.set(QStringLiteral("history-size"), historySize);
    config.set(QStringLiteral("history-ttl"), 30 * 1000);
    m_server = std::make_unique<TestServer>(config);
    QVERIFY(PublishedTicks::startQuiet(*m_server));
    const QString random = QStringLiteral("randomNumber");
    // Whatever the feed published before it was stopped is fresh, and not
    // what this test is about.
    const quint64 before = m_server->server().hub()->lastSeq(random);
    const quint64 last = PublishedTicks::publish(*m_server->server().hub(), random, 5, ageMs);

    const Answer answer = get(port(), "/api/history" + query);
    QCOMPARE(answer.status, 200);
    const QJsonArray list = answer.json()[QStringLiteral("streams")].toArray();
    QCOMPARE(list.size(), streams);
    QCOMPARE(list.at(0)[QStringLiteral("name")].toString(), random);
    QList<quint64> seqs;
    quint64 previous = 0;
    for (const QJsonValue &tick : list.at(0)[QStringLiteral("ticks")].toArray()) {
        const quint64 seq = quint64(tick[QStringLiteral("seq")].toInteger());
        QVERIFY(seq > std::exchange(previous, seq)); // oldest first
        if (seq > before)
            seqs.append(seq);
    }
    QCOMPARE(seqs.size(), expected);
    for (qsizetype i = 0; i < seqs.size(); ++i) // the latest
        QCOMPARE(seqs.at(i), last - quint64(expected - 1 - i));
}

void tst_OperatorEndpoints::historyBadParameters_data()
{
    QTest::addColumn<QByteArray>("query");
    QTest::addColumn<QString>("mentions");
    QTest::addRow("zero limit") << QByteArray("limit=0") << QStringLiteral("limit");
    QTest::addRow("limit too big") << QByteArray("limit=10001") << QStringLiteral("limit");
    QTest::addRow("limit not a number") << QByteArray("limit=all") << QStringLiteral("limit");
    QTest::addRow("unknown stream") << QByteArray("stream=nope") << QStringLiteral("nope");
    QTest::addRow("empty stream") << QByteArray("stream=") << QStringLiteral("stream");
}

void tst_OperatorEndpoints::historyBadParameters()
{
    QFETCH(QByteArray, query);
    QFETCH(QString, mentions);
    startServer();
    const Answer answer = get(port(), "/api/history?" + query);
    QCOMPARE(answer.status, 400);
    QCOMPARE(answer.json()[QStringLiteral("error")].toString(), QStringLiteral("bad_request"));
    QVERIFY2(answer.json()[QStringLiteral("message")].toString().contains(mentions), answer.body.constData());
}

void tst_OperatorEndpoints::adminToken_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("headers");
    QTest::addColumn<int>("status");
    QTest::addRow("status, no token") << QByteArray("/api/status") << QByteArray() << 401;
    QTest::addRow("status, wrong token") << QByteArray("/api/status") << bearer("wrong") << 401;
    QTest::addRow("status, a prefix of the token") << QByteArray("/api/status") << bearer("adm") << 401;
    QTest::addRow("status, not bearer") << QByteArray("/api/status") << QByteArray("Authorization: Basic YWRtaW4=\r\n") << 401;
    QTest::addRow("status, token") << QByteArray("/api/status") << bearer("admin-secret") << 200;
    QTest::addRow("status, second token") << QByteArray("/api/status") << bearer("other-secret") << 200;
    QTest::addRow("clients, no token") << QByteArray("/api/clients") << QByteArray() << 401;
    QTest::addRow("clients, token") << QByteArray("/api/clients") << bearer("admin-secret") << 200;
    QTest::addRow("history, no token") << QByteArray("/api/history") << QByteArray() << 401;
    QTest::addRow("history, token") << QByteArray("/api/history") << bearer("admin-secret") << 200;
    // The probes and /metrics stay open.
    QTest::addRow("metrics") << QByteArray("/metrics") << QByteArray() << 200;
    QTest::addRow("healthz") << QByteArray("/healthz") << QByteArray() << 200;
}

void tst_OperatorEndpoints::adminToken()
{
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, headers);
    QFETCH(int, status);
    const QString tokens = m_dir.filePath(QStringLiteral("admin.tokens"));
    QVERIFY(writeFile(tokens, "# operators\nadmin-secret\n\nother-secret\n"));
    startServer([&tokens](Config &config) { config.set(QStringLiteral("admin-token-file"), tokens); });
    const Answer answer = get(port(), target, headers);
    QCOMPARE(answer.status, status);
    if (status == 401) {
        QCOMPARE(answer.header("WWW-Authenticate"), QByteArray("Bearer realm=\"datagate\""));
        QCOMPARE(answer.json()[QStringLiteral("error")].toString(), QStringLiteral("unauthorized"));
        QVERIFY(!answer.body.contains("secret") && !answer.head.contains("secret"));
    }
}

void tst_OperatorEndpoints::metricsToken_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("headers");
    QTest::addColumn<int>("status");
    QTest::addRow("metrics, no token") << QByteArray("/metrics") << QByteArray() << 401;
    QTest::addRow("metrics, token") << QByteArray("/metrics") << bearer("scrape-secret") << 200;
    QTest::addRow("healthz, no token") << QByteArray("/healthz") << QByteArray() << 401;
    QTest::addRow("healthz, token") << QByteArray("/healthz") << bearer("scrape-secret") << 200;
    QTest::addRow("readyz, no token") << QByteArray("/readyz") << QByteArray() << 401;
    // /api/* is open without an admin token file.
    QTest::addRow("status, no token") << QByteArray("/api/status") << QByteArray() << 200;
}

void tst_OperatorEndpoints::metricsToken()
{
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, headers);
    QFETCH(int, status);
    const QString tokens = m_dir.filePath(QStringLiteral("metrics.tokens"));
    QVERIFY(writeFile(tokens, "scrape-secret\n"));
    startServer([&tokens](Config &config) { config.set(QStringLiteral("metrics-token-file"), tokens); });
    QCOMPARE(get(port(), target, headers).status, status);
}

void tst_OperatorEndpoints::reconfigureRotatesTokens()
{
    const QString tokens = m_dir.filePath(QStringLiteral("rotating.tokens"));
    QVERIFY(writeFile(tokens, "first\n"));
    startServer([&tokens](Config &config) { config.set(QStringLiteral("admin-token-file"), tokens); });
    QCOMPARE(get(port(), "/api/status", bearer("first")).status, 200);

    QVERIFY(writeFile(tokens, "second\n"));
    QCOMPARE(get(port(), "/api/status", bearer("second")).status, 401); // not before a reload
    QStringList errors;
    const QStringList applied = m_server->server().reconfigure(m_config, &errors);
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));
    QVERIFY(applied.contains(QStringLiteral("admin-token-file: tokens read from ") + tokens));
    QCOMPARE(get(port(), "/api/status", bearer("second")).status, 200);
    QCOMPARE(get(port(), "/api/status", bearer("first")).status, 401);

    // No file any more: open again.
    Config open = m_config;
    open.set(QStringLiteral("admin-token-file"), QString());
    m_server->server().reconfigure(open);
    QCOMPARE(get(port(), "/api/status").status, 200);
}

void tst_OperatorEndpoints::reconfigureKeepsTokensWhenAFileIsUnreadable()
{
    const QString tokens = m_dir.filePath(QStringLiteral("kept.tokens"));
    QVERIFY(writeFile(tokens, "kept\n"));
    startServer([&tokens](Config &config) { config.set(QStringLiteral("admin-token-file"), tokens); });
    QVERIFY(QFile::remove(tokens));
    QStringList errors;
    m_server->server().reconfigure(m_config, &errors);
    QCOMPARE(errors.size(), 1);
    QVERIFY2(errors.constFirst().contains(tokens) && errors.constFirst().contains(QLatin1String("the tokens in force stay")),
        qPrintable(errors.constFirst()));
    QCOMPARE(get(port(), "/api/status", bearer("kept")).status, 200);
    QCOMPARE(get(port(), "/api/status").status, 401);
}

void tst_OperatorEndpoints::reconfigureAppliesFeedsAndShutdownTimeout()
{
    startServer();
    Config next = m_config;
    next.set(QStringLiteral("random-interval"), 3000);
    next.set(QStringLiteral("btc-interval"), 1000);
    next.set(QStringLiteral("shutdown-timeout"), 1234);
    next.set(QStringLiteral("port"), 1); // needs a restart: not the server's business here
    const QStringList applied = m_server->server().reconfigure(next);
    QCOMPARE(applied,
        (QStringList {QStringLiteral("random-interval: 50 ms -> 3000 ms"), QStringLiteral("btc-interval: 3600000 ms -> 1000 ms"),
            QStringLiteral("shutdown-timeout: 5000 ms -> 1234 ms")}));
    QVERIFY(m_server->server().reconfigure(next).isEmpty()); // nothing changes twice
    // The status shows the feed's new description.
    const QJsonArray streams = get(port(), "/api/status").json()[QStringLiteral("streams")].toArray();
    QVERIFY(streams.at(1)[QStringLiteral("description")].toString().endsWith(QLatin1String("every 1 s")));
    QCOMPARE(m_server->port(), port()); // still where it was
}

QTEST_GUILESS_MAIN(tst_OperatorEndpoints)
#include "tst_operatorendpoints.moc"
