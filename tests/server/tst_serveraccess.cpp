// Access control and origins through a real Server over loopback sockets
// (docs/security.md): 401 and 403 at the handshake, the Socket.IO CONNECT
// refused with CONNECT_ERROR, a subscribe outside a JWT's streams refused on
// both protocols, the connection closed with 4001 when its JWT expires, and
// the token files read again by reconfigure() (SIGHUP) while the clients
// already connected keep their access. Every refusal is counted by reason.
#include "RawWsClient.h"
#include "TestClients.h"
#include "TestJwt.h"
#include "TestServer.h"
#include "UpgradeAttempt.h"

#include "model/TrafficStats.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace {

const QString Random = QStringLiteral("randomNumber");
const QString Bitcoin = QStringLiteral("bitcoinPrice");
const QByteArray StaticToken = "static-token-for-the-tests";
const QByteArray GoodOrigin = "https://app.example.com";

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(content) == content.size();
}

qint64 nowS()
{
    return QDateTime::currentSecsSinceEpoch();
}

// A JWT for randomNumber only, valid for an hour.
QByteArray randomOnlyJwt()
{
    return TestJwt::hs256({{QStringLiteral("exp"), nowS() + 3600}, {QStringLiteral("streams"), QJsonArray {Random}}});
}

TrafficStats::Protocol protocolStats(Server &server, const QString &protocol)
{
    return TestServer::trafficStats(server).protocols.value(protocol);
}

QString connectPacket(const QByteArray &token)
{
    return QStringLiteral("40/data,")
        + QString::fromUtf8(
            QJsonDocument(QJsonObject {{QStringLiteral("token"), QString::fromUtf8(token)}}).toJson(QJsonDocument::Compact));
}

} // namespace

class TestServerAccess final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void handshake_data();
    void handshake();
    void socketIoConnect_data();
    void socketIoConnect();
    void forbiddenSubscribe();
    void expiryCloses();
    void reloadOnSighup();
    void noTokenFilesNoChange();

private:
    // Starts a server that requires a token or a JWT, with a leeway of
    // `leeway` s, and allows https://*.example.com.
    bool startServer(int leeway = 30);

    std::unique_ptr<QTemporaryDir> m_dir;
    Config m_config;
    std::unique_ptr<TestServer> m_server;
};

void TestServerAccess::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(writeFile(m_dir->filePath(QStringLiteral("tokens")), "# for the tests\n" + StaticToken + "\n"));
    QVERIFY(writeFile(m_dir->filePath(QStringLiteral("secret")), TestJwt::Secret + '\n'));
}

void TestServerAccess::cleanup()
{
    m_server.reset();
    m_dir.reset();
}

bool TestServerAccess::startServer(int leeway)
{
    m_config = TestServer::defaultConfig();
    m_config.set(QStringLiteral("auth-token-file"), m_dir->filePath(QStringLiteral("tokens")));
    m_config.set(QStringLiteral("jwt-secret-file"), m_dir->filePath(QStringLiteral("secret")));
    m_config.set(QStringLiteral("jwt-leeway"), leeway);
    m_config.set(QStringLiteral("allowed-origins"), QStringList {QStringLiteral("https://*.example.com")});
    m_server = std::make_unique<TestServer>(m_config);
    return m_server->start();
}

void TestServerAccess::handshake_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("headers");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("protocol"); // whose rejection is counted
    QTest::addColumn<QString>("reason"); // the error code and metric label; empty for 101
    QTest::addColumn<QByteArray>("secret"); // what the answer must not hold

    const QByteArray json = "/ws";
    const QByteArray sio = "/socket.io/?EIO=4&transport=websocket";
    const QByteArray origin = "Origin: " + GoodOrigin + "\r\n";
    const QByteArray expired = TestJwt::hs256({{QStringLiteral("exp"), nowS() - 3600}});
    const QByteArray foreign = TestJwt::hs256({}, "a-secret-that-is-not-the-servers-own");
    const QByteArray none = TestJwt::make({{QStringLiteral("alg"), QStringLiteral("none")}}, {}, {}, QCryptographicHash::Sha256, false);
    const QByteArray good = randomOnlyJwt();
    const QString json_ = TrafficStats::Json;
    const QString sio_ = TrafficStats::SocketIo;
    const QString unauthorized = QStringLiteral("unauthorized");
    const QString forbiddenOrigin = QStringLiteral("forbidden_origin");

    QTest::addRow("json: bearer JWT") << json << QByteArray(origin + "Authorization: Bearer " + good + "\r\n") << 101 << json_ << QString()
                                      << QByteArray();
    QTest::addRow("json: static token in the query")
        << QByteArray(json + "?token=" + StaticToken) << origin << 101 << json_ << QString() << QByteArray();
    QTest::addRow("json: no Origin (not a browser)")
        << json << QByteArray("Authorization: Bearer " + StaticToken + "\r\n") << 101 << json_ << QString() << QByteArray();
    QTest::addRow("json: no token") << json << origin << 401 << json_ << unauthorized << QByteArray();
    QTest::addRow("json: wrong static token") << json << QByteArray(origin + "Authorization: Bearer not-" + StaticToken + "\r\n") << 401
                                              << json_ << unauthorized << QByteArray("not-" + StaticToken);
    QTest::addRow("json: expired JWT") << QByteArray(json + "?token=" + expired) << origin << 401 << json_ << unauthorized << expired;
    QTest::addRow("json: JWT signed with another secret")
        << json << QByteArray(origin + "Authorization: Bearer " + foreign + "\r\n") << 401 << json_ << unauthorized << foreign;
    QTest::addRow("json: alg none") << json << QByteArray(origin + "Authorization: Bearer " + none + "\r\n") << 401 << json_ << unauthorized
                                    << none;
    QTest::addRow("json: origin not allowed") << json << QByteArray("Origin: https://evil.test\r\nAuthorization: Bearer " + good + "\r\n")
                                              << 403 << json_ << forbiddenOrigin << good;
    QTest::addRow("json: the domain itself is no subdomain")
        << json << QByteArray("Origin: https://example.com\r\nAuthorization: Bearer " + StaticToken + "\r\n") << 403 << json_
        << forbiddenOrigin << StaticToken;
    // Socket.IO presents its token in its CONNECT packet, after the upgrade.
    QTest::addRow("socket.io: upgraded without a token") << sio << origin << 101 << sio_ << QString() << QByteArray();
    QTest::addRow("socket.io: origin not allowed")
        << sio << QByteArray("Origin: http://app.example.com\r\n") << 403 << sio_ << forbiddenOrigin << QByteArray();
}

void TestServerAccess::handshake()
{
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, headers);
    QFETCH(int, status);
    QFETCH(QString, protocol);
    QFETCH(QString, reason);
    QFETCH(QByteArray, secret);
    QVERIFY(startServer());

    const UpgradeAttempt answer = UpgradeAttempt::upgrade(m_server->port(), target, headers);
    QCOMPARE(answer.status, status);
    if (status == 101)
        return;
    const QJsonObject body = QJsonDocument::fromJson(answer.body).object();
    QCOMPARE(body.value(QStringLiteral("error")).toString(), reason);
    QVERIFY(!body.value(QStringLiteral("message")).toString().isEmpty());
    if (!secret.isEmpty())
        QVERIFY2(!answer.head.contains(secret) && !answer.body.contains(secret), answer.body.constData());
    if (status == 401)
        QVERIFY(answer.head.contains("\r\nWWW-Authenticate: Bearer"));
    QTRY_COMPARE(protocolStats(m_server->server(), protocol).connectionsRejected.value(reason), quint64(1));
}

void TestServerAccess::socketIoConnect_data()
{
    QTest::addColumn<QString>("connect");
    QTest::addColumn<bool>("joined");
    QTest::addColumn<QString>("reason"); // err.data.reason of the refusal

    QTest::addRow("static token") << connectPacket(StaticToken) << true << QString();
    QTest::addRow("JWT") << connectPacket(randomOnlyJwt()) << true << QString();
    QTest::addRow("no auth payload") << QStringLiteral("40/data,") << false << QStringLiteral("a token is required");
    QTest::addRow("token not a string") << QStringLiteral("40/data,{\"token\":42}") << false << QStringLiteral("a token is required");
    QTest::addRow("wrong token") << connectPacket("wrong") << false << QStringLiteral("malformed token");
    QTest::addRow("JWT signed with another secret")
        << connectPacket(TestJwt::hs256({}, "a-secret-that-is-not-the-servers-own")) << false << QStringLiteral("invalid token signature");
    QTest::addRow("expired JWT") << connectPacket(TestJwt::hs256({{QStringLiteral("exp"), nowS() - 3600}})) << false
                                 << QStringLiteral("token expired");
}

void TestServerAccess::socketIoConnect()
{
    QFETCH(QString, connect);
    QFETCH(bool, joined);
    QFETCH(QString, reason);
    QVERIFY(startServer());
    SocketIoTestClient client;
    QVERIFY(client.connectTo(m_server->socketIoUrl(), false));
    client.send(connect);
    const std::optional<QString> answer = client.nextFrame();
    QVERIFY(answer);
    if (joined) {
        QVERIFY2(answer->startsWith(QLatin1String("40/data,{\"sid\":")), qPrintable(*answer));
        QCOMPARE(client.nextEvent(QStringLiteral("message")).size(), 2); // the welcome
        return;
    }
    QVERIFY2(answer->startsWith(QLatin1String("44/data,")), qPrintable(*answer));
    const QJsonObject error = QJsonDocument::fromJson(answer->sliced(8).toUtf8()).object();
    QCOMPARE(error.value(QStringLiteral("message")).toString(), QStringLiteral("unauthorized"));
    QCOMPARE(error.value(QStringLiteral("data")).toObject().value(QStringLiteral("reason")).toString(), reason);
    QTRY_COMPARE(
        protocolStats(m_server->server(), TrafficStats::SocketIo).connectionsRejected.value(QStringLiteral("unauthorized")), quint64(1));
    // Refused, it has not joined: an event is a protocol error.
    client.send(QStringLiteral("42/data,[\"subscribeRandomNumber\"]"));
    QVERIFY(client.waitForDisconnect());
}

void TestServerAccess::forbiddenSubscribe()
{
    QVERIFY(startServer());
    const QByteArray jwt = randomOnlyJwt();

    JsonTestClient json;
    QUrl url = m_server->jsonUrl();
    url.setQuery(QStringLiteral("token=") + QString::fromLatin1(jwt));
    QVERIFY(json.connectTo(url));
    json.sendJson({{QStringLiteral("event"), QStringLiteral("subscribe")}, {QStringLiteral("id"), 1},
        {QStringLiteral("data"), QJsonObject {{QStringLiteral("streams"), QJsonArray {Random, Bitcoin}}}}});
    QJsonObject error = json.nextEvent(QStringLiteral("error"));
    QCOMPARE(error.value(QStringLiteral("id")).toInt(), 1);
    QCOMPARE(error.value(QStringLiteral("data")).toObject().value(QStringLiteral("code")).toString(), QStringLiteral("forbidden"));
    QVERIFY(error.value(QStringLiteral("data")).toObject().value(QStringLiteral("message")).toString().contains(Bitcoin));
    // All or nothing, as with an unknown stream: randomNumber was not subscribed either.
    json.sendJson({{QStringLiteral("event"), QStringLiteral("subscribeRandomNumber")}, {QStringLiteral("id"), 2}});
    const QJsonObject subscribed = json.nextEvent(QStringLiteral("subscribed"));
    QCOMPARE(subscribed.value(QStringLiteral("id")).toInt(), 2);
    QCOMPARE(subscribed.value(QStringLiteral("data")).toObject().value(QStringLiteral("stream")).toString(), Random);
    QVERIFY(!subscribed.value(QStringLiteral("data")).toObject().contains(QStringLiteral("reason"))); // not already_subscribed
    QVERIFY(!json.nextEvent(Random).isEmpty()); // ticks flow

    SocketIoTestClient sio;
    QVERIFY(sio.connectTo(m_server->socketIoUrl(), false));
    sio.send(connectPacket(jwt));
    QVERIFY(sio.nextFrame()->startsWith(QLatin1String("40/data,")));
    sio.emitEvent(QStringLiteral("subscribeBitcoinPrice"), 5);
    const QJsonObject ack = sio.waitForAck(5);
    QCOMPARE(ack.value(QStringLiteral("ok")).toBool(true), false);
    QCOMPARE(ack.value(QStringLiteral("error")).toString(), QStringLiteral("forbidden"));
    sio.emitEvent(QStringLiteral("subscribeRandomNumber"), 6);
    QCOMPARE(sio.waitForAck(6).value(QStringLiteral("ok")).toBool(), true);
    QVERIFY(!sio.nextEvent(Random).isEmpty());
    QVERIFY(json.isConnected() && sio.isConnected());

    QTRY_COMPARE(protocolStats(m_server->server(), TrafficStats::Json).messagesRejected.value(QStringLiteral("forbidden")), quint64(1));
    QTRY_COMPARE(protocolStats(m_server->server(), TrafficStats::SocketIo).messagesRejected.value(QStringLiteral("forbidden")), quint64(1));
}

void TestServerAccess::expiryCloses()
{
    // No leeway, and an exp 1.5 s ahead (a NumericDate may have fractions):
    // both clients are closed when it passes, and not before.
    QVERIFY(startServer(0));
    const double exp = double(QDateTime::currentMSecsSinceEpoch() + 1500) / 1000.0;
    const QByteArray jwt = TestJwt::hs256({{QStringLiteral("exp"), exp}});

    RawWsClient json;
    QVERIFY(json.open(m_server->port(), QByteArray("/ws?token=" + jwt)));
    SocketIoTestClient sio;
    QVERIFY(sio.connectTo(m_server->socketIoUrl(), false));
    sio.send(connectPacket(jwt));
    QVERIFY(sio.nextFrame()->startsWith(QLatin1String("40/data,")));
    // A client with a token that does not expire stays.
    JsonTestClient lasting;
    QUrl url = m_server->jsonUrl();
    url.setQuery(QStringLiteral("token=") + QString::fromLatin1(StaticToken));
    QVERIFY(lasting.connectTo(url));

    QVERIFY(json.waitForCloseOrEnd(5000));
    QVERIFY(QDateTime::currentMSecsSinceEpoch() >= qint64(exp * 1000));
    QCOMPARE(json.closeCode(), std::optional<quint16>(4001));
    QCOMPARE(json.closeReason(), QByteArray("token expired"));
    // Socket.IO: a DISCONNECT of /data (socket.io-client then does not
    // reconnect on its own), then the same close.
    std::optional<QString> frame;
    while ((frame = sio.nextFrame(3000)) && frame->startsWith(QLatin1String("42/data,")))
        ; // the welcome
    QVERIFY(frame);
    QCOMPARE(*frame, QStringLiteral("41/data,"));
    QVERIFY(sio.waitForDisconnect());
    QCOMPARE(int(sio.closeCode()), 4001);
    QCOMPARE(sio.closeReason(), QStringLiteral("token expired"));
    QVERIFY(lasting.isConnected());
}

void TestServerAccess::reloadOnSighup()
{
    QVERIFY(startServer());
    JsonTestClient before;
    QUrl url = m_server->jsonUrl();
    url.setQuery(QStringLiteral("token=") + QString::fromLatin1(StaticToken));
    QVERIFY(before.connectTo(url));

    // Rotated: a new token under the same name, another origin.
    QVERIFY(writeFile(m_dir->filePath(QStringLiteral("tokens")), "rotated-token\n"));
    Config next = m_config;
    next.set(QStringLiteral("allowed-origins"), QStringList {QStringLiteral("https://new.test")});
    QStringList errors;
    const QStringList applied = m_server->server().reconfigure(next, &errors);
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));
    QVERIFY2(applied.filter(QStringLiteral("auth-token-file")).size() == 1, qPrintable(applied.join(QLatin1Char('\n'))));
    QVERIFY(applied.filter(QStringLiteral("allowed-origins")).size() == 1);
    QVERIFY(!applied.join(QLatin1Char('\n')).contains(QStringLiteral("rotated-token")));

    QCOMPARE(UpgradeAttempt::upgrade(m_server->port(), QByteArray("/ws?token=" + StaticToken), {}).status, 401);
    QCOMPARE(UpgradeAttempt::upgrade(m_server->port(), "/ws?token=rotated-token", "Origin: https://new.test\r\n").status, 101);
    QCOMPARE(
        UpgradeAttempt::upgrade(m_server->port(), "/ws?token=rotated-token", QByteArray("Origin: " + GoodOrigin + "\r\n")).status, 403);
    // The client connected before keeps its access.
    before.sendJson({{QStringLiteral("event"), QStringLiteral("subscribeRandomNumber")}, {QStringLiteral("id"), 1}});
    QCOMPARE(before.nextEvent(QStringLiteral("subscribed")).value(QStringLiteral("id")).toInt(), 1);
    QVERIFY(!before.nextEvent(Random).isEmpty());

    // A file gone: the tokens in force stay, and the error says which file.
    QVERIFY(QFile::remove(m_dir->filePath(QStringLiteral("tokens"))));
    errors.clear();
    m_server->server().reconfigure(next, &errors);
    QCOMPARE(errors.size(), 1);
    QVERIFY(errors.first().contains(QStringLiteral("tokens")));
    QCOMPARE(UpgradeAttempt::upgrade(m_server->port(), "/ws?token=rotated-token", {}).status, 101);
}

void TestServerAccess::noTokenFilesNoChange()
{
    // Neither option: anyone connects and subscribes, whatever the origin.
    TestServer server;
    QVERIFY(server.start());
    QCOMPARE(UpgradeAttempt::upgrade(server.port(), "/ws", "Origin: https://anywhere.test\r\n").status, 101);
    SocketIoTestClient sio;
    QVERIFY(sio.connectTo(server.socketIoUrl(), true));
    QCOMPARE(Server::configWarnings(TestServer::defaultConfig()).size(), 1);
    Config restricted = TestServer::defaultConfig();
    restricted.set(QStringLiteral("allowed-origins"), QStringList {QStringLiteral("https://app.test")});
    QVERIFY(Server::configWarnings(restricted).isEmpty());
}

QTEST_GUILESS_MAIN(TestServerAccess)
#include "tst_serveraccess.moc"
