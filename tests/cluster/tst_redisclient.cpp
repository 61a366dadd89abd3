// RedisClient against a real redis-server: the URL it accepts, commands and
// their replies, AUTH and SELECT, pub/sub, reconnecting after Redis comes
// back, and a command that takes too long.

#include "RedisServer.h"
#include "cluster/RedisClient.h"
#include "cluster/RedisUrl.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

#include <optional>

namespace {

RedisClient::Settings settingsFor(const QString &url)
{
    RedisClient::Settings settings;
    settings.url = RedisUrl::parse(url).value();
    settings.connectTimeoutMs = 1000;
    settings.commandTimeoutMs = 1000;
    settings.backoffBaseMs = 20;
    settings.backoffCapMs = 200;
    return settings;
}

RedisReply run(RedisClient &client, const QList<QByteArray> &args)
{
    return RedisServer::run(client, args);
}

} // namespace

class tst_RedisClient final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void url_data();
    void url();
    void commandsAndReplies();
    void passwordAndDatabase();
    void publishAndSubscribe();
    void unreachableIsReportedWithoutBlocking();
    void reconnectsWhenRedisComesBack();
    void slowCommandDropsTheConnection();

private:
    RedisServer m_redis;
};

void tst_RedisClient::initTestCase()
{
    QVERIFY(m_redis.start());
}

void tst_RedisClient::url_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("display"); // or a part of the error
    QTest::addColumn<QString>("password");
    QTest::addRow("host only") << QStringLiteral("redis://cache") << true << QStringLiteral("cache:6379/0") << QString();
    QTest::addRow("port and db") << QStringLiteral("redis://10.0.0.5:6380/3") << true << QStringLiteral("10.0.0.5:6380/3") << QString();
    QTest::addRow("password") << QStringLiteral("redis://:s%40cret@cache:7000") << true << QStringLiteral("cache:7000/0")
                              << QStringLiteral("s@cret");
    QTest::addRow("tls") << QStringLiteral("rediss://cache:6380") << false << QStringLiteral("TLS") << QString();
    QTest::addRow("other scheme") << QStringLiteral("http://cache") << false << QStringLiteral("scheme") << QString();
    QTest::addRow("user name") << QStringLiteral("redis://admin:pw@cache") << false << QStringLiteral("user name") << QString();
    QTest::addRow("bad db") << QStringLiteral("redis://cache/x") << false << QStringLiteral("database") << QString();
    QTest::addRow("no host") << QStringLiteral("redis:///0") << false << QStringLiteral("host") << QString();
}

void tst_RedisClient::url()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(QString, display);
    QFETCH(QString, password);
    QString error;
    const std::optional<RedisUrl> url = RedisUrl::parse(text, &error);
    QCOMPARE(url.has_value(), valid);
    if (valid) {
        QCOMPARE(url->display(), display);
        QCOMPARE(url->password, password);
        QVERIFY2(!url->display().contains(QStringLiteral("cret")), "the display form never shows the password");
    } else {
        QVERIFY2(error.contains(display), qPrintable(error));
    }
}

void tst_RedisClient::commandsAndReplies()
{
    RedisClient client(settingsFor(m_redis.url()));
    QSignalSpy connected(&client, &RedisClient::connected);
    client.open();
    QVERIFY(connected.wait(3000));
    QVERIFY(client.isConnected());

    QCOMPARE(run(client, {"SET", "k", QByteArray("a\0b", 3)}).text, QByteArray("OK"));
    const RedisReply value = run(client, {"GET", "k"});
    QCOMPARE(value.type, RedisReply::Type::String);
    QCOMPARE(value.text, QByteArray("a\0b", 3)); // binary safe
    QCOMPARE(run(client, {"INCR", "n"}).integer, 1);
    QCOMPARE(run(client, {"INCR", "n"}).integer, 2);
    QVERIFY(run(client, {"GET", "missing"}).isNil());
    run(client, {"RPUSH", "list", "x", "y"});
    const RedisReply list = run(client, {"LRANGE", "list", "0", "-1"});
    QCOMPARE(list.type, RedisReply::Type::Array);
    QCOMPARE(list.elements.size(), 2);
    QCOMPARE(list.elements.at(1).text, QByteArray("y"));
    const RedisReply wrong = run(client, {"INCR", "list"});
    QVERIFY(wrong.isError());
    QVERIFY(wrong.text.startsWith("WRONGTYPE"));
    QVERIFY2(client.isConnected(), "an error reply is an answer, not a broken connection");
}

void tst_RedisClient::passwordAndDatabase()
{
    RedisClient admin(settingsFor(m_redis.url()));
    QSignalSpy adminUp(&admin, &RedisClient::connected);
    admin.open();
    QVERIFY(adminUp.wait(3000));
    QCOMPARE(run(admin, {"CONFIG", "SET", "requirepass", "s3cret"}).text, QByteArray("OK"));
    auto resetPassword = qScopeGuard([&] { run(admin, {"CONFIG", "SET", "requirepass", ""}); });

    RedisClient wrong(settingsFor(QStringLiteral("redis://:nope@127.0.0.1:%1").arg(m_redis.port())));
    QSignalSpy wrongDown(&wrong, &RedisClient::disconnected);
    QSignalSpy wrongUp(&wrong, &RedisClient::connected);
    wrong.open();
    QVERIFY(wrongDown.wait(3000));
    QVERIFY2(wrongDown.first().first().toString().contains(QStringLiteral("authentication failed")),
        qPrintable(wrongDown.first().first().toString()));
    QVERIFY2(!wrongDown.first().first().toString().contains(QStringLiteral("nope")), "the password is never part of a message");
    QCOMPARE(wrongUp.size(), 0);
    wrong.close();

    RedisClient right(settingsFor(QStringLiteral("redis://:s3cret@127.0.0.1:%1/2").arg(m_redis.port())));
    QSignalSpy rightUp(&right, &RedisClient::connected);
    right.open();
    QVERIFY(rightUp.wait(3000));
    QCOMPARE(run(right, {"SET", "indb2", "1"}).text, QByteArray("OK"));
    QCOMPARE(run(right, {"CLIENT", "INFO"}).text.contains(" db=2 "), true);
}

void tst_RedisClient::publishAndSubscribe()
{
    RedisClient subscriber(settingsFor(m_redis.url()));
    RedisClient publisher(settingsFor(m_redis.url()));
    subscriber.subscribe("ticks:*");
    QSignalSpy up(&subscriber, &RedisClient::connected);
    QSignalSpy publisherUp(&publisher, &RedisClient::connected);
    QSignalSpy messages(&subscriber, &RedisClient::message);
    subscriber.open();
    publisher.open();
    QVERIFY(up.wait(3000));
    QVERIFY(publisherUp.count() == 1 || publisherUp.wait(3000));
    // The PSUBSCRIBE went out with the handshake: wait until Redis counts it.
    QTRY_VERIFY(run(publisher, {"PUBSUB", "NUMPAT"}).integer == 1);
    QCOMPARE(run(publisher, {"PUBLISH", "ticks:a", "1"}).integer, 1);
    run(publisher, {"PUBLISH", "other", "x"});
    run(publisher, {"PUBLISH", "ticks:b", "{\"v\":2}"});
    QTRY_COMPARE(messages.size(), 2);
    QCOMPARE(messages.at(0).at(0).toByteArray(), QByteArray("ticks:a"));
    QCOMPARE(messages.at(1).at(0).toByteArray(), QByteArray("ticks:b"));
    QCOMPARE(messages.at(1).at(1).toByteArray(), QByteArray("{\"v\":2}"));
}

void tst_RedisClient::unreachableIsReportedWithoutBlocking()
{
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close();
    RedisClient client(settingsFor(QStringLiteral("redis://127.0.0.1:%1").arg(port)));
    QSignalSpy down(&client, &RedisClient::disconnected);
    QElapsedTimer timer;
    timer.start();
    client.open();
    QVERIFY2(timer.elapsed() < 100, "open() must not wait for the connection");
    QVERIFY(down.wait(3000));
    QVERIFY(!client.isConnected());
    QVERIFY(!client.lastError().isEmpty());
    // A command while down is answered with an error, later, never inline.
    bool answered = false;
    RedisReply reply;
    client.command({"PING"}, this, [&](const RedisReply &r) {
        answered = true;
        reply = r;
    });
    QVERIFY(!answered);
    QTRY_VERIFY(answered);
    QVERIFY(reply.isError());
    // It keeps trying: a few more attempts within the backoff's cap.
    QTRY_VERIFY(down.size() >= 3);
}

void tst_RedisClient::reconnectsWhenRedisComesBack()
{
    RedisClient client(settingsFor(m_redis.url()));
    QSignalSpy up(&client, &RedisClient::connected);
    QSignalSpy down(&client, &RedisClient::disconnected);
    client.open();
    QVERIFY(up.wait(3000));
    QObject context;
    std::optional<RedisReply> lost;
    // Blocks in Redis until the kill; its callback must still run once.
    client.command({"BLPOP", "never", "0"}, &context, [&](const RedisReply &reply) { lost = reply; });
    QTest::qWait(50);
    m_redis.kill();
    QVERIFY(down.wait(3000));
    QTRY_VERIFY(lost.has_value());
    QVERIFY(lost->isError());
    QVERIFY(run(client, {"PING"}).isError());
    QVERIFY(m_redis.start());
    QTRY_COMPARE_WITH_TIMEOUT(up.size(), 2, 5000);
    QCOMPARE(run(client, {"PING"}).text, QByteArray("PONG"));
    QCOMPARE(client.connectCount(), quint64(2));
}

void tst_RedisClient::slowCommandDropsTheConnection()
{
    RedisClient::Settings settings = settingsFor(m_redis.url());
    settings.commandTimeoutMs = 200;
    RedisClient client(settings);
    QSignalSpy up(&client, &RedisClient::connected);
    QSignalSpy down(&client, &RedisClient::disconnected);
    client.open();
    QVERIFY(up.wait(3000));
    QElapsedTimer timer;
    timer.start();
    const RedisReply reply = run(client, {"DEBUG", "SLEEP", "1"});
    QVERIFY2(reply.isError(), reply.text.constData());
    QVERIFY2(timer.elapsed() < 900, "the timeout, not Redis's answer, ended the command");
    QCOMPARE(down.size(), 1);
    QVERIFY2(
        down.first().first().toString().contains(QStringLiteral("no reply within 200 ms")), qPrintable(down.first().first().toString()));
    QTRY_COMPARE_WITH_TIMEOUT(up.size(), 2, 5000);
}

QTEST_GUILESS_MAIN(tst_RedisClient)
#include "tst_redisclient.moc"
