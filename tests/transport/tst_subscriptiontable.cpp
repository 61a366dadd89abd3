// SubscriptionTable: the subscriptions of one I/O thread's clients and the
// latest tick of every stream. Each client owns its subscriptions, in the
// order it made them; one client's unsubscribe never touches another's.
#include "transport/SubscriptionTable.h"

#include "transport/ClientSession.h"

#include <QTest>

#include <memory>

const char *resultName(SubscriptionTable::SubscribeResult result)
{
    using R = SubscriptionTable::SubscribeResult;
    return result == R::Subscribed ? "Subscribed" : result == R::AlreadySubscribed ? "AlreadySubscribed" : "UnknownStream";
}

const char *resultName(SubscriptionTable::UnsubscribeResult result)
{
    using R = SubscriptionTable::UnsubscribeResult;
    return result == R::Unsubscribed ? "Unsubscribed" : result == R::NotSubscribed ? "NotSubscribed" : "UnknownStream";
}

// Found by QTest through ADL, so that a failed QCOMPARE names the result.
char *toString(SubscriptionTable::SubscribeResult result)
{
    return qstrdup(resultName(result));
}

char *toString(SubscriptionTable::UnsubscribeResult result)
{
    return qstrdup(resultName(result));
}

namespace {

// A session that is never connected: the table only tells sessions apart.
class IdleSession final : public ClientSession {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(IdleSession)

public:
    IdleSession(SubscriptionTable &table, const TransportSettings &settings, TrafficCounters &counters)
        : ClientSession(new QWebSocket, nullptr, table, settings, counters, ClientInfo::Protocol::JsonWs, nullptr)
    {
    }

protected:
    const QByteArray &frameFor(const EncodedTick &tick) const override { return tick.jsonFrame; }
    void handleText(const QString &) override { }
    void handleBinary(const QByteArray &) override { }
    void warnRateLimited(const QString &) override { }
};

const QString Random = QStringLiteral("randomNumber");
const QString Price = QStringLiteral("bitcoinPrice");
const QString Clock = QStringLiteral("clock");

QList<StreamInfo> streams()
{
    QList<StreamInfo> infos;
    for (const QString &name : {Random, Price, Clock}) {
        StreamInfo info;
        info.name = name;
        info.latestOnSubscribe = name == Price;
        infos.append(info);
    }
    return infos;
}

// "a b c" -> {"a", "b", "c"}; "" -> {}.
QStringList words(const char *text)
{
    return QString::fromLatin1(text).split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

EncodedTick tick(const QString &stream, quint64 seq)
{
    Tick tick;
    tick.stream = stream;
    tick.seq = seq;
    tick.value = int(seq);
    return EncodedTick::encode(tick, QStringLiteral("value"));
}

} // namespace

class tst_SubscriptionTable final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void knowsItsStreams();
    void operations_data();
    void operations();
    void unsubscribeTouchesOnlyThatClient();
    void removeAllForgetsOneClient();
    void streamsOfKeepsSubscriptionOrder();
    void subscribersIsASnapshot();
    void latestTickPerStream();

private:
    IdleSession *session(int index) const { return m_sessions.at(index).get(); }

    TransportSettings m_settings;
    TrafficCounters m_counters;
    std::unique_ptr<SubscriptionTable> m_table;
    std::vector<std::unique_ptr<IdleSession>> m_sessions;
};

void tst_SubscriptionTable::init()
{
    m_table = std::make_unique<SubscriptionTable>(streams());
    for (int i = 0; i < 3; ++i)
        m_sessions.push_back(std::make_unique<IdleSession>(*m_table, m_settings, m_counters));
}

void tst_SubscriptionTable::cleanup()
{
    m_sessions.clear();
    m_table.reset();
}

void tst_SubscriptionTable::knowsItsStreams()
{
    QCOMPARE(m_table->streamNames(), (QStringList {Random, Price, Clock}));
    const StreamInfo *price = m_table->find(Price);
    QVERIFY(price);
    QCOMPARE(price->name, Price);
    QVERIFY(price->latestOnSubscribe);
    QVERIFY(!m_table->find(QStringLiteral("nope")));
    for (const QString &name : m_table->streamNames()) {
        QCOMPARE(m_table->subscriberCount(name), 0);
        QVERIFY(m_table->subscribers(name).isEmpty());
    }
}

void tst_SubscriptionTable::operations_data()
{
    // Each operation is "<client><+|-><stream>", client a, b or c; + subscribes
    // and - unsubscribes. results: what each operation returned.
    QTest::addColumn<QStringList>("operations");
    QTest::addColumn<QStringList>("results");
    // What remains: each client's streams, and each stream's subscriber count.
    QTest::addColumn<QStringList>("streamsOfA");
    QTest::addColumn<QStringList>("streamsOfB");
    QTest::addColumn<QList<int>>("counts"); // randomNumber, bitcoinPrice, clock

    QTest::addRow("subscribe") << words("a+randomNumber") << words("Subscribed") << words("randomNumber") << words("")
                               << QList<int> {1, 0, 0};
    QTest::addRow("subscribe twice") << words("a+randomNumber a+randomNumber") << words("Subscribed AlreadySubscribed")
                                     << words("randomNumber") << words("") << QList<int> {1, 0, 0};
    QTest::addRow("unknown stream") << words("a+nope a-nope") << words("UnknownStream UnknownStream") << words("") << words("")
                                    << QList<int> {0, 0, 0};
    QTest::addRow("stream names are case-sensitive")
        << words("a+RandomNumber") << words("UnknownStream") << words("") << words("") << QList<int> {0, 0, 0};
    QTest::addRow("unsubscribe") << words("a+randomNumber a-randomNumber") << words("Subscribed Unsubscribed") << words("") << words("")
                                 << QList<int> {0, 0, 0};
    QTest::addRow("unsubscribe without subscribing")
        << words("a-randomNumber") << words("NotSubscribed") << words("") << words("") << QList<int> {0, 0, 0};
    QTest::addRow("unsubscribe twice") << words("a+clock a-clock a-clock") << words("Subscribed Unsubscribed NotSubscribed") << words("")
                                       << words("") << QList<int> {0, 0, 0};
    QTest::addRow("resubscribe") << words("a+clock a-clock a+clock") << words("Subscribed Unsubscribed Subscribed") << words("clock")
                                 << words("") << QList<int> {0, 0, 1};
    QTest::addRow("two clients, one stream") << words("a+randomNumber b+randomNumber") << words("Subscribed Subscribed")
                                             << words("randomNumber") << words("randomNumber") << QList<int> {2, 0, 0};
    QTest::addRow("another client's stream is not mine to leave")
        << words("a+randomNumber b-randomNumber") << words("Subscribed NotSubscribed") << words("randomNumber") << words("")
        << QList<int> {1, 0, 0};
    QTest::addRow("everything") << words("a+randomNumber a+bitcoinPrice a+clock b+clock c+bitcoinPrice a-bitcoinPrice")
                                << words("Subscribed Subscribed Subscribed Subscribed Subscribed Unsubscribed")
                                << words("randomNumber clock") << words("clock") << QList<int> {1, 1, 2};
}

void tst_SubscriptionTable::operations()
{
    QFETCH(QStringList, operations);
    QFETCH(QStringList, results);
    QFETCH(QStringList, streamsOfA);
    QFETCH(QStringList, streamsOfB);
    QFETCH(QList<int>, counts);
    QCOMPARE(operations.size(), results.size());

    for (qsizetype i = 0; i < operations.size(); ++i) {
        const QString &operation = operations[i];
        IdleSession *client = session(operation.at(0).unicode() - u'a');
        const QString stream = operation.mid(2);
        const QString result = QString::fromLatin1(operation.at(1) == QLatin1Char('+') ? resultName(m_table->subscribe(client, stream))
                                                                                       : resultName(m_table->unsubscribe(client, stream)));
        QVERIFY2(result == results[i], qPrintable(operation + QStringLiteral(": ") + result));
    }
    QCOMPARE(m_table->streamsOf(session(0)), streamsOfA);
    QCOMPARE(m_table->streamsOf(session(1)), streamsOfB);
    const QStringList names {Random, Price, Clock};
    for (qsizetype i = 0; i < names.size(); ++i) {
        QCOMPARE(m_table->subscriberCount(names[i]), counts[i]);
        QCOMPARE(m_table->subscribers(names[i]).size(), counts[i]);
    }
}

void tst_SubscriptionTable::unsubscribeTouchesOnlyThatClient()
{
    IdleSession *a = session(0);
    IdleSession *b = session(1);
    IdleSession *c = session(2);
    for (IdleSession *client : {a, b, c})
        QCOMPARE(m_table->subscribe(client, Random), SubscriptionTable::SubscribeResult::Subscribed);
    QCOMPARE(m_table->subscribe(b, Price), SubscriptionTable::SubscribeResult::Subscribed);

    QCOMPARE(m_table->unsubscribe(b, Random), SubscriptionTable::UnsubscribeResult::Unsubscribed);
    QCOMPARE(m_table->subscribers(Random), (QSet<ClientSession *> {a, c}));
    QCOMPARE(m_table->streamsOf(a), QStringList {Random});
    QCOMPARE(m_table->streamsOf(b), QStringList {Price});
    QCOMPARE(m_table->streamsOf(c), QStringList {Random});

    // b asking again changes nothing for a or c.
    QCOMPARE(m_table->unsubscribe(b, Random), SubscriptionTable::UnsubscribeResult::NotSubscribed);
    QCOMPARE(m_table->subscribers(Random), (QSet<ClientSession *> {a, c}));
    QCOMPARE(m_table->subscribers(Price), QSet<ClientSession *> {b});
}

void tst_SubscriptionTable::removeAllForgetsOneClient()
{
    IdleSession *a = session(0);
    IdleSession *b = session(1);
    m_table->subscribe(a, Random);
    m_table->subscribe(a, Clock);
    m_table->subscribe(a, Price);
    m_table->subscribe(b, Clock);

    m_table->removeAll(a);
    QVERIFY(m_table->streamsOf(a).isEmpty());
    QVERIFY(m_table->subscribers(Random).isEmpty());
    QVERIFY(m_table->subscribers(Price).isEmpty());
    QCOMPARE(m_table->subscribers(Clock), QSet<ClientSession *> {b});
    QCOMPARE(m_table->streamsOf(b), QStringList {Clock});

    // Nothing left to remove, and a client with no subscriptions: no harm.
    m_table->removeAll(a);
    m_table->removeAll(session(2));
    QCOMPARE(m_table->subscriberCount(Clock), 1);

    // The client may start over.
    QCOMPARE(m_table->subscribe(a, Random), SubscriptionTable::SubscribeResult::Subscribed);
    QCOMPARE(m_table->unsubscribe(a, Clock), SubscriptionTable::UnsubscribeResult::NotSubscribed);
    QCOMPARE(m_table->streamsOf(a), QStringList {Random});
}

void tst_SubscriptionTable::streamsOfKeepsSubscriptionOrder()
{
    // The order the client subscribed in, not the table's.
    IdleSession *a = session(0);
    m_table->subscribe(a, Clock);
    m_table->subscribe(a, Random);
    m_table->subscribe(a, Price);
    QCOMPARE(m_table->streamsOf(a), (QStringList {Clock, Random, Price}));
    m_table->unsubscribe(a, Random);
    m_table->subscribe(a, Random);
    QCOMPARE(m_table->streamsOf(a), (QStringList {Clock, Price, Random}));
    QVERIFY(m_table->streamsOf(session(1)).isEmpty());
}

void tst_SubscriptionTable::subscribersIsASnapshot()
{
    // A fan-out walks the set while sessions unsubscribe or close.
    IdleSession *a = session(0);
    IdleSession *b = session(1);
    m_table->subscribe(a, Random);
    m_table->subscribe(b, Random);
    const QSet<ClientSession *> walked = m_table->subscribers(Random);
    m_table->unsubscribe(a, Random);
    m_table->removeAll(b);
    QCOMPARE(walked, (QSet<ClientSession *> {a, b}));
    QVERIFY(m_table->subscribers(Random).isEmpty());
    QVERIFY(m_table->subscribers(QStringLiteral("nope")).isEmpty());
    QCOMPARE(m_table->subscriberCount(QStringLiteral("nope")), 0);
}

void tst_SubscriptionTable::latestTickPerStream()
{
    QVERIFY(!m_table->latest(Price));
    m_table->setLatest(tick(Price, 1));
    m_table->setLatest(tick(Random, 7));
    QVERIFY(m_table->latest(Price));
    QCOMPARE(m_table->latest(Price)->seq, 1u);
    QCOMPARE(m_table->latest(Price)->jsonFrame, tick(Price, 1).jsonFrame);

    // A newer tick replaces it; other streams keep theirs.
    m_table->setLatest(tick(Price, 2));
    QCOMPARE(m_table->latest(Price)->seq, 2u);
    QCOMPARE(m_table->latest(Price)->socketIoFrame, tick(Price, 2).socketIoFrame);
    QCOMPARE(m_table->latest(Random)->seq, 7u);
    QVERIFY(!m_table->latest(Clock));
    // Subscriptions do not touch it.
    m_table->subscribe(session(0), Price);
    m_table->removeAll(session(0));
    QCOMPARE(m_table->latest(Price)->seq, 2u);
}

QTEST_GUILESS_MAIN(tst_SubscriptionTable)
#include "tst_subscriptiontable.moc"
