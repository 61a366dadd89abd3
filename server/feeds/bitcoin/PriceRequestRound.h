#pragma once

#include "feeds/bitcoin/PriceParsers.h"

#include <QList>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QUrl>

#include <functional>
#include <memory>
#include <optional>

class Clock;
class ClockTimer;

// One poll's walk over the price providers, in failover order, one request
// at a time. It asks the first provider that may be asked, reads the answer
// within a deadline and a size cap, and says what it was: a price, a
// failure (timeout, connection error, non-2xx status), a rejected answer
// (a body too large or that fails validation) or a rate limit (429/418,
// with what its Retry-After asked for). Then it waits: askNext() goes on to
// the next provider, or the caller is done with this poll.
//
// It keeps no state between polls; whether a provider may be asked
// (backoff, cooldown), what to count and what to log is the feed's call.
class PriceRequestRound final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PriceRequestRound)

public:
    struct Target {
        QString name;
        QUrl url;
        PriceParsers::Result (*parse)(const QByteArray &body) = nullptr;
    };

    enum class Outcome { Success, Failure, Rejected, RateLimited };

    struct Answer {
        qsizetype provider = -1; // index into the targets
        Outcome outcome = Outcome::Failure;
        double price = 0; // Success: finite and > 0
        // What went wrong, in words that stay the same while the provider
        // keeps failing the same way ("timeout", "http-503", "invalid", …),
        // so that a repeat need not be logged again; empty for Success.
        QString kind;
        QString error; // for a person; empty for Success
        int status = 0; // HTTP status; 0 when there was no answer
        // RateLimited: the wait its Retry-After asked for; nullopt when it
        // had none or an unreadable one.
        std::optional<qint64> retryAfterMs;
        qint64 latencyMs = 0; // from the request to its outcome
    };

    // Whether a provider may be asked now (it is not cooling down or backing
    // off); asked as the walk reaches it.
    using IsDue = std::function<bool(qsizetype provider)>;

    // A price answer is a few hundred bytes; anything this large is not one.
    static constexpr qint64 MaxBodyBytes = 64 * 1024;

    PriceRequestRound(QList<Target> targets, int timeoutMs, Clock &clock, QObject *parent = nullptr);
    ~PriceRequestRound() override;

    // Starts a walk at the first provider (asking nothing while a request
    // is in flight: never two at once).
    void begin(IsDue isDue);
    // Asks the next provider of this walk that is due; exhausted() when
    // there is none left.
    void askNext();
    // Drops the request in flight, if any, without an answer.
    void abort();
    bool isBusy() const { return m_reply != nullptr; }

Q_SIGNALS:
    // A request to this provider is on its way.
    void requesting(qsizetype provider);
    // This provider was passed over: isDue said it may not be asked now.
    void skipped(qsizetype provider);
    void answered(const PriceRequestRound::Answer &answer);
    // The walk reached the end of the list.
    void exhausted();

private:
    enum class Abort { None, Timeout, TooLarge };

    void send(qsizetype index);
    void onFinished(QNetworkReply *reply);
    Answer classify(QNetworkReply *reply) const;

    const QList<Target> m_targets;
    const int m_timeoutMs;
    Clock &m_clock;
    IsDue m_isDue;
    qsizetype m_next = 0; // the next provider this walk considers

    QNetworkAccessManager m_network;
    std::unique_ptr<ClockTimer> m_deadline; // of the request in flight
    QPointer<QNetworkReply> m_reply;
    qsizetype m_current = -1; // whose request is in flight
    Abort m_abort = Abort::None;
    qint64 m_requestStartedMs = 0;
};
