// LogSink: Qt's message handler that keeps what it handled before (each
// message still reaches the previous handler), plus a bounded ring of the
// latest messages and a batched signal for the dashboard and the status API.
//
// QTest installs a message handler of its own; each test puts a capturing
// handler in its place before the sink is made, so that "the previous
// handler" is one the test can read, and puts QTest's back afterwards.
#include "logging/LogSink.h"

#include <QLoggingCategory>
#include <QMutex>
#include <QMutexLocker>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <memory>
#include <thread>
#include <vector>

namespace {

Q_LOGGING_CATEGORY(lcTest, "datagate.test.logsink")

struct Captured {
    QtMsgType type;
    QString category;
    QString message;
};

QMutex s_capturedMutex;
QList<Captured> s_captured;

void capture(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    const QMutexLocker locker(&s_capturedMutex);
    s_captured.append({type, QString::fromLatin1(context.category ? context.category : "default"), message});
}

QList<Captured> captured()
{
    const QMutexLocker locker(&s_capturedMutex);
    return s_captured;
}

QStringList messagesOf(const QList<LogEntry> &entries)
{
    QStringList messages;
    for (const LogEntry &entry : entries)
        messages.append(entry.message);
    return messages;
}

QList<LogEntry> entriesOf(const QSignalSpy &spy)
{
    QList<LogEntry> all;
    for (const QList<QVariant> &arguments : spy)
        all += arguments.first().value<QList<LogEntry>>();
    return all;
}

} // namespace

class tst_LogSink final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void messagesStillReachThePreviousHandler();
    void previousHandlerIsRestoredOnDestruction();
    void entryFields();
    void levelNames_data();
    void levelNames();
    void ringKeepsTheLatestInOrder_data();
    void ringKeepsTheLatestInOrder();
    void entriesAddedIsBatchedPerEventLoopPass();
    void unannouncedEntriesAreBoundedToo();
    void messagesFromOtherThreadsArriveInOrder();

private:
    QtMessageHandler m_qtestHandler = nullptr;
};

void tst_LogSink::init()
{
    {
        const QMutexLocker locker(&s_capturedMutex);
        s_captured.clear();
    }
    m_qtestHandler = qInstallMessageHandler(capture);
    QVERIFY(!LogSink::instance());
}

void tst_LogSink::cleanup()
{
    qInstallMessageHandler(m_qtestHandler);
}

void tst_LogSink::messagesStillReachThePreviousHandler()
{
    LogSink sink;
    QCOMPARE(LogSink::instance(), &sink);
    qCInfo(lcTest) << "first";
    qCWarning(lcTest) << "second";

    const QList<Captured> seen = captured();
    QCOMPARE(seen.size(), 2);
    QCOMPARE(seen[0].message, QStringLiteral("first"));
    QCOMPARE(seen[0].type, QtInfoMsg);
    QCOMPARE(seen[0].category, QStringLiteral("datagate.test.logsink"));
    QCOMPARE(seen[1].message, QStringLiteral("second"));
    QCOMPARE(seen[1].type, QtWarningMsg);
    // And the sink kept them as well.
    QCOMPARE(messagesOf(sink.entries()), (QStringList {QStringLiteral("first"), QStringLiteral("second")}));
}

void tst_LogSink::previousHandlerIsRestoredOnDestruction()
{
    {
        LogSink sink;
        qCInfo(lcTest) << "while installed";
    }
    QVERIFY(!LogSink::instance());
    // The handler in place now is the one that was there before the sink.
    const QtMessageHandler current = qInstallMessageHandler(capture);
    QVERIFY(current == &capture);
    qCInfo(lcTest) << "after";
    const QList<Captured> seen = captured();
    QCOMPARE(seen.size(), 2);
    QCOMPARE(seen[1].message, QStringLiteral("after"));

    // A second sink may follow the first.
    LogSink again;
    qCInfo(lcTest) << "again";
    QCOMPARE(messagesOf(again.entries()), QStringList {QStringLiteral("again")});
    QCOMPARE(captured().size(), 3);
}

void tst_LogSink::entryFields()
{
    LogSink sink;
    const QDateTime before = QDateTime::currentDateTime();
    qCWarning(lcTest, "disk %d%% full", 93);
    qDebug() << "uncategorised";
    const QDateTime after = QDateTime::currentDateTime();

    const QList<LogEntry> entries = sink.entries();
    QCOMPARE(entries.size(), 2);
    QCOMPARE(entries[0].seq, 1u);
    QCOMPARE(entries[0].type, QtWarningMsg);
    QCOMPARE(entries[0].category, QStringLiteral("datagate.test.logsink"));
    QCOMPARE(entries[0].message, QStringLiteral("disk 93% full"));
    QVERIFY(entries[0].time >= before && entries[0].time <= after);
    QCOMPARE(entries[1].seq, 2u);
    QCOMPARE(entries[1].type, QtDebugMsg);
    QCOMPARE(entries[1].category, QStringLiteral("default"));
    QCOMPARE(entries[1].message, QStringLiteral("uncategorised"));
}

void tst_LogSink::levelNames_data()
{
    QTest::addColumn<QtMsgType>("type");
    QTest::addColumn<QString>("name");
    QTest::addRow("debug") << QtDebugMsg << QStringLiteral("debug");
    QTest::addRow("info") << QtInfoMsg << QStringLiteral("info");
    QTest::addRow("warning") << QtWarningMsg << QStringLiteral("warning");
    QTest::addRow("critical") << QtCriticalMsg << QStringLiteral("error");
    QTest::addRow("fatal") << QtFatalMsg << QStringLiteral("error");
}

void tst_LogSink::levelNames()
{
    QFETCH(QtMsgType, type);
    QFETCH(QString, name);
    QCOMPARE(LogEntry::levelName(type), name);
}

void tst_LogSink::ringKeepsTheLatestInOrder_data()
{
    QTest::addColumn<int>("capacity");
    QTest::addColumn<int>("logged");
    QTest::addRow("fewer than capacity") << 5 << 3;
    QTest::addRow("exactly capacity") << 5 << 5;
    QTest::addRow("more than capacity") << 5 << 12;
    QTest::addRow("capacity one") << 1 << 4;
    QTest::addRow("many times capacity") << 64 << 1000;
}

void tst_LogSink::ringKeepsTheLatestInOrder()
{
    QFETCH(int, capacity);
    QFETCH(int, logged);
    LogSink sink(capacity);
    QCOMPARE(sink.capacity(), capacity);
    for (int i = 1; i <= logged; ++i)
        qCInfo(lcTest, "message %d", i);

    const QList<LogEntry> entries = sink.entries();
    const int kept = qMin(capacity, logged);
    QCOMPARE(entries.size(), kept);
    for (int i = 0; i < kept; ++i) {
        const int number = logged - kept + 1 + i;
        QCOMPARE(entries[i].message, QStringLiteral("message %1").arg(number));
        QCOMPARE(entries[i].seq, quint64(number));
    }
    // Every message reached the previous handler, the dropped ones included.
    QCOMPARE(captured().size(), logged);
}

void tst_LogSink::entriesAddedIsBatchedPerEventLoopPass()
{
    LogSink sink;
    QSignalSpy spy(&sink, &LogSink::entriesAdded);
    // Logged without returning to the event loop: one announcement.
    for (int i = 0; i < 300; ++i)
        qCInfo(lcTest, "a%d", i);
    QCOMPARE(spy.size(), 0); // queued, not emitted from inside the handler
    QTRY_COMPARE(spy.size(), 1);
    QTest::qWait(20);
    QCOMPARE(spy.size(), 1);
    const QList<LogEntry> first = entriesOf(spy);
    QCOMPARE(first.size(), 300);
    for (int i = 0; i < 300; ++i) {
        QCOMPARE(first[i].message, QStringLiteral("a%1").arg(i));
        QCOMPARE(first[i].seq, quint64(i + 1));
    }

    // The next pass's messages come in the next announcement, and only they.
    qCInfo(lcTest) << "b0";
    qCInfo(lcTest) << "b1";
    QTRY_COMPARE(spy.size(), 2);
    const QList<LogEntry> second = spy.at(1).first().value<QList<LogEntry>>();
    QCOMPARE(messagesOf(second), (QStringList {QStringLiteral("b0"), QStringLiteral("b1")}));
    QCOMPARE(second[0].seq, 301u);
}

void tst_LogSink::unannouncedEntriesAreBoundedToo()
{
    // A flood between two passes announces the latest capacity() entries:
    // what waits for the signal is bounded like the ring.
    LogSink sink(10);
    QSignalSpy spy(&sink, &LogSink::entriesAdded);
    for (int i = 1; i <= 25; ++i)
        qCInfo(lcTest, "m%d", i);
    QTRY_COMPARE(spy.size(), 1);
    const QList<LogEntry> announced = entriesOf(spy);
    QCOMPARE(announced.size(), 10);
    QCOMPARE(announced.first().seq, 16u);
    QCOMPARE(announced.last().seq, 25u);
    QCOMPARE(messagesOf(announced), messagesOf(sink.entries()));
}

void tst_LogSink::messagesFromOtherThreadsArriveInOrder()
{
    constexpr int Threads = 4;
    constexpr int PerThread = 1000;
    LogSink sink(Threads * PerThread + 1000);
    QList<LogEntry> announced;
    int wrongThread = 0;
    connect(&sink, &LogSink::entriesAdded, this, [&](const QList<LogEntry> &entries) {
        if (QThread::currentThread() != thread())
            ++wrongThread;
        announced += entries;
    });

    std::vector<std::thread> threads;
    for (int t = 0; t < Threads; ++t) {
        threads.emplace_back([t] {
            for (int i = 0; i < PerThread; ++i)
                qCInfo(lcTest, "t%d %d", t, i);
        });
    }
    // The sink's own thread logs meanwhile and runs its loop.
    for (int i = 0; i < 200; ++i) {
        qCInfo(lcTest, "main %d", i);
        if (i % 20 == 0)
            QCoreApplication::processEvents();
    }
    for (std::thread &thread : threads)
        thread.join();

    const int total = Threads * PerThread + 200;
    QTRY_COMPARE(announced.size(), total);
    QCOMPARE(wrongThread, 0);
    QCOMPARE(captured().size(), total);

    // One seq per message, announced in seq order; each thread's messages in
    // the order that thread logged them.
    QList<int> nextOf(Threads + 1, 0);
    for (qsizetype i = 0; i < announced.size(); ++i) {
        const LogEntry &entry = announced[i];
        QCOMPARE(entry.seq, quint64(i + 1));
        const QStringList parts = entry.message.split(QLatin1Char(' '));
        QCOMPARE(parts.size(), 2);
        const int source = parts[0] == QLatin1String("main") ? Threads : parts[0].mid(1).toInt();
        QCOMPARE(parts[1].toInt(), nextOf[source]);
        ++nextOf[source];
    }
    QCOMPARE(nextOf, (QList<int> {PerThread, PerThread, PerThread, PerThread, 200}));
    QCOMPARE(sink.entries().size(), total);
}

QTEST_GUILESS_MAIN(tst_LogSink)
#include "tst_logsink.moc"
