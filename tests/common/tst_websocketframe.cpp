// Server-to-client WebSocket text frames (RFC 6455 §5.2) built once per tick.
#include "protocol/WebSocketFrame.h"

#include <QTest>

class tst_WebSocketFrame final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void header_data();
    void header();
    void payloadRoundTrip_data();
    void payloadRoundTrip();
};

void tst_WebSocketFrame::header_data()
{
    QTest::addColumn<int>("size");
    QTest::addColumn<QByteArray>("expectedHeader");
    // FIN + text opcode, never masked, then the 7-bit, 16-bit or 64-bit length.
    QTest::addRow("empty") << 0 << QByteArray::fromHex("8100");
    QTest::addRow("one byte") << 1 << QByteArray::fromHex("8101");
    QTest::addRow("largest 7-bit") << 125 << QByteArray::fromHex("817d");
    QTest::addRow("smallest 16-bit") << 126 << QByteArray::fromHex("817e007e");
    QTest::addRow("largest 16-bit") << 65535 << QByteArray::fromHex("817effff");
    QTest::addRow("smallest 64-bit") << 65536 << QByteArray::fromHex("817f0000000000010000");
    QTest::addRow("one MiB") << (1 << 20) << QByteArray::fromHex("817f0000000000100000");
}

void tst_WebSocketFrame::header()
{
    QFETCH(int, size);
    QFETCH(QByteArray, expectedHeader);
    const QByteArray payload(size, 'x');
    const QByteArray frame = WebSocketFrame::text(payload);
    QCOMPARE(frame.size(), expectedHeader.size() + size);
    QCOMPARE(frame.first(expectedHeader.size()).toHex(), expectedHeader.toHex());
    QVERIFY(frame.sliced(expectedHeader.size()) == payload);
}

void tst_WebSocketFrame::payloadRoundTrip_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addRow("socket.io tick") << QByteArray(R"(42/data,["randomNumber",57])");
    QTest::addRow("utf-8") << QByteArray("{\"event\":\"x\",\"data\":\"\xe2\x82\xac\"}");
    QTest::addRow("16-bit length") << QByteArray(300, 'a');
    QTest::addRow("64-bit length") << QByteArray(70000, 'b');
    QTest::addRow("empty") << QByteArray();
}

void tst_WebSocketFrame::payloadRoundTrip()
{
    QFETCH(QByteArray, payload);
    QCOMPARE(WebSocketFrame::payload(WebSocketFrame::text(payload)).toByteArray(), payload);
}

QTEST_APPLESS_MAIN(tst_WebSocketFrame)
#include "tst_websocketframe.moc"
