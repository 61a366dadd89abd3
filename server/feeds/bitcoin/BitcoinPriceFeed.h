#pragma once

#include "feed/Feed.h"
#include "feed/FeedFactory.h"
#include "feeds/bitcoin/BackoffPolicy.h"
#include "feeds/bitcoin/BitcoinSettings.h"
#include "feeds/bitcoin/PriceProvider.h"

#include <QElapsedTimer>
#include <QList>
#include <QNetworkAccessManager>
#include <QPointer>
#include <QTimer>

#include <memory>
#include <optional>
#include <vector>

class QNetworkReply;
class SimulatedPriceSource;

// The `bitcoinPrice` stream: one upstream poll per interval for all
// subscribers, whatever their number, from the configured providers in
// failover order.
//
// A poll asks one provider at a time and moves on to the next on a timeout,
// a connection error, a non-2xx status or a body that fails validation, so
// there is never more than one request in flight. A provider that answers
// 429/418 cools down for as long as its Retry-After says; one that keeps
// failing is skipped for an exponentially growing, jittered time capped at
// the interval (so a recovered provider is noticed within about an interval).
// After a failed poll the next one comes as soon as a provider is due again,
// at the latest one interval later.
//
// Every poll ends with one value for subscribers: the fresh price, or the
// last known one marked stale with its age; nothing at all before the first
// price. A price that jumps by more than half from a recent one is published
// only when a second provider agrees with it.
class BitcoinPriceFeed final : public Feed {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BitcoinPriceFeed)

public:
    static const QString StreamName;

    explicit BitcoinPriceFeed(const BitcoinSettings &settings, QObject *parent = nullptr);
    ~BitcoinPriceFeed() override;

    StreamInfo info() const override;
    void start() override;
    void stop() override;

private:
    struct ProviderState {
        PriceProvider provider;
        QUrl url;
        FeedHealth::ProviderStats stats;
        qint64 notBeforeMs = 0; // on m_clock: cooldown or backoff
        QString loggedFailureKey; // the kind of failure last logged, so that repeats are not
    };
    // A price as one provider gave it.
    struct Quote {
        qsizetype provider;
        double price;
        qint64 fetchedAtMs;
        qint64 fetchedOnClockMs;
    };
    struct KnownPrice {
        double price = 0;
        QString source;
        QString currency;
        qint64 fetchedAtMs = 0; // ms since the epoch, for subscribers
        qint64 fetchedOnClockMs = 0; // on m_clock, for ages immune to wall-clock jumps
    };
    enum class Abort { None, Timeout, TooLarge };

    void poll();
    void pollSimulated();
    void askNextProvider();
    void onReplyFinished(QNetworkReply *reply, qsizetype index);
    void onPriceReceived(qsizetype index, double price);
    void accept(const Quote &quote);
    void recordSuccess(qsizetype index);
    // kind names the failure for logging (a repeat of the same kind is not
    // logged again); retryAfterMs overrides the backoff when the provider said.
    void recordFailure(
        qsizetype index, const QString &kind, const QString &text, bool rejected, std::optional<qint64> retryAfterMs = std::nullopt);
    void recordRateLimit(qsizetype index, int status, const QByteArray &retryAfter);
    void rejectSuspects(const QString &reason);
    void finishPoll(bool succeeded);
    void publish();
    void updateHealth();
    void logStateChange(FeedHealth::State previous, const FeedHealth &health) const;
    FeedHealth::State currentState() const;
    std::optional<double> jumpReference() const;
    void abortRequest();

    const int m_intervalMs;
    const int m_timeoutMs;
    const BackoffPolicy m_backoff;
    std::vector<ProviderState> m_providers;
    std::unique_ptr<SimulatedPriceSource> m_simulated;

    QNetworkAccessManager m_network;
    QTimer m_pollTimer; // when the next poll starts
    QTimer m_requestTimer; // deadline of the request in flight
    QTimer m_downTimer; // when the feed counts as down if no price comes first
    QElapsedTimer m_clock;
    QPointer<QNetworkReply> m_reply;
    Abort m_abort = Abort::None;
    qint64 m_requestStartedMs = 0;

    bool m_running = false;
    qint64 m_startedMs = 0;
    // The poll in progress.
    qsizetype m_next = 0; // next provider to consider
    qint64 m_pollStartedMs = 0;
    bool m_failedOver = false; // a provider before the one that answered failed or was skipped
    // Prices of this poll that jumped, waiting for another provider to agree.
    QList<Quote> m_suspects;

    // Outcome of the polls so far.
    std::optional<KnownPrice> m_latest;
    int m_failedPolls = 0; // consecutive
    bool m_lastPollFailedOver = false;
    qint64 m_lastPublishedMs = 0;
    QString m_lastError;
    qint64 m_latencyMs = -1;
};

// The feed's entry in FeedRegistry, with its options --btc-*.
FeedFactory bitcoinPriceFeedFactory();
