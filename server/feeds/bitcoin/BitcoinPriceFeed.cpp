#include "feeds/bitcoin/BitcoinPriceFeed.h"

#include "feeds/bitcoin/BitcoinLogging.h"
#include "feeds/bitcoin/RetryAfter.h"
#include "feeds/bitcoin/SimulatedPriceSource.h"

#include <QDateTime>
#include <QJsonObject>
#include <QLocale>
#include <QNetworkReply>
#include <QNetworkRequest>

#include <algorithm>
#include <cmath>
#include <utility>

const QString BitcoinPriceFeed::StreamName = QStringLiteral("bitcoinPrice");

namespace {

// A move of more than half the last price between two polls is not the
// market but a broken upstream (a unit change, a wrong pair, a test value).
constexpr double MaxJumpRatio = 0.5;
// Two providers agree on a price when they are this close; exchanges differ
// by far less than this, while a bogus value differs by far more.
constexpr double AgreementRatio = 0.02;
// Without a valid price for this many intervals the feed is down.
constexpr int DownAfterIntervals = 3;
// A price answer is a few hundred bytes; anything this large is not one.
constexpr qint64 MaxBodyBytes = 64 * 1024;
// A 429/418 without a usable Retry-After.
constexpr qint64 DefaultCooldownMs = 60 * 1000;
// However long a provider asks us to wait, we look again after an hour.
constexpr qint64 MaxCooldownMs = 60 * 60 * 1000;
// The first retry after a failure comes after about 1/16 of the interval,
// then 1/8, 1/4, … up to the interval itself; never sooner than this.
constexpr int BackoffDivisor = 16;
constexpr qint64 MinBackoffMs = 10;

const QByteArray UserAgent = QByteArrayLiteral("datagate/" DATAGATE_VERSION);

QString seconds(qint64 ms)
{
    return QString::number(static_cast<double>(ms) / 1000.0, 'g', 3) + QStringLiteral(" s");
}

QString priceText(double price)
{
    return QString::number(price, 'f', QLocale::FloatingPointShortest);
}

QString percent(double ratio)
{
    return QString::number(ratio * 100.0, 'f', 0) + QLatin1Char('%');
}

} // namespace

FeedFactory bitcoinPriceFeedFactory()
{
    return {BitcoinPriceFeed::StreamName, &BitcoinSettings::options,
        [](const Config &config) -> std::unique_ptr<Feed> { return std::make_unique<BitcoinPriceFeed>(BitcoinSettings::from(config)); }};
}

BitcoinPriceFeed::BitcoinPriceFeed(const BitcoinSettings &settings, QObject *parent)
    : Feed(parent)
    , m_intervalMs(settings.intervalMs)
    , m_timeoutMs(settings.timeoutMs)
    , m_backoff(std::clamp<qint64>(settings.intervalMs / BackoffDivisor, MinBackoffMs, settings.intervalMs), settings.intervalMs)
{
    m_clock.start();

    if (settings.isSimulated()) {
        m_simulated = std::make_unique<SimulatedPriceSource>();
        ProviderState state;
        state.provider = {BitcoinSettings::SimulatedProvider, QUrl(), QStringLiteral("USD"), nullptr};
        state.stats.name = BitcoinSettings::SimulatedProvider;
        m_providers.push_back(std::move(state));
    } else {
        for (const QString &name : settings.providers) {
            const PriceProvider *provider = PriceProvider::find(name);
            if (!provider)
                continue; // refused when the options were parsed
            ProviderState state;
            state.provider = *provider;
            state.url = settings.urls.value(name, provider->defaultUrl);
            state.stats.name = name;
            m_providers.push_back(std::move(state));
        }
    }

    // Precise timers: a coarse one may fire a little early, and a poll that
    // comes before a provider's backoff ends would skip it for nothing.
    m_pollTimer.setSingleShot(true);
    m_pollTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_pollTimer, &QTimer::timeout, this, &BitcoinPriceFeed::poll);

    // Our own deadline for the whole answer: QNetworkRequest's transfer
    // timeout only fires when no byte arrives for that long, so a body
    // trickled byte by byte would hold the poll forever.
    m_requestTimer.setSingleShot(true);
    m_requestTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_requestTimer, &QTimer::timeout, this, [this] {
        if (!m_reply)
            return;
        m_abort = Abort::Timeout;
        m_reply->abort();
    });

    m_downTimer.setSingleShot(true);
    m_downTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_downTimer, &QTimer::timeout, this, &BitcoinPriceFeed::updateHealth);

    updateHealth();
}

BitcoinPriceFeed::~BitcoinPriceFeed()
{
    stop();
    // Replies already finished and awaiting deleteLater() die with
    // m_network, after this object has stopped being a BitcoinPriceFeed.
    for (QNetworkReply *reply : m_network.findChildren<QNetworkReply *>())
        reply->disconnect(this);
}

StreamInfo BitcoinPriceFeed::info() const
{
    StreamInfo info;
    info.name = StreamName;
    info.valueKey = QStringLiteral("price");
    info.latestOnSubscribe = true;
    if (m_simulated) {
        info.description = QStringLiteral("SIMULATED Bitcoin price (a random walk for offline demos), every %1").arg(seconds(m_intervalMs));
        return info;
    }
    QStringList names;
    for (const ProviderState &state : m_providers)
        names.append(state.provider.name);
    info.description =
        QStringLiteral("Bitcoin price in US dollars from %1, every %2").arg(names.join(QStringLiteral(", ")), seconds(m_intervalMs));
    return info;
}

void BitcoinPriceFeed::start()
{
    if (m_running)
        return;
    m_running = true;
    m_startedMs = m_clock.elapsed();
    if (m_simulated) {
        qCWarning(lcFeedBtc).noquote() << "Bitcoin price is SIMULATED (a random walk for offline demos), every" << seconds(m_intervalMs);
    } else {
        QStringList urls;
        for (const ProviderState &state : m_providers)
            urls.append(state.provider.name + QLatin1Char('=') + state.url.toString());
        qCInfo(lcFeedBtc).noquote() << "Bitcoin price every" << seconds(m_intervalMs) << "with a timeout of" << seconds(m_timeoutMs)
                                    << "from, in failover order:" << urls.join(QStringLiteral(", "));
    }
    m_downTimer.start(DownAfterIntervals * m_intervalMs + 1);
    // The first price as soon as the event loop runs, not one interval later.
    m_pollTimer.start(0);
}

void BitcoinPriceFeed::stop()
{
    m_running = false;
    m_pollTimer.stop();
    m_downTimer.stop();
    abortRequest();
}

void BitcoinPriceFeed::abortRequest()
{
    m_requestTimer.stop();
    if (QNetworkReply *reply = m_reply) {
        m_reply = nullptr;
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
}

void BitcoinPriceFeed::poll()
{
    if (!m_running || m_reply)
        return; // never two requests in flight
    m_pollStartedMs = m_clock.elapsed();
    m_next = 0;
    m_failedOver = false;
    m_suspects.clear();
    if (m_simulated)
        pollSimulated();
    else
        askNextProvider();
}

void BitcoinPriceFeed::pollSimulated()
{
    ++m_providers.front().stats.requests;
    recordSuccess(0);
    accept({0, m_simulated->next(), QDateTime::currentMSecsSinceEpoch(), m_clock.elapsed()});
}

void BitcoinPriceFeed::askNextProvider()
{
    const qint64 now = m_clock.elapsed();
    while (m_next < static_cast<qsizetype>(m_providers.size())) {
        const qsizetype index = m_next++;
        ProviderState &state = m_providers[index];
        if (state.notBeforeMs > now) {
            m_failedOver = true; // cooling down or backing off
            continue;
        }

        QNetworkRequest request(state.url);
        request.setHeader(QNetworkRequest::UserAgentHeader, UserAgent);
        request.setRawHeader("Accept", "application/json");
        m_abort = Abort::None;
        m_requestStartedMs = now;
        ++state.stats.requests;

        QNetworkReply *reply = m_network.get(request);
        m_reply = reply;
        connect(reply, &QNetworkReply::downloadProgress, this, [this, reply](qint64 received, qint64) {
            if (reply == m_reply && received > MaxBodyBytes && m_abort == Abort::None) {
                m_abort = Abort::TooLarge;
                reply->abort();
            }
        });
        connect(reply, &QNetworkReply::finished, this, [this, reply, index] { onReplyFinished(reply, index); });
        m_requestTimer.start(m_timeoutMs);
        updateHealth();
        return;
    }
    finishPoll(false);
}

void BitcoinPriceFeed::onReplyFinished(QNetworkReply *reply, qsizetype index)
{
    reply->deleteLater();
    if (reply != m_reply)
        return;
    m_reply = nullptr;
    m_requestTimer.stop();
    m_latencyMs = m_clock.elapsed() - m_requestStartedMs;

    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (m_abort == Abort::Timeout) {
        recordFailure(index, QStringLiteral("timeout"), QStringLiteral("no complete answer within %1").arg(seconds(m_timeoutMs)), false);
    } else if (m_abort == Abort::TooLarge) {
        recordFailure(index, QStringLiteral("too-large"), QStringLiteral("answer larger than %1 bytes").arg(MaxBodyBytes), true);
    } else if (status == 429 || status == 418) {
        // Rate limited (Binance answers 418 to clients that ignored its 429s).
        recordRateLimit(index, status, reply->rawHeader("Retry-After"));
    } else if (status == 0 || (reply->error() != QNetworkReply::NoError && status >= 200 && status <= 299)) {
        recordFailure(index, QStringLiteral("network-%1").arg(int(reply->error())), reply->errorString(), false);
    } else if (status < 200 || status > 299) {
        const QString reason = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
        recordFailure(index, QStringLiteral("http-%1").arg(status), QStringLiteral("HTTP %1 %2").arg(status).arg(reason).trimmed(), false);
    } else {
        const PriceParsers::Result result = m_providers[index].provider.parse(reply->readAll());
        if (result.price) {
            onPriceReceived(index, *result.price);
            return;
        }
        recordFailure(index, QStringLiteral("invalid"), result.error, true);
    }
    askNextProvider();
}

void BitcoinPriceFeed::onPriceReceived(qsizetype index, double price)
{
    const Quote quote {index, price, QDateTime::currentMSecsSinceEpoch(), m_clock.elapsed()};
    const QString &name = m_providers[index].provider.name;
    const std::optional<double> reference = jumpReference();
    if (!reference || std::abs(price - *reference) <= MaxJumpRatio * *reference) {
        rejectSuspects(QStringLiteral("%1 answered %2").arg(name, priceText(price)));
        recordSuccess(index);
        accept(quote);
        return;
    }

    for (qsizetype i = 0; i < m_suspects.size(); ++i) {
        const Quote suspect = m_suspects.at(i);
        if (std::abs(suspect.price - price) > AgreementRatio * std::min(suspect.price, price))
            continue;
        qCInfo(lcFeedBtc).noquote() << "Bitcoin price jump from" << priceText(*reference) << "to" << priceText(suspect.price) << "by"
                                    << m_providers[suspect.provider].provider.name << "confirmed by" << name << "at" << priceText(price);
        m_suspects.removeAt(i);
        rejectSuspects(QStringLiteral("%1 answered %2").arg(name, priceText(price)));
        recordSuccess(suspect.provider);
        recordSuccess(index);
        // The first of the two in failover order is the one we publish.
        accept(suspect);
        return;
    }

    ProviderState &state = m_providers[index];
    if (state.loggedFailureKey != QLatin1String("jump")) {
        qCWarning(lcFeedBtc).noquote() << QStringLiteral("%1 says the Bitcoin price is %2 but the last known one is %3; "
                                                         "publishing it only if another provider agrees")
                                              .arg(name, priceText(price), priceText(*reference));
        state.loggedFailureKey = QStringLiteral("jump");
    }
    m_suspects.append(quote);
    askNextProvider();
}

void BitcoinPriceFeed::accept(const Quote &quote)
{
    const ProviderState &state = m_providers[quote.provider];
    m_latest = KnownPrice {quote.price, state.provider.name, state.provider.currency, quote.fetchedAtMs, quote.fetchedOnClockMs};
    m_downTimer.start(DownAfterIntervals * m_intervalMs + 1);
    finishPoll(true);
}

void BitcoinPriceFeed::recordSuccess(qsizetype index)
{
    ProviderState &state = m_providers[index];
    if (state.stats.consecutiveFailures > 0 && !state.loggedFailureKey.isEmpty())
        qCInfo(lcFeedBtc).noquote() << state.provider.name << "answers again after" << state.stats.consecutiveFailures
                                    << "failed attempt(s)";
    state.loggedFailureKey.clear();
    ++state.stats.successes;
    state.stats.consecutiveFailures = 0;
    state.stats.cooldownUntil = QDateTime();
    state.notBeforeMs = 0;
}

void BitcoinPriceFeed::recordFailure(
    qsizetype index, const QString &kind, const QString &text, bool rejected, std::optional<qint64> retryAfterMs)
{
    ProviderState &state = m_providers[index];
    ++(rejected ? state.stats.rejected : state.stats.failures);
    ++state.stats.consecutiveFailures;
    state.stats.lastError = text;
    m_lastError = state.provider.name + QStringLiteral(": ") + text;
    m_failedOver = true;

    const qint64 now = m_clock.elapsed();
    const qint64 backoffMs = m_backoff.delayMs(state.stats.consecutiveFailures);
    if (retryAfterMs) {
        // Never sooner than our own backoff: "Retry-After: 0" must not make us spin.
        const qint64 cooldownMs = std::max(std::min(*retryAfterMs, MaxCooldownMs), backoffMs);
        state.notBeforeMs = now + cooldownMs;
        state.stats.cooldownUntil = QDateTime::currentDateTimeUtc().addMSecs(cooldownMs);
    } else {
        state.notBeforeMs = now + backoffMs;
        state.stats.cooldownUntil = QDateTime();
    }

    // Once per kind of failure, not once per poll: a provider down for a day
    // must not fill the log.
    if (state.loggedFailureKey != kind) {
        qCWarning(lcFeedBtc).noquote() << state.provider.name << (rejected ? "answer rejected:" : "failed:") << text
                                       << "(repeats are logged only when the error changes)";
        state.loggedFailureKey = kind;
    }
}

void BitcoinPriceFeed::recordRateLimit(qsizetype index, int status, const QByteArray &retryAfter)
{
    const std::optional<qint64> asked = RetryAfter::delayMs(retryAfter, QDateTime::currentDateTimeUtc());
    const qint64 cooldownMs = asked.value_or(std::max<qint64>(DefaultCooldownMs, m_intervalMs));
    const QString text = asked ? QStringLiteral("HTTP %1, rate limited; cooling down for %2 as its Retry-After asks")
                                     .arg(status)
                                     .arg(seconds(std::min(cooldownMs, MaxCooldownMs)))
                               : QStringLiteral("HTTP %1, rate limited; cooling down for %2").arg(status).arg(seconds(cooldownMs));
    recordFailure(index, QStringLiteral("rate-limited-%1").arg(status), text, false, cooldownMs);
}

void BitcoinPriceFeed::rejectSuspects(const QString &reason)
{
    const QList<Quote> suspects = std::exchange(m_suspects, {});
    for (const Quote &suspect : suspects) {
        recordFailure(suspect.provider, QStringLiteral("jump"),
            QStringLiteral("price %1 is more than %2 away from the last known %3 and no other provider confirmed it (%4)")
                .arg(priceText(suspect.price), percent(MaxJumpRatio), m_latest ? priceText(m_latest->price) : QStringLiteral("?"), reason),
            true);
    }
}

void BitcoinPriceFeed::finishPoll(bool succeeded)
{
    if (!succeeded)
        rejectSuspects(QStringLiteral("none answered"));
    m_lastPollFailedOver = m_failedOver;
    m_failedPolls = succeeded ? 0 : m_failedPolls + 1;

    // After a failure the next poll may come early (backoff), and subscribers
    // need not hear the same stale price again every time: a stale price goes
    // out at most about once per interval.
    const qint64 now = m_clock.elapsed();
    if (m_latest && (succeeded || now - m_lastPublishedMs >= m_intervalMs / 2))
        publish();
    updateHealth();

    if (!m_running)
        return;
    qint64 delayMs = m_pollStartedMs + m_intervalMs - now;
    if (!succeeded) {
        // As soon as some provider may be asked again, but never later than
        // one interval, so that a recovered upstream is noticed in time.
        qint64 due = now + m_intervalMs;
        for (const ProviderState &state : m_providers)
            due = std::min(due, state.notBeforeMs);
        delayMs = due - now;
    }
    m_pollTimer.start(static_cast<int>(std::clamp<qint64>(delayMs, 0, m_intervalMs)));
}

void BitcoinPriceFeed::publish()
{
    const qint64 now = m_clock.elapsed();
    m_lastPublishedMs = now;
    const KnownPrice &latest = *m_latest;
    const QJsonObject details {
        {QStringLiteral("currency"), latest.currency},
        {QStringLiteral("source"), latest.source},
        {QStringLiteral("fetchedAt"), latest.fetchedAtMs},
        {QStringLiteral("stale"), m_failedPolls > 0},
        {QStringLiteral("ageMs"), now - latest.fetchedOnClockMs},
    };
    Q_EMIT produced(QJsonValue(latest.price), details);
}

std::optional<double> BitcoinPriceFeed::jumpReference() const
{
    // "Within one poll": against a price from a recent poll. After a long
    // outage there is nothing recent to compare with, and refusing every
    // new price forever would be worse than trusting the next one.
    if (!m_latest || m_clock.elapsed() - m_latest->fetchedOnClockMs > DownAfterIntervals * qint64(m_intervalMs))
        return std::nullopt;
    return m_latest->price;
}

FeedHealth::State BitcoinPriceFeed::currentState() const
{
    const qint64 now = m_clock.elapsed();
    const qint64 downAfterMs = DownAfterIntervals * qint64(m_intervalMs);
    if (!m_latest)
        return m_running && now - m_startedMs > downAfterMs ? FeedHealth::State::Down : FeedHealth::State::Starting;
    if (now - m_latest->fetchedOnClockMs > downAfterMs)
        return FeedHealth::State::Down;
    if (m_failedPolls > 0 || m_lastPollFailedOver)
        return FeedHealth::State::Degraded;
    return FeedHealth::State::Healthy;
}

void BitcoinPriceFeed::updateHealth()
{
    FeedHealth health;
    health.state = currentState();
    if (m_latest) {
        health.lastSuccessAt = QDateTime::fromMSecsSinceEpoch(m_latest->fetchedAtMs, Qt::UTC);
        health.source = m_latest->source;
    }
    health.lastError = m_lastError;
    health.consecutiveFailures = m_failedPolls;
    health.latencyMs = m_latencyMs;
    for (const ProviderState &state : m_providers)
        health.providers.append(state.stats);

    const FeedHealth::State previous = this->health().state;
    if (health.state != previous)
        logStateChange(previous, health);
    setHealth(health);
}

void BitcoinPriceFeed::logStateChange(FeedHealth::State previous, const FeedHealth &health) const
{
    const QString change =
        QStringLiteral("Bitcoin price feed %1 -> %2: ").arg(FeedHealth::stateName(previous), FeedHealth::stateName(health.state));
    const QString lastError = m_lastError.isEmpty() ? QStringLiteral("none") : m_lastError;
    switch (health.state) {
    case FeedHealth::State::Starting: break;
    case FeedHealth::State::Healthy: qCInfo(lcFeedBtc).noquote() << change + QStringLiteral("prices from %1").arg(health.source); break;
    case FeedHealth::State::Degraded:
        if (m_failedPolls > 0)
            qCWarning(lcFeedBtc).noquote() << change
                    + QStringLiteral("serving the last %1 price as stale; last error: %2").arg(health.source, lastError);
        else
            qCWarning(lcFeedBtc).noquote() << change + QStringLiteral("failed over to %1; last error: %2").arg(health.source, lastError);
        break;
    case FeedHealth::State::Down:
        qCWarning(lcFeedBtc).noquote() << change
                + QStringLiteral("no valid price for more than %1; last error: %2")
                      .arg(seconds(DownAfterIntervals * qint64(m_intervalMs)), lastError);
        break;
    }
}
