// Engine.IO v4 framing: one packet per WebSocket text frame, `<type digit>[<data>]`,
// and the JSON body of a refused HTTP request.
#include "protocol/EngineIoPacket.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

// Found by QTest through ADL, so that a failed QCOMPARE names the packet type.
char *toString(EngineIoPacket::Type type)
{
    return qstrdup(QByteArray("EngineIoPacket::Type('" + QByteArray(1, static_cast<char>(type)) + "')").constData());
}

class tst_EngineIoPacket final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void decode_data();
    void decode();
    void decodeRejects_data();
    void decodeRejects();
    void encode_data();
    void encode();
    void httpErrorBody_data();
    void httpErrorBody();
};

void tst_EngineIoPacket::decode_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<EngineIoPacket::Type>("type");
    QTest::addColumn<QByteArray>("data");

    using Type = EngineIoPacket::Type;
    const QByteArray handshake =
        QByteArrayLiteral(R"({"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000})");
    QTest::addRow("open with handshake") << (QByteArrayLiteral("0") + handshake) << Type::Open << handshake;
    QTest::addRow("close") << QByteArrayLiteral("1") << Type::Close << QByteArray();
    QTest::addRow("ping") << QByteArrayLiteral("2") << Type::Ping << QByteArray();
    QTest::addRow("ping probe") << QByteArrayLiteral("2probe") << Type::Ping << QByteArrayLiteral("probe");
    QTest::addRow("pong") << QByteArrayLiteral("3") << Type::Pong << QByteArray();
    QTest::addRow("pong probe") << QByteArrayLiteral("3probe") << Type::Pong << QByteArrayLiteral("probe");
    QTest::addRow("message text") << QByteArrayLiteral("4hello") << Type::Message << QByteArrayLiteral("hello");
    QTest::addRow("message empty") << QByteArrayLiteral("4") << Type::Message << QByteArray();
    QTest::addRow("message carrying socket.io event") << QByteArrayLiteral(R"(42/data,["subscribeRandomNumber"])") << Type::Message
                                                      << QByteArrayLiteral(R"(2/data,["subscribeRandomNumber"])");
    QTest::addRow("message starting with digits") << QByteArrayLiteral("4123") << Type::Message << QByteArrayLiteral("123");
    QTest::addRow("message utf-8") << QByteArrayLiteral("4\xe2\x82\xac") << Type::Message << QByteArrayLiteral("\xe2\x82\xac");
    QTest::addRow("message with nul byte") << QByteArray("4a\0b", 4) << Type::Message << QByteArray("a\0b", 3);
    QTest::addRow("upgrade") << QByteArrayLiteral("5") << Type::Upgrade << QByteArray();
    QTest::addRow("noop") << QByteArrayLiteral("6") << Type::Noop << QByteArray();
}

void tst_EngineIoPacket::decode()
{
    QFETCH(QByteArray, frame);
    QFETCH(EngineIoPacket::Type, type);
    QFETCH(QByteArray, data);

    const std::optional<EngineIoPacket> packet = EngineIoPacket::decode(frame);
    QVERIFY(packet.has_value());
    QCOMPARE(packet->type, type);
    QCOMPARE(packet->data, data);
    // Every valid frame is canonical: encoding the decoded packet gives it back.
    QCOMPARE(packet->encode(), frame);
}

void tst_EngineIoPacket::decodeRejects_data()
{
    QTest::addColumn<QByteArray>("frame");

    QTest::addRow("empty frame") << QByteArray();
    QTest::addRow("type 7") << QByteArrayLiteral("7");
    QTest::addRow("type 8 with data") << QByteArrayLiteral("8hello");
    QTest::addRow("type 9") << QByteArrayLiteral("9");
    QTest::addRow("character below 0") << QByteArrayLiteral("/4hello");
    QTest::addRow("character after 9") << QByteArrayLiteral(":");
    QTest::addRow("letter") << QByteArrayLiteral("b4hello");
    QTest::addRow("leading space") << QByteArrayLiteral(" 4hello");
    QTest::addRow("nul byte") << QByteArray("\0", 1);
    QTest::addRow("non-ascii first byte") << QByteArrayLiteral("\xff"
                                                               "4hello");
    QTest::addRow("socket.io text without engine.io type") << QByteArrayLiteral(R"(["foo"])");
}

void tst_EngineIoPacket::decodeRejects()
{
    QFETCH(QByteArray, frame);

    const std::optional<EngineIoPacket> packet = EngineIoPacket::decode(frame);
    QVERIFY2(!packet.has_value(), frame.toHex(' ').constData());
}

void tst_EngineIoPacket::encode_data()
{
    QTest::addColumn<EngineIoPacket::Type>("type");
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QByteArray>("expected");

    using Type = EngineIoPacket::Type;
    QTest::addRow("open") << Type::Open << QByteArrayLiteral(R"({"sid":"abc"})") << QByteArrayLiteral(R"(0{"sid":"abc"})");
    QTest::addRow("close") << Type::Close << QByteArray() << QByteArrayLiteral("1");
    QTest::addRow("ping") << Type::Ping << QByteArray() << QByteArrayLiteral("2");
    QTest::addRow("ping probe") << Type::Ping << QByteArrayLiteral("probe") << QByteArrayLiteral("2probe");
    QTest::addRow("pong") << Type::Pong << QByteArray() << QByteArrayLiteral("3");
    QTest::addRow("pong probe") << Type::Pong << QByteArrayLiteral("probe") << QByteArrayLiteral("3probe");
    QTest::addRow("message") << Type::Message << QByteArrayLiteral(R"(2/data,["randomNumber",42])")
                             << QByteArrayLiteral(R"(42/data,["randomNumber",42])");
    QTest::addRow("message with nul byte") << Type::Message << QByteArray("a\0b", 3) << QByteArray("4a\0b", 4);
    QTest::addRow("upgrade") << Type::Upgrade << QByteArray() << QByteArrayLiteral("5");
    QTest::addRow("noop") << Type::Noop << QByteArray() << QByteArrayLiteral("6");
}

void tst_EngineIoPacket::encode()
{
    QFETCH(EngineIoPacket::Type, type);
    QFETCH(QByteArray, data);
    QFETCH(QByteArray, expected);

    const EngineIoPacket packet {type, data};
    QCOMPARE(packet.encode(), expected);

    const std::optional<EngineIoPacket> decoded = EngineIoPacket::decode(packet.encode());
    QVERIFY(decoded.has_value());
    QCOMPARE(decoded->type, type);
    QCOMPARE(decoded->data, data);
}

void tst_EngineIoPacket::httpErrorBody_data()
{
    QTest::addColumn<EngineIoPacket::HttpError>("error");
    QTest::addColumn<QByteArray>("expected");

    // The bodies of engine.io's Server.errorMessages, byte for byte.
    using Error = EngineIoPacket::HttpError;
    QTest::addRow("0 transport unknown") << Error::TransportUnknown << QByteArrayLiteral(R"({"code":0,"message":"Transport unknown"})");
    QTest::addRow("1 unknown sid") << Error::UnknownSid << QByteArrayLiteral(R"({"code":1,"message":"Session ID unknown"})");
    QTest::addRow("2 bad handshake method") << Error::BadHandshakeMethod
                                            << QByteArrayLiteral(R"({"code":2,"message":"Bad handshake method"})");
    QTest::addRow("3 bad request") << Error::BadRequest << QByteArrayLiteral(R"({"code":3,"message":"Bad request"})");
    QTest::addRow("4 forbidden") << Error::Forbidden << QByteArrayLiteral(R"({"code":4,"message":"Forbidden"})");
    QTest::addRow("5 unsupported protocol version")
        << Error::UnsupportedProtocolVersion << QByteArrayLiteral(R"({"code":5,"message":"Unsupported protocol version"})");
}

void tst_EngineIoPacket::httpErrorBody()
{
    QFETCH(EngineIoPacket::HttpError, error);
    QFETCH(QByteArray, expected);

    const QByteArray body = EngineIoPacket::httpErrorBody(error);
    QCOMPARE(body, expected);

    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    QCOMPARE(parseError.error, QJsonParseError::NoError);
    QVERIFY(doc.isObject());
    const QJsonObject object = doc.object();
    QCOMPARE(object.size(), 2);
    QVERIFY(object.value(QStringLiteral("code")).isDouble());
    QCOMPARE(object.value(QStringLiteral("code")).toInt(-1), static_cast<int>(error));
    QVERIFY(object.value(QStringLiteral("message")).isString());
    QVERIFY(!object.value(QStringLiteral("message")).toString().isEmpty());
}

QTEST_APPLESS_MAIN(tst_EngineIoPacket)

#include "tst_engineiopacket.moc"
