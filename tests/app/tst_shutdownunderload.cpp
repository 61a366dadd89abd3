// SIGTERM with 1,000 clients connected and subscribed, half of them
// Socket.IO and half JSON: every client gets the close frame 1001, answers
// it, and then sees the connection end with a FIN, never a reset; the
// process exits 0 within --shutdown-timeout.
//
// The clients are plain non-blocking sockets in one poll() loop, written
// here, so that the test sees exactly what the kernel says: recv() returning
// 0 (FIN) or failing with ECONNRESET (a reset), which a QTcpSocket reports
// alike.
#include "DatagateProcess.h"

#include <QElapsedTimer>
#include <QTest>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <vector>

namespace {

constexpr int ClientCount = 1000;
constexpr int ShutdownTimeoutMs = 3000;

// A masked client frame (RFC 6455 §5.3), as every client must send.
QByteArray clientFrame(quint8 opcode, const QByteArray &payload)
{
    QByteArray frame;
    frame.append(char(0x80 | opcode));
    if (payload.size() < 126) {
        frame.append(char(0x80 | payload.size()));
    } else {
        frame.append(char(0x80 | 126));
        frame.append(char(payload.size() >> 8));
        frame.append(char(payload.size() & 0xff));
    }
    const char mask[4] = {0x12, 0x34, 0x56, 0x78};
    frame.append(mask, 4);
    for (qsizetype i = 0; i < payload.size(); ++i)
        frame.append(char(payload.at(i) ^ mask[i % 4]));
    return frame;
}

struct Client {
    enum class State { Handshaking, Open, Closing, Ended };

    int fd = -1;
    bool socketIo = false;
    State state = State::Handshaking;
    QByteArray buffer;
    int ticks = 0;
    int closeCode = 0; // of the server's close frame; 0 before it
    bool fin = false; // recv() returned 0
    bool reset = false; // recv() failed with ECONNRESET
    int framesAfterClose = 0;

    void send(const QByteArray &bytes)
    {
        qsizetype sent = 0;
        while (sent < bytes.size()) {
            const ssize_t n = ::send(fd, bytes.constData() + sent, size_t(bytes.size() - sent), MSG_NOSIGNAL);
            if (n <= 0)
                return; // a closed connection shows when reading
            sent += n;
        }
    }
    void sendText(const QByteArray &text) { send(clientFrame(0x1, text)); }

    void onText(const QByteArray &text)
    {
        if (state == State::Closing) {
            ++framesAfterClose;
            return;
        }
        if (socketIo) {
            if (text.startsWith('0'))
                sendText("40/data,");
            else if (text.startsWith("42/data,[\"message\""))
                sendText("42/data,[\"subscribeRandomNumber\"]");
            else if (text.startsWith("42/data,[\"randomNumber\""))
                ++ticks;
            else if (text == "2")
                sendText("3");
            return;
        }
        if (text.contains("\"event\":\"welcome\""))
            sendText(R"({"event":"subscribeRandomNumber"})");
        else if (text.contains("\"event\":\"randomNumber\""))
            ++ticks;
    }

    // Parses what has arrived: the handshake answer, then whole frames.
    void parse()
    {
        if (state == State::Handshaking) {
            const qsizetype end = buffer.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            if (!buffer.startsWith("HTTP/1.1 101")) {
                finish();
                return;
            }
            buffer.remove(0, end + 4);
            state = State::Open;
        }
        for (;;) {
            if (buffer.size() < 2)
                return;
            const quint8 opcode = quint8(buffer.at(0)) & 0x0f;
            qint64 length = quint8(buffer.at(1)) & 0x7f;
            qsizetype header = 2;
            if (length == 126) {
                if (buffer.size() < 4)
                    return;
                length = (qint64(quint8(buffer.at(2))) << 8) | quint8(buffer.at(3));
                header = 4;
            } else if (length == 127) {
                if (buffer.size() < 10)
                    return;
                length = 0;
                for (int i = 2; i < 10; ++i)
                    length = (length << 8) | quint8(buffer.at(i));
                header = 10;
            }
            if (buffer.size() < header + length)
                return;
            const QByteArray payload = buffer.mid(header, length);
            buffer.remove(0, header + length);
            if (opcode == 0x8) {
                if (state == State::Closing) {
                    ++framesAfterClose;
                    continue;
                }
                closeCode = payload.size() >= 2 ? (quint8(payload.at(0)) << 8) | quint8(payload.at(1)) : 1005;
                // Answer with the same code, as RFC 6455 §5.5.1 asks; the
                // server then ends the connection.
                send(clientFrame(0x8, payload.left(2)));
                state = State::Closing;
            } else if (opcode == 0x1) {
                onText(payload);
            }
        }
    }

    void readAll()
    {
        char chunk[65536];
        for (;;) {
            const ssize_t n = ::recv(fd, chunk, sizeof(chunk), 0);
            if (n > 0) {
                buffer.append(chunk, n);
                continue;
            }
            if (n == 0) {
                parse();
                fin = true;
                finish();
            } else if (errno == ECONNRESET) {
                reset = true;
                finish();
            } else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                finish();
            }
            break;
        }
        if (state != State::Ended)
            parse();
    }

    void finish()
    {
        if (fd >= 0)
            ::close(fd);
        fd = -1;
        state = State::Ended;
    }
};

// Reads whatever arrives for every client until done() holds; false on timeout.
template<typename Done> bool pump(std::vector<Client> &clients, Done done, int timeoutMs)
{
    QElapsedTimer elapsed;
    elapsed.start();
    std::vector<pollfd> fds;
    std::vector<Client *> owners;
    while (!done()) {
        if (elapsed.elapsed() > timeoutMs)
            return false;
        fds.clear();
        owners.clear();
        for (Client &client : clients) {
            if (client.fd >= 0) {
                fds.push_back({client.fd, POLLIN, 0});
                owners.push_back(&client);
            }
        }
        if (fds.empty())
            return done();
        if (::poll(fds.data(), nfds_t(fds.size()), 50) <= 0)
            continue;
        for (size_t i = 0; i < fds.size(); ++i) {
            if (fds[i].revents != 0)
                owners[i]->readAll();
        }
    }
    return true;
}

bool connectClient(Client &client, quint16 port)
{
    client.fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (client.fd < 0)
        return false;
    sockaddr_in address = {};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(client.fd, reinterpret_cast<const sockaddr *>(&address), sizeof(address)) != 0)
        return false;
    const int one = 1;
    ::setsockopt(client.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    const QByteArray target = client.socketIo ? QByteArray("/socket.io/?EIO=4&transport=websocket") : QByteArray("/ws");
    client.send("GET " + target
        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
    return ::fcntl(client.fd, F_SETFL, ::fcntl(client.fd, F_GETFL) | O_NONBLOCK) == 0;
}

} // namespace

class tst_ShutdownUnderLoad final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void everyClientGetsItsCloseAndNoReset();
};

void tst_ShutdownUnderLoad::initTestCase()
{
    // 1,000 clients here and 1,000 in the server, which inherits the limit.
    rlimit limit = {};
    QVERIFY(::getrlimit(RLIMIT_NOFILE, &limit) == 0);
    if (limit.rlim_cur < 4096 && limit.rlim_max > limit.rlim_cur) {
        limit.rlim_cur = std::min<rlim_t>(limit.rlim_max, 8192);
        ::setrlimit(RLIMIT_NOFILE, &limit);
    }
    QVERIFY2(limit.rlim_cur >= 2 * ClientCount + 100, "RLIMIT_NOFILE is too low for 1,000 clients");
}

void tst_ShutdownUnderLoad::everyClientGetsItsCloseAndNoReset()
{
    DatagateProcess datagate;
    QVERIFY(datagate.start(DatagateProcess::offlineArguments()
        + QStringList {QStringLiteral("--random-interval"), QStringLiteral("100"), QStringLiteral("--ping-interval"),
            QStringLiteral("600000"), QStringLiteral("--shutdown-timeout"), QString::number(ShutdownTimeoutMs)}));

    std::vector<Client> clients(ClientCount);
    for (int i = 0; i < ClientCount; ++i) {
        clients[i].socketIo = i % 2 == 1;
        QVERIFY2(
            connectClient(clients[i], datagate.port()), qPrintable(QStringLiteral("client %1: %2").arg(i).arg(qt_error_string(errno))));
        // In batches, so that the listen backlog never overflows.
        if (i % 100 == 99) {
            QVERIFY(pump(
                clients,
                [&] {
                    return std::all_of(
                        clients.begin(), clients.begin() + i + 1, [](const Client &c) { return c.state != Client::State::Handshaking; });
                },
                10000));
        }
    }
    // Everyone subscribed and receiving.
    const bool flowing = pump(
        clients,
        [&] {
            return std::all_of(
                clients.begin(), clients.end(), [](const Client &c) { return c.ticks >= 2 || c.state == Client::State::Ended; });
        },
        20000);
    const auto ended = std::count_if(clients.begin(), clients.end(), [](const Client &c) { return c.state == Client::State::Ended; });
    QVERIFY2(flowing && ended == 0, qPrintable(QStringLiteral("%1 clients ended before the shutdown").arg(ended)));
    QCOMPARE(datagate.get("/api/status").status, 200);

    QElapsedTimer elapsed;
    elapsed.start();
    QVERIFY(datagate.signal(SIGTERM));
    const bool allEnded = pump(
        clients,
        [&] { return std::all_of(clients.begin(), clients.end(), [](const Client &c) { return c.state == Client::State::Ended; }); },
        ShutdownTimeoutMs + 5000);
    const qint64 tookMs = elapsed.elapsed();

    int wrongCode = 0;
    int resets = 0;
    int noFin = 0;
    int afterClose = 0;
    QString example;
    for (int i = 0; i < ClientCount; ++i) {
        const Client &client = clients[i];
        wrongCode += client.closeCode != 1001;
        resets += client.reset;
        noFin += !client.fin;
        afterClose += client.framesAfterClose;
        if (example.isEmpty() && (client.closeCode != 1001 || client.reset || !client.fin))
            example = QStringLiteral("client %1 (%2): close code %3, reset %4, FIN %5")
                          .arg(i)
                          .arg(client.socketIo ? QStringLiteral("Socket.IO") : QStringLiteral("JSON"))
                          .arg(client.closeCode)
                          .arg(client.reset)
                          .arg(client.fin);
    }
    QVERIFY2(allEnded, qPrintable(QStringLiteral("connections still open after %1 ms; %2").arg(tookMs).arg(example)));
    QVERIFY2(wrongCode == 0, qPrintable(QStringLiteral("%1 clients without a 1001 close; %2").arg(wrongCode).arg(example)));
    QVERIFY2(resets == 0, qPrintable(QStringLiteral("%1 clients saw a reset; %2").arg(resets).arg(example)));
    QVERIFY2(noFin == 0, qPrintable(QStringLiteral("%1 clients saw no FIN; %2").arg(noFin).arg(example)));
    QCOMPARE(afterClose, 0);
    QCOMPARE(datagate.waitForExit(ShutdownTimeoutMs + 2000), 0);
    QVERIFY2(tookMs < ShutdownTimeoutMs + 1000, qPrintable(QString::number(tookMs)));
    QVERIFY(datagate.log().contains(QLatin1String("stopped")));
}

QTEST_GUILESS_MAIN(tst_ShutdownUnderLoad)
#include "tst_shutdownunderload.moc"
