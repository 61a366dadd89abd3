// Access control and origins against the real binary (docs/security.md):
// bad, expired, unsigned and wrongly signed tokens, a bad origin and a
// forbidden stream are refused with their documented answers on both
// protocols while a well-behaved authenticated client keeps receiving every
// tick; SIGHUP rotates the tokens; and the Python snippet of
// docs/security.md issues a token the binary accepts.
#include "DatagateProcess.h"
#include "TestClients.h"
#include "TestJwt.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

namespace {

const QByteArray StaticToken = "process-test-static-token";

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(content) == content.size();
}

QByteArray upgradeHeaders(const QByteArray &extra = {})
{
    return "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        + extra;
}

QUrl withToken(QUrl url, const QByteArray &token)
{
    url.setQuery(QStringLiteral("token=") + QString::fromLatin1(token.toPercentEncoding()));
    return url;
}

// The seqs of the randomNumber ticks among messages.
QList<qint64> randomSeqs(const QStringList &messages)
{
    QList<qint64> seqs;
    for (const QString &message : messages) {
        const QJsonObject object = QJsonDocument::fromJson(message.toUtf8()).object();
        if (object.value(QStringLiteral("event")).toString() == QLatin1String("randomNumber"))
            seqs.append(object.value(QStringLiteral("data")).toObject().value(QStringLiteral("seq")).toInteger());
    }
    return seqs;
}

} // namespace

class tst_AccessProcess final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void refusalsWhileAWellBehavedClientIsServed();
    void sighupRotatesTokens();
    void documentedSnippetIssuesAnAcceptedToken();

private:
    QStringList accessArguments() const;

    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_AccessProcess::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(writeFile(m_dir->filePath(QStringLiteral("tokens")), StaticToken + '\n'));
    QVERIFY(writeFile(m_dir->filePath(QStringLiteral("secret")), TestJwt::Secret + '\n'));
}

QStringList tst_AccessProcess::accessArguments() const
{
    return DatagateProcess::offlineArguments()
        + QStringList {QStringLiteral("--auth-token-file"), m_dir->filePath(QStringLiteral("tokens")), QStringLiteral("--jwt-secret-file"),
            m_dir->filePath(QStringLiteral("secret")), QStringLiteral("--allowed-origins"), QStringLiteral("https://*.example.com"),
            QStringLiteral("--random-interval"), QStringLiteral("50")};
}

void tst_AccessProcess::refusalsWhileAWellBehavedClientIsServed()
{
    DatagateProcess datagate;
    QVERIFY(datagate.start(accessArguments()));
    const QUrl json(QStringLiteral("ws://127.0.0.1:%1/ws").arg(datagate.port()));
    const QUrl socketIo(QStringLiteral("ws://127.0.0.1:%1/socket.io/?EIO=4&transport=websocket").arg(datagate.port()));

    JsonTestClient good;
    QVERIFY(good.connectTo(withToken(json, StaticToken)));
    good.sendJson({{QStringLiteral("event"), QStringLiteral("subscribeRandomNumber")}, {QStringLiteral("id"), 1}});
    QCOMPARE(good.nextEvent(QStringLiteral("subscribed")).value(QStringLiteral("id")).toInt(), 1);
    QStringList received = good.drain(200);

    const qint64 nowS = QDateTime::currentSecsSinceEpoch();
    const QByteArray expired = TestJwt::hs256({{QStringLiteral("exp"), nowS - 3600}});
    const QByteArray foreign = TestJwt::hs256({}, "a-secret-that-is-not-the-servers-own");
    const QByteArray none = TestJwt::make({{QStringLiteral("alg"), QStringLiteral("none")}}, {}, {}, QCryptographicHash::Sha256, false);
    for (int round = 0; round < 3; ++round) {
        for (const QByteArray &token : {QByteArray("wrong"), expired, foreign, none}) {
            const DatagateProcess::HttpAnswer answer =
                datagate.get("/ws", upgradeHeaders("Authorization: Bearer " + token + "\r\nOrigin: https://app.example.com\r\n"));
            QCOMPARE(answer.status, 401);
            QCOMPARE(
                QJsonDocument::fromJson(answer.body).object().value(QStringLiteral("error")).toString(), QStringLiteral("unauthorized"));
            QVERIFY(!answer.body.contains(token));
        }
        QCOMPARE(
            datagate.get("/ws", upgradeHeaders("Authorization: Bearer " + StaticToken + "\r\nOrigin: https://evil.test\r\n")).status, 403);
        QCOMPARE(datagate.get("/socket.io/?EIO=4&transport=websocket", upgradeHeaders("Origin: https://evil.test\r\n")).status, 403);

        SocketIoTestClient refused;
        QVERIFY(refused.connectTo(socketIo, false));
        refused.send(QStringLiteral("40/data,{\"token\":\"%1\"}").arg(QString::fromLatin1(foreign)));
        const std::optional<QString> answer = refused.nextFrame();
        QVERIFY(answer
            && answer->startsWith(
                QLatin1String("44/data,{\"data\":{\"reason\":\"invalid token signature\"},\"message\":\"unauthorized\"}")));

        JsonTestClient limited;
        QVERIFY(
            limited.connectTo(withToken(json, TestJwt::hs256({{QStringLiteral("streams"), QJsonArray {QStringLiteral("randomNumber")}}}))));
        limited.sendJson({{QStringLiteral("event"), QStringLiteral("subscribeBitcoinPrice")}, {QStringLiteral("id"), 2}});
        QCOMPARE(
            limited.nextEvent(QStringLiteral("error")).value(QStringLiteral("data")).toObject().value(QStringLiteral("code")).toString(),
            QStringLiteral("forbidden"));
        received += good.drain(0);
    }
    received += good.drain(300);

    // Every tick, in order, none missing, and the client still connected.
    const QList<qint64> seqs = randomSeqs(received);
    QVERIFY2(seqs.size() >= 5, qPrintable(QString::number(seqs.size())));
    for (qsizetype i = 1; i < seqs.size(); ++i)
        QCOMPARE(seqs[i], seqs[i - 1] + 1);
    QVERIFY(good.isConnected());
    // No token in the log, whatever was refused.
    const QString log = datagate.log();
    QVERIFY(!log.contains(QString::fromLatin1(foreign)) && !log.contains(QString::fromLatin1(StaticToken)));
    QVERIFY(datagate.signal(SIGTERM));
    QCOMPARE(datagate.waitForExit(), 0);
}

void tst_AccessProcess::sighupRotatesTokens()
{
    DatagateProcess datagate;
    QVERIFY(datagate.start(accessArguments()));
    const QUrl json(QStringLiteral("ws://127.0.0.1:%1/ws").arg(datagate.port()));
    JsonTestClient before;
    QVERIFY(before.connectTo(withToken(json, StaticToken)));

    QVERIFY(writeFile(m_dir->filePath(QStringLiteral("tokens")), "# rotated\nrotated-token\n"));
    const qsizetype mark = datagate.logSize();
    QVERIFY(datagate.signal(SIGHUP));
    QVERIFY2(datagate.waitForLog(QStringLiteral("applied auth-token-file: tokens read from"), 5000, mark), qPrintable(datagate.log()));
    QCOMPARE(datagate.get("/ws?token=" + StaticToken, upgradeHeaders()).status, 401);
    JsonTestClient after;
    QVERIFY(after.connectTo(withToken(json, "rotated-token")));
    // The client connected before keeps its access.
    before.sendJson({{QStringLiteral("event"), QStringLiteral("subscribeRandomNumber")}, {QStringLiteral("id"), 1}});
    QCOMPARE(before.nextEvent(QStringLiteral("subscribed")).value(QStringLiteral("id")).toInt(), 1);
    QVERIFY(!datagate.log().contains(QLatin1String("rotated-token")));
    QVERIFY(datagate.signal(SIGTERM));
    QCOMPARE(datagate.waitForExit(), 0);
}

void tst_AccessProcess::documentedSnippetIssuesAnAcceptedToken()
{
    const QString python = QStandardPaths::findExecutable(QStringLiteral("python3"));
    if (python.isEmpty())
        QSKIP("python3 is not installed");
    QFile doc(QStringLiteral(DATAGATE_SOURCE_DIR "/docs/security.md"));
    QVERIFY(doc.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(doc.readAll());
    const qsizetype section = text.indexOf(QLatin1String("### Issuing a JWT for datagate"));
    QVERIFY(section >= 0);
    const QRegularExpressionMatch block =
        QRegularExpression(QStringLiteral("```python\\n(.*?)```"), QRegularExpression::DotMatchesEverythingOption).match(text, section);
    QVERIFY(block.hasMatch());
    QString snippet = block.captured(1);
    // The snippet as documented, but for where the secret is.
    QVERIFY(snippet.contains(QLatin1String("/etc/datagate/jwt-secret")));
    snippet.replace(QLatin1String("/etc/datagate/jwt-secret"), m_dir->filePath(QStringLiteral("secret")));

    QProcess run;
    run.start(python, {QStringLiteral("-c"), snippet});
    QVERIFY(run.waitForFinished(10000));
    QCOMPARE(run.exitCode(), 0);
    const QByteArray token = run.readAllStandardOutput().trimmed();
    QCOMPARE(token.count('.'), 2);

    DatagateProcess datagate;
    QVERIFY(datagate.start(accessArguments()));
    JsonTestClient client;
    QVERIFY(client.connectTo(withToken(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(datagate.port())), token)));
    // Its streams claim: randomNumber, and only it.
    client.sendJson({{QStringLiteral("event"), QStringLiteral("subscribeRandomNumber")}, {QStringLiteral("id"), 1}});
    QCOMPARE(client.nextEvent(QStringLiteral("subscribed")).value(QStringLiteral("id")).toInt(), 1);
    client.sendJson({{QStringLiteral("event"), QStringLiteral("subscribeBitcoinPrice")}, {QStringLiteral("id"), 2}});
    QCOMPARE(client.nextEvent(QStringLiteral("error")).value(QStringLiteral("data")).toObject().value(QStringLiteral("code")).toString(),
        QStringLiteral("forbidden"));
    QVERIFY(datagate.signal(SIGTERM));
    QCOMPARE(datagate.waitForExit(), 0);
}

QTEST_GUILESS_MAIN(tst_AccessProcess)
#include "tst_accessprocess.moc"
