#pragma once

#include <QByteArrayView>
#include <QtGlobal>

// Finds the peer's close frame in what a closing WebSocket connection still
// receives. After the server's close frame the peer's messages are read and
// thrown away (RFC 6455 §7.1.1); this walks their frame headers and skips
// their payloads, without keeping or unmasking anything, so that the
// connection can be closed as soon as the peer's answer is in, rather than on
// its FIN or at the end of the grace period.
//
// It must be fed from a frame boundary on. Bytes that cannot be frame
// headers make it give up: the caller then waits for the FIN instead.
class CloseFrameScanner final {
public:
    enum class Result {
        Scanning, // no close frame yet; feed more
        CloseFrame, // the peer's close frame has begun
        Lost, // not a frame boundary after all; stop scanning
    };

    Result feed(QByteArrayView bytes);

private:
    // RFC 6455 §5.2: 2 bytes, up to 8 of extended length, 4 of mask.
    static constexpr int MaxHeaderBytes = 14;

    unsigned char m_header[MaxHeaderBytes] = {};
    int m_headerBytes = 0;
    quint64 m_payloadLeft = 0; // of the current frame, to skip
    Result m_result = Result::Scanning;
};
