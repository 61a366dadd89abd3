// The plain-WebSocket JSON protocol: requests `{"event":…,"data":…,"id":…}`,
// replies and errors in the same shape, and the (un)subscribe event names
// both protocols derive from a stream's name.
#include "protocol/JsonMessage.h"
#include "protocol/StreamEvents.h"

#include "JsonLiteral.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

// Found by QTest through ADL, so that a failed QCOMPARE names the action.
char *toString(StreamEvents::Action action)
{
    return qstrdup(action == StreamEvents::Action::Subscribe ? "Subscribe" : "Unsubscribe");
}

namespace {

const QJsonValue Undefined = QJsonValue(QJsonValue::Undefined);

using JsonLiteral::json;

// An encoded message as the peer reads it: one JSON object on one line.
QJsonObject parseReply(const QByteArray &bytes)
{
    if (bytes.contains('\n'))
        return {};
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return {};
    return doc.object();
}

} // namespace

class tst_JsonMessage final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parseRequest_data();
    void parseRequest();
    void parseRequestErrors_data();
    void parseRequestErrors();
    void encode_data();
    void encode();
    void encodeError_data();
    void encodeError();
    void errorReplyEchoesId_data();
    void errorReplyEchoesId();

    void streamEventsParse_data();
    void streamEventsParse();
    void streamEventsRejects_data();
    void streamEventsRejects();
    void streamEventNames_data();
    void streamEventNames();
};

void tst_JsonMessage::parseRequest_data()
{
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<QString>("event");
    QTest::addColumn<QJsonValue>("id");
    QTest::addColumn<QJsonValue>("data");

    const QString subscribe = QStringLiteral("subscribeRandomNumber");
    QTest::addRow("event only") << QByteArrayLiteral(R"({"event":"subscribeRandomNumber"})") << subscribe << Undefined << Undefined;
    QTest::addRow("string id") << QByteArrayLiteral(R"({"event":"subscribeRandomNumber","id":"req-1"})") << subscribe
                               << QJsonValue(QStringLiteral("req-1")) << Undefined;
    QTest::addRow("empty string id") << QByteArrayLiteral(R"({"id":"","event":"subscribeRandomNumber"})") << subscribe
                                     << QJsonValue(QString()) << Undefined;
    QTest::addRow("numeric id") << QByteArrayLiteral(R"({"event":"subscribeRandomNumber","id":42})") << subscribe << QJsonValue(42)
                                << Undefined;
    QTest::addRow("zero id") << QByteArrayLiteral(R"({"event":"subscribeRandomNumber","id":0})") << subscribe << QJsonValue(0) << Undefined;
    QTest::addRow("fractional negative id") << QByteArrayLiteral(R"({"event":"subscribeRandomNumber","id":-1.5})") << subscribe
                                            << QJsonValue(-1.5) << Undefined;
    QTest::addRow("object data") << QByteArrayLiteral(R"({"event":"subscribe","data":{"stream":"randomNumber"}})")
                                 << QStringLiteral("subscribe") << Undefined << json(R"({"stream":"randomNumber"})");
    QTest::addRow("null data") << QByteArrayLiteral(R"({"event":"ping","data":null})") << QStringLiteral("ping") << Undefined
                               << QJsonValue(QJsonValue::Null);
    QTest::addRow("array data") << QByteArrayLiteral(R"({"event":"ping","data":[1,"two"]})") << QStringLiteral("ping") << Undefined
                                << json(R"([1,"two"])");
    QTest::addRow("string data") << QByteArrayLiteral(R"({"event":"ping","data":"hello"})") << QStringLiteral("ping") << Undefined
                                 << QJsonValue(QStringLiteral("hello"));
    QTest::addRow("false data") << QByteArrayLiteral(R"({"event":"ping","data":false})") << QStringLiteral("ping") << Undefined
                                << QJsonValue(false);
    QTest::addRow("id and data") << QByteArrayLiteral(R"({"data":{"a":1},"id":7,"event":"unsubscribeBitcoinPrice"})")
                                 << QStringLiteral("unsubscribeBitcoinPrice") << QJsonValue(7) << json(R"({"a":1})");
    QTest::addRow("unknown members ignored") << QByteArrayLiteral(R"({"event":"ping","type":"x","extra":[1]})") << QStringLiteral("ping")
                                             << Undefined << Undefined;
    QTest::addRow("whitespace around") << QByteArrayLiteral(" \n{ \"event\" : \"ping\" }\t\n") << QStringLiteral("ping") << Undefined
                                       << Undefined;
    QTest::addRow("utf-8 event name") << QByteArrayLiteral("{\"event\":\"gr\xc3\xbc\xc3\x9f"
                                                           "e\"}")
                                      << QStringLiteral("gr\u00fc\u00dfe") << Undefined << Undefined;
}

void tst_JsonMessage::parseRequest()
{
    QFETCH(QByteArray, message);
    QFETCH(QString, event);
    QFETCH(QJsonValue, id);
    QFETCH(QJsonValue, data);

    const std::variant<JsonMessage::Request, JsonMessage::Error> parsed = JsonMessage::parseRequest(message);
    const auto *error = std::get_if<JsonMessage::Error>(&parsed);
    QVERIFY2(!error, error ? qPrintable(error->code + QStringLiteral(": ") + error->message) : "");
    const JsonMessage::Request &request = std::get<JsonMessage::Request>(parsed);
    QCOMPARE(request.event, event);
    QCOMPARE(request.id.type(), id.type());
    QCOMPARE(request.id, id);
    QCOMPARE(request.data.type(), data.type());
    QCOMPARE(request.data, data);
}

void tst_JsonMessage::parseRequestErrors_data()
{
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QJsonValue>("id"); // echoed when it could be read
    QTest::addColumn<QString>("reason"); // a part of the message

    const QString badJson = QStringLiteral("bad_json");
    const QString badRequest = QStringLiteral("bad_request");
    const QString notJson = QStringLiteral("not valid JSON");
    const QString notObject = QStringLiteral("must be a JSON object");
    const QString badEvent = QStringLiteral("\"event\" must be a non-empty string");
    const QString badId = QStringLiteral("\"id\" must be a string or a number");

    QTest::addRow("not json") << QByteArrayLiteral("subscribeRandomNumber") << badJson << Undefined << notJson;
    QTest::addRow("empty message") << QByteArray() << badJson << Undefined << notJson;
    QTest::addRow("truncated object with id") << QByteArrayLiteral(R"({"event":"ping","id":"r1")") << badJson << Undefined << notJson;
    QTest::addRow("trailing garbage") << QByteArrayLiteral(R"({"event":"ping"}x)") << badJson << Undefined << notJson;
    QTest::addRow("two objects") << QByteArrayLiteral(R"({"event":"a"}{"event":"b"})") << badJson << Undefined << notJson;
    QTest::addRow("invalid utf-8") << QByteArrayLiteral("{\"event\":\"\xff\xfe\"}") << badJson << Undefined << notJson;
    QTest::addRow("json array") << QByteArrayLiteral(R"(["subscribeRandomNumber"])") << badJson << Undefined << notObject;
    QTest::addRow("json array of request") << QByteArrayLiteral(R"([{"event":"ping","id":1}])") << badJson << Undefined << notObject;
    // Qt's parser refuses a top-level scalar outright.
    QTest::addRow("json string") << QByteArrayLiteral(R"("subscribeRandomNumber")") << badJson << Undefined << QString();
    QTest::addRow("json number") << QByteArrayLiteral("42") << badJson << Undefined << QString();
    QTest::addRow("json null") << QByteArrayLiteral("null") << badJson << Undefined << QString();
    QTest::addRow("json true") << QByteArrayLiteral("true") << badJson << Undefined << QString();

    QTest::addRow("missing event") << QByteArrayLiteral(R"({"data":1})") << badRequest << Undefined << badEvent;
    QTest::addRow("empty object") << QByteArrayLiteral("{}") << badRequest << Undefined << badEvent;
    QTest::addRow("missing event, string id echoed")
        << QByteArrayLiteral(R"({"id":"r1"})") << badRequest << QJsonValue(QStringLiteral("r1")) << badEvent;
    QTest::addRow("empty event, numeric id echoed")
        << QByteArrayLiteral(R"({"event":"","id":5})") << badRequest << QJsonValue(5) << badEvent;
    QTest::addRow("number event") << QByteArrayLiteral(R"({"event":42})") << badRequest << Undefined << badEvent;
    QTest::addRow("null event") << QByteArrayLiteral(R"({"event":null,"id":"r2"})") << badRequest << QJsonValue(QStringLiteral("r2"))
                                << badEvent;
    QTest::addRow("bool event") << QByteArrayLiteral(R"({"event":true})") << badRequest << Undefined << badEvent;
    QTest::addRow("array event") << QByteArrayLiteral(R"({"event":["subscribeRandomNumber"],"id":3})") << badRequest << QJsonValue(3)
                                 << badEvent;
    QTest::addRow("object event") << QByteArrayLiteral(R"({"event":{"name":"ping"}})") << badRequest << Undefined << badEvent;
    QTest::addRow("event in wrong case") << QByteArrayLiteral(R"({"Event":"ping"})") << badRequest << Undefined << badEvent;

    // An id of the wrong type cannot be echoed: the reply would carry a value
    // the client could not have matched.
    QTest::addRow("bool id") << QByteArrayLiteral(R"({"event":"ping","id":true})") << badRequest << Undefined << badId;
    QTest::addRow("null id") << QByteArrayLiteral(R"({"event":"ping","id":null})") << badRequest << Undefined << badId;
    QTest::addRow("object id") << QByteArrayLiteral(R"({"event":"ping","id":{"n":1}})") << badRequest << Undefined << badId;
    QTest::addRow("array id") << QByteArrayLiteral(R"({"event":"ping","id":[1]})") << badRequest << Undefined << badId;
    QTest::addRow("bad id and bad event") << QByteArrayLiteral(R"({"event":7,"id":false})") << badRequest << Undefined << badId;
}

void tst_JsonMessage::parseRequestErrors()
{
    QFETCH(QByteArray, message);
    QFETCH(QString, code);
    QFETCH(QJsonValue, id);
    QFETCH(QString, reason);

    const std::variant<JsonMessage::Request, JsonMessage::Error> parsed = JsonMessage::parseRequest(message);
    const auto *error = std::get_if<JsonMessage::Error>(&parsed);
    QVERIFY2(error, "the message was accepted");
    QCOMPARE(error->code, code);
    QVERIFY(!error->message.isEmpty());
    QVERIFY2(error->message.contains(reason), qPrintable(error->message));
    QCOMPARE(error->id.type(), id.type());
    QCOMPARE(error->id, id);
}

void tst_JsonMessage::encode_data()
{
    QTest::addColumn<QString>("event");
    QTest::addColumn<QJsonValue>("data");
    QTest::addColumn<QJsonValue>("id");
    QTest::addColumn<QJsonObject>("expected");

    const QString randomNumber = QStringLiteral("randomNumber");
    QTest::addRow("tick") << randomNumber << json(R"({"value":42,"timestamp":1700000000000})") << Undefined
                          << json(R"({"event":"randomNumber","data":{"value":42,"timestamp":1700000000000}})").toObject();
    QTest::addRow("welcome string") << QStringLiteral("message") << QJsonValue(QStringLiteral("Welcome to the data WebSocket gateway!"))
                                    << Undefined
                                    << json(R"({"event":"message","data":"Welcome to the data WebSocket gateway!"})").toObject();
    QTest::addRow("reply with string id") << QStringLiteral("subscribed") << json(R"({"stream":"randomNumber"})")
                                          << QJsonValue(QStringLiteral("req-1"))
                                          << json(R"({"event":"subscribed","data":{"stream":"randomNumber"},"id":"req-1"})").toObject();
    QTest::addRow("reply with numeric id") << QStringLiteral("subscribed") << QJsonValue(true) << QJsonValue(7)
                                           << json(R"({"event":"subscribed","data":true,"id":7})").toObject();
    QTest::addRow("reply with empty string id")
        << QStringLiteral("pong") << QJsonValue(1) << QJsonValue(QString()) << json(R"({"event":"pong","data":1,"id":""})").toObject();
    QTest::addRow("null data kept") << QStringLiteral("pong") << QJsonValue(QJsonValue::Null) << Undefined
                                    << json(R"({"event":"pong","data":null})").toObject();
    QTest::addRow("array data") << QStringLiteral("streams") << json(R"(["randomNumber","bitcoinPrice"])") << Undefined
                                << json(R"({"event":"streams","data":["randomNumber","bitcoinPrice"]})").toObject();
    // Like JSON.stringify, which the replaced NestJS gateway used, an undefined
    // member is left out.
    QTest::addRow("undefined data left out") << QStringLiteral("pong") << Undefined << Undefined << json(R"({"event":"pong"})").toObject();
    QTest::addRow("escaped event name") << QStringLiteral("a\"b\\c\n\u20ac") << QJsonValue(0) << Undefined
                                        << json("{\"event\":\"a\\\"b\\\\c\\n\xe2\x82\xac\",\"data\":0}").toObject();
}

void tst_JsonMessage::encode()
{
    QFETCH(QString, event);
    QFETCH(QJsonValue, data);
    QFETCH(QJsonValue, id);
    QFETCH(QJsonObject, expected);

    const QByteArray bytes = JsonMessage::encode(event, data, id);
    const QJsonObject reply = parseReply(bytes);
    QVERIFY2(!reply.isEmpty(), bytes.constData());
    QCOMPARE(reply, expected);
}

void tst_JsonMessage::encodeError_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QJsonValue>("id");
    QTest::addColumn<QJsonObject>("expected");

    QTest::addRow("unknown stream")
        << QStringLiteral("unknown_stream") << QStringLiteral("no stream named \"foo\"") << Undefined
        << json(R"({"event":"error","data":{"code":"unknown_stream","message":"no stream named \"foo\""}})").toObject();
    QTest::addRow("unknown event with string id")
        << QStringLiteral("unknown_event") << QStringLiteral("unknown event") << QJsonValue(QStringLiteral("r9"))
        << json(R"({"event":"error","data":{"code":"unknown_event","message":"unknown event"},"id":"r9"})").toObject();
    QTest::addRow("no data yet with numeric id")
        << QStringLiteral("no_data_yet") << QStringLiteral("wait") << QJsonValue(12)
        << json(R"({"event":"error","data":{"code":"no_data_yet","message":"wait"},"id":12})").toObject();
    QTest::addRow("binary not supported")
        << QStringLiteral("binary_not_supported") << QStringLiteral("send text frames") << Undefined
        << json(R"({"event":"error","data":{"code":"binary_not_supported","message":"send text frames"}})").toObject();
}

void tst_JsonMessage::encodeError()
{
    QFETCH(QString, code);
    QFETCH(QString, message);
    QFETCH(QJsonValue, id);
    QFETCH(QJsonObject, expected);

    const QByteArray bytes = JsonMessage::encodeError(JsonMessage::Error {code, message, id});
    const QJsonObject reply = parseReply(bytes);
    QVERIFY2(!reply.isEmpty(), bytes.constData());
    QCOMPARE(reply, expected);
}

void tst_JsonMessage::errorReplyEchoesId_data()
{
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<QJsonObject>("expected");

    QTest::addRow("bad json") << QByteArrayLiteral("{oops") << json(R"({"event":"error","data":{"code":"bad_json"}})").toObject();
    QTest::addRow("bad request with string id") << QByteArrayLiteral(R"({"event":"","id":"abc"})")
                                                << json(R"({"event":"error","data":{"code":"bad_request"},"id":"abc"})").toObject();
    QTest::addRow("bad request with numeric id")
        << QByteArrayLiteral(R"({"id":99})") << json(R"({"event":"error","data":{"code":"bad_request"},"id":99})").toObject();
    QTest::addRow("bad id not echoed") << QByteArrayLiteral(R"({"event":"ping","id":{}})")
                                       << json(R"({"event":"error","data":{"code":"bad_request"}})").toObject();
}

void tst_JsonMessage::errorReplyEchoesId()
{
    // What a client sees for a refused request: parse, then encode the error.
    QFETCH(QByteArray, message);
    QFETCH(QJsonObject, expected);

    const std::variant<JsonMessage::Request, JsonMessage::Error> parsed = JsonMessage::parseRequest(message);
    QVERIFY(std::holds_alternative<JsonMessage::Error>(parsed));
    const JsonMessage::Error &error = std::get<JsonMessage::Error>(parsed);
    QJsonObject reply = parseReply(JsonMessage::encodeError(error));

    // The message is for people; compare it for presence only.
    QJsonObject data = reply.value(QStringLiteral("data")).toObject();
    QCOMPARE(data.value(QStringLiteral("message")).toString(), error.message);
    QVERIFY(!error.message.isEmpty());
    data.remove(QStringLiteral("message"));
    reply.insert(QStringLiteral("data"), data);
    QCOMPARE(reply, expected);
}

void tst_JsonMessage::streamEventsParse_data()
{
    QTest::addColumn<QString>("event");
    QTest::addColumn<StreamEvents::Action>("action");
    QTest::addColumn<QString>("stream");

    using Action = StreamEvents::Action;
    QTest::addRow("subscribeRandomNumber") << QStringLiteral("subscribeRandomNumber") << Action::Subscribe
                                           << QStringLiteral("randomNumber");
    QTest::addRow("unsubscribeRandomNumber") << QStringLiteral("unsubscribeRandomNumber") << Action::Unsubscribe
                                             << QStringLiteral("randomNumber");
    QTest::addRow("subscribeBitcoinPrice") << QStringLiteral("subscribeBitcoinPrice") << Action::Subscribe
                                           << QStringLiteral("bitcoinPrice");
    QTest::addRow("unsubscribeBitcoinPrice") << QStringLiteral("unsubscribeBitcoinPrice") << Action::Unsubscribe
                                             << QStringLiteral("bitcoinPrice");
    // A name of a stream that does not exist still parses; the caller checks.
    QTest::addRow("subscribeFoo") << QStringLiteral("subscribeFoo") << Action::Subscribe << QStringLiteral("foo");
    QTest::addRow("one-letter stream") << QStringLiteral("unsubscribeX") << Action::Unsubscribe << QStringLiteral("x");
    // The stream part is taken as it is, even when it spells a prefix.
    QTest::addRow("subscribeUnsubscribe") << QStringLiteral("subscribeUnsubscribe") << Action::Subscribe << QStringLiteral("unsubscribe");
}

void tst_JsonMessage::streamEventsParse()
{
    QFETCH(QString, event);
    QFETCH(StreamEvents::Action, action);
    QFETCH(QString, stream);

    const std::optional<StreamEvents::Request> request = StreamEvents::parse(event);
    QVERIFY(request.has_value());
    QCOMPARE(request->action, action);
    QCOMPARE(request->stream, stream);
}

void tst_JsonMessage::streamEventsRejects_data()
{
    QTest::addColumn<QString>("event");

    QTest::addRow("subscribe") << QStringLiteral("subscribe");
    QTest::addRow("unsubscribe") << QStringLiteral("unsubscribe");
    QTest::addRow("subscriberandom") << QStringLiteral("subscriberandom");
    QTest::addRow("unsubscriberandomNumber") << QStringLiteral("unsubscriberandomNumber");
    QTest::addRow("foo") << QStringLiteral("foo");
    QTest::addRow("empty") << QString();
    QTest::addRow("stream name alone") << QStringLiteral("randomNumber");
    QTest::addRow("capitalised prefix") << QStringLiteral("SubscribeRandomNumber");
    QTest::addRow("upper-case prefix") << QStringLiteral("SUBSCRIBERandomNumber");
    QTest::addRow("digit after prefix") << QStringLiteral("subscribe1");
    QTest::addRow("space after prefix") << QStringLiteral("subscribe RandomNumber");
    QTest::addRow("underscore after prefix") << QStringLiteral("subscribe_randomNumber");
    QTest::addRow("prefix in the middle") << QStringLiteral("resubscribeRandomNumber");
}

void tst_JsonMessage::streamEventsRejects()
{
    QFETCH(QString, event);

    const std::optional<StreamEvents::Request> request = StreamEvents::parse(event);
    QVERIFY2(!request.has_value(), request ? qPrintable(request->stream) : "");
}

void tst_JsonMessage::streamEventNames_data()
{
    QTest::addColumn<QString>("stream");
    QTest::addColumn<QString>("subscribe");
    QTest::addColumn<QString>("unsubscribe");

    QTest::addRow("randomNumber") << QStringLiteral("randomNumber") << QStringLiteral("subscribeRandomNumber")
                                  << QStringLiteral("unsubscribeRandomNumber");
    QTest::addRow("bitcoinPrice") << QStringLiteral("bitcoinPrice") << QStringLiteral("subscribeBitcoinPrice")
                                  << QStringLiteral("unsubscribeBitcoinPrice");
    QTest::addRow("one letter") << QStringLiteral("x") << QStringLiteral("subscribeX") << QStringLiteral("unsubscribeX");
    QTest::addRow("non-ascii") << QStringLiteral("\u00e9t\u00e9") << QStringLiteral("subscribe\u00c9t\u00e9")
                               << QStringLiteral("unsubscribe\u00c9t\u00e9");
}

void tst_JsonMessage::streamEventNames()
{
    QFETCH(QString, stream);
    QFETCH(QString, subscribe);
    QFETCH(QString, unsubscribe);

    QCOMPARE(StreamEvents::subscribeEvent(stream), subscribe);
    QCOMPARE(StreamEvents::unsubscribeEvent(stream), unsubscribe);

    // Names made from a stream parse back to that stream.
    const std::optional<StreamEvents::Request> subscribeRequest = StreamEvents::parse(subscribe);
    QVERIFY(subscribeRequest.has_value());
    QCOMPARE(subscribeRequest->action, StreamEvents::Action::Subscribe);
    QCOMPARE(subscribeRequest->stream, stream);
    const std::optional<StreamEvents::Request> unsubscribeRequest = StreamEvents::parse(unsubscribe);
    QVERIFY(unsubscribeRequest.has_value());
    QCOMPARE(unsubscribeRequest->action, StreamEvents::Action::Unsubscribe);
    QCOMPARE(unsubscribeRequest->stream, stream);
}

QTEST_APPLESS_MAIN(tst_JsonMessage)

#include "tst_jsonmessage.moc"
