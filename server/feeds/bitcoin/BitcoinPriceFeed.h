#pragma once

#include "feed/Feed.h"
#include "feed/FeedFactory.h"
#include "feeds/bitcoin/BackoffPolicy.h"
#include "feeds/bitcoin/BitcoinSettings.h"
#include "feeds/bitcoin/JumpGuard.h"
#include "feeds/bitcoin/PriceProvider.h"
#include "feeds/bitcoin/PriceQuote.h"
#include "feeds/bitcoin/PriceRequestRound.h"
#include "time/SystemClock.h"

#include <QDateTime>
#include <QUrl>

#include <memory>
#include <optional>
#include <vector>

class ClockTimer;
class SimulatedPriceSource;

// The `bitcoinPrice` stream: one upstream poll per interval for all
// subscribers, whatever their number, from the configured providers in
// failover order.
//
// Each poll is a PriceRequestRound: one provider at a time, moving on to the
// next on a timeout, a connection error, a non-2xx status or a body that
// fails validation. A provider that answers 429/418 cools down for as long
// as its Retry-After says; one that keeps failing is skipped for an
// exponentially growing, jittered time capped at the interval (so a
// recovered provider is noticed within about an interval). After a failed
// poll the next one comes as soon as a provider is due again, at the latest
// one interval later. Prices pass the JumpGuard before they are published.
//
// Every poll ends with one value for subscribers: the fresh price, or the
// last known one marked stale with its age; nothing at all before the first
// price. The feed keeps the health (its state, the per-provider counters,
// when it next asks an upstream) and logs its changes.
//
// All its waiting and ages are on the Clock it is given.
class BitcoinPriceFeed final : public Feed {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BitcoinPriceFeed)

public:
    static const QString StreamName;

    explicit BitcoinPriceFeed(const BitcoinSettings &settings, Clock &clock = SystemClock::instance(), QObject *parent = nullptr);
    ~BitcoinPriceFeed() override;

    StreamInfo info() const override;
    void start() override;
    void stop() override;
    // --btc-interval, --btc-timeout, --btc-providers and --btc-url. The
    // counters of a provider that stays are kept. A new provider list, URL
    // or timeout drops the request in flight and polls again at once with
    // the new ones; a new interval alone moves the next poll and the time
    // after which the feed counts as down. The last price stays, and stays
    // the reference of the jump guard.
    QStringList reconfigure(const Config &config) override;

private:
    struct ProviderState {
        PriceProvider provider;
        QUrl url;
        FeedHealth::ProviderStats stats;
        qint64 notBeforeMs = 0; // on m_clock: cooldown or backoff
        QString loggedFailureKey; // the kind of failure last logged, so that repeats are not
    };

    // Builds the providers (or the simulated source) and the request round
    // of settings, keeping the counters of providers already there.
    void setUpProviders(const BitcoinSettings &settings);
    void poll();
    void pollSimulated();
    void onRequesting(qsizetype index);
    void onAnswered(const PriceRequestRound::Answer &answer);
    void onPriceReceived(qsizetype index, double price);
    void accept(const PriceQuote &quote);
    void recordSuccess(qsizetype index);
    // kind names the failure for logging (a repeat of the same kind is not
    // logged again); retryAfterMs overrides the backoff when the provider said.
    void recordFailure(
        qsizetype index, const QString &kind, const QString &text, bool rejected, std::optional<qint64> retryAfterMs = std::nullopt);
    void recordRateLimit(const PriceRequestRound::Answer &answer);
    void rejectSuspects(const QList<PriceQuote> &suspects, const QString &reason);
    void finishPoll(bool succeeded);
    void scheduleNextPoll(bool succeeded, qint64 now);
    void publish();
    void updateHealth();
    void logStateChange(FeedHealth::State previous, const FeedHealth &health) const;
    FeedHealth::State currentState() const;
    // stop() without telling anyone, for the destructor.
    void halt();

    Clock &m_clock;
    BitcoinSettings m_settings; // in force
    int m_intervalMs;
    int m_timeoutMs;
    BackoffPolicy m_backoff;
    std::vector<ProviderState> m_providers;
    std::unique_ptr<SimulatedPriceSource> m_simulated;
    std::unique_ptr<PriceRequestRound> m_round; // null when simulated
    std::optional<JumpGuard> m_jumpGuard; // always set; optional so that a new interval can replace it

    std::unique_ptr<ClockTimer> m_pollTimer; // when the next poll starts
    std::unique_ptr<ClockTimer> m_downTimer; // when the feed counts as down if no price comes first

    bool m_running = false;
    qint64 m_startedMs = 0;
    // The poll in progress.
    qint64 m_pollStartedMs = 0;
    bool m_failedOver = false; // a provider before the one that answered failed or was skipped

    // Outcome of the polls so far.
    std::optional<PriceQuote> m_latest;
    PriceProvider m_latestProvider; // who gave m_latest, which may since have left the list
    int m_failedPolls = 0; // consecutive
    bool m_lastPollFailedOver = false;
    qint64 m_lastPublishedMs = 0;
    QString m_lastError;
    qint64 m_latencyMs = -1;
    QDateTime m_nextAttemptAt; // null while a request is in flight or when stopped
};

// The feed's entry in FeedRegistry, with its options --btc-*.
FeedFactory bitcoinPriceFeedFactory();
