#pragma once

#include "transport/FrameHeaderScanner.h"

#include <QByteArray>
#include <QIODevice>
#include <QMetaObject>
#include <QObject>

// The check that every frame a WebSocket client sends is masked, as RFC 6455
// §5.1 requires of a server and QWebSocket does not, shared by the two
// sockets a session can have: ClientSocket (plain TCP) and TlsSocket (the
// bytes QSslSocket has decrypted). Both keep what they have read, from the
// kernel or from OpenSSL, in their QIODevice read buffer; the socket hands
// this check that buffer's content as it arrives (take()), and then serves
// QWebSocket's reads from what is held here (read()) rather than from Qt's
// buffer.
//
// take() moves Qt's block itself out of the socket whenever nothing is held
// (QIODevice::read() of a whole block moves it rather than copying it), so
// that Qt's read buffer keeps no block of its own for a client that has
// gone quiet, and what is held here is freed as soon as QWebSocket has read
// it: an idle connection holds no input buffer at all.
class ClientFrameCheck final {
public:
    bool isOn() const { return m_on; }
    // From now on (the next byte to read begins a frame), socket's input
    // passes through here. Its takeInput() (private; the socket is this
    // class's friend) hands take() what Qt holds and says whether there is
    // something new for the reader; it is called now and every time Qt has
    // read more, and the reader is then told so (readyRead()). Only the
    // socket is captured: its connection costs the least memory a
    // connection can.
    //
    // The socket has made itself unbuffered for QIODevice only
    // (QIODevice::Unbuffered; Qt still buffers what it reads or decrypts):
    // reads then go straight to its readData() rather than through a refill
    // of Qt's buffer, which would put checked bytes back in front of bytes
    // still to be checked.
    template<typename Socket> void start(Socket *socket)
    {
        m_on = true;
        // channelReadyRead() rather than readyRead(): Qt emits it after
        // readyRead(), for every read from the kernel (or block decrypted),
        // also while readyRead() is being handled; and readyRead() is
        // emitted here.
        QObject::connect(socket, &QIODevice::channelReadyRead, socket, [socket] {
            if (socket->takeInput())
                Q_EMIT socket->readyRead();
        });
        // What came right behind the handshake, offered from the event loop:
        // this is called while the session that reads it is being built.
        if (socket->takeInput()) {
            QMetaObject::invokeMethod(
                socket,
                [socket] {
                    if (socket->bytesAvailable() > 0)
                        Q_EMIT socket->readyRead();
                },
                Qt::QueuedConnection);
        }
    }

    // Takes what socket's read buffer holds (arrived bytes, all of it: what
    // came before was taken when it came) and checks its frames; true when
    // there is something new for the reader. On an unmasked frame, calls
    // onUnmasked(): nothing more is given to the reader, and whatever
    // arrives is dropped unread.
    template<typename OnUnmasked> bool take(QIODevice &socket, qint64 arrived, OnUnmasked onUnmasked)
    {
        switch (takeAndScan(socket, arrived)) {
        case Taken::Nothing: return false;
        case Taken::Checked: return true;
        case Taken::Unmasked: onUnmasked(); return false;
        }
        return false;
    }

    // What the reader may read now, given what Qt's buffer still holds
    // unchecked: until take() has seen Qt's newest bytes, nothing (a read
    // would hand the reader those before the ones held here).
    qint64 availableToReader(qint64 unchecked, bool open) const;
    // Checked bytes the reader has not read yet.
    qint64 held() const { return m_inbound.size() - m_inboundRead; }
    // Reads from what is held.
    qint64 read(char *data, qint64 maxSize);
    // Forgets what is held.
    void drop();

private:
    enum class Taken : quint8 {
        Nothing, // nothing new for the reader
        Checked, // new bytes for the reader, checked
        Unmasked, // an unmasked frame: nothing more is given to the reader
    };
    Taken takeAndScan(QIODevice &socket, qint64 arrived);

    // Checked input the reader has not read yet, from m_inboundRead on;
    // empty (no allocation) while it has read everything.
    QByteArray m_inbound;
    qsizetype m_inboundRead = 0;
    FrameHeaderScanner m_scanner {FrameHeaderScanner::Watch::UnmaskedFrame};
    bool m_on = false;
    bool m_refused = false; // an unmasked frame came: input is dropped unread
};
