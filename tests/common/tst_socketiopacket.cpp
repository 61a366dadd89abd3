// Socket.IO v5 packets in the default parser's text encoding:
// `<type>[<attachments>-][<namespace>,][<ack id>][<JSON payload>]`.
#include "protocol/SocketIoPacket.h"

#include "JsonLiteral.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

// Found by QTest through ADL, so that a failed QCOMPARE names the packet type.
char *toString(SocketIoPacket::Type type)
{
    return qstrdup(QByteArray("SocketIoPacket::Type('" + QByteArray(1, static_cast<char>(type)) + "')").constData());
}

namespace {

const QJsonValue Undefined = QJsonValue(QJsonValue::Undefined);

using JsonLiteral::json;

SocketIoPacket packet(
    SocketIoPacket::Type type, const QString &nsp, std::optional<qint64> ackId, const QJsonValue &payload, int attachments = 0)
{
    SocketIoPacket p;
    p.type = type;
    p.nsp = nsp;
    p.ackId = ackId;
    p.payload = payload;
    p.attachments = attachments;
    return p;
}

} // namespace

class tst_SocketIoPacket final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void decode_data();
    void decode();
    void decodeRejects_data();
    void decodeRejects();
    void encode_data();
    void encode();
    void roundTrip_data();
    void roundTrip();
    void defaults();
};

void tst_SocketIoPacket::decode_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<SocketIoPacket::Type>("type");
    QTest::addColumn<QString>("nsp");
    QTest::addColumn<bool>("hasAckId");
    QTest::addColumn<qint64>("ackId");
    QTest::addColumn<QJsonValue>("payload");
    QTest::addColumn<int>("attachments");
    QTest::addColumn<QString>("eventName");
    // What encode() gives for the decoded packet: the text itself unless the
    // input used an accepted but non-canonical form.
    QTest::addColumn<QByteArray>("canonical");

    using Type = SocketIoPacket::Type;
    const QString root = QStringLiteral("/");
    const QString data = QStringLiteral("/data");
    const QString none;

    auto row = [](const char *name, const QByteArray &text, Type type, const QString &nsp, std::optional<qint64> ackId,
                   const QJsonValue &payload, int attachments, const QString &eventName, const QByteArray &canonical = {}) {
        QTest::addRow("%s", name) << text << type << nsp << ackId.has_value() << ackId.value_or(-1) << payload << attachments << eventName
                                  << (canonical.isNull() ? text : canonical);
    };

    row("connect /", "0", Type::Connect, root, {}, Undefined, 0, none);
    row("connect /data", "0/data,", Type::Connect, data, {}, Undefined, 0, none);
    row("connect /data without comma", "0/data", Type::Connect, data, {}, Undefined, 0, none, "0/data,");
    row("connect / with auth payload", R"(0{"token":"123"})", Type::Connect, root, {}, json(R"({"token":"123"})"), 0, none);
    row("connect /data with sid payload", R"(0/data,{"sid":"oSO0OpakMV_3jnilAAAA"})", Type::Connect, data, {},
        json(R"({"sid":"oSO0OpakMV_3jnilAAAA"})"), 0, none);
    row("connect /data with empty object", "0/data,{}", Type::Connect, data, {}, QJsonObject(), 0, none);
    row("disconnect /", "1", Type::Disconnect, root, {}, Undefined, 0, none);
    row("disconnect /data", "1/data,", Type::Disconnect, data, {}, Undefined, 0, none);
    row("event /", R"(2["foo"])", Type::Event, root, {}, json(R"(["foo"])"), 0, QStringLiteral("foo"));
    row("event /data", R"(2/data,["subscribeRandomNumber"])", Type::Event, data, {}, json(R"(["subscribeRandomNumber"])"), 0,
        QStringLiteral("subscribeRandomNumber"));
    row("event /data with ack id", R"(2/data,7["subscribeRandomNumber"])", Type::Event, data, 7, json(R"(["subscribeRandomNumber"])"), 0,
        QStringLiteral("subscribeRandomNumber"));
    row("event / with ack id", R"(212["foo"])", Type::Event, root, 12, json(R"(["foo"])"), 0, QStringLiteral("foo"));
    row("event ack id 0", R"(20["foo"])", Type::Event, root, 0, json(R"(["foo"])"), 0, QStringLiteral("foo"));
    row("event with largest ack id", R"(2/data,999999999999999["foo"])", Type::Event, data, Q_INT64_C(999999999999999), json(R"(["foo"])"),
        0, QStringLiteral("foo"));
    // socket.io-parser accepts a number as the event name as well.
    row("event named by a number", R"(2/data,[1,"foo"])", Type::Event, data, {}, json(R"([1,"foo"])"), 0, QStringLiteral("1"));
    row("event named by a fraction", R"(2/data,[1.5])", Type::Event, data, {}, json(R"([1.5])"), 0, QStringLiteral("1.5"));
    row("event with arguments", R"(2/data,["randomNumber",{"timestamp":1700000000000,"value":42},null,[1,2]])", Type::Event, data, {},
        json(R"(["randomNumber",{"timestamp":1700000000000,"value":42},null,[1,2]])"), 0, QStringLiteral("randomNumber"));
    row("event utf-8",
        "2/data,[\"gr\xc3\xb6\xc3\x9f"
        "e\",\"\xe2\x82\xac\"]",
        Type::Event, data, {}, QJsonArray {QStringLiteral("gr\u00f6\u00dfe"), QStringLiteral("\u20ac")}, 0,
        QStringLiteral("gr\u00f6\u00dfe"));
    row("event in namespace with comma in payload", R"(2/admin,["a,b"])", Type::Event, QStringLiteral("/admin"), {}, json(R"(["a,b"])"), 0,
        QStringLiteral("a,b"));
    row("ack /data", R"(3/data,7[{"ok":true}])", Type::Ack, data, 7, json(R"([{"ok":true}])"), 0, none);
    row("ack / empty", "312[]", Type::Ack, root, 12, QJsonArray(), 0, none);
    row("ack /admin", R"(3/admin,13["bar"])", Type::Ack, QStringLiteral("/admin"), 13, json(R"(["bar"])"), 0, none);
    row("connect error object", R"(4{"message":"Not authorized"})", Type::ConnectError, root, {}, json(R"({"message":"Not authorized"})"),
        0, none);
    row("connect error object /data", R"(4/data,{"message":"Invalid namespace"})", Type::ConnectError, data, {},
        json(R"({"message":"Invalid namespace"})"), 0, none);
    row("connect error string", R"(4"Not authorized")", Type::ConnectError, root, {}, QStringLiteral("Not authorized"), 0, none);
    row("connect error string /data", R"(4/data,"Invalid namespace")", Type::ConnectError, data, {}, QStringLiteral("Invalid namespace"), 0,
        none);
    row("connect error escaped string", R"(4"say \"hi\"\n")", Type::ConnectError, root, {}, QStringLiteral("say \"hi\"\n"), 0, none);
    row("binary event one attachment", R"(51-["baz",{"_placeholder":true,"num":0}])", Type::BinaryEvent, root, {},
        json(R"(["baz",{"_placeholder":true,"num":0}])"), 1, QStringLiteral("baz"));
    row("binary event two attachments /admin", R"(52-/admin,["baz",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}])",
        Type::BinaryEvent, QStringLiteral("/admin"), {}, json(R"(["baz",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}])"), 2,
        QStringLiteral("baz"));
    row("binary event with ack id /data", R"(51-/data,9["up",{"_placeholder":true,"num":0}])", Type::BinaryEvent, data, 9,
        json(R"(["up",{"_placeholder":true,"num":0}])"), 1, QStringLiteral("up"));
    row("binary event zero attachments", R"(50-["baz"])", Type::BinaryEvent, root, {}, json(R"(["baz"])"), 0, QStringLiteral("baz"));
    row("binary ack", R"(61-15["bar",{"_placeholder":true,"num":0}])", Type::BinaryAck, root, 15,
        json(R"(["bar",{"_placeholder":true,"num":0}])"), 1, none);
}

void tst_SocketIoPacket::decode()
{
    QFETCH(QByteArray, text);
    QFETCH(SocketIoPacket::Type, type);
    QFETCH(QString, nsp);
    QFETCH(bool, hasAckId);
    QFETCH(qint64, ackId);
    QFETCH(QJsonValue, payload);
    QFETCH(int, attachments);
    QFETCH(QString, eventName);
    QFETCH(QByteArray, canonical);

    const SocketIoPacket::DecodeResult result = SocketIoPacket::decode(text);
    QVERIFY2(result.packet.has_value(), qPrintable(result.error));
    QVERIFY(result.error.isEmpty());
    const SocketIoPacket &packet = *result.packet;
    QCOMPARE(packet.type, type);
    QCOMPARE(packet.nsp, nsp);
    QCOMPARE(packet.ackId.has_value(), hasAckId);
    if (hasAckId)
        QCOMPARE(*packet.ackId, ackId);
    QCOMPARE(packet.payload.type(), payload.type());
    QCOMPARE(packet.payload, payload);
    QCOMPARE(packet.attachments, attachments);
    QCOMPARE(packet.eventName(), eventName);
    QCOMPARE(packet.encode(), canonical);
}

void tst_SocketIoPacket::decodeRejects_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("reason"); // a part of the error message

    const QString empty = QStringLiteral("empty packet");
    const QString unknownType = QStringLiteral("unknown packet type");
    const QString invalidJson = QStringLiteral("invalid payload: ");
    const QString wrongPayload = QStringLiteral("invalid payload for this packet type");
    const QString missingCount = QStringLiteral("missing attachment count");
    const QString invalidCount = QStringLiteral("invalid attachment count");
    const QString ackTooLarge = QStringLiteral("ack id too large");

    QTest::addRow("empty") << QByteArray() << empty;

    QTest::addRow("type 7") << QByteArrayLiteral(R"(7["foo"])") << unknownType;
    QTest::addRow("type 9") << QByteArrayLiteral("9") << unknownType;
    QTest::addRow("letter") << QByteArrayLiteral(R"(x["foo"])") << unknownType;
    QTest::addRow("namespace first") << QByteArrayLiteral("/data,0") << unknownType;
    QTest::addRow("non-ascii first byte") << QByteArrayLiteral("\xff") << unknownType;

    QTest::addRow("truncated array") << QByteArrayLiteral(R"(2/data,["foo")") << invalidJson;
    QTest::addRow("unquoted key") << QByteArrayLiteral("0/data,{token:1}") << invalidJson;
    QTest::addRow("garbage after payload") << QByteArrayLiteral(R"(2["foo"]x)") << invalidJson;
    QTest::addRow("two payload values") << QByteArrayLiteral(R"(4"a","b")") << invalidJson;
    QTest::addRow("payload without namespace comma") << QByteArrayLiteral(R"(2,["foo"])") << invalidJson;
    QTest::addRow("bare word payload") << QByteArrayLiteral("4/data,unauthorized") << invalidJson;
    QTest::addRow("whitespace payload") << QByteArrayLiteral("2 ") << invalidJson;

    QTest::addRow("event without payload") << QByteArrayLiteral("2") << wrongPayload;
    QTest::addRow("event /data without payload") << QByteArrayLiteral("2/data,") << wrongPayload;
    QTest::addRow("event payload object") << QByteArrayLiteral(R"(2/data,{"event":"foo"})") << wrongPayload;
    QTest::addRow("event payload empty array") << QByteArrayLiteral("2/data,[]") << wrongPayload;
    QTest::addRow("event first element null") << QByteArrayLiteral("2[null]") << wrongPayload;
    QTest::addRow("event first element object") << QByteArrayLiteral(R"(2[{"name":"foo"}])") << wrongPayload;
    QTest::addRow("event first element array") << QByteArrayLiteral(R"(2[["foo"]])") << wrongPayload;
    QTest::addRow("binary event empty array") << QByteArrayLiteral("51-[]") << wrongPayload;
    QTest::addRow("ack without payload") << QByteArrayLiteral("3/data,7") << wrongPayload;
    QTest::addRow("ack payload object") << QByteArrayLiteral(R"(3/data,7{"ok":true})") << wrongPayload;
    QTest::addRow("disconnect with object payload") << QByteArrayLiteral(R"(1{"reason":"bye"})") << wrongPayload;
    QTest::addRow("disconnect /data with array payload") << QByteArrayLiteral(R"(1/data,["bye"])") << wrongPayload;
    QTest::addRow("connect with array payload") << QByteArrayLiteral(R"(0["token"])") << wrongPayload;
    QTest::addRow("connect /data with empty array") << QByteArrayLiteral("0/data,[]") << wrongPayload;
    QTest::addRow("connect with string payload") << QByteArrayLiteral(R"(0/data,"token")") << wrongPayload;
    QTest::addRow("connect error without payload") << QByteArrayLiteral("4/data,") << wrongPayload;
    QTest::addRow("connect error array payload") << QByteArrayLiteral(R"(4["Not authorized"])") << wrongPayload;

    // A number after the namespace reads as an ack id, which leaves no payload.
    QTest::addRow("scalar number event") << QByteArrayLiteral("2/data,5") << wrongPayload;
    QTest::addRow("scalar string event") << QByteArrayLiteral(R"(2/data,"subscribeRandomNumber")") << wrongPayload;
    QTest::addRow("scalar true event") << QByteArrayLiteral("2/data,true") << wrongPayload;
    QTest::addRow("scalar null event") << QByteArrayLiteral("2/data,null") << wrongPayload;
    QTest::addRow("scalar string ack") << QByteArrayLiteral(R"(3/data,7"ok")") << wrongPayload;
    QTest::addRow("scalar number connect error") << QByteArrayLiteral("4/data,42") << wrongPayload;
    QTest::addRow("scalar false connect") << QByteArrayLiteral("0false") << wrongPayload;

    QTest::addRow("binary event missing count") << QByteArrayLiteral(R"(5["baz"])") << missingCount;
    QTest::addRow("binary event /data missing count") << QByteArrayLiteral(R"(5/data,["baz"])") << missingCount;
    QTest::addRow("binary ack missing count") << QByteArrayLiteral(R"(615["bar"])") << missingCount;
    QTest::addRow("binary event only type") << QByteArrayLiteral("5") << missingCount;
    QTest::addRow("binary event empty count") << QByteArrayLiteral(R"(5-["baz"])") << invalidCount;
    QTest::addRow("binary event letter count") << QByteArrayLiteral(R"(5a-["baz"])") << invalidCount;
    QTest::addRow("binary event count too large") << QByteArrayLiteral(R"(51001-["baz"])") << invalidCount;
    QTest::addRow("binary event count overflows int") << QByteArrayLiteral(R"(599999999999-["baz"])") << invalidCount;

    QTest::addRow("ack id 16 digits") << QByteArrayLiteral(R"(2/data,1000000000000000["foo"])") << ackTooLarge;
    QTest::addRow("ack id overflowing int64") << QByteArrayLiteral(R"(299999999999999999999999["foo"])") << ackTooLarge;
    QTest::addRow("ack packet huge id") << QByteArrayLiteral("3/data,123456789012345678901234567890[]") << ackTooLarge;
}

void tst_SocketIoPacket::decodeRejects()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, reason);

    const SocketIoPacket::DecodeResult result = SocketIoPacket::decode(text);
    QVERIFY2(!result.packet.has_value(), result.packet ? result.packet->encode().constData() : "");
    QVERIFY2(result.error.contains(reason), qPrintable(result.error));
}

void tst_SocketIoPacket::encode_data()
{
    QTest::addColumn<SocketIoPacket>("packet");
    QTest::addColumn<QByteArray>("expected");

    using Type = SocketIoPacket::Type;
    const QString root = QStringLiteral("/");
    const QString data = QStringLiteral("/data");

    QTest::addRow("connect /") << packet(Type::Connect, root, {}, Undefined) << QByteArrayLiteral("0");
    QTest::addRow("connect /data") << packet(Type::Connect, data, {}, Undefined) << QByteArrayLiteral("0/data,");
    QTest::addRow("connect /data with sid") << packet(
        Type::Connect, data, {}, QJsonObject {{QStringLiteral("sid"), QStringLiteral("oSO0OpakMV_3jnilAAAA")}})
                                            << QByteArrayLiteral(R"(0/data,{"sid":"oSO0OpakMV_3jnilAAAA"})");
    QTest::addRow("disconnect /") << packet(Type::Disconnect, root, {}, Undefined) << QByteArrayLiteral("1");
    QTest::addRow("disconnect /data") << packet(Type::Disconnect, data, {}, Undefined) << QByteArrayLiteral("1/data,");
    QTest::addRow("event /") << packet(Type::Event, root, {}, QJsonArray {QStringLiteral("foo")}) << QByteArrayLiteral(R"(2["foo"])");
    QTest::addRow("event /data with tick") << packet(Type::Event, data, {},
        QJsonArray {
            QStringLiteral("randomNumber"), QJsonObject {{QStringLiteral("value"), 42}, {QStringLiteral("timestamp"), 1700000000000.0}}})
                                           << QByteArrayLiteral(R"(2/data,["randomNumber",{"timestamp":1700000000000,"value":42}])");
    QTest::addRow("event /data with ack id") << packet(Type::Event, data, 7, QJsonArray {QStringLiteral("subscribeRandomNumber")})
                                             << QByteArrayLiteral(R"(2/data,7["subscribeRandomNumber"])");
    QTest::addRow("event / with ack id") << packet(Type::Event, root, 12, QJsonArray {QStringLiteral("foo")})
                                         << QByteArrayLiteral(R"(212["foo"])");
    QTest::addRow("event ack id 0") << packet(Type::Event, root, 0, QJsonArray {QStringLiteral("foo")})
                                    << QByteArrayLiteral(R"(20["foo"])");
    QTest::addRow("ack /data") << packet(Type::Ack, data, 7, QJsonArray {QJsonObject {{QStringLiteral("ok"), true}}})
                               << QByteArrayLiteral(R"(3/data,7[{"ok":true}])");
    QTest::addRow("ack / empty") << packet(Type::Ack, root, 12, QJsonArray()) << QByteArrayLiteral("312[]");
    QTest::addRow("connect error object") << packet(
        Type::ConnectError, data, {}, QJsonObject {{QStringLiteral("message"), QStringLiteral("Invalid namespace")}})
                                          << QByteArrayLiteral(R"(4/data,{"message":"Invalid namespace"})");
    QTest::addRow("connect error string") << packet(Type::ConnectError, root, {}, QStringLiteral("Not authorized"))
                                          << QByteArrayLiteral(R"(4"Not authorized")");
    QTest::addRow("connect error string needing escapes") << packet(Type::ConnectError, root, {}, QStringLiteral("say \"hi\"\n\u20ac"))
                                                          << QByteArrayLiteral("4\"say \\\"hi\\\"\\n\xe2\x82\xac\"");
    QTest::addRow("event utf-8 namespace") << packet(Type::Event, QStringLiteral("/gr\u00fc\u00dfe"), {}, QJsonArray {QStringLiteral("x")})
                                           << QByteArrayLiteral("2/gr\xc3\xbc\xc3\x9f"
                                                                "e,[\"x\"]");
    QTest::addRow("binary event one attachment") << packet(Type::BinaryEvent, root, {},
        QJsonArray {QStringLiteral("baz"), QJsonObject {{QStringLiteral("_placeholder"), true}, {QStringLiteral("num"), 0}}}, 1)
                                                 << QByteArrayLiteral(R"(51-["baz",{"_placeholder":true,"num":0}])");
    QTest::addRow("binary event /admin two attachments") << packet(Type::BinaryEvent, QStringLiteral("/admin"), {},
        QJsonArray {QStringLiteral("baz"), QJsonObject {{QStringLiteral("_placeholder"), true}, {QStringLiteral("num"), 0}},
            QJsonObject {{QStringLiteral("_placeholder"), true}, {QStringLiteral("num"), 1}}},
        2) << QByteArrayLiteral(R"(52-/admin,["baz",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}])");
    // The attachment count is part of every binary packet's header, even when it is 0
    // (socket.io-parser writes it unconditionally and refuses a binary packet without it).
    QTest::addRow("binary event zero attachments")
        << packet(Type::BinaryEvent, root, {}, QJsonArray {QStringLiteral("baz")}, 0) << QByteArrayLiteral(R"(50-["baz"])");
    QTest::addRow("binary ack with ack id") << packet(Type::BinaryAck, root, 15,
        QJsonArray {QStringLiteral("bar"), QJsonObject {{QStringLiteral("_placeholder"), true}, {QStringLiteral("num"), 0}}}, 1)
                                            << QByteArrayLiteral(R"(61-15["bar",{"_placeholder":true,"num":0}])");
}

void tst_SocketIoPacket::encode()
{
    QFETCH(SocketIoPacket, packet);
    QFETCH(QByteArray, expected);

    QCOMPARE(packet.encode(), expected);
}

void tst_SocketIoPacket::roundTrip_data()
{
    encode_data();
}

void tst_SocketIoPacket::roundTrip()
{
    QFETCH(SocketIoPacket, packet);

    const QByteArray text = packet.encode();
    const SocketIoPacket::DecodeResult result = SocketIoPacket::decode(text);
    QVERIFY2(result.packet.has_value(), qPrintable(result.error + QStringLiteral(" in ") + QString::fromUtf8(text)));
    QCOMPARE(result.packet->type, packet.type);
    QCOMPARE(result.packet->nsp, packet.nsp);
    QCOMPARE(result.packet->ackId, packet.ackId);
    QCOMPARE(result.packet->payload, packet.payload);
    QCOMPARE(result.packet->attachments, packet.attachments);
    QCOMPARE(result.packet->encode(), text);
}

void tst_SocketIoPacket::defaults()
{
    // A default packet is an EVENT to the main namespace with nothing set: not
    // sendable until a payload is given, and saying so when decoded.
    const SocketIoPacket packet;
    QCOMPARE(packet.type, SocketIoPacket::Type::Event);
    QCOMPARE(packet.nsp, QStringLiteral("/"));
    QVERIFY(!packet.ackId.has_value());
    QVERIFY(packet.payload.isUndefined());
    QCOMPARE(packet.attachments, 0);
    QCOMPARE(packet.eventName(), QString());
    QCOMPARE(packet.encode(), QByteArrayLiteral("2"));
    QVERIFY(!SocketIoPacket::decode(packet.encode()).packet.has_value());
}

QTEST_APPLESS_MAIN(tst_SocketIoPacket)

#include "tst_socketiopacket.moc"
