// PriceRequestRound against the fake upstream on loopback, on a ManualClock:
// how each kind of answer is classified, the deadline and the size cap, and
// the walk in failover order with never more than one request in flight.

#include "FakeUpstream.h"
#include "SignalWait.h"

#include "feeds/bitcoin/PriceProvider.h"
#include "feeds/bitcoin/PriceRequestRound.h"
#include "time/ManualClock.h"

#include <QLocale>
#include <QTest>

#include <memory>

namespace {

constexpr int Patience = 15000; // ms of real time for loopback I/O
constexpr int TimeoutMs = 400;

using Outcome = PriceRequestRound::Outcome;

// Everything a round says, in order.
class RoundRecorder final : public QObject {
public:
    explicit RoundRecorder(PriceRequestRound &round)
        : m_round(round)
    {
        connect(&round, &PriceRequestRound::requesting, this, [this](qsizetype i) { events.append(QStringLiteral("ask %1").arg(i)); });
        connect(&round, &PriceRequestRound::skipped, this, [this](qsizetype i) { events.append(QStringLiteral("skip %1").arg(i)); });
        connect(&round, &PriceRequestRound::answered, this, [this](const PriceRequestRound::Answer &answer) {
            answers.append(answer);
            events.append(QStringLiteral("answer %1").arg(answer.provider));
        });
        connect(&round, &PriceRequestRound::exhausted, this, [this] { events.append(QStringLiteral("exhausted")); });
    }

    // Until this many answers have come.
    bool waitForAnswers(qsizetype count)
    {
        return waitForSignal(
            &m_round, &PriceRequestRound::answered, [this, count] { return answers.size() >= count; }, Patience);
    }

    QList<PriceRequestRound::Answer> answers;
    QStringList events;

private:
    PriceRequestRound &m_round;
};

} // namespace

class tst_PriceRequestRound final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void classifiesAnswers_data();
    void classifiesAnswers();
    void rateLimits_data();
    void rateLimits();
    void deadlineCoversTheWholeAnswer_data();
    void deadlineCoversTheWholeAnswer();
    void slowAnswerWithinTheDeadlineIsRead();
    void deadlineRunsOnTheClock();
    void walksInFailoverOrderOneAtATime();
    void waitsForTheCallerAfterEachAnswer();
    void skipsProvidersNotDue();
    void exhaustedWhenNoneIsDue();
    void neverTwoRequestsInFlight();
    void abortIsSilent();
    void sendsUserAgentAndAccept();

private:
    PriceRequestRound::Target target(const QString &provider, const QString &route = QString()) const;
    std::unique_ptr<PriceRequestRound> makeRound(const QStringList &providers);
    bool waitForRequests(int count);

    std::unique_ptr<FakeUpstream> m_fake;
    std::unique_ptr<ManualClock> m_clock;
};

void tst_PriceRequestRound::init()
{
    m_fake = std::make_unique<FakeUpstream>();
    QVERIFY(m_fake->port() != 0);
    m_clock = std::make_unique<ManualClock>();
}

void tst_PriceRequestRound::cleanup()
{
    m_fake.reset();
}

PriceRequestRound::Target tst_PriceRequestRound::target(const QString &provider, const QString &route) const
{
    const PriceProvider *known = PriceProvider::find(provider);
    Q_ASSERT(known);
    return {provider, QUrl(m_fake->url(route.isEmpty() ? provider : route)), known->parse};
}

std::unique_ptr<PriceRequestRound> tst_PriceRequestRound::makeRound(const QStringList &providers)
{
    QList<PriceRequestRound::Target> targets;
    for (const QString &provider : providers)
        targets.append(target(provider));
    return std::make_unique<PriceRequestRound>(targets, TimeoutMs, *m_clock);
}

bool tst_PriceRequestRound::waitForRequests(int count)
{
    return waitForSignal(
        m_fake.get(), &FakeUpstream::requestReceived, [this, count] { return m_fake->totalRequests() >= count; }, Patience);
}

void tst_PriceRequestRound::classifiesAnswers_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<Outcome>("outcome");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("errorPart");
    QTest::addColumn<int>("status");

    QTest::addRow("price") << QStringLiteral("price") << Outcome::Success << QString() << QString() << 200;
    QTest::addRow("500") << QStringLiteral("500") << Outcome::Failure << QStringLiteral("http-500")
                         << QStringLiteral("HTTP 500 Internal Server Error") << 500;
    QTest::addRow("503") << QStringLiteral("503") << Outcome::Failure << QStringLiteral("http-503")
                         << QStringLiteral("HTTP 503 Service Unavailable") << 503;
    QTest::addRow("404") << QStringLiteral("404") << Outcome::Failure << QStringLiteral("http-404") << QStringLiteral("HTTP 404") << 404;
    QTest::addRow("connection refused") << QStringLiteral("refused") << Outcome::Failure << QStringLiteral("network-1")
                                        << QStringLiteral("refused") << 0;
    QTest::addRow("malformed JSON") << QStringLiteral("malformed") << Outcome::Rejected << QStringLiteral("invalid")
                                    << QStringLiteral("malformed JSON") << 200;
    QTest::addRow("zero") << QStringLiteral("zero") << Outcome::Rejected << QStringLiteral("invalid") << QStringLiteral("greater than 0")
                          << 200;
    QTest::addRow("over the size cap") << QStringLiteral("huge") << Outcome::Rejected << QStringLiteral("too-large")
                                       << QStringLiteral("answer larger than 65536 bytes") << 200;
}

void tst_PriceRequestRound::classifiesAnswers()
{
    QFETCH(QString, mode);
    QFETCH(Outcome, outcome);
    QFETCH(QString, kind);
    QFETCH(QString, errorPart);
    QFETCH(int, status);

    const QString provider = QStringLiteral("coingecko");
    QList<PriceRequestRound::Target> targets {target(provider)};
    if (mode == QLatin1String("price"))
        m_fake->setPrice(provider, 97123.45);
    else if (mode.front().isDigit())
        m_fake->setResponse(provider, FakeUpstream::status(mode.toInt(), R"({"error":"nope"})"));
    else if (mode == QLatin1String("refused"))
        targets.first().url = QUrl(QStringLiteral("http://127.0.0.1:%1/coingecko").arg(FakeUpstream::closedPort()));
    else if (mode == QLatin1String("malformed"))
        m_fake->setResponse(provider, FakeUpstream::body(R"({"bitcoin":{"usd":97123.45)"));
    else if (mode == QLatin1String("zero"))
        m_fake->setResponse(provider, FakeUpstream::body(R"({"bitcoin":{"usd":0}})"));
    else if (mode == QLatin1String("huge"))
        m_fake->setResponse(provider, FakeUpstream::body(R"({"bitcoin":{"usd":97123.45},"pad":")" + QByteArray(200 * 1024, 'x') + "\"}"));

    PriceRequestRound round(targets, TimeoutMs, *m_clock);
    RoundRecorder recorder(round);
    round.begin({});
    QVERIFY(round.isBusy());
    QCOMPARE(recorder.events, QStringList {QStringLiteral("ask 0")});
    m_clock->advance(7); // an answer's latency is measured on the clock
    QVERIFY(recorder.waitForAnswers(1));
    QCOMPARE(recorder.answers.size(), 1);
    QVERIFY(!round.isBusy());

    const PriceRequestRound::Answer answer = recorder.answers.constFirst();
    QCOMPARE(answer.provider, 0);
    QCOMPARE(answer.outcome, outcome);
    QCOMPARE(answer.kind, kind);
    QVERIFY2(answer.error.contains(errorPart, Qt::CaseInsensitive), qPrintable(answer.error));
    QCOMPARE(answer.error.isEmpty(), outcome == Outcome::Success);
    QCOMPARE(answer.status, status);
    QCOMPARE(answer.price, outcome == Outcome::Success ? 97123.45 : 0.0);
    QCOMPARE(answer.retryAfterMs, std::nullopt);
    QCOMPARE(answer.latencyMs, 7);
}

void tst_PriceRequestRound::rateLimits_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("retryAfter"); // empty: no header; "date+N": an HTTP date N s after the clock's now
    QTest::addColumn<std::optional<qint64>>("expectedMs");

    QTest::addRow("429, seconds") << 429 << QByteArray("2") << std::optional<qint64>(2000);
    QTest::addRow("418, seconds") << 418 << QByteArray("7") << std::optional<qint64>(7000);
    QTest::addRow("429, HTTP date") << 429 << QByteArray("date+3") << std::optional<qint64>(3000);
    QTest::addRow("429, date in the past") << 429 << QByteArray("date-30") << std::optional<qint64>(0);
    QTest::addRow("429, no Retry-After") << 429 << QByteArray() << std::optional<qint64>();
    QTest::addRow("429, unreadable Retry-After") << 429 << QByteArray("soon") << std::optional<qint64>();
}

void tst_PriceRequestRound::rateLimits()
{
    QFETCH(int, status);
    QFETCH(QByteArray, retryAfter);
    QFETCH(std::optional<qint64>, expectedMs);

    // The date is read against the round's clock, not the machine's.
    m_clock->advance(123000); // whole seconds, as an HTTP date has
    FakeUpstream::Response limited = FakeUpstream::status(status, R"({"code":-1003,"msg":"Too many requests"})");
    if (retryAfter.startsWith("date")) {
        const QDateTime at = m_clock->now().addSecs(retryAfter.sliced(4).toInt());
        retryAfter = QLocale::c().toString(at, QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'")).toLatin1();
    }
    if (!retryAfter.isEmpty())
        limited.headers.append({"Retry-After", retryAfter});
    m_fake->setResponse(QStringLiteral("binance"), limited);

    std::unique_ptr<PriceRequestRound> round = makeRound({QStringLiteral("binance")});
    RoundRecorder recorder(*round);
    round->begin({});
    QVERIFY(recorder.waitForAnswers(1));
    QCOMPARE(recorder.answers.size(), 1);
    const PriceRequestRound::Answer answer = recorder.answers.constFirst();
    QCOMPARE(answer.outcome, Outcome::RateLimited);
    QCOMPARE(answer.status, status);
    QCOMPARE(answer.kind, QStringLiteral("rate-limited-%1").arg(status));
    QCOMPARE(answer.error, QStringLiteral("HTTP %1, rate limited").arg(status));
    QCOMPARE(answer.retryAfterMs, expectedMs);
}

void tst_PriceRequestRound::deadlineCoversTheWholeAnswer_data()
{
    QTest::addColumn<bool>("trickle");
    QTest::addRow("no answer at all") << false;
    // Bytes keep coming, so an inactivity timeout would never fire; this
    // body would take minutes.
    QTest::addRow("answer trickling in") << true;
}

void tst_PriceRequestRound::deadlineCoversTheWholeAnswer()
{
    QFETCH(bool, trickle);
    FakeUpstream::Response slow;
    if (trickle) {
        slow = FakeUpstream::body(QByteArray(4000, ' ') + FakeUpstream::realBody(QStringLiteral("kraken"), 27712.1));
        slow.chunkBytes = 1;
        slow.chunkIntervalMs = 20;
    } else {
        slow.hang = true;
    }
    m_fake->setResponse(QStringLiteral("kraken"), slow);
    std::unique_ptr<PriceRequestRound> round = makeRound({QStringLiteral("kraken")});
    RoundRecorder recorder(*round);
    round->begin({});
    QVERIFY(waitForRequests(1));
    if (trickle)
        QVERIFY(waitForSignal(
            m_fake.get(), &FakeUpstream::chunkSent, [this] { return m_fake->chunksSent() >= 3; }, Patience));

    m_clock->advance(TimeoutMs - 1);
    QVERIFY(recorder.answers.isEmpty());
    QVERIFY(round->isBusy());
    m_clock->advance(1);
    QVERIFY(recorder.waitForAnswers(1));
    QCOMPARE(recorder.answers.size(), 1);
    const PriceRequestRound::Answer answer = recorder.answers.constFirst();
    QCOMPARE(answer.outcome, Outcome::Failure);
    QCOMPARE(answer.kind, QStringLiteral("timeout"));
    QCOMPARE(answer.error, QStringLiteral("no complete answer within 0.4 s"));
    QCOMPARE(answer.latencyMs, TimeoutMs);
    QVERIFY(!round->isBusy());
}

void tst_PriceRequestRound::slowAnswerWithinTheDeadlineIsRead()
{
    FakeUpstream::Response slow = FakeUpstream::body(FakeUpstream::realBody(QStringLiteral("kraken"), 27712.1));
    slow.chunkBytes = 64;
    slow.chunkIntervalMs = 20;
    m_fake->setResponse(QStringLiteral("kraken"), slow);
    std::unique_ptr<PriceRequestRound> round = makeRound({QStringLiteral("kraken")});
    RoundRecorder recorder(*round);
    round->begin({});
    QVERIFY(waitForRequests(1));
    m_clock->advance(TimeoutMs - 1); // nearly out of time, but not quite
    QVERIFY(recorder.waitForAnswers(1));
    QCOMPARE(recorder.answers.size(), 1);
    QVERIFY(m_fake->chunksSent() > 1);
    QCOMPARE(recorder.answers.constFirst().outcome, Outcome::Success);
    QCOMPARE(recorder.answers.constFirst().price, 27712.1);
}

void tst_PriceRequestRound::deadlineRunsOnTheClock()
{
    FakeUpstream::Response hang;
    hang.hang = true;
    m_fake->setResponse(QStringLiteral("kraken"), hang);
    constexpr int ShortTimeoutMs = 20;
    PriceRequestRound round({target(QStringLiteral("kraken"))}, ShortTimeoutMs, *m_clock);
    RoundRecorder recorder(round);
    round.begin({});
    QVERIFY(waitForRequests(1));
    // Ten times the timeout in real time, none on the round's clock: still
    // waiting. (A deadline on the real time would have fired.)
    QTest::qWait(10 * ShortTimeoutMs);
    QVERIFY(recorder.answers.isEmpty());
    QVERIFY(round.isBusy());
    m_clock->advance(ShortTimeoutMs);
    QVERIFY(recorder.waitForAnswers(1));
    QCOMPARE(recorder.answers.constFirst().kind, QStringLiteral("timeout"));
}

void tst_PriceRequestRound::walksInFailoverOrderOneAtATime()
{
    m_fake->setResponse(QStringLiteral("coingecko"), FakeUpstream::status(500));
    m_fake->setResponse(QStringLiteral("kraken"), FakeUpstream::body("not json"));
    m_fake->setPrice(QStringLiteral("coinbase"), 97000);
    m_fake->setPrice(QStringLiteral("bitstamp"), 97100);
    std::unique_ptr<PriceRequestRound> round =
        makeRound({QStringLiteral("coingecko"), QStringLiteral("kraken"), QStringLiteral("coinbase"), QStringLiteral("bitstamp")});
    RoundRecorder recorder(*round);
    // The caller goes on after each failure and stops at the first price, as
    // the feed does.
    connect(round.get(), &PriceRequestRound::answered, this, [&round](const PriceRequestRound::Answer &answer) {
        if (answer.outcome != Outcome::Success)
            round->askNext();
    });
    round->begin({});
    QVERIFY(recorder.waitForAnswers(3));
    QCOMPARE(recorder.answers.size(), 3);
    QCOMPARE(recorder.events,
        (QStringList {QStringLiteral("ask 0"), QStringLiteral("answer 0"), QStringLiteral("ask 1"), QStringLiteral("answer 1"),
            QStringLiteral("ask 2"), QStringLiteral("answer 2")}));
    QCOMPARE(recorder.answers.at(0).outcome, Outcome::Failure);
    QCOMPARE(recorder.answers.at(1).outcome, Outcome::Rejected);
    QCOMPARE(recorder.answers.at(2).outcome, Outcome::Success);
    QCOMPARE(recorder.answers.at(2).price, 97000.0);
    QCOMPARE(m_fake->routesAsked(), (QStringList {QStringLiteral("coingecko"), QStringLiteral("kraken"), QStringLiteral("coinbase")}));
    QCOMPARE(m_fake->maxConcurrent(), 1);

    // The next walk starts again at the top.
    m_fake->setPrice(QStringLiteral("coingecko"), 97200);
    round->begin({});
    QVERIFY(recorder.waitForAnswers(4));
    QCOMPARE(recorder.answers.size(), 4);
    QCOMPARE(recorder.answers.at(3).provider, 0);
    QCOMPARE(recorder.answers.at(3).price, 97200.0);
}

void tst_PriceRequestRound::waitsForTheCallerAfterEachAnswer()
{
    m_fake->setResponse(QStringLiteral("coingecko"), FakeUpstream::status(503));
    m_fake->setPrice(QStringLiteral("coinbase"), 97000);
    std::unique_ptr<PriceRequestRound> round = makeRound({QStringLiteral("coingecko"), QStringLiteral("coinbase")});
    RoundRecorder recorder(*round);
    round->begin({});
    QVERIFY(recorder.waitForAnswers(1));
    QCOMPARE(recorder.answers.size(), 1);
    // Not on its own: the next request would already be on its way.
    QVERIFY(!round->isBusy());
    QCOMPARE(recorder.events, (QStringList {QStringLiteral("ask 0"), QStringLiteral("answer 0")}));
    round->askNext();
    QVERIFY(round->isBusy());
    QVERIFY(recorder.waitForAnswers(2));
    QCOMPARE(recorder.answers.size(), 2);
    QCOMPARE(recorder.answers.at(1).provider, 1);
    round->askNext();
    QCOMPARE(recorder.events.constLast(), QStringLiteral("exhausted"));
}

void tst_PriceRequestRound::skipsProvidersNotDue()
{
    m_fake->setPrice(QStringLiteral("coinbase"), 97000);
    m_fake->setPrice(QStringLiteral("kraken"), 97100);
    std::unique_ptr<PriceRequestRound> round =
        makeRound({QStringLiteral("coingecko"), QStringLiteral("coinbase"), QStringLiteral("kraken")});
    RoundRecorder recorder(*round);
    QList<qsizetype> consulted;
    round->begin([&consulted](qsizetype provider) {
        consulted.append(provider);
        return provider != 0;
    });
    QCOMPARE(recorder.events, (QStringList {QStringLiteral("skip 0"), QStringLiteral("ask 1")}));
    // Asked as the walk reaches each provider, not ahead of time: a backoff
    // may end while the walk is under way.
    QCOMPARE(consulted, (QList<qsizetype> {0, 1}));
    QVERIFY(recorder.waitForAnswers(1));
    QCOMPARE(recorder.answers.size(), 1);
    QCOMPARE(m_fake->routesAsked(), QStringList {QStringLiteral("coinbase")});
}

void tst_PriceRequestRound::exhaustedWhenNoneIsDue()
{
    std::unique_ptr<PriceRequestRound> round = makeRound({QStringLiteral("coingecko"), QStringLiteral("coinbase")});
    RoundRecorder recorder(*round);
    round->begin([](qsizetype) { return false; });
    QCOMPARE(recorder.events, (QStringList {QStringLiteral("skip 0"), QStringLiteral("skip 1"), QStringLiteral("exhausted")}));
    QVERIFY(!round->isBusy());
    QTest::qWait(20);
    QCOMPARE(m_fake->totalRequests(), 0);
}

void tst_PriceRequestRound::neverTwoRequestsInFlight()
{
    FakeUpstream::Response hang;
    hang.hang = true;
    m_fake->setResponse(QStringLiteral("coingecko"), hang);
    m_fake->setPrice(QStringLiteral("coinbase"), 97000);
    std::unique_ptr<PriceRequestRound> round = makeRound({QStringLiteral("coingecko"), QStringLiteral("coinbase")});
    RoundRecorder recorder(*round);
    round->begin({});
    round->begin({});
    round->askNext();
    QCOMPARE(recorder.events, QStringList {QStringLiteral("ask 0")});
    QVERIFY(waitForRequests(1));
    m_clock->advance(TimeoutMs);
    QVERIFY(recorder.waitForAnswers(1));
    QCOMPARE(recorder.answers.size(), 1);
    round->askNext();
    QVERIFY(recorder.waitForAnswers(2));
    QCOMPARE(recorder.answers.size(), 2);
    QCOMPARE(m_fake->maxConcurrent(), 1);
}

void tst_PriceRequestRound::abortIsSilent()
{
    FakeUpstream::Response hang;
    hang.hang = true;
    m_fake->setResponse(QStringLiteral("coingecko"), hang);
    std::unique_ptr<PriceRequestRound> round = makeRound({QStringLiteral("coingecko")});
    RoundRecorder recorder(*round);
    round->begin({});
    QVERIFY(waitForRequests(1));
    round->abort();
    QVERIFY(!round->isBusy());
    QCOMPARE(m_clock->activeTimerCount(), 0); // the deadline went with it
    m_clock->advance(TimeoutMs * 2);
    QTest::qWait(20);
    QCOMPARE(recorder.events, QStringList {QStringLiteral("ask 0")});
}

void tst_PriceRequestRound::sendsUserAgentAndAccept()
{
    m_fake->setResponse(QStringLiteral("custom"), FakeUpstream::body(FakeUpstream::realBody(QStringLiteral("coinbase"), 97000)));
    QList<PriceRequestRound::Target> targets {target(QStringLiteral("coinbase"), QStringLiteral("custom"))};
    targets.first().url = QUrl(m_fake->url(QStringLiteral("custom"), QStringLiteral("/v2/prices/BTC-USD/spot?x=1")));
    PriceRequestRound round(targets, TimeoutMs, *m_clock);
    RoundRecorder recorder(round);
    round.begin({});
    QVERIFY(recorder.waitForAnswers(1));
    QCOMPARE(recorder.answers.size(), 1);
    QCOMPARE(recorder.answers.constFirst().price, 97000.0);
    QCOMPARE(m_fake->requests().constFirst().target, QByteArray("/custom/v2/prices/BTC-USD/spot?x=1"));
    QCOMPARE(m_fake->requests().constFirst().userAgent, QByteArray("datagate/" DATAGATE_VERSION));
}

QTEST_GUILESS_MAIN(tst_PriceRequestRound)
#include "tst_pricerequestround.moc"
