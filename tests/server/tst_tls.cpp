// TLS on the server's port (--tls-cert, --tls-key; docs/security.md) over
// real loopback sockets, with the test-only identities of tests/support/tls:
// wss:// and https:// serve what ws:// and http:// do; TLS before 1.2, plain
// HTTP and garbage are refused, promptly and counted, while a well-behaved
// client keeps receiving; a bad identity is a start error; a reload switches
// the certificate new connections get, and keeps the old one when the new
// files are bad.
#include "TestClients.h"
#include "TestServer.h"

#include "model/TrafficStats.h"
#include "transport/TlsContext.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace {

QString identity(const QString &file)
{
    return QStringLiteral(DATAGATE_TLS_DIR "/") + file;
}

QByteArray fingerprintOf(const QString &pemFile)
{
    const QList<QSslCertificate> chain = QSslCertificate::fromPath(identity(pemFile));
    return chain.isEmpty() ? QByteArray() : chain.first().digest(QCryptographicHash::Sha256);
}

// The client side trusts the test CA, and nothing else.
QSslConfiguration trustingTestCa()
{
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setCaCertificates(QSslCertificate::fromPath(identity(QStringLiteral("ca.pem"))));
    return configuration;
}

Config tlsConfig(const QString &cert = identity(QStringLiteral("a.pem")), const QString &key = identity(QStringLiteral("a.key")))
{
    Config config = TestServer::defaultConfig();
    config.set(QStringLiteral("tls-cert"), cert);
    config.set(QStringLiteral("tls-key"), key);
    return config;
}

QUrl wssUrl(quint16 port, const QString &path)
{
    return QUrl(QStringLiteral("wss://127.0.0.1:%1%2").arg(port).arg(path));
}

// A TLS connection to the server, waited for with the event loop running
// (the server accepts in this thread): encrypted, or closed with an error.
std::unique_ptr<QSslSocket> connectTls(quint16 port, QSsl::SslProtocol protocol = QSsl::TlsV1_2OrLater)
{
    auto socket = std::make_unique<QSslSocket>();
    QSslConfiguration configuration = trustingTestCa();
    configuration.setProtocol(protocol);
    socket->setSslConfiguration(configuration);
    socket->connectToHostEncrypted(QStringLiteral("127.0.0.1"), port);
    (void)QTest::qWaitFor([&] { return socket->isEncrypted() || socket->state() == QAbstractSocket::UnconnectedState; }, 5000);
    return socket;
}

// Writes request and reads until the server closes; what it answered.
QByteArray exchange(QTcpSocket &socket, const QByteArray &request, int timeoutMs = 5000)
{
    socket.write(request);
    QByteArray received;
    (void)QTest::qWaitFor(
        [&] {
            received += socket.readAll();
            return socket.state() == QAbstractSocket::UnconnectedState;
        },
        timeoutMs);
    return received + socket.readAll();
}

quint64 rejected(Server &server, const QString &reason)
{
    return TestServer::trafficStats(server).protocols.value(TrafficStats::Http).connectionsRejected.value(reason);
}

// A JSON client over wss:// subscribed to randomNumber (a tick every 50 ms).
bool subscribe(JsonTestClient &client, quint16 port)
{
    client.socket().setSslConfiguration(trustingTestCa());
    if (!client.connectTo(wssUrl(port, QStringLiteral("/ws"))))
        return false;
    client.sendJson({{QStringLiteral("event"), QStringLiteral("subscribe")},
        {QStringLiteral("data"), QJsonObject {{QStringLiteral("streams"), QJsonArray {QStringLiteral("randomNumber")}}}}});
    return client.nextEvent(QStringLiteral("subscribed")).value(QStringLiteral("event")).toString() == QStringLiteral("subscribed");
}

// The next n ticks arrive in sequence.
bool ticksInSequence(JsonTestClient &client, int n)
{
    qint64 last = -1;
    for (int i = 0; i < n; ++i) {
        const QJsonObject tick = client.nextEvent(QStringLiteral("randomNumber"));
        const qint64 seq = tick.value(QStringLiteral("data")).toObject().value(QStringLiteral("seq")).toInteger(-1);
        if (seq <= 0 || (last >= 0 && seq != last + 1)) {
            qWarning("tick %d: seq %lld after %lld", i, seq, last);
            return false;
        }
        last = seq;
    }
    return true;
}

} // namespace

class tst_Tls : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void identityIsTls12OrLater();
    void wssJsonClientGetsTicks();
    void httpsEndpoints_data();
    void httpsEndpoints();
    void oldTlsRefused_data();
    void oldTlsRefused();
    void nonTlsRefusedWhileOthersReceive_data();
    void nonTlsRefusedWhileOthersReceive();
    void badIdentityIsStartError_data();
    void badIdentityIsStartError();
    void reloadSwitchesCertificate();
};

void tst_Tls::initTestCase()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("Qt has no TLS backend here");
}

void tst_Tls::identityIsTls12OrLater()
{
    QString error;
    const std::optional<QSslConfiguration> configuration =
        TlsContext::read(identity(QStringLiteral("a.pem")), identity(QStringLiteral("a.key")), &error);
    QVERIFY2(configuration, qPrintable(error));
    QCOMPARE(configuration->protocol(), QSsl::TlsV1_2OrLater);
    // The chain is served whole: the leaf, then the CA.
    QCOMPARE(configuration->localCertificateChain().size(), 2);
}

void tst_Tls::wssJsonClientGetsTicks()
{
    TestServer server(tlsConfig());
    QVERIFY(server.start());
    JsonTestClient client;
    QVERIFY(subscribe(client, server.port()));
    QVERIFY(ticksInSequence(client, 5));
    QCOMPARE(
        client.socket().sslConfiguration().peerCertificate().digest(QCryptographicHash::Sha256), fingerprintOf(QStringLiteral("a.pem")));
}

void tst_Tls::httpsEndpoints_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("expected");
    QTest::addRow("healthz") << QByteArray("/healthz") << QByteArray("HTTP/1.1 200");
    QTest::addRow("metrics") << QByteArray("/metrics") << QByteArray("datagate_connections_rejected_total");
    QTest::addRow("websocket path without upgrade") << QByteArray("/ws") << QByteArray("HTTP/1.1 426");
}

void tst_Tls::httpsEndpoints()
{
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, expected);
    TestServer server(tlsConfig());
    QVERIFY(server.start());
    const std::unique_ptr<QSslSocket> socket = connectTls(server.port());
    QVERIFY2(socket->isEncrypted(), qPrintable(socket->errorString()));
    QVERIFY(socket->sessionProtocol() == QSsl::TlsV1_2 || socket->sessionProtocol() == QSsl::TlsV1_3);
    const QByteArray answer = exchange(*socket, "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    QVERIFY2(answer.contains(expected), answer.left(300).constData());
}

void tst_Tls::oldTlsRefused_data()
{
    QTest::addColumn<QSsl::SslProtocol>("protocol");
    QT_WARNING_PUSH
    QT_WARNING_DISABLE_DEPRECATED
    QTest::addRow("TLS 1.0") << QSsl::TlsV1_0;
    QTest::addRow("TLS 1.1") << QSsl::TlsV1_1;
    QT_WARNING_POP
}

void tst_Tls::oldTlsRefused()
{
    QFETCH(QSsl::SslProtocol, protocol);
    TestServer server(tlsConfig());
    QVERIFY(server.start());
    const std::unique_ptr<QSslSocket> socket = connectTls(server.port(), protocol);
    QVERIFY(!socket->isEncrypted());
    QTRY_VERIFY(socket->state() == QAbstractSocket::UnconnectedState);
}

void tst_Tls::nonTlsRefusedWhileOthersReceive_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<QByteArray>("answer"); // what the server answers before it closes
    QTest::addRow("plain HTTP") << QByteArray("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n") << QStringLiteral("plain_http_on_tls")
                                << QByteArray("HTTP/1.1 400 Bad Request");
    QTest::addRow("plain WebSocket") << QByteArray("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                                   "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
                                     << QStringLiteral("plain_http_on_tls") << QByteArray("HTTP/1.1 400 Bad Request");
    QTest::addRow("garbage") << QByteArray("\x01\x02\x03 not a protocol at all", 25) << QStringLiteral("tls_handshake") << QByteArray();
    // A handshake record header, then junk where the ClientHello belongs.
    // OpenSSL answers it with a TLS alert record (content type 0x15).
    QTest::addRow("garbage handshake record") << QByteArray("\x16\x03\x01\x00\x10junkjunkjunkjunk", 21) << QStringLiteral("tls_handshake")
                                              << QByteArray("\x15\x03", 2);
    // The beginning of a handshake record, and then nothing: cut off by
    // the handshake timeout.
    QTest::addRow("stalled handshake") << QByteArray("\x16\x03\x01", 3) << QStringLiteral("tls_handshake") << QByteArray();
}

void tst_Tls::nonTlsRefusedWhileOthersReceive()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, reason);
    QFETCH(QByteArray, answer);
    constexpr int HandshakeTimeoutMs = 1000;
    Config config = tlsConfig();
    config.set(QStringLiteral("handshake-timeout"), HandshakeTimeoutMs);
    TestServer server(config);
    QVERIFY(server.start());
    JsonTestClient client;
    QVERIFY(subscribe(client, server.port()));

    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, server.port());
    QVERIFY(QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::ConnectedState; }, 5000));
    QElapsedTimer elapsed;
    elapsed.start();
    const QByteArray received = exchange(socket, bytes, 3 * HandshakeTimeoutMs);
    QCOMPARE(socket.state(), QAbstractSocket::UnconnectedState);
    // Closed by the handshake timeout at the latest (and its grace to write an answer).
    QVERIFY2(elapsed.elapsed() < HandshakeTimeoutMs + 700, qPrintable(QString::number(elapsed.elapsed())));
    if (answer.isEmpty()) {
        QVERIFY2(received.isEmpty(), received.toHex().constData());
    } else {
        QVERIFY2(received.startsWith(answer), received.toHex().constData());
    }
    if (reason == QLatin1String("plain_http_on_tls")) {
        QVERIFY2(received.contains("\r\nContent-Type: text/plain"), received.constData());
        QVERIFY2(received.endsWith("\r\n\r\nThis port speaks TLS only: use https:// or wss://.\n"), received.constData());
    }
    QTRY_COMPARE(rejected(server.server(), reason), quint64(1));
    // The well-behaved client lost nothing meanwhile.
    QVERIFY(client.isConnected());
    QVERIFY(ticksInSequence(client, 3));
}

void tst_Tls::badIdentityIsStartError_data()
{
    QTest::addColumn<QString>("cert");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("error"); // a piece of the start error
    QTest::addRow("no such certificate") << identity(QStringLiteral("missing.pem")) << identity(QStringLiteral("a.key"))
                                         << QStringLiteral("cannot read the TLS certificate");
    QTest::addRow("no such key") << identity(QStringLiteral("a.pem")) << identity(QStringLiteral("missing.key"))
                                 << QStringLiteral("cannot read the TLS key");
    QTest::addRow("not a certificate") << identity(QStringLiteral("make-certs.sh")) << identity(QStringLiteral("a.key"))
                                       << QStringLiteral("holds no PEM certificate");
    QTest::addRow("not a key") << identity(QStringLiteral("a.pem")) << identity(QStringLiteral("make-certs.sh"))
                               << QStringLiteral("holds no unencrypted PEM private key");
    QTest::addRow("key of another certificate")
        << identity(QStringLiteral("a.pem")) << identity(QStringLiteral("b.key")) << QStringLiteral("does not belong to the certificate");
    QTest::addRow("certificate without key") << identity(QStringLiteral("a.pem")) << QString() << QStringLiteral("go together");
}

void tst_Tls::badIdentityIsStartError()
{
    QFETCH(QString, cert);
    QFETCH(QString, key);
    QFETCH(QString, error);
    Server server(tlsConfig(cert, key));
    QVERIFY(!server.start());
    QCOMPARE(server.startError(), Server::StartError::Tls);
    QVERIFY2(server.errorString().contains(error), qPrintable(server.errorString()));
    QVERIFY2(server.errorString().startsWith(QStringLiteral("cannot serve TLS: ")), qPrintable(server.errorString()));
}

void tst_Tls::reloadSwitchesCertificate()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString cert = dir.filePath(QStringLiteral("fullchain.pem"));
    const QString key = dir.filePath(QStringLiteral("privkey.pem"));
    const auto install = [&](const QString &name) {
        QFile::remove(cert);
        QFile::remove(key);
        return QFile::copy(identity(name + QStringLiteral(".pem")), cert) && QFile::copy(identity(name + QStringLiteral(".key")), key);
    };
    QVERIFY(install(QStringLiteral("a")));
    const Config config = tlsConfig(cert, key);
    TestServer server(config);
    QVERIFY(server.start());
    JsonTestClient before;
    QVERIFY(subscribe(before, server.port()));

    // Renewed, as certbot does: new files under the same names, then a reload.
    QVERIFY(install(QStringLiteral("b")));
    QStringList errors;
    const QStringList applied = server.server().reconfigure(config, &errors);
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));
    QVERIFY2(applied.filter(QStringLiteral("tls-cert: new connections get")).size() == 1, qPrintable(applied.join(QLatin1Char('\n'))));
    std::unique_ptr<QSslSocket> after = connectTls(server.port());
    QVERIFY2(after->isEncrypted(), qPrintable(after->errorString()));
    QCOMPARE(after->peerCertificate().digest(QCryptographicHash::Sha256), fingerprintOf(QStringLiteral("b.pem")));
    // The connection made before keeps its session and its ticks.
    QCOMPARE(
        before.socket().sslConfiguration().peerCertificate().digest(QCryptographicHash::Sha256), fingerprintOf(QStringLiteral("a.pem")));
    QVERIFY(ticksInSequence(before, 3));

    // A bad renewal (a key that does not match) keeps the certificate in force.
    QFile::remove(key);
    QVERIFY(QFile::copy(identity(QStringLiteral("other.key")), key));
    errors.clear();
    server.server().reconfigure(config, &errors);
    QCOMPARE(errors.size(), 1);
    QVERIFY2(errors.first().contains(QStringLiteral("the certificate in force stays")), qPrintable(errors.first()));
    after = connectTls(server.port());
    QVERIFY2(after->isEncrypted(), qPrintable(after->errorString()));
    QCOMPARE(after->peerCertificate().digest(QCryptographicHash::Sha256), fingerprintOf(QStringLiteral("b.pem")));
}

QTEST_GUILESS_MAIN(tst_Tls)
#include "tst_tls.moc"
