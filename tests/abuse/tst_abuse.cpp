// The abuse cases of docs/security.md, against the real datagate binary over
// real loopback sockets. Each case asserts the documented answer (a close
// code, an HTTP status, an error event), that a well-behaved client
// subscribed on the same server receives every tick throughout (its seqs
// follow each other with no gap, and ticks keep coming after the attack),
// and that the server's resident memory stays within a bound derived from
// its limits. Then churn: thousands of connect, subscribe and disconnect
// cycles on both protocols, after which the server's open descriptors are
// exactly what they were and its memory within a small margin.
//
// A new case is one more row of a _data table (a frame sequence, a header,
// a set of options), or one more function using AttackedServer.
//
// Under AddressSanitizer (DATAGATE_SANITIZED) the server's resident memory
// means nothing (shadow memory, quarantine): those bounds are skipped there,
// everything else is asserted. CI runs it in the plain pass only (label
// once; tests/abuse/CMakeLists.txt says why).
#include "ClientFrames.h"
#include "DatagateProcess.h"
#include "RawWsClient.h"
#include "TestClients.h"
#include "TestJwt.h"
#include "UpgradeAttempt.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <memory>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

namespace {

const QByteArray JsonPath = "/ws";
const QByteArray SocketIoPath = "/socket.io/?EIO=4&transport=websocket";
constexpr qint64 MiB = 1024 * 1024;

// Fast ticks, so that a lost or late tick shows within a short test, and
// small limits, so that each attack reaches them at once.
constexpr int TickIntervalMs = 5;
constexpr int MaxMessageSize = 4096;
constexpr int MaxSendBuffer = 16 * 1024;
constexpr int HandshakeTimeoutMs = 1000;
constexpr int MaxPendingHandshakes = 64;
constexpr int SocketSendBuffer = 4096;
constexpr int NonReaderTickIntervalMs = 2;
constexpr int MessageRate = 20; // the defaults: what a flood meets in production
constexpr int MessageBurst = 40;

#ifdef DATAGATE_SANITIZED
constexpr bool MemoryMeasurable = false;
#else
constexpr bool MemoryMeasurable = true;
#endif

// extra may replace --random-interval.
QStringList serverArguments(const QStringList &extra = {})
{
    QStringList arguments = DatagateProcess::offlineArguments()
        + QStringList {QStringLiteral("--max-message-size"), QString::number(MaxMessageSize), QStringLiteral("--max-send-buffer"),
            QString::number(MaxSendBuffer), QStringLiteral("--handshake-timeout"), QString::number(HandshakeTimeoutMs),
            QStringLiteral("--max-pending-handshakes"), QString::number(MaxPendingHandshakes), QStringLiteral("--client-message-rate"),
            QString::number(MessageRate), QStringLiteral("--client-message-burst"), QString::number(MessageBurst)};
    if (!extra.contains(QStringLiteral("--random-interval")))
        arguments += {QStringLiteral("--random-interval"), QString::number(TickIntervalMs)};
    return arguments + extra;
}

// VmRSS of a process in bytes; -1 if it cannot be read.
qint64 residentBytes(qint64 pid)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QRegularExpressionMatch match =
        QRegularExpression(QStringLiteral("VmRSS:\\s+(\\d+) kB")).match(QString::fromLatin1(status.readAll()));
    return match.hasMatch() ? match.captured(1).toLongLong() * 1024 : -1;
}

int openDescriptors(qint64 pid)
{
    return int(QDir(QStringLiteral("/proc/%1/fd").arg(pid)).entryList(QDir::Files | QDir::System | QDir::NoDotAndDotDot).size());
}

// TCP connections the kernel holds on the server's side of port (IPv4),
// with a descriptor or orphaned: every state but LISTEN and TIME_WAIT (what
// the server's answers to GET /metrics leave, without buffers).
int kernelConnections(quint16 port)
{
    QFile table(QStringLiteral("/proc/net/tcp"));
    if (!table.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray local = ':' + QByteArray::number(port, 16).toUpper().rightJustified(4, '0');
    int count = 0;
    for (const QByteArray &line : table.readAll().split('\n')) {
        // "sl local_address rem_address st ...", addresses as HEXIP:HEXPORT.
        const QList<QByteArray> fields = line.simplified().split(' ');
        if (fields.size() > 3 && fields[1].endsWith(local) && fields[3] != "0A" && fields[3] != "06")
            ++count;
    }
    return count;
}

// The value of one sample of a /metrics body (e.g.
// "datagate_slow_consumer_disconnects_total"); -1 if there is none.
double sampleIn(const QByteArray &metrics, const QByteArray &sample)
{
    for (const QByteArray &line : metrics.split('\n')) {
        if (line.startsWith(QByteArray(sample + ' ')))
            return line.sliced(sample.size() + 1).trimmed().toDouble();
    }
    return -1;
}

double metric(DatagateProcess &process, const QByteArray &sample)
{
    return sampleIn(process.get("/metrics").body, sample);
}

// The body of GET /metrics over TLS, trusting tls; empty on failure.
QByteArray metricsOverTls(quint16 port, const QSslConfiguration &tls)
{
    QSslSocket socket;
    socket.setSslConfiguration(tls);
    socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), port);
    if (!socket.waitForEncrypted(5000))
        return {};
    socket.write("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    QByteArray received;
    const QDeadlineTimer deadline(5000);
    // Answers end with Connection: close.
    while (socket.state() == QAbstractSocket::ConnectedState && !deadline.hasExpired()) {
        socket.waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime())));
        received += socket.readAll();
    }
    received += socket.readAll();
    const qsizetype end = received.indexOf("\r\n\r\n");
    return end < 0 ? QByteArray() : received.sliced(end + 4);
}

// The well-behaved client: subscribed to randomNumber on /ws, it checks
// every tick's seq against the one before as it arrives.
class TickWatcher final : public JsonTestClient {
public:
    // token: presented as ?token= (a server that requires one); tls: over
    // wss:// with this configuration.
    bool start(quint16 port, const QByteArray &token = {}, const std::optional<QSslConfiguration> &tls = {})
    {
        QUrl url(QStringLiteral("%1://127.0.0.1:%2/ws").arg(tls ? QStringLiteral("wss") : QStringLiteral("ws")).arg(port));
        if (!token.isEmpty())
            url.setQuery(QStringLiteral("token=") + QString::fromLatin1(token.toPercentEncoding()));
        if (tls)
            socket().setSslConfiguration(*tls);
        if (!connectTo(url))
            return false;
        sendJson({{QStringLiteral("event"), QStringLiteral("subscribeRandomNumber")}});
        return QTest::qWaitFor([this] { return m_ticks >= 2; }, 5000);
    }

    int ticks() const { return m_ticks; }
    qint64 lastSeq() const { return m_lastSeq; }
    // Every seq missing between two ticks, as "after N: M"; empty if none.
    QStringList gaps() const { return m_gaps; }
    bool waitForSeqPast(qint64 seq, int timeoutMs = 5000)
    {
        return QTest::qWaitFor([&] { return m_lastSeq > seq; }, timeoutMs);
    }

protected:
    void onMessage(const QString &message) override
    {
        const QJsonObject object = QJsonDocument::fromJson(message.toUtf8()).object();
        if (object.value(QStringLiteral("event")).toString() != QLatin1String("randomNumber")) {
            JsonTestClient::onMessage(message);
            return;
        }
        const qint64 seq = object.value(QStringLiteral("data")).toObject().value(QStringLiteral("seq")).toInteger(-1);
        if (m_lastSeq >= 0 && seq != m_lastSeq + 1)
            m_gaps.append(QStringLiteral("after %1: %2").arg(m_lastSeq).arg(seq));
        m_lastSeq = seq;
        ++m_ticks;
    }

private:
    int m_ticks = 0;
    qint64 m_lastSeq = -1;
    QStringList m_gaps;
};

// The real binary with a watcher subscribed, and where its memory and
// descriptors stood before an attack.
struct AttackedServer {
    DatagateProcess process;
    TickWatcher watcher;
    qint64 rssBefore = 0;
    int ticksBefore = 0;
    // How the watcher connects to a server that requires a token, or TLS.
    QByteArray watcherToken;
    std::optional<QSslConfiguration> watcherTls;

    bool start(const QStringList &extra = {})
    {
        if (!process.start(serverArguments(extra)) || !watcher.start(process.port(), watcherToken, watcherTls))
            return false;
        markBefore();
        return true;
    }
    quint16 port() const { return process.port(); }
    // metric() over plain HTTP or, on the TLS server, over TLS.
    double metric(const QByteArray &sample)
    {
        return watcherTls ? sampleIn(metricsOverTls(port(), *watcherTls), sample) : ::metric(process, sample);
    }
    qint64 rss() const { return residentBytes(process.pid()); }
    int descriptors() const { return openDescriptors(process.pid()); }
    void markBefore()
    {
        rssBefore = rss();
        ticksBefore = watcher.ticks();
    }
};

// The watcher kept every tick through the attack, and ticks still come
// after it; the process still runs.
void verifyWatcherUnharmed(AttackedServer &server)
{
    QVERIFY2(server.process.process().state() == QProcess::Running, qPrintable(server.process.log()));
    QVERIFY(server.watcher.isConnected());
    const qint64 seqAtEnd = server.watcher.lastSeq();
    QVERIFY2(server.watcher.waitForSeqPast(seqAtEnd + 2), "no ticks after the attack");
    QVERIFY2(server.watcher.ticks() > server.ticksBefore + 2, "no ticks during the attack");
    QVERIFY2(server.watcher.gaps().isEmpty(), qPrintable(server.watcher.gaps().join(QStringLiteral(", "))));
}

// verifyWatcherUnharmed() in a test function, which ends there if it failed.
#define VERIFY_WATCHER_UNHARMED(server)                                                                                                    \
    do {                                                                                                                                   \
        verifyWatcherUnharmed(server);                                                                                                     \
        if (QTest::currentTestFailed())                                                                                                    \
            return;                                                                                                                        \
    } while (false)

// Resident memory grew by no more than bound since markBefore().
void verifyMemoryWithin(const AttackedServer &server, qint64 bound, qint64 peak = -1)
{
    if (!MemoryMeasurable)
        return;
    const qint64 now = std::max(peak, server.rss());
    QVERIFY2(now - server.rssBefore <= bound,
        qPrintable(QStringLiteral("resident memory grew by %1 KiB, bound %2 KiB").arg((now - server.rssBefore) / 1024).arg(bound / 1024)));
}

QByteArray unmaskedText(const QByteArray &payload)
{
    return QByteArray(1, char(0x81)) + char(payload.size()) + payload;
}

// A binary frame header announcing `length` bytes, and its mask.
QByteArray frameHeader(quint64 length)
{
    QByteArray header("\x82\xff", 2);
    for (int shift = 56; shift >= 0; shift -= 8)
        header.append(char((length >> shift) & 0xff));
    return header + QByteArray("\x12\x34\x56\x78", 4);
}

// Joins /data on Socket.IO (and reads the welcome); nothing on /ws.
bool joinData(RawWsClient &client, bool socketIo)
{
    if (!socketIo)
        return client.nextMessage().has_value(); // the welcome
    const std::optional<QByteArray> open = client.nextMessage();
    if (!open || !open->startsWith('0') || !client.sendText("40/data,"))
        return false;
    for (std::optional<QByteArray> message = client.nextMessage(); message; message = client.nextMessage()) {
        if (message->contains("Welcome"))
            return true;
    }
    return false;
}

// A client that subscribes and then never reads, on a bare socket whose
// receive buffer is the smallest the kernel allows (SO_RCVBUF set before
// connect(), so that the window it offers stays that small): what the
// server sends beyond a few KiB stays in the server. Blocking, with a
// receive timeout, for the handshake only. -1 on failure.
int openNonReader(quint16 port, bool socketIo)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    const int tiny = 1; // the kernel rounds it up to its minimum
    ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &tiny, sizeof tiny);
    const timeval timeout {5, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    sockaddr_in address = {};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const auto sendAll = [fd](const QByteArray &bytes) {
        return ::send(fd, bytes.constData(), size_t(bytes.size()), MSG_NOSIGNAL) == bytes.size();
    };
    QByteArray received;
    const auto readUntil = [&](QByteArrayView needle) {
        char chunk[1024];
        while (!received.contains(needle)) {
            const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
            if (n <= 0)
                return false;
            received.append(chunk, n);
        }
        received.clear();
        return true;
    };
    const bool ok = ::connect(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) == 0
        && sendAll("GET " + (socketIo ? SocketIoPath : JsonPath)
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
              "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
        && (socketIo ? readUntil("maxPayload") && sendAll(ClientFrames::text("40/data,")) && readUntil("Welcome")
                    && sendAll(ClientFrames::text(R"(42/data,["subscribeRandomNumber"])"))
                     : readUntil("welcome") && sendAll(ClientFrames::text(R"({"event":"subscribeRandomNumber"})")));
    if (!ok) {
        ::close(fd);
        return -1;
    }
    return fd;
}

// Everything that arrives until the connection ends (or timeoutMs passes).
QByteArray readUntilEnd(int fd, int timeoutMs = 5000)
{
    QByteArray received;
    QElapsedTimer elapsed;
    elapsed.start();
    char chunk[65536];
    while (elapsed.elapsed() < timeoutMs) {
        pollfd readable {fd, POLLIN, 0};
        if (::poll(&readable, 1, 50) <= 0)
            continue;
        const ssize_t n = ::recv(fd, chunk, sizeof chunk, MSG_DONTWAIT);
        if (n > 0)
            received.append(chunk, n);
        else if (n == 0 || (errno != EAGAIN && errno != EINTR))
            break;
    }
    return received;
}

// The test-only TLS identities (tests/support/tls).
QString tlsFile(const char *name)
{
    return QStringLiteral(DATAGATE_TLS_DIR "/") + QLatin1String(name);
}

// What a client of the TLS server trusts: the test CA, which signed a.pem.
QSslConfiguration trustingTestCa()
{
    QSslConfiguration trusting = QSslConfiguration::defaultConfiguration();
    trusting.setCaCertificates(QSslCertificate::fromPath(tlsFile("ca.pem")));
    return trusting;
}

const QByteArray StaticToken = "abuse-test-static-token";

// What an attack on access control does once, as a row of
// accessRefusalsAnswerAsDocumented says.
enum class AccessAttack {
    Upgrade, // an upgrade request with headers: answered status, body
    SocketIoConnect, // a Socket.IO CONNECT with token: answered `44/data,…`
    ForbiddenJson, // subscribeBitcoinPrice on /ws with token: the error event
    ForbiddenSocketIo, // the same on Socket.IO: the error ack
};

// One attack; empty when it got the expected answer, else what it got.
QString attackOnce(quint16 port, AccessAttack kind, const QByteArray &target, const QByteArray &headers, const QByteArray &token,
    int status, const QByteArray &answer)
{
    if (kind == AccessAttack::Upgrade) {
        const UpgradeAttempt refused = UpgradeAttempt::upgrade(port, target, headers);
        if (refused.status != status || !refused.body.contains(answer))
            return QStringLiteral("answered %1: %2").arg(refused.status).arg(QString::fromUtf8(refused.head + "\n\n" + refused.body));
        return {};
    }
    RawWsClient attacker;
    const bool socketIo = kind != AccessAttack::ForbiddenJson;
    const QByteArray path = socketIo ? target : target + "?token=" + token.toPercentEncoding();
    if (!attacker.open(port, path))
        return QStringLiteral("not upgraded");
    const std::optional<QByteArray> first = attacker.nextMessage(); // the welcome, or the Engine.IO open packet
    if (!first)
        return QStringLiteral("no first message");
    if (socketIo) {
        attacker.sendText(QByteArray("40/data,{\"token\":\"" + token + "\"}"));
        if (kind == AccessAttack::ForbiddenSocketIo) {
            std::optional<QByteArray> joined;
            do
                joined = attacker.nextMessage();
            while (joined && !joined->contains("Welcome"));
            if (!joined)
                return QStringLiteral("not joined");
            attacker.sendText(R"(42/data,1["subscribeBitcoinPrice"])");
        }
    } else {
        attacker.sendText(R"({"event":"subscribeBitcoinPrice","id":1})");
    }
    // Ticks of streams it may have may come first.
    for (std::optional<QByteArray> message = attacker.nextMessage(); message; message = attacker.nextMessage()) {
        if (message->contains(answer)) {
            attacker.socket().abort();
            return {};
        }
        if (!message->contains("randomNumber"))
            return QStringLiteral("answered %1").arg(QString::fromUtf8(*message));
    }
    return QStringLiteral("no answer");
}

// Connect, subscribe and disconnect, `cycles` times and `inFlight` at a
// time, on one protocol; half the cycles end with a close frame (and wait
// for the server to close), half with a reset.
class Churn final {
public:
    Churn(quint16 port, bool socketIo, int cycles, int inFlight)
        : m_port(port)
        , m_socketIo(socketIo)
        , m_toStart(cycles)
    {
        for (int i = 0; i < inFlight && m_toStart > 0; ++i)
            startCycle();
    }
    Q_DISABLE_COPY_MOVE(Churn)

    // Runs the event loop until every cycle has ended; true if all went
    // through. (QTest::qWaitFor sleeps between its rounds of events, which
    // would pace the cycles instead of the server.)
    bool wait(int timeoutMs)
    {
        if (m_running > 0) {
            QEventLoop loop;
            m_loop = &loop;
            QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
            loop.exec();
            m_loop = nullptr;
        }
        return m_running == 0 && m_toStart == 0 && m_failed == 0;
    }
    int completed() const { return m_completed; }
    int failed() const { return m_failed; }

private:
    enum class Step { Upgrading, Joining, Subscribing, Closing };

    void startCycle()
    {
        --m_toStart;
        ++m_running;
        const int index = m_started++;
        auto *socket = new QTcpSocket(&m_context);
        auto step = std::make_shared<Step>(Step::Upgrading);
        auto buffer = std::make_shared<QByteArray>();
        const auto finish = [this, socket](bool ok) {
            socket->disconnect(&m_context);
            socket->abort();
            socket->deleteLater();
            --m_running;
            ok ? ++m_completed : ++m_failed;
            if (m_toStart > 0)
                startCycle();
            else if (m_running == 0 && m_loop)
                m_loop->quit();
        };
        QObject::connect(socket, &QTcpSocket::connected, &m_context, [this, socket] {
            socket->write("GET " + (m_socketIo ? SocketIoPath : JsonPath)
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
        });
        QObject::connect(socket, &QTcpSocket::readyRead, &m_context, [this, socket, step, buffer, index, finish] {
            // Server frames are not masked: the text of each message shows
            // in the bytes as it was sent.
            buffer->append(socket->readAll());
            const auto take = [&](QByteArrayView needle) {
                const qsizetype at = buffer->indexOf(needle);
                if (at < 0)
                    return false;
                buffer->remove(0, at + needle.size());
                return true;
            };
            if (*step == Step::Upgrading && take(m_socketIo ? QByteArrayView("maxPayload") : QByteArrayView("\"welcome\""))) {
                *step = m_socketIo ? Step::Joining : Step::Subscribing;
                socket->write(
                    m_socketIo ? ClientFrames::text("40/data,") : ClientFrames::text(R"({"event":"subscribeRandomNumber","id":1})"));
            }
            if (*step == Step::Joining && take("Welcome")) {
                *step = Step::Subscribing;
                socket->write(ClientFrames::text(R"(42/data,1["subscribeRandomNumber"])"));
            }
            if (*step == Step::Subscribing && take(m_socketIo ? QByteArrayView("43/data,1[") : QByteArrayView("\"subscribed\""))) {
                if (index % 2 == 1) {
                    finish(true); // a reset
                    return;
                }
                *step = Step::Closing;
                socket->write(ClientFrames::close(1000));
            }
        });
        QObject::connect(socket, &QTcpSocket::disconnected, &m_context, [step, finish] { finish(*step == Step::Closing); });
        QObject::connect(socket, &QTcpSocket::errorOccurred, &m_context, [socket, step, finish](QAbstractSocket::SocketError) {
            if (socket->state() == QAbstractSocket::UnconnectedState)
                finish(*step == Step::Closing);
        });
        socket->connectToHost(QHostAddress::LocalHost, m_port);
    }

    QObject m_context;
    QEventLoop *m_loop = nullptr;
    quint16 m_port;
    bool m_socketIo;
    int m_toStart;
    int m_started = 0;
    int m_running = 0;
    int m_completed = 0;
    int m_failed = 0;
};

} // namespace

class tst_Abuse final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void badFramesAreClosedWithTheirCode_data();
    void badFramesAreClosedWithTheirCode();
    void floodIsWarnedThenClosed_data();
    void floodIsWarnedThenClosed();
    void connectionLimitsAnswerAtTheHandshake_data();
    void connectionLimitsAnswerAtTheHandshake();
    void accessRefusalsAnswerAsDocumented_data();
    void accessRefusalsAnswerAsDocumented();
    void halfOpenAndSlowlorisAreAnswered408();
    void thousandNonReadersAreSlowConsumers();
    void churnGivesBackDescriptorsAndMemory();

private:
    // One server for every frame and flood row: each attack is one
    // connection, and the watcher follows all of them in turn.
    std::unique_ptr<AttackedServer> m_shared;
    int m_sharedDescriptors = 0; // with the watcher's connection and no other
    // For the access rows, started by the first row that needs each: one
    // requiring tokens (a static token file and a JWT secret) and allowing
    // some origins; one serving TLS only.
    QTemporaryDir m_accessDir;
    std::unique_ptr<AttackedServer> m_access;
    std::unique_ptr<AttackedServer> m_tls;
    int m_tlsDescriptors = 0; // with the watcher's connection and no other

    // m_tls, started if it is not yet, its watcher over wss://; nullptr if it did not start.
    AttackedServer *tlsServer();
};

AttackedServer *tst_Abuse::tlsServer()
{
    if (!m_tls) {
        auto server = std::make_unique<AttackedServer>();
        server->watcherTls = trustingTestCa();
        if (!server->start({QStringLiteral("--tls-cert"), tlsFile("a.pem"), QStringLiteral("--tls-key"), tlsFile("a.key")}))
            return nullptr;
        m_tls = std::move(server);
        m_tlsDescriptors = m_tls->descriptors();
    }
    return m_tls.get();
}

void tst_Abuse::initTestCase()
{
    // 1,000 non-reading clients here and their 1,000 sockets in the server,
    // which inherits the limit.
    rlimit limit = {};
    QVERIFY(::getrlimit(RLIMIT_NOFILE, &limit) == 0);
    if (limit.rlim_cur < 4096 && limit.rlim_max > limit.rlim_cur) {
        limit.rlim_cur = std::min<rlim_t>(limit.rlim_max, 8192);
        ::setrlimit(RLIMIT_NOFILE, &limit);
    }
    QVERIFY2(limit.rlim_cur >= 2500, "RLIMIT_NOFILE is too low for 1,000 clients");
    m_shared = std::make_unique<AttackedServer>();
    QVERIFY(m_shared->start());
    m_sharedDescriptors = m_shared->descriptors();
}

void tst_Abuse::cleanupTestCase()
{
    m_shared.reset();
    m_access.reset();
    m_tls.reset();
}

void tst_Abuse::badFramesAreClosedWithTheirCode_data()
{
    // Over wss:// to the server serving TLS (the frames encrypted as they
    // are), rather than to the shared plain one.
    QTest::addColumn<bool>("tls");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("frames");
    // Sent once the server has answered frames (it has read them): the rest
    // of a frame split across reads.
    QTest::addColumn<QByteArray>("rest");
    QTest::addColumn<int>("closeCode");
    // Where given: the close frame's reason, and the reason label under which
    // datagate_messages_rejected_total counts the frame.
    QTest::addColumn<QByteArray>("closeReason");
    QTest::addColumn<QByteArray>("countedAs");

    using namespace ClientFrames;
    const QByteArray over(MaxMessageSize + 1, 'a');
    const QByteArray half(MaxMessageSize / 2 + 1, 'a');
    // Announces 1 GiB and sends 16 MiB of it: a server that buffered what
    // it is sent before checking the size would grow by as much.
    const QByteArray huge = frameHeader(1024 * MiB) + QByteArray(16 * MiB, 'b');
    const QList<std::pair<QByteArray, QByteArray>> protocols {{"json", JsonPath}, {"socket.io", SocketIoPath}};
    for (const auto &[name, target] : protocols) {
        const auto row = [&](const char *what, const QByteArray &frames, int code, const QByteArray &rest = {},
                             const QByteArray &reason = {}, const QByteArray &countedAs = {}) {
            QTest::addRow("%s %s", name.constData(), what) << false << target << frames << rest << code << reason << countedAs;
        };
        const auto tlsRow = [&](const char *what, const QByteArray &frames, int code, const QByteArray &rest = {},
                                const QByteArray &reason = {}, const QByteArray &countedAs = {}) {
            QTest::addRow("%s %s over TLS", name.constData(), what) << true << target << frames << rest << code << reason << countedAs;
        };
        // docs/protocol.md "Close codes": 1009 a message over --max-message-size.
        row("text over max-message-size", text(over), 1009);
        row("binary over max-message-size", binary(over), 1009);
        row("fragments over max-message-size", frame(Text, half, false) + frame(Continuation, half), 1009);
        row("1 GiB announced", huge, 1009);
        // 1007: a text frame that is not UTF-8.
        row("invalid UTF-8", text("\xff\xfe"), 1007);
        row("overlong UTF-8", text("\xc0\xaf"), 1007);
        row("UTF-16 surrogate in UTF-8", text("\xed\xa0\x80"), 1007);
        row("invalid UTF-8 across fragments", frame(Text, "\xe2\x82", false) + frame(Continuation, "\x28"), 1007);
        // 1002: a frame that breaks RFC 6455.
        row("fragmented ping", frame(Ping, "x", false), 1002);
        row("ping over 125 bytes", frame(Ping, QByteArray(126, 'p')), 1002);
        row("close over 125 bytes", frame(Close, QByteArray(QByteArray("\x03\xe8", 2) + QByteArray(124, 'c'))), 1002);
        // RFC 6455 §5.1: a frame that is not masked. A valid message of the
        // protocol, so that only the missing mask is wrong; alone, behind a
        // masked one in the same read, and with its header split across
        // reads behind a masked one the server has answered.
        const QByteArray subscribe = name == "json" ? R"({"event":"subscribeRandomNumber"})" : R"(42/data,["subscribeRandomNumber"])";
        const QByteArray unmasked = unmaskedText(subscribe);
        row("unmasked text", unmasked, 1002, {}, "unmasked frame", "unmasked");
        row("unmasked text after a masked one", text(subscribe) + unmasked, 1002, {}, "unmasked frame", "unmasked");
        row("unmasked text split across reads", text(subscribe) + unmasked.first(1), 1002, unmasked.sliced(1), "unmasked frame",
            "unmasked");
        // The same over TLS, where QSslSocket decrypts the bytes before
        // anyone sees them.
        tlsRow("unmasked text", unmasked, 1002, {}, "unmasked frame", "unmasked");
        tlsRow("unmasked text after a masked one", text(subscribe) + unmasked, 1002, {}, "unmasked frame", "unmasked");
        tlsRow("unmasked text split across reads", text(subscribe) + unmasked.first(1), 1002, unmasked.sliced(1), "unmasked frame",
            "unmasked");
        // QSslSocket decrypts 4096 bytes at a time: a masked message padded
        // past that (JSON allows the spaces; its frame header is 8 bytes)
        // arrives in two blocks. Its frame ends one byte short of the first
        // block's end, so that the unmasked frame's header is split between
        // the blocks; or it ends past it and is answered, whole, before the
        // unmasked frame comes.
        const QByteArray padded = subscribe + QByteArray(MaxMessageSize - subscribe.size() - 3, ' ');
        tlsRow(
            "unmasked text across decrypted blocks", text(padded.first(4096 - 8 - 1)) + unmasked, 1002, {}, "unmasked frame", "unmasked");
        tlsRow("unmasked text after a message across decrypted blocks", text(padded) + unmasked.first(1), 1002, unmasked.sliced(1),
            "unmasked frame", "unmasked");
        row("continuation without a start", frame(Continuation, "x"), 1002);
    }
}

void tst_Abuse::badFramesAreClosedWithTheirCode()
{
    QFETCH(bool, tls);
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, frames);
    QFETCH(QByteArray, rest);
    QFETCH(int, closeCode);
    QFETCH(QByteArray, closeReason);
    QFETCH(QByteArray, countedAs);
    AttackedServer *attacked = tls ? tlsServer() : m_shared.get();
    QVERIFY2(attacked, "the TLS server did not start");
    AttackedServer &server = *attacked;
    const QByteArray counter = "datagate_messages_rejected_total{protocol=\"" + QByteArray(target == JsonPath ? "json" : "socket.io")
        + "\",reason=\"" + countedAs + "\"}";
    const double countedBefore = countedAs.isEmpty() ? 0 : std::max(0.0, server.metric(counter));
    // The last row's attacker is gone.
    QTRY_COMPARE(server.descriptors(), tls ? m_tlsDescriptors : m_sharedDescriptors);
    server.markBefore();
    const int descriptorsBefore = server.descriptors();

    RawWsClient attacker;
    QVERIFY(attacker.open(server.port(), target, 5000, tls ? std::optional(trustingTestCa()) : std::nullopt));
    QVERIFY(joinData(attacker, target == SocketIoPath));
    attacker.send(frames);
    if (!rest.isEmpty()) {
        QVERIFY2(attacker.nextMessage().has_value(), "no answer to the first part");
        attacker.send(rest);
    }
    QVERIFY(attacker.waitForCloseOrEnd(2000));
    QCOMPARE(attacker.closeCode(), std::optional<quint16>(quint16(closeCode)));
    if (!closeReason.isEmpty())
        QCOMPARE(attacker.closeReason(), closeReason);
    if (!countedAs.isEmpty())
        QCOMPARE(server.metric(counter), countedBefore + 1);
    // Gone at once rather than after the server's close grace; the server
    // closes its side on the reset.
    attacker.socket().abort();

    VERIFY_WATCHER_UNHARMED(server);
    // The largest attack sends 16 MiB; a server that kept it would grow by
    // that much. One connection and at most one message of
    // --max-message-size (4 KiB) are what it may legitimately hold: 8 MiB
    // is far above that (I/O thread arenas, the attacker's read buffer of
    // at most the kernel's window) and half of what buffering would cost.
    verifyMemoryWithin(server, 8 * MiB);
    QTRY_COMPARE(server.descriptors(), descriptorsBefore);
}

void tst_Abuse::floodIsWarnedThenClosed_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<QByteArray>("warning");
    QTest::addRow("json") << JsonPath << QByteArray(R"({"event":"subscribeRandomNumber"})") << QByteArray(R"({"data":)");
    QTest::addRow("socket.io") << SocketIoPath << QByteArray(R"(42/data,["subscribeRandomNumber"])") << QByteArray(R"(42/data,["error",)");
}

void tst_Abuse::floodIsWarnedThenClosed()
{
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, message);
    QFETCH(QByteArray, warning);
    AttackedServer &server = *m_shared;
    server.markBefore();

    RawWsClient attacker;
    QVERIFY(attacker.open(server.port(), target));
    QVERIFY(joinData(attacker, target == SocketIoPath));
    // Ten bursts at once, far past the burst and the second burst that
    // closes; the server drops them unread.
    QByteArray flood;
    for (int i = 0; i < 10 * MessageBurst; ++i)
        flood += ClientFrames::text(message);
    attacker.send(flood);
    bool warned = false;
    for (std::optional<QByteArray> received = attacker.nextMessage(); received && !warned; received = attacker.nextMessage())
        warned = received->startsWith(warning) && received->contains(R"("code":"rate_limited")");
    QVERIFY2(warned, "no rate_limited error");
    QVERIFY(attacker.waitForCloseOrEnd());
    QCOMPARE(attacker.closeCode(), std::optional<quint16>(1008));
    QCOMPARE(attacker.closeReason(), QByteArray("rate limited"));
    // Counted: the warned message and the burst after it that closed the
    // connection (what came after the close is not read at all).
    const QByteArray protocol = target == JsonPath ? "json" : "socket.io";
    QCOMPARE(metric(server.process, "datagate_messages_rejected_total{protocol=\"" + protocol + "\",reason=\"rate_limited\"}"),
        double(MessageBurst + 1));

    VERIFY_WATCHER_UNHARMED(server);
    // 400 small messages (20 KiB): the server drops them unread; 8 MiB as
    // for the frames.
    verifyMemoryWithin(server, 8 * MiB);
}

void tst_Abuse::connectionLimitsAnswerAtTheHandshake_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QByteArray>("headers");
    QTest::addColumn<int>("admitted");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("error");

    // The watcher holds one connection from 127.0.0.1.
    const QStringList maxConnections {QStringLiteral("--max-connections"), QStringLiteral("3")};
    // Loopback is exempt from the per-address limit unless it is a trusted
    // proxy (docs/security.md): as one, 127.0.0.1 passes on the client's
    // address in X-Forwarded-For.
    const QStringList perIp {
        QStringLiteral("--max-connections-per-ip"), QStringLiteral("2"), QStringLiteral("--trusted-proxies"), QStringLiteral("127.0.0.1")};
    const QByteArray forwarded = "X-Forwarded-For: 198.51.100.7\r\n";
    for (const auto &[name, target] : QList<std::pair<QByteArray, QByteArray>> {{"json", JsonPath}, {"socket.io", SocketIoPath}}) {
        QTest::addRow("%s max-connections", name.constData())
            << target << maxConnections << QByteArray() << 2 << 503 << QStringLiteral("max_connections");
        QTest::addRow("%s max-connections-per-ip", name.constData())
            << target << perIp << forwarded << 2 << 429 << QStringLiteral("max_connections_per_ip");
    }
}

void tst_Abuse::connectionLimitsAnswerAtTheHandshake()
{
    QFETCH(QByteArray, target);
    QFETCH(QStringList, options);
    QFETCH(QByteArray, headers);
    QFETCH(int, admitted);
    QFETCH(int, status);
    QFETCH(QString, error);
    AttackedServer server;
    QVERIFY(server.start(options));
    const int descriptorsBefore = server.descriptors();

    std::vector<UpgradeAttempt> held;
    for (int i = 0; i < admitted; ++i) {
        held.push_back(UpgradeAttempt::upgrade(server.port(), target, headers));
        QCOMPARE(held.back().status, 101);
    }
    // Refused again and again: each refusal is answered and costs nothing
    // that stays.
    for (int i = 0; i < 50; ++i) {
        const UpgradeAttempt refused = UpgradeAttempt::upgrade(server.port(), target, headers);
        QCOMPARE(refused.status, status);
        QCOMPARE(QJsonDocument::fromJson(refused.body).object().value(QStringLiteral("error")).toString(), error);
    }
    VERIFY_WATCHER_UNHARMED(server);
    held.clear();
    QTRY_COMPARE(server.descriptors(), descriptorsBefore);
    // 50 refused connections, each gone when it is answered: 4 MiB is
    // 80 KiB for each of them, more than a connection costs while open.
    verifyMemoryWithin(server, 4 * MiB);
}

void tst_Abuse::accessRefusalsAnswerAsDocumented_data()
{
    QTest::addColumn<bool>("tls");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("headers");
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("answer");

    const qint64 nowS = QDateTime::currentSecsSinceEpoch();
    const QList<std::pair<const char *, QByteArray>> badTokens {
        {"a wrong static token", "not-a-token-of-the-file"},
        {"an expired JWT", TestJwt::hs256({{QStringLiteral("exp"), nowS - 3600}})},
        {"a wrongly signed JWT", TestJwt::hs256({}, "a-secret-that-is-not-the-servers-own")},
    };
    const QByteArray unauthorized = R"("error":"unauthorized")";
    for (const auto &[what, token] : badTokens) {
        QTest::addRow("json %s", what) << false << int(AccessAttack::Upgrade) << JsonPath
                                       << QByteArray("Authorization: Bearer " + token + "\r\n") << QByteArray() << 401 << unauthorized;
        QTest::addRow("socket.io %s", what) << false << int(AccessAttack::SocketIoConnect) << SocketIoPath << QByteArray() << token << 0
                                            << QByteArray(R"(44/data,{"data":{"reason":)");
    }
    // docs/security.md: JSON, the error event; Socket.IO, the error ack.
    const QByteArray randomOnly = TestJwt::hs256({{QStringLiteral("streams"), QJsonArray {QStringLiteral("randomNumber")}}});
    QTest::addRow("json a forbidden stream") << false << int(AccessAttack::ForbiddenJson) << JsonPath << QByteArray() << randomOnly << 0
                                             << QByteArray(R"("code":"forbidden")");
    QTest::addRow("socket.io a forbidden stream") << false << int(AccessAttack::ForbiddenSocketIo) << SocketIoPath << QByteArray()
                                                  << randomOnly << 0 << QByteArray(R"(43/data,1[{"error":"forbidden","ok":false}])");
    // Refused before the token is looked at.
    const QByteArray badOrigin = "Authorization: Bearer " + StaticToken + "\r\nOrigin: https://evil.test\r\n";
    const QByteArray forbiddenOrigin = R"("error":"forbidden_origin")";
    QTest::addRow("json a bad origin") << false << int(AccessAttack::Upgrade) << JsonPath << badOrigin << QByteArray() << 403
                                       << forbiddenOrigin;
    QTest::addRow("socket.io a bad origin") << false << int(AccessAttack::Upgrade) << SocketIoPath << badOrigin << QByteArray() << 403
                                            << forbiddenOrigin;
    QTest::addRow("plain HTTP on the TLS port") << true << int(AccessAttack::Upgrade) << JsonPath << QByteArray() << QByteArray() << 400
                                                << QByteArray("This port speaks TLS only: use https:// or wss://.");
}

void tst_Abuse::accessRefusalsAnswerAsDocumented()
{
    QFETCH(bool, tls);
    QFETCH(int, kind);
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, headers);
    QFETCH(QByteArray, token);
    QFETCH(int, status);
    QFETCH(QByteArray, answer);
    // The TLS rows attack the TLS server; the others one requiring tokens
    // and allowing some origins.
    if (tls)
        QVERIFY2(tlsServer(), "the TLS server did not start");
    std::unique_ptr<AttackedServer> &server = tls ? m_tls : m_access;
    if (!server) {
        server = std::make_unique<AttackedServer>();
        QVERIFY(m_accessDir.isValid());
        QFile tokens(m_accessDir.filePath(QStringLiteral("tokens")));
        QVERIFY(tokens.open(QIODevice::WriteOnly) && tokens.write(StaticToken + '\n') > 0);
        tokens.close();
        QFile secret(m_accessDir.filePath(QStringLiteral("secret")));
        QVERIFY(secret.open(QIODevice::WriteOnly) && secret.write(TestJwt::Secret + '\n') > 0);
        secret.close();
        server->watcherToken = StaticToken;
        const QStringList options {QStringLiteral("--auth-token-file"), tokens.fileName(), QStringLiteral("--jwt-secret-file"),
            secret.fileName(), QStringLiteral("--allowed-origins"), QStringLiteral("https://*.example.com")};
        if (!server->start(options)) {
            server.reset();
            QFAIL("the server did not start");
        }
    }
    const int descriptorsBefore = server->descriptors();
    const auto attack = [&](int times) {
        for (int i = 0; i < times; ++i) {
            const QString wrong = attackOnce(server->port(), AccessAttack(kind), target, headers, token, status, answer);
            if (!wrong.isEmpty())
                return QStringLiteral("attack %1: %2").arg(i).arg(wrong);
        }
        return QString();
    };
    // A warm-up first, as for the churn: the allocator keeps what it has
    // grown to. Then hundreds, each answered and gone.
    QString wrong = attack(20);
    QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
    QTRY_COMPARE(server->descriptors(), descriptorsBefore);
    server->markBefore();
    constexpr int Attacks = 200;
    wrong = attack(Attacks);
    QVERIFY2(wrong.isEmpty(), qPrintable(wrong));

    VERIFY_WATCHER_UNHARMED(*server);
    QTRY_COMPARE(server->descriptors(), descriptorsBefore);
    // 2 MiB over 200 refusals: a leak of 10 KiB each would show (a
    // connection's socket, session and buffers are more than that).
    verifyMemoryWithin(*server, 2 * MiB);
}

void tst_Abuse::halfOpenAndSlowlorisAreAnswered408()
{
    AttackedServer &server = *m_shared;
    server.markBefore();
    const int descriptorsBefore = server.descriptors();
    const QByteArray head = "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";
    const QUrl url(QStringLiteral("ws://127.0.0.1:%1/ws").arg(server.port()));

    // Attackers of two kinds, alternately: half-open (connected, silent)
    // and slowloris (a request head a byte every 50 ms, so that the head
    // would take 7 s, past the timeout even of those that wait in the
    // backlog).
    std::vector<std::unique_ptr<QTcpSocket>> attackers;
    const auto attack = [&](int count) {
        for (int i = 0; i < count; ++i) {
            attackers.push_back(std::make_unique<QTcpSocket>());
            attackers.back()->setProperty("slowloris", attackers.size() % 2 == 0);
            attackers.back()->connectToHost(QHostAddress::LocalHost, server.port());
        }
        return QTest::qWaitFor([&] {
            return std::all_of(
                attackers.begin(), attackers.end(), [](const auto &s) { return s->state() != QAbstractSocket::ConnectingState; });
        });
    };
    QTimer trickle;
    connect(&trickle, &QTimer::timeout, this, [&] {
        for (const auto &attacker : attackers) {
            const qsizetype sent = attacker->property("sent").toLongLong();
            if (attacker->property("slowloris").toBool() && attacker->state() == QAbstractSocket::ConnectedState && sent < head.size()) {
                attacker->write(head.mid(sent, 1));
                attacker->setProperty("sent", sent + 1);
            }
        }
    });
    trickle.start(50);
    const auto unanswered = [&] {
        return int(
            std::count_if(attackers.begin(), attackers.end(), [](const auto &s) { return s->state() == QAbstractSocket::ConnectedState; }));
    };

    // Fewer than --max-pending-handshakes: a new client is upgraded at
    // once, while every attacker still waits for its answer.
    QVERIFY(attack(MaxPendingHandshakes / 2));
    JsonTestClient first;
    QVERIFY(first.connectTo(url));
    QCOMPARE(unanswered(), MaxPendingHandshakes / 2);

    // Three times as many as --max-pending-handshakes: the server holds
    // that many at most, the others wait in the backlog; a new client is
    // delayed, not refused, and gets its turn when the first attackers
    // have been answered.
    QVERIFY(attack(MaxPendingHandshakes * 5 / 2));
    JsonTestClient second;
    QElapsedTimer waited;
    waited.start();
    QVERIFY(second.open(url, 4 * HandshakeTimeoutMs + 2000));
    QVERIFY2(second.next().value_or(QString()).contains(QLatin1String("welcome")), "no welcome");
    qDebug("a new client waited %lld ms", waited.elapsed());

    // Every attacker is answered 408 and closed, within a timeout of being
    // accepted: all within three timeouts, as the server takes them 64 at
    // a time.
    QTRY_VERIFY_WITH_TIMEOUT(unanswered() == 0, 3 * HandshakeTimeoutMs + 3000);
    trickle.stop();
    for (const auto &attacker : attackers)
        QVERIFY2(attacker->readAll().startsWith("HTTP/1.1 408"), "an attacker was not answered 408");
    QCOMPARE(metric(server.process, "datagate_handshakes_pending_peak"), double(MaxPendingHandshakes));

    VERIFY_WATCHER_UNHARMED(server);
    first.socket().abort();
    second.socket().abort();
    QTRY_COMPARE(server.descriptors(), descriptorsBefore);
    // 192 connections with at most a request head each (16 KiB at most),
    // 64 at a time: 4 MiB is 64 KiB for each one held.
    verifyMemoryWithin(server, 4 * MiB);
}

void tst_Abuse::thousandNonReadersAreSlowConsumers()
{
    // The kernel's buffers shrunk on both sides, so that what a client does
    // not read piles up in the server's own queues within a second: the
    // clients' SO_RCVBUF (openNonReader()), and the server's SO_SNDBUF with
    // --socket-send-buffer, as an operator may set it. Left to autotuning,
    // the kernel grows a loopback connection's send buffer to megabytes,
    // which a test would need minutes of ticks to fill; changing the
    // system-wide net.ipv4.tcp_wmem instead would change every other
    // program on the machine. Ticks every 2 ms fill it faster still.
    AttackedServer server;
    QVERIFY(server.start({QStringLiteral("--socket-send-buffer"), QString::number(SocketSendBuffer), QStringLiteral("--random-interval"),
        QString::number(NonReaderTickIntervalMs)}));
    const int descriptorsBefore = server.descriptors();
    constexpr int Clients = 1000;

    // First one at a time, on each protocol, that reads again once the
    // server has given up on it (it is the only slow consumer then): it
    // finds the close frame 4008 "slow consumer" behind what was queued,
    // as a client that recovers within the close grace does.
    const QByteArray slowConsumerClose = QByteArray("\x88\x0f\x0f\xa8", 4) + "slow consumer";
    for (const bool socketIo : {false, true}) {
        const double before = metric(server.process, "datagate_slow_consumer_disconnects_total");
        const int witness = openNonReader(server.port(), socketIo);
        QVERIFY(witness >= 0);
        const auto closeWitness = qScopeGuard([witness] { ::close(witness); });
        QTRY_VERIFY_WITH_TIMEOUT(metric(server.process, "datagate_slow_consumer_disconnects_total") > before, 10000);
        QVERIFY2(readUntilEnd(witness).contains(slowConsumerClose), socketIo ? "socket.io" : "json");
    }
    QTRY_COMPARE(server.descriptors(), descriptorsBefore);
    server.markBefore();
    const double countedBefore = metric(server.process, "datagate_slow_consumer_disconnects_total");

    // Then 1,000, half on each protocol, that never read again.
    std::vector<int> clients;
    const auto closeClients = qScopeGuard([&] {
        for (const int fd : clients)
            ::close(fd);
    });
    qint64 peak = 0;
    for (int i = 0; i < Clients; ++i) {
        const int fd = openNonReader(server.port(), i % 2 == 1);
        QVERIFY2(fd >= 0, qPrintable(QStringLiteral("client %1: %2").arg(i).arg(qt_error_string(errno))));
        clients.push_back(fd);
        if (i % 50 == 49) {
            QCoreApplication::processEvents(); // the watcher reads
            peak = std::max(peak, server.rss());
        }
    }
    // Each is closed as a slow consumer.
    QElapsedTimer elapsed;
    elapsed.start();
    double counted = 0;
    while ((counted = metric(server.process, "datagate_slow_consumer_disconnects_total")) < countedBefore + Clients
        && elapsed.elapsed() < 30000) {
        peak = std::max(peak, server.rss());
        QTest::qWait(50);
    }
    qDebug("1,000 slow consumers closed after %lld ms; resident memory grew by %lld KiB at most", elapsed.elapsed(),
        (peak - server.rssBefore) / 1024);
    // Each client may hold --max-send-buffer (16 KiB) of queued frames, and
    // one frame more (the one that crossed it); Qt's write buffer keeps it
    // in blocks of up to 16 KiB, so a full queue spans at most 32 KiB; plus
    // its socket, WebSocket and session objects and the read buffer of the
    // handshake, well under 32 KiB. 64 KiB a client: 62.5 MiB for 1,000,
    // where a server without the cap grows at 1,000 x the tick rate with no
    // end.
    verifyMemoryWithin(server, qint64(Clients) * 64 * 1024, peak);
    QCOMPARE(counted, countedBefore + Clients);
    // Every connection is gone from the server, and from its kernel: a
    // client still not reading when the close grace ends is reset
    // (SO_LINGER {1, 0}), where a plain close() left the orphaned
    // connection, its unsent bytes and its FIN, probing the zero window,
    // for up to tens of seconds. The watcher's connection is the one left.
    QTRY_COMPARE_WITH_TIMEOUT(server.descriptors(), descriptorsBefore, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(kernelConnections(server.port()), 1, 2000);

    VERIFY_WATCHER_UNHARMED(server);
}

void tst_Abuse::churnGivesBackDescriptorsAndMemory()
{
    AttackedServer server;
    QVERIFY(server.start());
    const int descriptorsBefore = server.descriptors();
    constexpr int Cycles = 2000;
    constexpr int InFlight = 16;

    // A warm-up round first: the allocator keeps the arenas of the I/O
    // threads and its free lists once they have grown to the peak.
    for (const bool socketIo : {false, true}) {
        Churn warmUp(server.port(), socketIo, 200, InFlight);
        QVERIFY(warmUp.wait(20000));
    }
    QTRY_COMPARE(server.descriptors(), descriptorsBefore);
    server.markBefore();

    for (const bool socketIo : {false, true}) {
        QElapsedTimer elapsed;
        elapsed.start();
        Churn churn(server.port(), socketIo, Cycles, InFlight);
        QVERIFY2(churn.wait(60000), qPrintable(QStringLiteral("%1 of %2 cycles failed").arg(churn.failed()).arg(Cycles)));
        QCOMPARE(churn.completed(), Cycles);
        qDebug("%s: %d cycles in %lld ms", socketIo ? "socket.io" : "json", Cycles, elapsed.elapsed());
    }
    // Every descriptor comes back.
    QTRY_COMPARE(server.descriptors(), descriptorsBefore);
    qDebug("resident memory after the churn: %+lld KiB", (server.rss() - server.rssBefore) / 1024);
    VERIFY_WATCHER_UNHARMED(server);
    // The same peak as in the warm-up (16 connections at once), so the
    // memory is reused: 2 MiB is what a leak of 512 bytes a cycle (less
    // than any one object a connection allocates: a QWebSocket alone is
    // more) would add over these 4,000 cycles, and above what the
    // allocator's free lists may still shift.
    verifyMemoryWithin(server, 2 * MiB);
}

QTEST_GUILESS_MAIN(tst_Abuse)
#include "tst_abuse.moc"
