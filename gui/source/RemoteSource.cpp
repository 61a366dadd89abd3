#include "gui/source/RemoteSource.h"

#include "logging/LogSink.h"

#include <QFile>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QUrlQuery>
#include <QWebSocket>

#include <algorithm>
#include <cstdlib>

namespace {

Q_LOGGING_CATEGORY(lcMonitor, "datagate.monitor")

// Larger than any answer of a datagate (a page of 1000 clients is about
// 250 KB): a bound on what a broken or hostile peer can make us hold.
constexpr qint64 MaxBodyBytes = 8 * 1024 * 1024;
// The status API's largest page.
constexpr qint64 ClientsPageSize = 1000;
// 100,000 clients; past that the table shows the first ones by id.
constexpr qint64 MaxClientsPages = 100;
// A connection that held this long was a real one: the next failure starts
// the backoff over. One that breaks sooner (a peer that accepts and drops
// us) keeps backing off.
constexpr qint64 StableMs = 10000;
// Ticks are small; a message larger than this is not one of datagate's.
constexpr qint64 MaxMessageBytes = 1024 * 1024;
// Ticks asked of /api/history per stream: what a chart keeps of one
// (ChartModel::HistoryCapacity) is all it can use.
constexpr qint64 HistoryTicks = 7200;

const char TimedOutProperty[] = "datagateTimedOut";
const char TooLargeProperty[] = "datagateTooLarge";

void abortTooLarge(QNetworkReply *reply)
{
    reply->setProperty(TooLargeProperty, true);
    reply->abort();
}

QString withoutTrailingSlash(QString path)
{
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    return path;
}

// The first token in a file of the same form as the server's
// --admin-token-file: one per line, blank lines and # comments skipped.
QByteArray readToken(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return {};
    }
    for (const QByteArray &line : file.read(64 * 1024).split('\n')) {
        const QByteArray token = line.trimmed();
        if (!token.isEmpty() && !token.startsWith('#'))
            return token;
    }
    *error = QStringLiteral("no token in it");
    return {};
}

bool sameStreams(const QList<StreamInfo> &a, const QList<StreamInfo> &b)
{
    return std::equal(a.cbegin(), a.cend(), b.cbegin(), b.cend(), [](const StreamInfo &x, const StreamInfo &y) {
        return x.name == y.name && x.description == y.description && x.valueKey == y.valueKey;
    });
}

} // namespace

RemoteSource::RemoteSource(const QUrl &url, const QString &tokenFile, LogSink *logSink, QObject *parent)
    : DashboardSource(parent)
    , m_url(url.adjusted(QUrl::StripTrailingSlash))
    , m_tokenFile(tokenFile)
    , m_logSink(logSink)
    , m_backoff(m_timing.backoffBaseMs, m_timing.backoffCapMs)
    , m_network(std::make_unique<QNetworkAccessManager>())
{
    m_monotonic.start();
    // Not the system's proxy: a dashboard watches a server on its own
    // network, and a proxy in between would only hide which end failed.
    m_network->setProxy(QNetworkProxy::NoProxy);
    for (QTimer *timer : {&m_statusTimer, &m_clientsTimer, &m_retryTimer, &m_handshakeTimer})
        timer->setSingleShot(true);
    connect(&m_statusTimer, &QTimer::timeout, this, &RemoteSource::requestStatus);
    connect(&m_clientsTimer, &QTimer::timeout, this, &RemoteSource::requestClients);
    connect(&m_retryTimer, &QTimer::timeout, this, &RemoteSource::attempt);
    connect(&m_handshakeTimer, &QTimer::timeout, this, [this] {
        qCDebug(lcMonitor) << "no welcome on" << endpoint(QStringLiteral("/ws")).toDisplayString();
        fail(tr("%1 did not greet on its WebSocket within %n second(s).", nullptr, m_timing.requestTimeoutMs / 1000)
                 .arg(m_url.toDisplayString()),
            QStringLiteral("no welcome on the WebSocket within %1 ms").arg(m_timing.requestTimeoutMs));
    });
    if (m_logSink)
        connect(m_logSink, &LogSink::entriesAdded, this, &RemoteSource::logEntriesAdded);
}

RemoteSource::~RemoteSource()
{
    tearDown();
}

void RemoteSource::setTiming(const Timing &timing)
{
    m_timing = timing;
    m_backoff = ReconnectBackoff(timing.backoffBaseMs, timing.backoffCapMs);
}

void RemoteSource::trustCaCertificates(const QList<QSslCertificate> &certificates, const QString &caFile)
{
    m_caFile = caFile;
    // Besides the system's, never instead of them: a list set here turns off
    // Qt's loading of the system's on demand.
    m_tls = std::make_unique<QSslConfiguration>(QSslConfiguration::defaultConfiguration());
    m_tls->setCaCertificates(QSslConfiguration::systemCaCertificates() + certificates);
}

void RemoteSource::setBackoffRandom(ReconnectBackoff::Random random)
{
    m_backoff = ReconnectBackoff(m_timing.backoffBaseMs, m_timing.backoffCapMs, std::move(random));
}

qint64 RemoteSource::retryInMs() const
{
    return m_state == State::Failed && m_retryTimer.isActive() ? std::max(0, m_retryTimer.remainingTime()) : -1;
}

QString RemoteSource::listenAddress() const
{
    return m_status ? m_status->listenHost : QString();
}

quint16 RemoteSource::port() const
{
    if (m_state != State::Live)
        return 0;
    // The port we reach it on, which a proxy may map from its own.
    return quint16(m_url.port(m_url.scheme() == QLatin1String("https") ? 443 : 80));
}

QUrl RemoteSource::socketIoUrl() const
{
    if (m_state != State::Live)
        return {};
    return endpoint(QStringLiteral("/data"));
}

QUrl RemoteSource::jsonUrl() const
{
    if (m_state != State::Live)
        return {};
    QUrl url = endpoint(QStringLiteral("/ws"));
    url.setScheme(m_url.scheme() == QLatin1String("https") ? QStringLiteral("wss") : QStringLiteral("ws"));
    return url;
}

QDateTime RemoteSource::startedAt() const
{
    return m_state == State::Live && m_remoteStartedAt.isValid() ? local(m_remoteStartedAt).toLocalTime() : QDateTime();
}

qint64 RemoteSource::sendBufferLimit() const
{
    return m_status ? m_status->maxSendBufferBytes : 0;
}

QList<LogEntry> RemoteSource::logBacklog() const
{
    return m_logSink ? m_logSink->entries() : QList<LogEntry>();
}

void RemoteSource::start()
{
    if (m_step != Step::Idle || m_state == State::Live)
        return;
    setState(State::Starting);
    qCInfo(lcMonitor).noquote() << "monitoring" << m_url.toDisplayString();
    attempt();
}

void RemoteSource::retry(quint16)
{
    if (m_state != State::Failed && m_state != State::Stopped)
        return;
    qCInfo(lcMonitor).noquote() << "reconnecting to" << m_url.toDisplayString() << "now, as asked";
    attempt();
}

void RemoteSource::stop()
{
    tearDown();
    m_retryTimer.stop();
    setState(State::Stopped);
}

void RemoteSource::disconnectClient(quint64 id)
{
    const QString url = m_url.toDisplayString();
    if (m_step != Step::Live) {
        qCWarning(lcMonitor).noquote() << QStringLiteral("cannot disconnect client %1 of %2: not connected to it").arg(id).arg(url);
        return;
    }
    QNetworkReply *reply = send(endpoint(QStringLiteral("/api/clients/%1").arg(id)), "DELETE");
    // Not tied to this connection: the answer is worth logging whenever it comes.
    connect(reply, &QNetworkReply::finished, this, [this, reply, id, url] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status == 204) {
            qCInfo(lcMonitor).noquote() << QStringLiteral("disconnected client %1 of %2").arg(id).arg(url);
            // The table shows it gone at the next snapshot; take that now.
            if (m_step == Step::Live && clientsWanted() && !m_clientsReply)
                m_clientsTimer.start(0);
            return;
        }
        QString why;
        if (reply->property(TimedOutProperty).toBool())
            why = QStringLiteral("no answer within %1 ms").arg(m_timing.requestTimeoutMs);
        else if (status == 404)
            why = QStringLiteral("no such client is connected there (HTTP 404); it may have left already");
        else if (status == 401)
            why = m_tokenFile.isEmpty() ? QStringLiteral("it asks for a token (HTTP 401); start the dashboard with --monitor-token-file")
                                        : QStringLiteral("it did not accept the token in %1 (HTTP 401)").arg(m_tokenFile);
        else if (status == 405)
            why = QStringLiteral("it cannot disconnect clients (HTTP 405): a datagate older than DELETE /api/clients/{id}");
        else if (status != 0)
            why = QStringLiteral("it answered HTTP %1").arg(status);
        else
            why = reply->errorString();
        qCWarning(lcMonitor).noquote() << QStringLiteral("cannot disconnect client %1 of %2: %3").arg(id).arg(url, why);
    });
}

void RemoteSource::clientsWantedChanged(bool wanted)
{
    if (!wanted) {
        m_clientsTimer.stop();
        if (m_clientsReply) {
            QNetworkReply *reply = m_clientsReply;
            m_clientsReply = nullptr;
            reply->disconnect(this);
            reply->abort();
            reply->deleteLater();
        }
        return;
    }
    if (m_step == Step::Live)
        requestClients();
}

void RemoteSource::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

QUrl RemoteSource::endpoint(const QString &path) const
{
    QUrl url = m_url;
    url.setPath(withoutTrailingSlash(m_url.path()) + path);
    return url;
}

void RemoteSource::attempt()
{
    tearDown();
    m_retryTimer.stop();
    if (!m_tokenFile.isEmpty()) {
        QString error;
        m_token = readToken(m_tokenFile, &error);
        if (m_token.isEmpty()) {
            fail(tr("Cannot read a token from %1: %2").arg(m_tokenFile, error),
                QStringLiteral("cannot read a token from %1: %2").arg(m_tokenFile, error));
            return;
        }
    }
    qCDebug(lcMonitor).noquote() << "connecting to" << m_url.toDisplayString();
    m_step = Step::Status;
    requestStatus();
}

void RemoteSource::tearDown()
{
    // Whatever the connection before still has in flight is not ours any more.
    ++m_generation;
    m_step = Step::Idle;
    m_statusTimer.stop();
    m_clientsTimer.stop();
    m_handshakeTimer.stop();
    for (QPointer<QNetworkReply> *pointer : {&m_statusReply, &m_clientsReply, &m_historyReply}) {
        if (QNetworkReply *reply = *pointer) {
            *pointer = nullptr;
            reply->disconnect(this);
            reply->abort();
            reply->deleteLater();
        }
    }
    if (m_socket) {
        QWebSocket *socket = m_socket.release();
        socket->disconnect(this);
        if (socket->state() == QAbstractSocket::ConnectedState)
            socket->close(QWebSocketProtocol::CloseCodeNormal, QStringLiteral("dashboard closed"));
        else
            socket->abort();
        socket->deleteLater();
    }
    m_clientsCollected.clear();
    m_clientIds.clear();
    m_resuming = false;
}

void RemoteSource::fail(const QString &reason, const QString &logDetail)
{
    if (m_state == State::Stopped)
        return;
    const bool wasLive = m_step == Step::Live;
    tearDown();
    if (m_liveSinceMs >= 0 && m_monotonic.elapsed() - m_liveSinceMs >= StableMs)
        m_backoff.reset();
    m_liveSinceMs = -1;
    const qint64 delay = m_backoff.nextDelayMs();
    m_retryTimer.start(int(delay));
    // Once per kind of trouble, not once per attempt every few seconds.
    const bool news = wasLive || reason != m_errorString;
    if (news)
        qCWarning(lcMonitor).noquote() << QStringLiteral("%1 %2: %3; trying again in %4 ms")
                                              .arg(wasLive ? QStringLiteral("lost the connection to") : QStringLiteral("cannot connect to"),
                                                  m_url.toDisplayString(), logDetail)
                                              .arg(delay);
    else
        qCDebug(lcMonitor).noquote() << "still no connection:" << logDetail << "; trying again in" << delay << "ms";
    const bool changed = reason != m_errorString;
    m_errorString = reason;
    if (m_state != State::Failed)
        setState(State::Failed);
    else if (changed)
        Q_EMIT stateChanged(State::Failed);
}

QNetworkReply *RemoteSource::send(const QUrl &url, const QByteArray &verb)
{
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    if (!m_token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_token);
    request.setRawHeader("Accept", "application/json");
    if (m_tls)
        request.setSslConfiguration(*m_tls);
    QNetworkReply *reply = m_network->sendCustomRequest(request, verb);
    // The whole request, not only a silence, so that a peer that trickles
    // cannot hold the poll up.
    QTimer::singleShot(m_timing.requestTimeoutMs, reply, [reply] {
        reply->setProperty(TimedOutProperty, true);
        reply->abort();
    });
    // Refused as soon as it says how large it is, or grows past the limit.
    connect(reply, &QNetworkReply::metaDataChanged, reply, [reply] {
        if (reply->header(QNetworkRequest::ContentLengthHeader).toLongLong() > MaxBodyBytes)
            abortTooLarge(reply);
    });
    connect(reply, &QNetworkReply::downloadProgress, reply, [reply](qint64 received, qint64) {
        if (received > MaxBodyBytes)
            abortTooLarge(reply);
    });
    return reply;
}

QString RemoteSource::httpProblem(QNetworkReply *reply, const QString &what) const
{
    const QString url = m_url.toDisplayString();
    if (reply->property(TimedOutProperty).toBool())
        return tr("%1 did not answer within %n second(s).", nullptr, m_timing.requestTimeoutMs / 1000).arg(url);
    if (reply->property(TooLargeProperty).toBool())
        return tr("%1 sent an answer larger than %2 MiB for %3.").arg(url).arg(MaxBodyBytes / (1024 * 1024)).arg(what);
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 401) {
        if (m_tokenFile.isEmpty())
            return tr("%1 asks for a token (HTTP 401). Start the dashboard with --monitor-token-file FILE, where FILE holds one of the "
                      "tokens of that server's --admin-token-file.")
                .arg(url);
        return tr("%1 did not accept the token in %2 (HTTP 401).").arg(url, m_tokenFile);
    }
    if (status == 404)
        return tr("%1 answered HTTP 404 for %2: it is not a datagate, or one without the status API.").arg(url, what);
    if (status != 0)
        return tr("%1 answered HTTP %2 for %3.").arg(url).arg(status).arg(what);
    switch (reply->error()) {
    case QNetworkReply::ConnectionRefusedError: return tr("Cannot reach %1: nothing accepts connections on that port.").arg(url);
    case QNetworkReply::HostNotFoundError: return tr("Cannot reach %1: the host %2 is not known.").arg(url, m_url.host());
    case QNetworkReply::RemoteHostClosedError: return tr("%1 closed the connection before it answered.").arg(url);
    case QNetworkReply::SslHandshakeFailedError: return tlsProblem(reply->errorString());
    default:
        // Qt's words for the rest (TLS, routing, …), which stay English.
        return tr("Cannot reach %1: %2").arg(url, reply->errorString());
    }
}

QString RemoteSource::tlsProblem(const QString &qtError) const
{
    const QString url = m_url.toDisplayString();
    if (m_caFile.isEmpty())
        return tr("Cannot reach %1 over TLS: %2. If its certificate comes from a private CA or is self-signed, start the dashboard "
                  "with --monitor-ca FILE, where FILE holds that CA's certificate (PEM).")
            .arg(url, qtError);
    return tr("Cannot reach %1 over TLS: %2. Its certificate is not signed by a CA of %3 or of the system.").arg(url, qtError, m_caFile);
}

void RemoteSource::expect(QNetworkReply *reply, const QString &what, std::function<void(const QByteArray &)> onBody)
{
    connect(reply, &QNetworkReply::finished, this, [this, reply, what, onBody = std::move(onBody), generation = m_generation] {
        reply->deleteLater();
        if (generation != m_generation)
            return;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (reply->error() != QNetworkReply::NoError || status != 200) {
            const QString detail = reply->property(TimedOutProperty).toBool()
                ? QStringLiteral("%1: no answer within %2 ms").arg(what).arg(m_timing.requestTimeoutMs)
                : reply->property(TooLargeProperty).toBool() ? QStringLiteral("%1: an answer over %2 bytes").arg(what).arg(MaxBodyBytes)
                : status != 0                                ? QStringLiteral("%1: HTTP %2").arg(what).arg(status)
                                                             : QStringLiteral("%1: %2").arg(what, reply->errorString());
            fail(httpProblem(reply, what), detail);
            return;
        }
        const QByteArray body = reply->read(MaxBodyBytes + 1);
        if (body.size() > MaxBodyBytes) {
            abortTooLarge(reply);
            fail(httpProblem(reply, what), QStringLiteral("%1: an answer over %2 bytes").arg(what).arg(MaxBodyBytes));
            return;
        }
        onBody(body);
    });
}

void RemoteSource::requestStatus()
{
    if (m_step != Step::Status && m_step != Step::Live)
        return;
    const QString what = QStringLiteral("/api/status");
    const qint64 sentAt = m_monotonic.elapsed();
    QNetworkReply *reply = get(endpoint(what));
    m_statusReply = reply;
    expect(reply, what, [this, sentAt, what](const QByteArray &body) {
        m_statusReply = nullptr;
        QString error;
        std::optional<RemoteProtocol::Status> status = RemoteProtocol::parseStatus(body, &error);
        if (!status) {
            fail(tr("%1 did not answer like a datagate for %2 (%3).").arg(m_url.toDisplayString(), what, error),
                QStringLiteral("%1: %2").arg(what, error));
            return;
        }
        applyStatus(std::move(*status), sentAt);
    });
}

void RemoteSource::applyStatus(RemoteProtocol::Status status, qint64 sentAtMs)
{
    const bool first = m_step == Step::Status;
    if (first) {
        // Our clock halfway through the request against theirs when they answered.
        const QDateTime ourMiddle = QDateTime::currentDateTimeUtc().addMSecs(-(m_monotonic.elapsed() - sentAtMs) / 2);
        m_clockOffsetMs = status.remoteNow.isValid() ? ourMiddle.msecsTo(status.remoteNow) : 0;
        if (std::abs(m_clockOffsetMs) > 2000)
            qCInfo(lcMonitor).noquote() << QStringLiteral("the clock of %1 is %2 s %3 ours; its times are shown on ours")
                                               .arg(m_url.toDisplayString())
                                               .arg(double(std::abs(m_clockOffsetMs)) / 1000.0, 0, 'f', 1)
                                               .arg(m_clockOffsetMs > 0 ? QStringLiteral("ahead of") : QStringLiteral("behind"));
        if (m_remoteStartedAt.isValid() && status.startedAt.isValid() && std::abs(m_remoteStartedAt.msecsTo(status.startedAt)) > 1000)
            qCInfo(lcMonitor).noquote() << m_url.toDisplayString() << "was restarted since we last saw it";
    }
    m_remoteStartedAt = status.startedAt;

    if (!sameStreams(m_streams, status.streams)) {
        // The charts start over with other streams (ChartModel).
        forgetSeqs();
        m_streams = status.streams;
        m_valueKeys.clear();
        m_health.clear();
        for (const StreamInfo &stream : std::as_const(m_streams)) {
            m_valueKeys.insert(stream.name, stream.valueKey);
            m_health.insert(stream.name, local(status.health.value(stream.name)));
        }
        Q_EMIT streamsChanged();
    } else {
        for (const StreamInfo &stream : std::as_const(m_streams)) {
            const FeedHealth health = local(status.health.value(stream.name));
            const FeedHealth before = m_health.value(stream.name);
            if (health == before)
                continue;
            m_health.insert(stream.name, health);
            logHealthChange(stream.name, before, health);
            Q_EMIT feedHealthChanged(stream.name, health);
        }
    }
    const TrafficStats traffic = status.traffic;
    const ClusterStatus cluster = status.cluster;
    m_status = std::move(status);

    if (first) {
        openSocket();
        return;
    }
    Q_EMIT trafficSampled(traffic);
    Q_EMIT clusterSampled(cluster);
    m_statusTimer.start(m_timing.pollMs);
}

void RemoteSource::openSocket()
{
    m_step = Step::Socket;
    m_socket = std::make_unique<QWebSocket>(QString(), QWebSocketProtocol::VersionLatest);
    QWebSocket *socket = m_socket.get();
    socket->setMaxAllowedIncomingMessageSize(quint64(MaxMessageBytes));
    socket->setMaxAllowedIncomingFrameSize(quint64(MaxMessageBytes));
    if (m_tls)
        socket->setSslConfiguration(*m_tls);
    connect(socket, &QWebSocket::textMessageReceived, this, &RemoteSource::onSocketMessage);
    connect(socket, &QWebSocket::disconnected, this, &RemoteSource::onSocketClosed);
    // A handshake that fails may end without disconnected(): the socket
    // was never connected. Later errors are followed by disconnected().
    connect(socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this, [this] {
        if (m_step == Step::Socket)
            onSocketClosed();
    });
    connect(socket, &QWebSocket::binaryMessageReceived, this, [this] {
        fail(tr("%1 sent a message that is not datagate's protocol (%2).").arg(m_url.toDisplayString(), QStringLiteral("binary")),
            QStringLiteral("a binary message on the WebSocket"));
    });
    QUrl url = endpoint(QStringLiteral("/ws"));
    url.setScheme(m_url.scheme() == QLatin1String("https") ? QStringLiteral("wss") : QStringLiteral("ws"));
    m_handshakeTimer.start(m_timing.requestTimeoutMs);
    socket->open(QNetworkRequest(url));
}

void RemoteSource::onSocketMessage(const QString &text)
{
    QString error;
    const std::optional<RemoteProtocol::Message> message = RemoteProtocol::parseMessage(text.toUtf8(), m_valueKeys, &error);
    if (!message) {
        fail(tr("%1 sent a message that is not datagate's protocol (%2).").arg(m_url.toDisplayString(), error),
            QStringLiteral("on the WebSocket: %1").arg(error));
        return;
    }
    if (const auto *tick = std::get_if<Tick>(&*message)) {
        if (m_step != Step::Live)
            return;
        m_resuming = false;
        Tick shifted = *tick;
        if (shifted.ts != 0)
            shifted.ts -= m_clockOffsetMs;
        m_lastSeq.insert(shifted.stream, shifted.seq);
        Q_EMIT ticked(shifted);
    } else if (const auto *welcome = std::get_if<RemoteProtocol::Welcome>(&*message)) {
        if (m_step != Step::Socket)
            return;
        if (welcome->epoch != m_epoch) {
            // Restarted (or another server): its seqs count anew.
            forgetSeqs();
            m_epoch = welcome->epoch;
        }
        goLive(welcome->streams);
    } else if (const auto *problem = std::get_if<RemoteProtocol::ErrorEvent>(&*message)) {
        static const QStringList refusedSince {
            QStringLiteral("epoch_mismatch"), QStringLiteral("since_ahead"), QStringLiteral("bad_request")};
        if (m_resuming && refusedSince.contains(problem->code)) {
            // Nothing was subscribed: what we saw is not of its current
            // run after all. Live from now on, then.
            qCInfo(lcMonitor).noquote() << QStringLiteral("%1 cannot continue from the seqs we saw (%2: %3); subscribing anew")
                                               .arg(m_url.toDisplayString(), problem->code, problem->message);
            forgetSeqs();
            subscribe();
            return;
        }
        // no_data_yet for a price not fetched yet, and nothing else we send can go wrong.
        qCDebug(lcMonitor) << "the monitored datagate says" << problem->code << problem->message;
    }
}

void RemoteSource::onSocketClosed()
{
    const QString url = m_url.toDisplayString();
    const QWebSocketProtocol::CloseCode code = m_socket ? m_socket->closeCode() : QWebSocketProtocol::CloseCodeAbnormalDisconnection;
    const QString reason = m_socket ? m_socket->closeReason() : QString();
    const QString errorText = m_socket ? m_socket->errorString() : QString();
    // Qt says 1000 with no reason when no close frame came at all: the
    // connection dropped (the peer was killed, the network went).
    const bool noCloseFrame =
        code == QWebSocketProtocol::CloseCodeAbnormalDisconnection || (code == QWebSocketProtocol::CloseCodeNormal && reason.isEmpty());
    // The status API answered on this port a moment ago, so a WebSocket
    // that fails to open is refused by datagate (or a proxy), not the host.
    if (m_step == Step::Socket) {
        fail(tr("The WebSocket to %1 failed: %2").arg(url, errorText), QStringLiteral("WebSocket: %1").arg(errorText));
    } else if (code == QWebSocketProtocol::CloseCodeGoingAway) {
        fail(tr("%1 is shutting down.").arg(url), QStringLiteral("WebSocket closed with 1001 %1").arg(reason));
    } else if (noCloseFrame) {
        fail(tr("The connection to %1 broke off.").arg(url), QStringLiteral("WebSocket broke off: %1").arg(errorText));
    } else {
        fail(tr("%1 closed the connection (WebSocket close code %2).").arg(url).arg(int(code)),
            QStringLiteral("WebSocket closed with %1 %2").arg(int(code)).arg(reason));
    }
}

void RemoteSource::goLive(const QStringList &streams)
{
    m_handshakeTimer.stop();
    m_welcomeStreams = streams;
    m_step = Step::Live;
    m_liveSinceMs = m_monotonic.elapsed();
    m_errorString.clear();
    QStringList feeds;
    for (const StreamInfo &stream : std::as_const(m_streams))
        feeds.append(QStringLiteral("%1 %2").arg(stream.name, FeedHealth::stateName(m_health.value(stream.name).state)));
    qCInfo(lcMonitor).noquote() << QStringLiteral("connected to datagate %1 at %2: %3")
                                       .arg(m_status ? m_status->version : QString(), m_url.toDisplayString(),
                                           feeds.isEmpty() ? QStringLiteral("no streams") : feeds.join(QStringLiteral(", ")));
    setState(State::Live);
    if (m_status) {
        Q_EMIT trafficSampled(m_status->traffic);
        Q_EMIT clusterSampled(m_status->cluster);
    }
    m_statusTimer.start(m_timing.pollMs);
    if (clientsWanted())
        requestClients();
    requestHistory();
}

void RemoteSource::requestHistory()
{
    QUrl url = endpoint(QStringLiteral("/api/history"));
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("limit"), QString::number(HistoryTicks));
    url.setQuery(query);
    QNetworkReply *reply = get(url);
    m_historyReply = reply;
    connect(reply, &QNetworkReply::finished, this, [this, reply, generation = m_generation] {
        reply->deleteLater();
        if (generation != m_generation)
            return;
        m_historyReply = nullptr;
        const QString url = m_url.toDisplayString();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        QString why;
        if (reply->error() == QNetworkReply::NoError && status == 200) {
            const QByteArray body = reply->read(MaxBodyBytes + 1);
            QString error;
            const std::optional<QList<RemoteProtocol::StreamHistory>> histories =
                body.size() > MaxBodyBytes ? std::nullopt : RemoteProtocol::parseHistory(body, m_valueKeys, &error);
            if (histories) {
                applyHistory(*histories);
                return;
            }
            why = body.size() > MaxBodyBytes ? QStringLiteral("an answer over %1 bytes").arg(MaxBodyBytes) : error;
        } else if (reply->property(TimedOutProperty).toBool()) {
            why = QStringLiteral("no answer within %1 ms").arg(m_timing.requestTimeoutMs);
        } else if (reply->property(TooLargeProperty).toBool()) {
            why = QStringLiteral("an answer over %1 bytes").arg(MaxBodyBytes);
        } else if (status == 404) {
            // Not a fault: a datagate from before /api/history.
            qCInfo(lcMonitor).noquote() << url << "keeps no history for the charts (no /api/history); they start with the live ticks";
            subscribe();
            return;
        } else {
            why = status != 0 ? QStringLiteral("HTTP %1").arg(status) : reply->errorString();
        }
        // The live ticks matter more than the past: they come all the same.
        qCWarning(lcMonitor).noquote() << QStringLiteral("cannot read the recent ticks of %1 for the charts (/api/history: %2); "
                                                         "they start with the live ticks")
                                              .arg(url, why);
        subscribe();
    });
}

void RemoteSource::applyHistory(const QList<RemoteProtocol::StreamHistory> &histories)
{
    QList<Tick> recalled;
    for (const RemoteProtocol::StreamHistory &history : histories) {
        // Ticks of another run than the welcome's would be joined to the
        // wrong seqs: a restart between the two answers. Live only, then.
        if (!m_valueKeys.contains(history.stream) || (!m_epoch.isEmpty() && history.epoch != m_epoch))
            continue;
        // What an earlier connection sent of it already, the charts have.
        quint64 last = m_lastSeq.value(history.stream, 0);
        for (const Tick &tick : history.ticks) {
            if (tick.seq <= last)
                continue;
            Tick shifted = tick;
            if (shifted.ts != 0)
                shifted.ts -= m_clockOffsetMs;
            recalled.append(shifted);
            last = tick.seq;
        }
        if (last > 0)
            m_lastSeq.insert(history.stream, last);
    }
    qCDebug(lcMonitor) << "recalled" << recalled.size() << "tick(s) held by" << m_url.toDisplayString();
    if (!recalled.isEmpty())
        Q_EMIT historyRecalled(recalled);
    subscribe();
}

void RemoteSource::subscribe()
{
    if (m_step != Step::Live || !m_socket || m_welcomeStreams.isEmpty())
        return;
    QHash<QString, quint64> since;
    for (const QString &stream : std::as_const(m_welcomeStreams)) {
        if (m_lastSeq.contains(stream))
            since.insert(stream, m_lastSeq.value(stream));
    }
    m_resuming = !since.isEmpty();
    m_socket->sendTextMessage(QString::fromUtf8(RemoteProtocol::subscribeRequest(m_welcomeStreams, since, m_epoch)));
}

void RemoteSource::forgetSeqs()
{
    m_lastSeq.clear();
}

void RemoteSource::requestClients()
{
    if (m_step != Step::Live || !clientsWanted() || m_clientsReply)
        return;
    m_clientsCollected.clear();
    m_clientIds.clear();
    m_clientsPages = 0;
    m_clientsElapsed.start();
    requestClientsPage(0);
}

void RemoteSource::requestClientsPage(qint64 offset)
{
    QUrl url = endpoint(QStringLiteral("/api/clients"));
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("offset"), QString::number(offset));
    query.addQueryItem(QStringLiteral("limit"), QString::number(ClientsPageSize));
    url.setQuery(query);
    ++m_clientsPages;
    QNetworkReply *reply = get(url);
    m_clientsReply = reply;
    const QString what = QStringLiteral("/api/clients");
    expect(reply, what, [this, what](const QByteArray &body) {
        m_clientsReply = nullptr;
        QString error;
        const std::optional<RemoteProtocol::ClientsPage> page = RemoteProtocol::parseClientsPage(body, &error);
        if (!page) {
            fail(tr("%1 did not answer like a datagate for %2 (%3).").arg(m_url.toDisplayString(), what, error),
                QStringLiteral("%1: %2").arg(what, error));
            return;
        }
        applyClientsPage(*page);
    });
}

void RemoteSource::applyClientsPage(const RemoteProtocol::ClientsPage &page)
{
    // Clients come and go between pages: a page may repeat one (skipped
    // here) or miss one (it shows in the next snapshot).
    for (const ClientInfo &client : page.clients) {
        if (m_clientIds.contains(client.id))
            continue;
        m_clientIds.insert(client.id);
        ClientInfo shifted = client;
        shifted.connectedAt = local(client.connectedAt).toLocalTime();
        m_clientsCollected.append(shifted);
    }
    const qint64 next = page.offset + page.clients.size();
    if (!page.clients.isEmpty() && next < page.total && m_clientsPages < MaxClientsPages) {
        requestClientsPage(next);
        return;
    }
    QList<ClientInfo> clients = std::exchange(m_clientsCollected, {});
    m_clientIds.clear();
    std::sort(clients.begin(), clients.end(), [](const ClientInfo &a, const ClientInfo &b) { return a.id < b.id; });
    Q_EMIT clientsSampled(clients);
    // Paging through many clients costs the server a walk over all of them
    // per page: the more pages, the longer the pause before the next round.
    m_clientsTimer.start(int(std::max<qint64>(m_timing.pollMs, 2 * m_clientsElapsed.elapsed())));
}

QDateTime RemoteSource::local(const QDateTime &remote) const
{
    return remote.isValid() ? remote.addMSecs(-m_clockOffsetMs) : remote;
}

FeedHealth RemoteSource::local(FeedHealth health) const
{
    health.lastSuccessAt = local(health.lastSuccessAt);
    health.nextAttemptAt = local(health.nextAttemptAt);
    for (FeedHealth::ProviderStats &provider : health.providers)
        provider.cooldownUntil = local(provider.cooldownUntil);
    return health;
}

void RemoteSource::logHealthChange(const QString &stream, const FeedHealth &before, const FeedHealth &after) const
{
    if (before.state == after.state)
        return;
    // What the remote's own log said, as far as its status tells: the
    // window's log is this process's, and this is what it saw.
    const QString line = QStringLiteral("remote feed %1: %2 -> %3%4")
                             .arg(stream, FeedHealth::stateName(before.state), FeedHealth::stateName(after.state),
                                 after.lastError.isEmpty() ? QString() : QStringLiteral(" (last error: %1)").arg(after.lastError));
    if (after.state == FeedHealth::State::Down || after.state == FeedHealth::State::Degraded)
        qCWarning(lcMonitor).noquote() << line;
    else
        qCInfo(lcMonitor).noquote() << line;
}
