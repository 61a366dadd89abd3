// datagate-costbench: times, in isolation, the work the server does once per
// tick and I/O thread for recovery after reconnect, with the history on (the
// defaults) and off, and prints nanoseconds per tick. Each figure is the
// fastest of several rounds: on a shared machine the other rounds measure
// the neighbours too, and the work itself does not vary.
//
//   datagate-costbench [--rounds N] [--ticks N] [--history-size N]
//                      [--fanout-ns-per-message NS --clients N --io-threads N]
//
// With the fan-out's cost per message (from tools/bench/run.sh: 1e9 / "msgs
// per server CPU-s"), it also prints the history's share of one tick's
// whole cost at that many clients.

#include "protocol/EncodedTick.h"
#include "transport/StreamPositions.h"
#include "transport/SubscriptionTable.h"

#include <QCoreApplication>
#include <QStringList>
#include <QTextStream>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <functional>
#include <limits>

namespace {

// CPU time of this thread: what the work cost, not how long the machine took.
qint64 threadCpuNs()
{
    timespec now {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return qint64(now.tv_sec) * 1000000000 + now.tv_nsec;
}

// The fastest of rounds runs of work(first, ticks), each on the next ticks,
// in ns per tick.
double fastestNsPerTick(int rounds, int ticks, const std::function<void(int, int)> &work)
{
    double best = std::numeric_limits<double>::max();
    for (int round = 0; round < rounds; ++round) {
        const qint64 start = threadCpuNs();
        work(round * ticks, ticks);
        best = std::min(best, double(threadCpuNs() - start) / ticks);
    }
    return best;
}

// The ticks the hub publishes, a random number at 10 Hz with a price every
// 20 s among them, with seqs that only grow (a history ignores a seq it has
// seen). Ticks of one stream share the frames the hub encoded once: what a
// history holds per tick is the record, not a copy of the frame.
QList<EncodedTick> makeTicks(int count)
{
    auto encode = [](const QString &stream, const QString &valueKey, const QJsonValue &value) {
        Tick tick;
        tick.stream = stream;
        tick.value = value;
        EncodedTick encoded = EncodedTick::encode(tick, valueKey);
        encoded.epoch = QStringLiteral("costbench");
        return encoded;
    };
    const EncodedTick random = encode(QStringLiteral("randomNumber"), QStringLiteral("value"), 57);
    const EncodedTick price = encode(QStringLiteral("bitcoinPrice"), QStringLiteral("price"), 97123.45);
    QList<EncodedTick> ticks;
    ticks.reserve(count);
    const qint64 start = 1'800'000'000'000;
    quint64 randomSeq = 0;
    quint64 priceSeq = 0;
    for (int i = 0; i < count; ++i) {
        const bool isPrice = i % 200 == 199;
        EncodedTick tick = isPrice ? price : random;
        tick.seq = isPrice ? ++priceSeq : ++randomSeq;
        tick.ts = start + qint64(i) * 100;
        tick.order = quint64(i + 1);
        ticks.append(tick);
    }
    return ticks;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    int rounds = 10;
    int ticks = 100'000;
    int historySize = 300;
    double fanoutNsPerMessage = 0;
    int clients = 10'000;
    int ioThreads = 2;
    const QStringList args = app.arguments();
    for (qsizetype i = 1; i + 1 < args.size(); i += 2) {
        const QString &name = args.at(i);
        const QString &value = args.at(i + 1);
        if (name == QLatin1String("--rounds"))
            rounds = std::max(1, value.toInt());
        else if (name == QLatin1String("--ticks"))
            ticks = std::max(1000, value.toInt());
        else if (name == QLatin1String("--history-size"))
            historySize = std::max(0, value.toInt());
        else if (name == QLatin1String("--fanout-ns-per-message"))
            fanoutNsPerMessage = value.toDouble();
        else if (name == QLatin1String("--clients"))
            clients = std::max(1, value.toInt());
        else if (name == QLatin1String("--io-threads"))
            ioThreads = std::max(1, value.toInt());
        else {
            std::fprintf(stderr, "datagate-costbench: unknown option %s\n", qPrintable(name));
            return 2;
        }
    }

    const QList<StreamInfo> streams {{QStringLiteral("randomNumber"), {}, QStringLiteral("value"), false},
        {QStringLiteral("bitcoinPrice"), {}, QStringLiteral("price"), true}};
    // Every round records ticks it has not seen; all but the first append to
    // a full ring, as in a server that has run a while.
    const QList<EncodedTick> encoded = makeTicks(rounds * ticks);
    const qint64 ttlMs = 300'000;

    // What an I/O thread does per tick for recovery: SubscriptionTable::record
    // (the latest tick and, with a history, its newest entry).
    bool measuredWhatItSays = true;
    auto recordCost = [&](int size) {
        SubscriptionTable table(streams, size, ttlMs);
        const double cost = fastestNsPerTick(rounds, ticks, [&](int first, int n) {
            for (int i = first; i < first + n; ++i)
                table.record(encoded.at(i));
        });
        // The ring really filled and took every tick: the measured path is
        // the one that appends (a seq seen before would be skipped cheaply).
        const SubscriptionTable::StreamHistory *random = table.history(QStringLiteral("randomNumber"));
        // What it should hold: the latest random ticks, as many as the count
        // allows and no older than the age bound from the latest one.
        // (A history ages its ticks by the ts of the newest it was given.)
        quint64 lastRandomSeq = 0;
        qint64 lastRandomTs = 0;
        for (const EncodedTick &tick : encoded) {
            if (tick.stream == QLatin1String("randomNumber")) {
                lastRandomSeq = tick.seq;
                lastRandomTs = tick.ts;
            }
        }
        const qsizetype young = std::count_if(encoded.cbegin(), encoded.cend(),
            [&](const EncodedTick &tick) { return tick.stream == QLatin1String("randomNumber") && lastRandomTs - tick.ts <= ttlMs; });
        const qsizetype expected = std::min<qsizetype>(size, young);
        if (size > 0 && (!random || random->ticks.size() != expected || random->ticks.latestSeq() != lastRandomSeq))
            measuredWhatItSays = false;
        return cost;
    };
    const double withHistory = recordCost(historySize);
    const double withoutHistory = recordCost(0);
    // What the hub's thread does per tick: the shared stream positions, under
    // their mutex, that a reconnecting client is answered from.
    StreamPositions positions({QStringLiteral("randomNumber"), QStringLiteral("bitcoinPrice")}, QStringLiteral("costbench"));
    const double advance = fastestNsPerTick(rounds, ticks, [&](int first, int n) {
        for (int i = first; i < first + n; ++i)
            positions.advance(encoded.at(i));
    });

    if (!measuredWhatItSays) {
        std::fprintf(stderr, "datagate-costbench: the history did not hold the ticks it was given; the figures would not mean anything\n");
        return 1;
    }
    QTextStream out(stdout);
    out << "costbench: fastest of " << rounds << " rounds of " << ticks << " ticks, thread CPU time\n";
    out << "record per tick and I/O thread, history " << historySize << " ticks / " << ttlMs / 1000
        << " s: " << QString::number(withHistory, 'f', 1) << " ns\n";
    out << "record per tick and I/O thread, history off: " << QString::number(withoutHistory, 'f', 1) << " ns\n";
    out << "stream positions per tick (hub thread): " << QString::number(advance, 'f', 1) << " ns\n";
    // The history's part: what recording costs over what it cost without,
    // in every I/O thread, plus the positions once.
    const double historyPerTick = std::max(0.0, withHistory - withoutHistory) * ioThreads + advance;
    out << "history per tick, " << ioThreads << " I/O threads: " << QString::number(historyPerTick, 'f', 1) << " ns\n";
    if (fanoutNsPerMessage > 0) {
        const double fanoutPerTick = fanoutNsPerMessage * clients;
        out << "fan-out per tick to " << clients << " clients at " << QString::number(fanoutNsPerMessage, 'f', 0)
            << " ns per message: " << QString::number(fanoutPerTick / 1e6, 'f', 2) << " ms\n";
        out << "history's share of a tick's cost: " << QString::number(100.0 * historyPerTick / (historyPerTick + fanoutPerTick), 'g', 3)
            << " %\n";
    }
    return 0;
}
