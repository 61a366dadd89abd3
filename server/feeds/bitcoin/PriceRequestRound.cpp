#include "feeds/bitcoin/PriceRequestRound.h"

#include "feeds/bitcoin/BitcoinText.h"
#include "feeds/bitcoin/RetryAfter.h"
#include "time/Clock.h"
#include "time/ClockTimer.h"

#include <QNetworkReply>
#include <QNetworkRequest>

#include <utility>

namespace {

const QByteArray UserAgent = QByteArrayLiteral("datagate/" DATAGATE_VERSION);

} // namespace

PriceRequestRound::PriceRequestRound(QList<Target> targets, int timeoutMs, Clock &clock, QObject *parent)
    : QObject(parent)
    , m_targets(std::move(targets))
    , m_timeoutMs(timeoutMs)
    , m_clock(clock)
    , m_deadline(clock.createTimer())
{
    // Our own deadline for the whole answer: QNetworkRequest's transfer
    // timeout only fires when no byte arrives for that long, so a body
    // trickled byte by byte would hold the poll forever.
    connect(m_deadline.get(), &ClockTimer::timeout, this, [this] {
        if (!m_reply)
            return;
        m_abort = Abort::Timeout;
        m_reply->abort();
    });
}

PriceRequestRound::~PriceRequestRound()
{
    abort();
    // Replies already finished and awaiting deleteLater() die with
    // m_network, after this object has stopped being a PriceRequestRound.
    for (QNetworkReply *reply : m_network.findChildren<QNetworkReply *>())
        reply->disconnect(this);
}

void PriceRequestRound::begin(IsDue isDue)
{
    if (m_reply)
        return;
    m_isDue = std::move(isDue);
    m_next = 0;
    askNext();
}

void PriceRequestRound::askNext()
{
    if (m_reply)
        return;
    while (m_next < m_targets.size()) {
        const qsizetype index = m_next++;
        if (m_isDue && !m_isDue(index)) {
            Q_EMIT skipped(index);
            continue;
        }
        send(index);
        return;
    }
    Q_EMIT exhausted();
}

void PriceRequestRound::abort()
{
    m_deadline->stop();
    if (QNetworkReply *reply = m_reply) {
        m_reply = nullptr;
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
}

void PriceRequestRound::send(qsizetype index)
{
    QNetworkRequest request(m_targets.at(index).url);
    request.setHeader(QNetworkRequest::UserAgentHeader, UserAgent);
    request.setRawHeader("Accept", "application/json");
    m_abort = Abort::None;
    m_current = index;
    m_requestStartedMs = m_clock.elapsedMs();

    QNetworkReply *reply = m_network.get(request);
    m_reply = reply;
    connect(reply, &QNetworkReply::downloadProgress, this, [this, reply](qint64 received, qint64) {
        if (reply == m_reply && received > MaxBodyBytes && m_abort == Abort::None) {
            m_abort = Abort::TooLarge;
            reply->abort();
        }
    });
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onFinished(reply); });
    m_deadline->start(m_timeoutMs);
    Q_EMIT requesting(index);
}

void PriceRequestRound::onFinished(QNetworkReply *reply)
{
    reply->deleteLater();
    if (reply != m_reply)
        return;
    m_reply = nullptr;
    m_deadline->stop();
    Q_EMIT answered(classify(reply));
}

PriceRequestRound::Answer PriceRequestRound::classify(QNetworkReply *reply) const
{
    Answer answer;
    answer.provider = m_current;
    answer.latencyMs = m_clock.elapsedMs() - m_requestStartedMs;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    answer.status = status;

    auto fail = [&answer](Outcome outcome, const QString &kind, const QString &error) {
        answer.outcome = outcome;
        answer.kind = kind;
        answer.error = error;
        return answer;
    };
    if (m_abort == Abort::Timeout)
        return fail(Outcome::Failure, QStringLiteral("timeout"),
            QStringLiteral("no complete answer within %1").arg(BitcoinText::seconds(m_timeoutMs)));
    if (m_abort == Abort::TooLarge)
        return fail(Outcome::Rejected, QStringLiteral("too-large"), QStringLiteral("answer larger than %1 bytes").arg(MaxBodyBytes));
    if (status == 429 || status == 418) {
        // Rate limited (Binance answers 418 to clients that ignored its 429s).
        answer.retryAfterMs = RetryAfter::delayMs(reply->rawHeader("Retry-After"), m_clock.now());
        return fail(
            Outcome::RateLimited, QStringLiteral("rate-limited-%1").arg(status), QStringLiteral("HTTP %1, rate limited").arg(status));
    }
    if (status == 0 || (reply->error() != QNetworkReply::NoError && status >= 200 && status <= 299))
        return fail(Outcome::Failure, QStringLiteral("network-%1").arg(int(reply->error())), reply->errorString());
    if (status < 200 || status > 299) {
        const QString reason = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
        return fail(
            Outcome::Failure, QStringLiteral("http-%1").arg(status), QStringLiteral("HTTP %1 %2").arg(status).arg(reason).trimmed());
    }
    const PriceParsers::Result result = m_targets.at(m_current).parse(reply->readAll());
    if (!result.price)
        return fail(Outcome::Rejected, QStringLiteral("invalid"), result.error);
    answer.outcome = Outcome::Success;
    answer.price = *result.price;
    return answer;
}
