#pragma once

#include <QByteArrayView>
#include <QtGlobal>

// Walks the frame headers of what a WebSocket client sends and skips their
// payloads, without keeping or unmasking anything, looking for one kind of
// frame (RFC 6455 §5.2):
// - CloseFrame: after the server's close frame the client's messages are
//   read and thrown away (§7.1.1); its close frame found among them lets the
//   connection close as soon as the client's answer is in, rather than on
//   its FIN or at the end of the grace period.
// - UnmaskedFrame: a server must close the connection on a frame that is
//   not masked (§5.1), which QWebSocket does not check; every byte a client
//   sends passes through here before QWebSocket reads it.
//
// It must be fed from a frame boundary on, in the order the bytes arrived,
// split anywhere. Bytes that cannot be frame headers (reserved bits, a
// length with its top bit set) make it give up; QWebSocket closes such a
// connection with 1002 by itself.
class FrameHeaderScanner final {
public:
    enum class Watch : quint8 { CloseFrame, UnmaskedFrame };
    enum class Result : quint8 {
        Scanning, // nothing found yet; feed more
        Found, // the frame watched for has begun
        Lost, // not a frame boundary after all; stop scanning
    };

    explicit FrameHeaderScanner(Watch watch)
        : m_watch(watch)
    {
    }

    Result feed(QByteArrayView bytes);

private:
    // 2 bytes, up to 8 of extended length, 4 of mask.
    static constexpr int MaxHeaderBytes = 14;

    quint64 m_payloadLeft = 0; // of the current frame, to skip
    unsigned char m_header[MaxHeaderBytes] = {};
    quint8 m_headerBytes = 0;
    Watch m_watch;
    Result m_result = Result::Scanning;
};
