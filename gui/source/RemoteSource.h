#pragma once

#include "gui/source/DashboardSource.h"
#include "gui/source/RemoteProtocol.h"
#include "time/ReconnectBackoff.h"

#include <QElapsedTimer>
#include <QHash>
#include <QPointer>
#include <QSet>
#include <QTimer>

#include <functional>
#include <memory>
#include <optional>

class LogSink;
class QNetworkAccessManager;
class QNetworkReply;
class QSslCertificate;
class QSslConfiguration;
class QWebSocket;

// The dashboard's source for a datagate running elsewhere (--monitor URL):
// it starts no server. Ticks and the latest values come over one JSON
// WebSocket (/ws, subscribed to every stream of the welcome); feed health,
// counters and the client list from polling the status API: /api/status
// about once a second, /api/clients page by page only while the clients
// table is looked at. Both with the bearer token of --monitor-token-file,
// re-read at every attempt so that a corrected file needs no restart; and,
// over https:// and wss://, trusting the CA certificates of --monitor-ca
// besides the system's (a private CA, or a self-signed certificate).
// Certificates are always verified.
//
// A connection is status first (it proves the server is there and lets us
// in), then the WebSocket; Live once the welcome came. Then the ticks the
// remote still holds (/api/history) fill the charts (historyRecalled()),
// and the streams are subscribed with `since`, the last seq of each that
// we have, so that the remote sends what followed it and then live: no
// gap and no tick twice, on the first connection and on every reconnection
// (docs/protocol.md, section 4). A remote without /api/history (an older
// datagate) or that cannot answer it is subscribed all the same: the
// charts then start with the live ticks.
//
// disconnectClient() asks the remote to close that client (DELETE
// /api/clients/{id}), as the in-process Disconnect does; the answer, and
// why it failed (the client had gone, the token, no answer), goes to the
// log. Whatever fails after that (refused, closed, an HTTP error, a
// 401, an answer that is not a datagate's, no answer in time) ends the
// whole connection: the source goes Failed with a sentence saying why, and
// tries again after a jittered exponential backoff until it is Live again.
// What it knew (streams, last health) stays for the window meanwhile.
//
// Times from the remote (health, clients, tick stamps) are moved onto this
// machine's clock by the offset seen in the first status answer, so that
// ages and countdowns hold when the two clocks disagree.
//
// The remote's own log is not exposed; logBacklog() and logEntriesAdded()
// are this process's messages, which include what this source saw: the
// connection coming and going and the remote feeds' state changes.
class RemoteSource final : public DashboardSource {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RemoteSource)

public:
    struct Timing {
        int pollMs = 1000; // between status answers, and at least between client snapshots
        int requestTimeoutMs = 5000; // one HTTP request, or the WebSocket's handshake and welcome
        qint64 backoffBaseMs = 500;
        qint64 backoffCapMs = 30000;
    };

    // url: http(s)://host:port[/prefix] of the other datagate. tokenFile may
    // be empty (an open status API). logSink may be null: no log then.
    explicit RemoteSource(const QUrl &url, const QString &tokenFile = QString(), LogSink *logSink = nullptr, QObject *parent = nullptr);
    ~RemoteSource() override;

    // Before start(); tests make it short.
    void setTiming(const Timing &timing);
    // Before start(): CA certificates trusted besides the system's for
    // https:// and wss:// (--monitor-ca), as read from caFile, which the
    // messages name.
    void trustCaCertificates(const QList<QSslCertificate> &certificates, const QString &caFile);
    void setBackoffRandom(ReconnectBackoff::Random random);

    State state() const override { return m_state; }
    QString errorString() const override { return m_errorString; }
    QUrl monitoredUrl() const override { return m_url; }
    qint64 retryInMs() const override;
    QString listenAddress() const override;
    quint16 port() const override;
    QUrl socketIoUrl() const override;
    QUrl jsonUrl() const override;
    QDateTime startedAt() const override;
    qint64 sendBufferLimit() const override;
    QList<StreamInfo> streams() const override { return m_streams; }
    FeedHealth health(const QString &stream) const override { return m_health.value(stream); }
    QList<LogEntry> logBacklog() const override;

    void start() override;
    bool canChangePort() const override { return false; }
    void retry(quint16 port) override;
    quint16 suggestedPort() const override { return 0; }
    void stop() override;
    void disconnectClient(quint64 id) override;

    // The server's version from its last answer; empty before.
    QString remoteVersion() const { return m_status ? m_status->version : QString(); }

protected:
    void clientsWantedChanged(bool wanted) override;

private:
    enum class Step { Idle, Status, Socket, Live };

    void setState(State state);
    void attempt();
    // reason: a sentence for the window, in its language; logDetail: the
    // same for the log, in English.
    void fail(const QString &reason, const QString &logDetail);
    void tearDown();
    QUrl endpoint(const QString &path) const;
    QNetworkReply *get(const QUrl &url) { return send(url, "GET"); }
    QNetworkReply *send(const QUrl &url, const QByteArray &verb);
    // Runs onBody with the answer's body, or fails the connection.
    void expect(QNetworkReply *reply, const QString &what, std::function<void(const QByteArray &)> onBody);
    QString httpProblem(QNetworkReply *reply, const QString &what) const;
    // A TLS handshake refused with Qt's words for why: a sentence for the
    // window that says what to do about it.
    QString tlsProblem(const QString &qtError) const;

    void requestStatus();
    void applyStatus(RemoteProtocol::Status status, qint64 sentAtMs);
    void openSocket();
    void onSocketMessage(const QString &text);
    void onSocketClosed();
    void goLive(const QStringList &streams);
    void requestHistory();
    void applyHistory(const QList<RemoteProtocol::StreamHistory> &histories);
    // The welcome's streams, each with `since` its last seq we have, if any.
    void subscribe();
    // The ticks and seqs before this connection are no longer of the
    // remote's current run (another epoch, other streams).
    void forgetSeqs();

    void requestClients();
    void requestClientsPage(qint64 offset);
    void applyClientsPage(const RemoteProtocol::ClientsPage &page);

    QDateTime local(const QDateTime &remote) const;
    FeedHealth local(FeedHealth health) const;
    void logHealthChange(const QString &stream, const FeedHealth &before, const FeedHealth &after) const;

    const QUrl m_url;
    const QString m_tokenFile;
    QString m_caFile; // --monitor-ca's, for messages; empty without
    // The system's CA certificates and --monitor-ca's; null without
    // --monitor-ca (Qt's default configuration then).
    std::unique_ptr<QSslConfiguration> m_tls;
    QPointer<LogSink> m_logSink;
    Timing m_timing;
    ReconnectBackoff m_backoff;
    std::unique_ptr<QNetworkAccessManager> m_network; // QtNetwork stays out of this header
    QByteArray m_token;

    State m_state = State::Starting;
    Step m_step = Step::Idle;
    QString m_errorString;
    // Incremented with every attempt, so that an answer or a socket signal
    // that belongs to an earlier one is not taken for the current one.
    quint64 m_generation = 0;
    QElapsedTimer m_monotonic;
    qint64 m_liveSinceMs = -1;

    QList<StreamInfo> m_streams;
    QHash<QString, QString> m_valueKeys;
    QHash<QString, FeedHealth> m_health;
    std::optional<RemoteProtocol::Status> m_status;
    QDateTime m_remoteStartedAt; // as the remote said, to notice a restart
    qint64 m_clockOffsetMs = 0; // remote clock minus ours

    std::unique_ptr<QWebSocket> m_socket;
    QPointer<QNetworkReply> m_statusReply;
    QPointer<QNetworkReply> m_clientsReply;
    QPointer<QNetworkReply> m_historyReply;
    QStringList m_welcomeStreams; // as the welcome listed them, to subscribe
    QString m_epoch; // the remote's, from its welcome
    // The last seq of every stream that went out through ticked() or
    // historyRecalled(), within m_epoch: what the next connection asks to
    // continue from.
    QHash<QString, quint64> m_lastSeq;
    bool m_resuming = false; // subscribed with `since`, no tick yet
    QTimer m_statusTimer; // single shot: the next status poll
    QTimer m_clientsTimer; // single shot: the next client snapshot
    QTimer m_retryTimer; // single shot: the next attempt after a failure
    QTimer m_handshakeTimer; // single shot: the WebSocket's welcome is late

    QList<ClientInfo> m_clientsCollected; // the snapshot being paged in
    QSet<quint64> m_clientIds; // its ids, against a client on two pages
    qint64 m_clientsPages = 0;
    QElapsedTimer m_clientsElapsed;
};
