#include "FakeSource.h"

FakeSource::FakeSource(QObject *parent)
    : DashboardSource(parent)
    , m_streams(defaultStreams())
{
}

FakeSource::~FakeSource() = default;

QList<StreamInfo> FakeSource::defaultStreams()
{
    StreamInfo random;
    random.name = QStringLiteral("randomNumber");
    random.description = QStringLiteral("Random integer from 0 to 99");
    StreamInfo price;
    price.name = QStringLiteral("bitcoinPrice");
    price.description = QStringLiteral("Bitcoin price in USD");
    price.valueKey = QStringLiteral("price");
    price.latestOnSubscribe = true;
    return {random, price};
}

QUrl FakeSource::socketIoUrl() const
{
    return m_state == State::Live ? QUrl(QStringLiteral("http://localhost:%1/data").arg(m_port)) : QUrl();
}

QUrl FakeSource::jsonUrl() const
{
    return m_state == State::Live ? QUrl(QStringLiteral("ws://localhost:%1/ws").arg(m_port)) : QUrl();
}

void FakeSource::retry(quint16 port)
{
    m_retries.append(port);
    m_port = port;
    setState(State::Live);
}

void FakeSource::setMonitored(const QUrl &url, qint64 retryInMs)
{
    m_monitoredUrl = url;
    m_retryInMs = retryInMs;
}

void FakeSource::setState(State state, const QString &error)
{
    // As the interface says: Failed again with another reason is news too.
    const bool newReason = state == State::Failed && error != m_errorString;
    m_errorString = error;
    if (state == State::Live && !m_startedAt.isValid())
        m_startedAt = QDateTime::currentDateTime();
    if (m_state == state && !newReason)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void FakeSource::setStreams(const QList<StreamInfo> &streams)
{
    m_streams = streams;
    Q_EMIT streamsChanged();
}

void FakeSource::setHealth(const QString &stream, const FeedHealth &health)
{
    m_health.insert(stream, health);
    Q_EMIT feedHealthChanged(stream, health);
}

void FakeSource::tick(const QString &stream, const QJsonValue &value, const QJsonObject &details, qint64 ts)
{
    Tick tick;
    tick.stream = stream;
    tick.seq = ++m_seq[stream];
    tick.ts = ts != 0 ? ts : QDateTime::currentMSecsSinceEpoch();
    tick.value = value;
    tick.details = details;
    Q_EMIT ticked(tick);
}
