#include "transport/TlsHandshake.h"

#include "transport/CloseTiming.h"
#include "transport/TlsSocket.h"
#include "transport/TransportLogging.h"

#include <QSslCipher>

const QString TlsHandshake::PlainHttpReason = QStringLiteral("plain_http_on_tls");
const QString TlsHandshake::HandshakeReason = QStringLiteral("tls_handshake");

namespace {

// The content type of a TLS handshake record (RFC 8446 §5.1): the first byte
// any TLS client sends.
constexpr char TlsHandshakeRecord = 0x16;

} // namespace

TlsHandshake::TlsHandshake(TlsSocket *socket, const QSslConfiguration &configuration, int timeoutMs, TrafficCounters &counters,
    ConnectionLimits::Lease pending, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_configuration(configuration)
    , m_timeoutMs(timeoutMs)
    , m_counters(counters)
    , m_pending(std::move(pending))
{
    m_elapsed.start();
    m_socket->setParent(this);
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        if (m_stage == Stage::Sniffing)
            reject(QStringLiteral("request_timeout"), QStringLiteral("nothing received in time"));
        else
            reject(HandshakeReason, QStringLiteral("the TLS handshake did not complete in time"));
    });
    m_timeout.start(timeoutMs);
    connect(m_socket, &QIODevice::readyRead, this, &TlsHandshake::onReadyRead);
    connect(m_socket, &QSslSocket::encrypted, this, [this] {
        if (m_stage != Stage::Handshaking)
            return;
        m_stage = Stage::Done;
        m_timeout.stop();
        qCDebug(lcTls) << "TLS handshake done with" << m_socket->peerAddress().toString() << m_socket->sessionProtocol()
                       << m_socket->sessionCipher().name();
        m_socket->disconnect(this);
        m_socket->setParent(nullptr);
        Q_EMIT secured(std::exchange(m_socket, nullptr));
        finish();
    });
    connect(m_socket, &QAbstractSocket::errorOccurred, this, [this](QAbstractSocket::SocketError error) {
        if (m_stage == Stage::Handshaking)
            reject(HandshakeReason, m_socket->errorString());
        else if (error != QAbstractSocket::RemoteHostClosedError)
            qCDebug(lcTls) << "connection error before TLS:" << m_socket->errorString();
    });
    // QSslSocket reports certificate problems of the peer; the server asks
    // for no client certificate, so there are none to judge.
    connect(m_socket, &QSslSocket::sslErrors, this, [](const QList<QSslError> &errors) { qCDebug(lcTls) << "TLS errors:" << errors; });
    connect(m_socket, &QAbstractSocket::disconnected, this, [this] {
        if (m_stage == Stage::Handshaking)
            reject(HandshakeReason, QStringLiteral("the peer left during the TLS handshake"));
        finish();
    });
    if (m_socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &TlsHandshake::onReadyRead, Qt::QueuedConnection);
}

int TlsHandshake::remainingMs() const
{
    return int(std::max<qint64>(1, m_timeoutMs - m_elapsed.elapsed()));
}

void TlsHandshake::onReadyRead()
{
    if (m_stage != Stage::Sniffing || !m_socket)
        return;
    char first = 0;
    // Peeked, not read: in unencrypted mode QSslSocket peeks its plain
    // socket, so the TLS engine still reads the whole ClientHello.
    if (m_socket->peek(&first, 1) != 1)
        return;
    if (first == TlsHandshakeRecord) {
        m_stage = Stage::Handshaking;
        disconnect(m_socket, &QIODevice::readyRead, this, &TlsHandshake::onReadyRead);
        m_socket->setSslConfiguration(m_configuration);
        m_socket->startServerEncryption();
        return;
    }
    // An HTTP method is upper-case letters: a browser or curl given http://.
    if (first >= 'A' && first <= 'Z') {
        answerPlainHttp();
        return;
    }
    reject(HandshakeReason, QStringLiteral("the first byte is not a TLS handshake record"));
}

void TlsHandshake::answerPlainHttp()
{
    static const QByteArray body = "This port speaks TLS only: use https:// or wss://.\n";
    static const QByteArray response = "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
    qCDebug(lcTls) << "plain HTTP on the TLS port from" << m_socket->peerAddress().toString();
    TrafficCounters::count(m_counters.http.connectionsRejected, PlainHttpReason);
    m_stage = Stage::Answering;
    m_timeout.stop();
    // Read so that closing does not reset the connection before the answer is read.
    m_socket->readAll();
    m_socket->write(response);
    m_socket->disconnectFromHost();
    if (m_socket->state() == QAbstractSocket::UnconnectedState) {
        finish();
        return;
    }
    // `disconnected` finishes once the answer is written; a peer that does
    // not read it cannot keep the connection: a short timer cuts it off.
    QTimer::singleShot(CloseTiming::CloseGraceMs, this, [this] {
        if (m_socket)
            m_socket->abort();
        finish();
    });
}

void TlsHandshake::reject(const QString &reason, const QString &why)
{
    if (m_stage == Stage::Done || m_stage == Stage::Answering)
        return;
    m_stage = Stage::Done;
    m_timeout.stop();
    TrafficCounters::count(m_counters.http.connectionsRejected, reason);
    qCDebug(lcTls).noquote() << "closed a connection from" << m_socket->peerAddress().toString() << "before TLS was up:" << why;
    // Closed from outside the socket's own signal, which may be running now.
    QMetaObject::invokeMethod(
        this,
        [this] {
            if (m_socket)
                m_socket->abort();
            finish();
        },
        Qt::QueuedConnection);
}

void TlsHandshake::abort()
{
    if (m_stage == Stage::Done && !m_socket)
        return;
    m_stage = Stage::Done;
    m_timeout.stop();
    if (m_socket)
        m_socket->abort();
    finish();
}

void TlsHandshake::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_pending.release();
    Q_EMIT finished();
}
