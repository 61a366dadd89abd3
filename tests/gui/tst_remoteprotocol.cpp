// What the remote source reads from another datagate: the status API's
// answers as the server writes them (StatusJson, the real document shape),
// the JSON protocol's messages as docs/protocol.md gives them, and what it
// refuses.
#include "FakeDatagate.h"

#include "gui/source/RemoteProtocol.h"
#include "model/StatusJson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace RemoteProtocol;

namespace {

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

const QHash<QString, QString> ValueKeys {{QStringLiteral("bitcoinPrice"), QStringLiteral("price")}};

} // namespace

class tst_RemoteProtocol final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void status();
    void statusRefused_data();
    void statusRefused();
    void clientsPage();
    void clientsPageRefused_data();
    void clientsPageRefused();
    void messages_data();
    void messages();
    void messagesRefused_data();
    void messagesRefused();
    void subscribe();
};

void tst_RemoteProtocol::status()
{
    QJsonObject document = FakeDatagate::defaultStatus(3111);
    FeedHealth price;
    price.state = FeedHealth::State::Degraded;
    price.source = QStringLiteral("kraken");
    price.lastError = QStringLiteral("coinbase: HTTP 503");
    price.consecutiveFailures = 2;
    price.nextAttemptAt = QDateTime(QDate(2025, 1, 2), QTime(3, 4, 5, 600), Qt::UTC);
    FeedHealth::ProviderStats coinbase;
    coinbase.name = QStringLiteral("coinbase");
    coinbase.requests = 5;
    coinbase.failures = 2;
    price.providers = {coinbase};
    QJsonArray streams = document.value(QStringLiteral("streams")).toArray();
    QJsonObject priceStream = streams.at(1).toObject();
    priceStream.insert(QStringLiteral("health"), StatusJson::fromFeedHealth(price));
    streams.replace(1, priceStream);
    document.insert(QStringLiteral("streams"), streams);
    document.insert(QStringLiteral("startedAt"), QStringLiteral("2025-01-02T03:00:00.000Z"));
    document.insert(QStringLiteral("uptimeSeconds"), 125.5);

    QString error;
    const std::optional<Status> status = parseStatus(json(document), &error);
    QVERIFY2(status, qPrintable(error));
    QCOMPARE(status->version, QStringLiteral("0.1.0"));
    QCOMPARE(status->startedAt, QDateTime(QDate(2025, 1, 2), QTime(3, 0), Qt::UTC));
    QCOMPARE(status->remoteNow, QDateTime(QDate(2025, 1, 2), QTime(3, 2, 5, 500), Qt::UTC));
    QCOMPARE(status->listenHost, QStringLiteral("any"));
    QCOMPARE(status->listenPort, quint16(3111));
    QCOMPARE(status->maxSendBufferBytes, 4194304);
    QCOMPARE(status->streams.size(), 2);
    QCOMPARE(status->streams.at(0).name, QStringLiteral("randomNumber"));
    QCOMPARE(status->streams.at(0).valueKey, QStringLiteral("value"));
    QCOMPARE(status->streams.at(1).name, QStringLiteral("bitcoinPrice"));
    QCOMPARE(status->streams.at(1).valueKey, QStringLiteral("price"));
    QCOMPARE(status->streams.at(1).description, QStringLiteral("Bitcoin price in USD"));
    QCOMPARE(status->health.value(QStringLiteral("bitcoinPrice")), price);
    QCOMPARE(status->health.value(QStringLiteral("randomNumber")).state, FeedHealth::State::Healthy);
    QCOMPARE(status->traffic.protocols.value(TrafficStats::Json).messagesSent, 100u);
}

void tst_RemoteProtocol::statusRefused_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("error");
    QJsonObject noName = FakeDatagate::defaultStatus(1);
    noName.insert(QStringLiteral("streams"), QJsonArray {QJsonObject {{QStringLiteral("description"), QStringLiteral("x")}}});
    QJsonArray many;
    for (int i = 0; i < 65; ++i)
        many.append(QJsonObject {{QStringLiteral("name"), QStringLiteral("s%1").arg(i)}});
    QJsonObject tooMany = FakeDatagate::defaultStatus(1);
    tooMany.insert(QStringLiteral("streams"), many);
    QTest::addRow("html") << QByteArray("<html>hello</html>") << QStringLiteral("not JSON");
    QTest::addRow("array") << QByteArray("[1,2]") << QStringLiteral("not a JSON object");
    QTest::addRow("empty") << QByteArray() << QStringLiteral("not JSON");
    QTest::addRow("another API") << QByteArray(R"({"status":"ok"})") << QStringLiteral("no \"streams\" list");
    QTest::addRow("stream without a name") << json(noName) << QStringLiteral("a stream without a name");
    QTest::addRow("65 streams") << json(tooMany) << QStringLiteral("more than 64 streams");
}

void tst_RemoteProtocol::statusRefused()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, error);
    QString said;
    QVERIFY(!parseStatus(body, &said));
    QVERIFY2(said.startsWith(error), qPrintable(said));
}

void tst_RemoteProtocol::clientsPage()
{
    const QList<ClientInfo> clients = FakeDatagate::makeClients(3, 41);
    QJsonArray array;
    for (const ClientInfo &client : clients)
        array.append(StatusJson::fromClient(client));
    const QJsonObject body {{QStringLiteral("total"), 1203}, {QStringLiteral("offset"), 1200}, {QStringLiteral("limit"), 1000},
        {QStringLiteral("clients"), array}};
    QString error;
    const std::optional<ClientsPage> page = parseClientsPage(json(body), &error);
    QVERIFY2(page, qPrintable(error));
    QCOMPARE(page->total, 1203);
    QCOMPARE(page->offset, 1200);
    QCOMPARE(page->clients.size(), 3);
    QCOMPARE(page->clients.at(1).id, 42u);
    QCOMPARE(page->clients.at(1).protocol, ClientInfo::Protocol::SocketIo);
    QCOMPARE(page->clients.at(1).peer, clients.at(1).peer);
    QCOMPARE(page->clients.at(1).streams, QStringList {QStringLiteral("randomNumber")});
}

void tst_RemoteProtocol::clientsPageRefused_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addRow("no total") << QByteArray(R"({"clients":[]})");
    QTest::addRow("negative total") << QByteArray(R"({"total":-1,"clients":[]})");
    QTest::addRow("no list") << QByteArray(R"({"total":3})");
    QTest::addRow("not JSON") << QByteArray("clients: 3");
}

void tst_RemoteProtocol::clientsPageRefused()
{
    QFETCH(QByteArray, body);
    QString error;
    QVERIFY(!parseClientsPage(body, &error));
    QVERIFY(!error.isEmpty());
}

void tst_RemoteProtocol::messages_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("stream");
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QJsonObject>("details");
    QTest::addColumn<qint64>("seq");
    QTest::addColumn<qint64>("ts");
    // The examples of docs/protocol.md.
    QTest::addRow("welcome") << QByteArray(
        R"({"event":"welcome","data":{"server":"datagate","version":"0.1.0","streams":["randomNumber","bitcoinPrice"]}})")
                             << QStringLiteral("welcome") << QString() << QJsonValue() << QJsonObject() << 0ll << 0ll;
    QTest::addRow("random number") << QByteArray(R"({"event":"randomNumber","data":{"value":57,"seq":1234,"ts":1764091234567}})")
                                   << QStringLiteral("tick") << QStringLiteral("randomNumber") << QJsonValue(57) << QJsonObject() << 1234ll
                                   << 1764091234567ll;
    QTest::addRow("price with its details") << QByteArray(
        R"({"event":"bitcoinPrice","data":{"price":97123.45,"currency":"USD","source":"coinbase","fetchedAt":1764091234000,"stale":true,"ageMs":41230,"seq":7,"ts":1764091234567}})")
                                            << QStringLiteral("tick") << QStringLiteral("bitcoinPrice") << QJsonValue(97123.45)
                                            << QJsonObject {{QStringLiteral("currency"), QStringLiteral("USD")},
                                                   {QStringLiteral("source"), QStringLiteral("coinbase")},
                                                   {QStringLiteral("fetchedAt"), 1764091234000ll}, {QStringLiteral("stale"), true},
                                                   {QStringLiteral("ageMs"), 41230}}
                                            << 7ll << 1764091234567ll;
    QTest::addRow("a stream not in the status")
        << QByteArray(R"({"event":"temperature","data":{"value":21.5,"seq":1,"ts":5}})") << QStringLiteral("tick")
        << QStringLiteral("temperature") << QJsonValue(21.5) << QJsonObject() << 1ll << 5ll;
    QTest::addRow("subscribed") << QByteArray(R"({"event":"subscribed","id":7,"data":{"stream":"randomNumber"}})")
                                << QStringLiteral("ignored") << QString() << QJsonValue() << QJsonObject() << 0ll << 0ll;
    QTest::addRow("an event of a later version") << QByteArray(R"({"event":"notice","data":{"text":"hi"}})") << QStringLiteral("ignored")
                                                 << QString() << QJsonValue() << QJsonObject() << 0ll << 0ll;
    QTest::addRow("error") << QByteArray(R"({"event":"error","id":9,"data":{"code":"no_data_yet","message":"no price yet"}})")
                           << QStringLiteral("error") << QString() << QJsonValue() << QJsonObject() << 0ll << 0ll;
}

void tst_RemoteProtocol::messages()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, kind);
    QFETCH(QString, stream);
    QFETCH(QJsonValue, value);
    QFETCH(QJsonObject, details);
    QFETCH(qint64, seq);
    QFETCH(qint64, ts);
    QString error;
    const std::optional<Message> message = parseMessage(text, ValueKeys, &error);
    QVERIFY2(message, qPrintable(error));
    if (kind == QLatin1String("welcome")) {
        const auto *welcome = std::get_if<Welcome>(&*message);
        QVERIFY(welcome);
        QCOMPARE(welcome->server, QStringLiteral("datagate"));
        QCOMPARE(welcome->streams, (QStringList {QStringLiteral("randomNumber"), QStringLiteral("bitcoinPrice")}));
    } else if (kind == QLatin1String("tick")) {
        const auto *tick = std::get_if<Tick>(&*message);
        QVERIFY(tick);
        QCOMPARE(tick->stream, stream);
        QCOMPARE(tick->value, value);
        QCOMPARE(tick->details, details);
        QCOMPARE(qint64(tick->seq), seq);
        QCOMPARE(tick->ts, ts);
    } else if (kind == QLatin1String("error")) {
        const auto *problem = std::get_if<ErrorEvent>(&*message);
        QVERIFY(problem);
        QCOMPARE(problem->code, QStringLiteral("no_data_yet"));
    } else {
        QVERIFY(std::holds_alternative<Ignored>(*message));
    }
}

void tst_RemoteProtocol::messagesRefused_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("error");
    QTest::addRow("not JSON") << QByteArray("42/data,[\"randomNumber\",57]") << QStringLiteral("not JSON");
    QTest::addRow("no event") << QByteArray(R"({"data":{"value":1,"seq":1}})") << QStringLiteral("a message without an event");
    QTest::addRow("event not a string") << QByteArray(R"({"event":5,"data":{}})") << QStringLiteral("a message without an event");
    QTest::addRow("price tick without its price") << QByteArray(R"({"event":"bitcoinPrice","data":{"value":1,"seq":1,"ts":2}})")
                                                  << QStringLiteral("a \"bitcoinPrice\" tick without its \"price\"");
}

void tst_RemoteProtocol::messagesRefused()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, error);
    QString said;
    QVERIFY(!parseMessage(text, ValueKeys, &said));
    QVERIFY2(said.startsWith(error), qPrintable(said));
}

void tst_RemoteProtocol::subscribe()
{
    const QJsonObject request =
        QJsonDocument::fromJson(subscribeRequest({QStringLiteral("randomNumber"), QStringLiteral("bitcoinPrice")})).object();
    QCOMPARE(request.value(QStringLiteral("event")).toString(), QStringLiteral("subscribe"));
    QCOMPARE(request.value(QStringLiteral("data")).toObject().value(QStringLiteral("streams")).toArray(),
        (QJsonArray {QStringLiteral("randomNumber"), QStringLiteral("bitcoinPrice")}));
}

QTEST_GUILESS_MAIN(tst_RemoteProtocol)
#include "tst_remoteprotocol.moc"
