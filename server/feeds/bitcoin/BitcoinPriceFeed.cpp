#include "feeds/bitcoin/BitcoinPriceFeed.h"

#include "feeds/bitcoin/BitcoinLogging.h"
#include "feeds/bitcoin/BitcoinText.h"
#include "feeds/bitcoin/SimulatedPriceSource.h"
#include "time/ClockTimer.h"

#include <QJsonObject>

#include <algorithm>
#include <utility>

const QString BitcoinPriceFeed::StreamName = QStringLiteral("bitcoinPrice");

namespace {

using BitcoinText::percent;
using BitcoinText::seconds;

// Without a valid price for this many intervals the feed is down, and a
// price that old no longer stands in the way of a jump.
constexpr int DownAfterIntervals = 3;
// A 429/418 without a usable Retry-After.
constexpr qint64 DefaultCooldownMs = 60 * 1000;
// However long a provider asks us to wait, we look again after an hour.
constexpr qint64 MaxCooldownMs = 60 * 60 * 1000;
// The first retry after a failure comes after about 1/16 of the interval,
// then 1/8, 1/4, … up to the interval itself; never sooner than this.
constexpr int BackoffDivisor = 16;
constexpr qint64 MinBackoffMs = 10;

BackoffPolicy backoffFor(int intervalMs)
{
    return BackoffPolicy(std::clamp<qint64>(intervalMs / BackoffDivisor, MinBackoffMs, intervalMs), intervalMs);
}

// A URL as the log shows it: credentials of a proxy stay out.
QString loggedUrl(const QUrl &url)
{
    return url.toString(QUrl::RemoveUserInfo);
}

} // namespace

FeedFactory bitcoinPriceFeedFactory()
{
    return {BitcoinPriceFeed::StreamName, &BitcoinSettings::options,
        [](const Config &config) -> std::unique_ptr<Feed> { return std::make_unique<BitcoinPriceFeed>(BitcoinSettings::from(config)); }};
}

BitcoinPriceFeed::BitcoinPriceFeed(const BitcoinSettings &settings, Clock &clock, QObject *parent)
    : Feed(parent)
    , m_clock(clock)
    , m_settings(settings)
    , m_intervalMs(settings.intervalMs)
    , m_timeoutMs(settings.timeoutMs)
    , m_backoff(backoffFor(settings.intervalMs))
    , m_jumpGuard(std::in_place, DownAfterIntervals * qint64(settings.intervalMs), clock)
    , m_pollTimer(clock.createTimer())
    , m_downTimer(clock.createTimer())
{
    setUpProviders(settings);
    connect(m_pollTimer.get(), &ClockTimer::timeout, this, &BitcoinPriceFeed::poll);
    connect(m_downTimer.get(), &ClockTimer::timeout, this, &BitcoinPriceFeed::updateHealth);

    updateHealth();
}

void BitcoinPriceFeed::setUpProviders(const BitcoinSettings &settings)
{
    // The request in flight, if any, goes with the old round.
    m_round.reset();
    m_simulated.reset();
    std::vector<ProviderState> previous = std::exchange(m_providers, {});
    // A provider that stays keeps its counters, which Prometheus expects
    // never to go down; one that now answers at another URL starts afresh
    // on its backoff and cooldown, which were the old URL's.
    auto adopt = [&previous](ProviderState &state) {
        const auto it = std::find_if(
            previous.begin(), previous.end(), [&state](const ProviderState &old) { return old.provider.name == state.provider.name; });
        if (it == previous.end())
            return;
        state.stats = it->stats;
        if (it->url == state.url) {
            state.notBeforeMs = it->notBeforeMs;
            state.loggedFailureKey = it->loggedFailureKey;
        } else {
            state.stats.consecutiveFailures = 0;
            state.stats.cooldownUntil = QDateTime();
        }
    };

    if (settings.isSimulated()) {
        m_simulated = std::make_unique<SimulatedPriceSource>();
        ProviderState state;
        state.provider = {BitcoinSettings::SimulatedProvider, QUrl(), QStringLiteral("USD"), nullptr};
        state.stats.name = BitcoinSettings::SimulatedProvider;
        adopt(state);
        m_providers.push_back(std::move(state));
        return;
    }
    QList<PriceRequestRound::Target> targets;
    for (const QString &name : settings.providers) {
        const PriceProvider *provider = PriceProvider::find(name);
        if (!provider)
            continue; // refused when the options were parsed
        ProviderState state;
        state.provider = *provider;
        state.url = settings.urls.value(name, provider->defaultUrl);
        state.stats.name = name;
        adopt(state);
        targets.append({name, state.url, provider->parse});
        m_providers.push_back(std::move(state));
    }
    m_round = std::make_unique<PriceRequestRound>(targets, m_timeoutMs, m_clock);
    connect(m_round.get(), &PriceRequestRound::requesting, this, &BitcoinPriceFeed::onRequesting);
    connect(m_round.get(), &PriceRequestRound::skipped, this, [this] { m_failedOver = true; }); // cooling down or backing off
    connect(m_round.get(), &PriceRequestRound::answered, this, &BitcoinPriceFeed::onAnswered);
    connect(m_round.get(), &PriceRequestRound::exhausted, this, [this] { finishPoll(false); });
}

QStringList BitcoinPriceFeed::reconfigure(const Config &config)
{
    const BitcoinSettings next = BitcoinSettings::from(config);
    auto urlOf = [](const BitcoinSettings &settings, const QString &name) {
        const PriceProvider *provider = PriceProvider::find(name);
        return settings.urls.value(name, provider ? provider->defaultUrl : QUrl());
    };

    QStringList changes;
    const bool intervalChanged = next.intervalMs != m_intervalMs;
    if (intervalChanged)
        changes.append(QStringLiteral("btc-interval: %1 ms -> %2 ms").arg(m_intervalMs).arg(next.intervalMs));
    const bool timeoutChanged = next.timeoutMs != m_timeoutMs;
    if (timeoutChanged)
        changes.append(QStringLiteral("btc-timeout: %1 ms -> %2 ms").arg(m_timeoutMs).arg(next.timeoutMs));
    const bool providersChanged = next.providers != m_settings.providers;
    if (providersChanged)
        changes.append(QStringLiteral("btc-providers: %1 -> %2")
                           .arg(m_settings.providers.join(QStringLiteral(", ")), next.providers.join(QStringLiteral(", "))));
    bool urlsChanged = false;
    if (!next.isSimulated()) {
        for (const QString &name : next.providers) {
            const QUrl before = urlOf(m_settings, name);
            const QUrl after = urlOf(next, name);
            if (before != after) {
                urlsChanged = true;
                changes.append(QStringLiteral("btc-url: %1 %2 -> %3").arg(name, loggedUrl(before), loggedUrl(after)));
            }
        }
    }
    if (changes.isEmpty())
        return {};

    const qint64 now = m_clock.elapsedMs();
    // A poll under way is dropped and asked again with the new settings, so
    // that no poll mixes the two (its suspects included).
    const bool wasPolling = m_round && m_round->isBusy();
    if (m_round)
        m_round->abort();
    if (intervalChanged) {
        m_intervalMs = next.intervalMs;
        m_backoff = backoffFor(m_intervalMs);
        // The same reference price, recent for as long as the new interval says.
        m_jumpGuard.emplace(DownAfterIntervals * qint64(m_intervalMs), m_clock);
        if (m_latest)
            m_jumpGuard->offer(*m_latest);
    }
    m_timeoutMs = next.timeoutMs;
    if (providersChanged || urlsChanged || timeoutChanged)
        setUpProviders(next);
    m_settings = next;

    if (m_running) {
        const qint64 lastValidMs = m_latest ? m_latest->fetchedOnClockMs : m_startedMs;
        m_downTimer->start(std::max<qint64>(0, lastValidMs + DownAfterIntervals * qint64(m_intervalMs) + 1 - now));
        if (wasPolling || providersChanged || urlsChanged) {
            // Ask the new upstreams now rather than an interval later.
            m_pollTimer->start(0);
            m_nextAttemptAt = m_clock.now();
        } else if (intervalChanged && m_pollTimer->isActive()) {
            scheduleNextPoll(m_failedPolls == 0, now);
        }
    }
    updateHealth();
    return changes;
}

BitcoinPriceFeed::~BitcoinPriceFeed()
{
    halt();
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
    m_startedMs = m_clock.elapsedMs();
    if (m_simulated) {
        qCWarning(lcFeedBtc).noquote() << "Bitcoin price is SIMULATED (a random walk for offline demos), every" << seconds(m_intervalMs);
    } else {
        QStringList urls;
        for (const ProviderState &state : m_providers)
            urls.append(state.provider.name + QLatin1Char('=') + loggedUrl(state.url));
        qCInfo(lcFeedBtc).noquote() << "Bitcoin price every" << seconds(m_intervalMs) << "with a timeout of" << seconds(m_timeoutMs)
                                    << "from, in failover order:" << urls.join(QStringLiteral(", "));
    }
    m_downTimer->start(DownAfterIntervals * qint64(m_intervalMs) + 1);
    // The first price as soon as the event loop runs, not one interval later.
    m_pollTimer->start(0);
    m_nextAttemptAt = m_clock.now();
    updateHealth();
}

void BitcoinPriceFeed::stop()
{
    halt();
    // Only what stopping changes: the state itself is still what the last
    // poll left.
    FeedHealth health = this->health();
    health.nextAttemptAt = m_nextAttemptAt;
    setHealth(health);
}

void BitcoinPriceFeed::halt()
{
    m_running = false;
    m_pollTimer->stop();
    m_downTimer->stop();
    if (m_round)
        m_round->abort();
    m_nextAttemptAt = QDateTime();
}

void BitcoinPriceFeed::poll()
{
    if (!m_running || (m_round && m_round->isBusy()))
        return; // never two requests in flight
    m_pollStartedMs = m_clock.elapsedMs();
    m_failedOver = false;
    m_jumpGuard->takeSuspects(); // from a poll that was stopped midway
    if (m_simulated) {
        pollSimulated();
        return;
    }
    m_round->begin([this](qsizetype index) { return m_providers[index].notBeforeMs <= m_clock.elapsedMs(); });
}

void BitcoinPriceFeed::pollSimulated()
{
    ++m_providers.front().stats.requests;
    recordSuccess(0);
    accept({0, m_simulated->next(), m_clock.now().toMSecsSinceEpoch(), m_clock.elapsedMs()});
}

void BitcoinPriceFeed::onRequesting(qsizetype index)
{
    ++m_providers[index].stats.requests;
    m_nextAttemptAt = QDateTime();
    updateHealth();
}

void BitcoinPriceFeed::onAnswered(const PriceRequestRound::Answer &answer)
{
    m_latencyMs = answer.latencyMs;
    m_providers[answer.provider].stats.latency.observe(answer.latencyMs);
    switch (answer.outcome) {
    case PriceRequestRound::Outcome::Success: onPriceReceived(answer.provider, answer.price); return;
    case PriceRequestRound::Outcome::Failure: recordFailure(answer.provider, answer.kind, answer.error, false); break;
    case PriceRequestRound::Outcome::Rejected: recordFailure(answer.provider, answer.kind, answer.error, true); break;
    case PriceRequestRound::Outcome::RateLimited: recordRateLimit(answer); break;
    }
    m_round->askNext();
}

void BitcoinPriceFeed::onPriceReceived(qsizetype index, double price)
{
    const QString &name = m_providers[index].provider.name;
    const JumpGuard::Verdict verdict = m_jumpGuard->offer({index, price, m_clock.now().toMSecsSinceEpoch(), m_clock.elapsedMs()});
    if (!verdict.publish) {
        ProviderState &state = m_providers[index];
        if (state.loggedFailureKey != QLatin1String("jump")) {
            qCWarning(lcFeedBtc).noquote() << QStringLiteral("%1 says the Bitcoin price is %2 but the last known one is %3; "
                                                             "publishing it only if another provider agrees")
                                                  .arg(name, BitcoinText::price(price), BitcoinText::price(*verdict.reference));
            state.loggedFailureKey = QStringLiteral("jump");
        }
        m_round->askNext();
        return;
    }

    const PriceQuote &published = verdict.quote;
    if (verdict.confirmsSuspect)
        qCInfo(lcFeedBtc).noquote() << "Bitcoin price jump from" << BitcoinText::price(*verdict.reference) << "to"
                                    << BitcoinText::price(published.price) << "by" << m_providers[published.provider].provider.name
                                    << "confirmed by" << name << "at" << BitcoinText::price(price);
    rejectSuspects(verdict.rejected, QStringLiteral("%1 answered %2").arg(name, BitcoinText::price(price)));
    if (verdict.confirmsSuspect)
        recordSuccess(published.provider);
    recordSuccess(index);
    accept(published);
}

void BitcoinPriceFeed::accept(const PriceQuote &quote)
{
    m_latest = quote;
    m_latestProvider = m_providers[quote.provider].provider;
    m_downTimer->start(DownAfterIntervals * qint64(m_intervalMs) + 1);
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

    const qint64 now = m_clock.elapsedMs();
    const qint64 backoffMs = m_backoff.delayMs(state.stats.consecutiveFailures);
    if (retryAfterMs) {
        // Never sooner than our own backoff: "Retry-After: 0" must not make us spin.
        const qint64 cooldownMs = std::max(std::min(*retryAfterMs, MaxCooldownMs), backoffMs);
        state.notBeforeMs = now + cooldownMs;
        state.stats.cooldownUntil = m_clock.now().addMSecs(cooldownMs);
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

void BitcoinPriceFeed::recordRateLimit(const PriceRequestRound::Answer &answer)
{
    const std::optional<qint64> asked = answer.retryAfterMs;
    const qint64 cooldownMs = asked.value_or(std::max<qint64>(DefaultCooldownMs, m_intervalMs));
    const QString text = asked
        ? answer.error + QStringLiteral("; cooling down for %1 as its Retry-After asks").arg(seconds(std::min(cooldownMs, MaxCooldownMs)))
        : answer.error + QStringLiteral("; cooling down for %1").arg(seconds(cooldownMs));
    recordFailure(answer.provider, answer.kind, text, false, cooldownMs);
}

void BitcoinPriceFeed::rejectSuspects(const QList<PriceQuote> &suspects, const QString &reason)
{
    for (const PriceQuote &suspect : suspects) {
        recordFailure(suspect.provider, QStringLiteral("jump"),
            QStringLiteral("price %1 is more than %2 away from the last known %3 and no other provider confirmed it (%4)")
                .arg(BitcoinText::price(suspect.price), percent(JumpGuard::MaxJumpRatio),
                    m_latest ? BitcoinText::price(m_latest->price) : QStringLiteral("?"), reason),
            true);
    }
}

void BitcoinPriceFeed::finishPoll(bool succeeded)
{
    if (!succeeded)
        rejectSuspects(m_jumpGuard->takeSuspects(), QStringLiteral("none answered"));
    m_lastPollFailedOver = m_failedOver;
    m_failedPolls = succeeded ? 0 : m_failedPolls + 1;

    // After a failure the next poll may come early (backoff), and subscribers
    // need not hear the same stale price again every time: a stale price goes
    // out at most about once per interval.
    const qint64 now = m_clock.elapsedMs();
    if (m_latest && (succeeded || now - m_lastPublishedMs >= m_intervalMs / 2))
        publish();
    // A subscriber's slot may have stopped the feed.
    if (m_running)
        scheduleNextPoll(succeeded, now);
    updateHealth();
}

void BitcoinPriceFeed::scheduleNextPoll(bool succeeded, qint64 now)
{
    qint64 delayMs = m_pollStartedMs + m_intervalMs - now;
    if (!succeeded) {
        // As soon as some provider may be asked again, but never later than
        // one interval, so that a recovered upstream is noticed in time.
        qint64 due = now + m_intervalMs;
        for (const ProviderState &state : m_providers)
            due = std::min(due, state.notBeforeMs);
        delayMs = due - now;
    }
    delayMs = std::clamp<qint64>(delayMs, 0, m_intervalMs);
    m_pollTimer->start(delayMs);

    // A poll asks the first provider that is due; when none is, it asks
    // nobody and the polls that follow come no later than the earliest
    // provider's backoff or cooldown ends. That is when an upstream is
    // next asked.
    qint64 waitMs = delayMs;
    if (!m_providers.empty()) {
        const auto earliest = std::min_element(m_providers.cbegin(), m_providers.cend(),
            [](const ProviderState &a, const ProviderState &b) { return a.notBeforeMs < b.notBeforeMs; });
        waitMs = std::max(waitMs, earliest->notBeforeMs - now);
    }
    m_nextAttemptAt = m_clock.now().addMSecs(waitMs);
}

void BitcoinPriceFeed::publish()
{
    const qint64 now = m_clock.elapsedMs();
    m_lastPublishedMs = now;
    const PriceQuote &latest = *m_latest;
    const PriceProvider &provider = m_latestProvider;
    const QJsonObject details {
        {QStringLiteral("currency"), provider.currency},
        {QStringLiteral("source"), provider.name},
        {QStringLiteral("fetchedAt"), latest.fetchedAtMs},
        {QStringLiteral("stale"), m_failedPolls > 0},
        {QStringLiteral("ageMs"), now - latest.fetchedOnClockMs},
    };
    Q_EMIT produced(QJsonValue(latest.price), details);
}

FeedHealth::State BitcoinPriceFeed::currentState() const
{
    const qint64 now = m_clock.elapsedMs();
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
        health.source = m_latestProvider.name;
    }
    health.lastError = m_lastError;
    health.consecutiveFailures = m_failedPolls;
    health.latencyMs = m_latencyMs;
    health.nextAttemptAt = m_nextAttemptAt;
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
