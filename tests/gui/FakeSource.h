#pragma once

#include "gui/source/DashboardSource.h"

#include <QHash>

// A DashboardSource that a test drives by hand: it says what the test sets
// and emits what the test tells it to, with no server behind it. Through it
// the models and the window are tested without knowing where data comes from.
class FakeSource final : public DashboardSource {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FakeSource)

public:
    explicit FakeSource(QObject *parent = nullptr);
    ~FakeSource() override;

    // The two feeds of a real datagate, starting.
    static QList<StreamInfo> defaultStreams();

    State state() const override { return m_state; }
    QString errorString() const override { return m_errorString; }
    QUrl monitoredUrl() const override { return m_monitoredUrl; }
    qint64 retryInMs() const override { return m_state == State::Failed ? m_retryInMs : -1; }
    bool canDisconnectClients() const override { return m_canDisconnect; }
    QString listenAddress() const override { return QStringLiteral("any"); }
    quint16 port() const override { return m_state == State::Live ? m_port : 0; }
    QUrl socketIoUrl() const override;
    QUrl jsonUrl() const override;
    QDateTime startedAt() const override { return m_startedAt; }
    qint64 sendBufferLimit() const override { return 4 * 1024 * 1024; }
    QList<StreamInfo> streams() const override { return m_streams; }
    FeedHealth health(const QString &stream) const override { return m_health.value(stream); }
    QList<LogEntry> logBacklog() const override { return m_backlog; }

    void start() override { setState(State::Live); }
    bool canChangePort() const override { return m_monitoredUrl.isEmpty(); }
    void retry(quint16 port) override;
    quint16 suggestedPort() const override { return quint16(m_port + 1); }
    void stop() override { setState(State::Stopped); }
    void disconnectClient(quint64 id) override { m_disconnected.append(id); }

    // What the test sets and emits.
    void setState(State state, const QString &error = QString());
    void setStreams(const QList<StreamInfo> &streams);
    void setHealth(const QString &stream, const FeedHealth &health);
    void tick(const QString &stream, const QJsonValue &value, const QJsonObject &details = {}, qint64 ts = 0);
    void setBacklog(const QList<LogEntry> &entries) { m_backlog = entries; }
    // As a monitored datagate elsewhere shows: at this URL, retrying after
    // a failure, and unable to disconnect clients.
    void setMonitored(const QUrl &url, qint64 retryInMs = 4000);
    void setCanDisconnect(bool can) { m_canDisconnect = can; }

    QList<quint64> disconnected() const { return m_disconnected; }
    QList<quint16> retries() const { return m_retries; }
    int clientsWantedChanges() const { return m_wantedChanges; }

protected:
    void clientsWantedChanged(bool) override { ++m_wantedChanges; }

private:
    State m_state = State::Starting;
    QString m_errorString;
    QUrl m_monitoredUrl;
    qint64 m_retryInMs = -1;
    bool m_canDisconnect = true;
    quint16 m_port = 3000;
    QDateTime m_startedAt;
    QList<StreamInfo> m_streams;
    QHash<QString, FeedHealth> m_health;
    QHash<QString, quint64> m_seq;
    QList<LogEntry> m_backlog;
    QList<quint64> m_disconnected;
    QList<quint16> m_retries;
    int m_wantedChanges = 0;
};
