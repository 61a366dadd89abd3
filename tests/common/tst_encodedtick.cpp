// EncodedTick: a stamped tick serialized once per protocol, as the complete
// WebSocket text frames every subscriber is written. Socket.IO clients get
// the legacy event `42/data,["<stream>",<value>]` with the bare value; JSON
// clients get the value under the stream's valueKey beside its details and
// the stamp.
#include "protocol/EncodedTick.h"
#include "protocol/WebSocketFrame.h"

#include "JsonLiteral.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <optional>

using JsonLiteral::json;

namespace {

// The payload of a frame that is exactly one complete, final, unmasked text
// frame (RFC 6455 §5.2), read without the codec under test; nullopt otherwise.
std::optional<QByteArray> textFramePayload(const QByteArray &frame)
{
    if (frame.size() < 2 || quint8(frame.at(0)) != 0x81) // FIN, no RSV bits, opcode 1 (text)
        return std::nullopt;
    const quint8 second = quint8(frame.at(1));
    if (second & 0x80) // a server never masks
        return std::nullopt;
    quint64 length = second & 0x7f;
    qsizetype header = 2;
    if (length == 126) {
        if (frame.size() < 4)
            return std::nullopt;
        length = (quint64(quint8(frame.at(2))) << 8) | quint8(frame.at(3));
        header = 4;
        if (length < 126) // not the shortest form
            return std::nullopt;
    } else if (length == 127) {
        if (frame.size() < 10)
            return std::nullopt;
        length = 0;
        for (int i = 2; i < 10; ++i)
            length = (length << 8) | quint8(frame.at(i));
        header = 10;
        if (length <= 0xffff)
            return std::nullopt;
    }
    if (quint64(frame.size() - header) != length)
        return std::nullopt;
    return frame.sliced(header);
}

QJsonValue parseAny(const QByteArray &text)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson('[' + text + ']', &error);
    if (error.error != QJsonParseError::NoError || doc.array().size() != 1)
        return QJsonValue(QJsonValue::Undefined);
    return doc.array().first();
}

Tick makeTick(const QString &stream, const QJsonValue &value, const QJsonObject &details, quint64 seq, qint64 ts)
{
    Tick tick;
    tick.stream = stream;
    tick.value = value;
    tick.details = details;
    tick.seq = seq;
    tick.ts = ts;
    return tick;
}

} // namespace

class tst_EncodedTick final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void encode_data();
    void encode();
    void socketIoFrameIsTheLegacyEvent_data();
    void socketIoFrameIsTheLegacyEvent();
};

void tst_EncodedTick::encode_data()
{
    QTest::addColumn<QString>("stream");
    QTest::addColumn<QString>("valueKey");
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QJsonObject>("details");
    QTest::addColumn<quint64>("seq");
    QTest::addColumn<qint64>("ts");
    // What a JSON client must read as `data`, written out by hand.
    QTest::addColumn<QJsonObject>("expectedData");

    const qint64 ts = 1764091234567;
    QTest::addRow("random number") << QStringLiteral("randomNumber") << QStringLiteral("value") << json("57") << QJsonObject() << quint64(1)
                                   << ts << json(R"({"value":57,"seq":1,"ts":1764091234567})").toObject();
    QTest::addRow("price with details") << QStringLiteral("bitcoinPrice") << QStringLiteral("price") << json("97123.45")
                                        << json(R"({"currency":"USD","source":"coinbase","stale":true,"ageMs":41230})").toObject()
                                        << quint64(7) << ts
                                        << json(R"({"price":97123.45,"currency":"USD","source":"coinbase","stale":true,"ageMs":41230,
                                                    "seq":7,"ts":1764091234567})")
                                               .toObject();
    QTest::addRow("string value") << QStringLiteral("status") << QStringLiteral("value") << json(R"("a \"quoted\" line\nwith € and \\")")
                                  << QJsonObject() << quint64(2) << ts
                                  << json(R"({"value":"a \"quoted\" line\nwith € and \\","seq":2,"ts":1764091234567})").toObject();
    QTest::addRow("negative fraction") << QStringLiteral("delta") << QStringLiteral("value") << json("-0.000125") << QJsonObject()
                                       << quint64(3) << ts << json(R"({"value":-0.000125,"seq":3,"ts":1764091234567})").toObject();
    QTest::addRow("huge double") << QStringLiteral("big") << QStringLiteral("value") << json("1.5e300") << QJsonObject() << quint64(4) << ts
                                 << json(R"({"value":1.5e300,"seq":4,"ts":1764091234567})").toObject();
    // Above 2^53: copied as integers, not rounded through a double.
    QTest::addRow("big integers") << QStringLiteral("counter") << QStringLiteral("count") << QJsonValue(qint64(9007199254740993))
                                  << QJsonObject() << quint64(9007199254740995) << qint64(9007199254740997)
                                  << json(R"({"count":9007199254740993,"seq":9007199254740995,"ts":9007199254740997})").toObject();
    QTest::addRow("null value") << QStringLiteral("maybe") << QStringLiteral("value") << json("null") << QJsonObject() << quint64(5) << ts
                                << json(R"({"value":null,"seq":5,"ts":1764091234567})").toObject();
    QTest::addRow("boolean value") << QStringLiteral("flag") << QStringLiteral("on") << json("false") << QJsonObject() << quint64(6) << ts
                                   << json(R"({"on":false,"seq":6,"ts":1764091234567})").toObject();
    QTest::addRow("object value") << QStringLiteral("point") << QStringLiteral("value") << json(R"({"x":1,"y":[2,3]})") << QJsonObject()
                                  << quint64(8) << ts << json(R"({"value":{"x":1,"y":[2,3]},"seq":8,"ts":1764091234567})").toObject();
    QTest::addRow("nested details") << QStringLiteral("bitcoinPrice") << QStringLiteral("price") << json("1")
                                    << json(R"({"source":{"name":"kraken","urls":["a","b"]},"history":[1,2.5,null,{"k":"v"}]})").toObject()
                                    << quint64(9) << ts
                                    << json(R"({"price":1,"source":{"name":"kraken","urls":["a","b"]},"history":[1,2.5,null,{"k":"v"}],
                                                "seq":9,"ts":1764091234567})")
                                           .toObject();
    // The stamp and the value are the hub's, whatever a feed puts in its details.
    QTest::addRow("details cannot override the stamp") << QStringLiteral("randomNumber") << QStringLiteral("value") << json("5")
                                                       << json(R"({"value":"fake","seq":1,"ts":2,"extra":true})").toObject() << quint64(90)
                                                       << qint64(91) << json(R"({"value":5,"seq":90,"ts":91,"extra":true})").toObject();
    // Payloads past 125 and 65535 bytes take the 16-bit and 64-bit lengths.
    const QString medium(300, QLatin1Char('m'));
    QTest::addRow("16-bit frame length") << QStringLiteral("text") << QStringLiteral("value") << QJsonValue(medium) << QJsonObject()
                                         << quint64(10) << ts
                                         << QJsonObject {
                                                {QStringLiteral("value"), medium}, {QStringLiteral("seq"), 10}, {QStringLiteral("ts"), ts}};
    const QString large(70000, QLatin1Char('l'));
    QTest::addRow("64-bit frame length") << QStringLiteral("text") << QStringLiteral("value") << QJsonValue(7)
                                         << QJsonObject {{QStringLiteral("blob"), large}} << quint64(11) << ts
                                         << QJsonObject {{QStringLiteral("value"), 7}, {QStringLiteral("blob"), large},
                                                {QStringLiteral("seq"), 11}, {QStringLiteral("ts"), ts}};
}

void tst_EncodedTick::encode()
{
    QFETCH(QString, stream);
    QFETCH(QString, valueKey);
    QFETCH(QJsonValue, value);
    QFETCH(QJsonObject, details);
    QFETCH(quint64, seq);
    QFETCH(qint64, ts);
    QFETCH(QJsonObject, expectedData);

    const EncodedTick encoded = EncodedTick::encode(makeTick(stream, value, details, seq, ts), valueKey);
    QCOMPARE(encoded.stream, stream);
    QCOMPARE(encoded.seq, seq);
    QCOMPARE(encoded.ts, ts);

    // Socket.IO: one text frame, `42/data,` then [stream, bare value]; the
    // details and the stamp are not the legacy contract's.
    const std::optional<QByteArray> socketIo = textFramePayload(encoded.socketIoFrame);
    QVERIFY2(socketIo, encoded.socketIoFrame.first(qMin<qsizetype>(16, encoded.socketIoFrame.size())).toHex().constData());
    QCOMPARE(WebSocketFrame::payload(encoded.socketIoFrame).toByteArray(), *socketIo);
    const QByteArray prefix = "42/data,";
    QVERIFY2(socketIo->startsWith(prefix), socketIo->left(80).constData());
    const QJsonValue event = parseAny(socketIo->sliced(prefix.size()));
    QVERIFY2(event.isArray(), socketIo->left(80).constData());
    QCOMPARE(event.toArray(), (QJsonArray {stream, value}));

    // JSON: one text frame, one object on one line, {"event":<stream>,"data":…}.
    const std::optional<QByteArray> json = textFramePayload(encoded.jsonFrame);
    QVERIFY2(json, encoded.jsonFrame.first(qMin<qsizetype>(16, encoded.jsonFrame.size())).toHex().constData());
    QCOMPARE(WebSocketFrame::payload(encoded.jsonFrame).toByteArray(), *json);
    QVERIFY(!json->contains('\n'));
    const QJsonValue message = parseAny(*json);
    QVERIFY2(message.isObject(), json->left(80).constData());
    QCOMPARE(message.toObject().keys(), (QStringList {QStringLiteral("data"), QStringLiteral("event")}));
    QCOMPARE(message[QStringLiteral("event")].toString(), stream);
    const QJsonObject data = message[QStringLiteral("data")].toObject();
    QCOMPARE(data, expectedData);
    // Exact integers, not doubles that happen to compare equal.
    QCOMPARE(data.value(QStringLiteral("seq")).toInteger(), qint64(seq));
    QCOMPARE(data.value(QStringLiteral("ts")).toInteger(), ts);
}

void tst_EncodedTick::socketIoFrameIsTheLegacyEvent_data()
{
    QTest::addColumn<QString>("stream");
    QTest::addColumn<QString>("valueKey");
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QJsonObject>("details");
    QTest::addColumn<QByteArray>("expected");
    // The replaced gateway's bytes, as its Socket.IO clients parse them.
    QTest::addRow("random number") << QStringLiteral("randomNumber") << QStringLiteral("value") << QJsonValue(57) << QJsonObject()
                                   << QByteArray(R"(42/data,["randomNumber",57])");
    QTest::addRow("price, details left out") << QStringLiteral("bitcoinPrice") << QStringLiteral("price") << QJsonValue(97123.45)
                                             << QJsonObject {{QStringLiteral("stale"), true},
                                                    {QStringLiteral("source"), QStringLiteral("kraken")}}
                                             << QByteArray(R"(42/data,["bitcoinPrice",97123.45])");
    QTest::addRow("zero") << QStringLiteral("randomNumber") << QStringLiteral("value") << QJsonValue(0) << QJsonObject()
                          << QByteArray(R"(42/data,["randomNumber",0])");
}

void tst_EncodedTick::socketIoFrameIsTheLegacyEvent()
{
    QFETCH(QString, stream);
    QFETCH(QString, valueKey);
    QFETCH(QJsonValue, value);
    QFETCH(QJsonObject, details);
    QFETCH(QByteArray, expected);
    const EncodedTick encoded = EncodedTick::encode(makeTick(stream, value, details, 12, 34), valueKey);
    const std::optional<QByteArray> payload = textFramePayload(encoded.socketIoFrame);
    QVERIFY(payload);
    QCOMPARE(*payload, expected);
}

QTEST_APPLESS_MAIN(tst_EncodedTick)
#include "tst_encodedtick.moc"
