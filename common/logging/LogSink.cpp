#include "logging/LogSink.h"

#include <QAtomicPointer>
#include <QMutexLocker>

#include <cstdio>

namespace {

QAtomicPointer<LogSink> s_instance;
// A message logged while a message is handled (by Qt, on this thread) goes
// only to the previous handler, never round again.
thread_local bool t_handling = false;

} // namespace

QString LogEntry::levelName(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg: return QStringLiteral("debug");
    case QtInfoMsg: return QStringLiteral("info");
    case QtWarningMsg: return QStringLiteral("warning");
    case QtCriticalMsg:
    case QtFatalMsg: return QStringLiteral("error");
    }
    return QStringLiteral("info");
}

LogSink::LogSink(qsizetype capacity, QObject *parent)
    : QObject(parent)
    , m_capacity(std::max<qsizetype>(1, capacity))
{
    qRegisterMetaType<LogEntry>();
    const bool installed = s_instance.testAndSetOrdered(nullptr, this);
    Q_ASSERT_X(installed, "LogSink", "only one LogSink per process");
    Q_UNUSED(installed);
    m_previous = qInstallMessageHandler(&LogSink::handle);
}

LogSink::~LogSink()
{
    qInstallMessageHandler(m_previous);
    s_instance.testAndSetOrdered(this, nullptr);
}

LogSink *LogSink::instance()
{
    return s_instance.loadAcquire();
}

QList<LogEntry> LogSink::entries() const
{
    const QMutexLocker locker(&m_mutex);
    return QList<LogEntry>(m_ring.cbegin(), m_ring.cend());
}

void LogSink::handle(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    LogSink *sink = s_instance.loadAcquire();
    if (sink && sink->m_previous)
        sink->m_previous(type, context, message);
    else
        std::fputs(qPrintable(qFormatLogMessage(type, context, message) + QLatin1Char('\n')), stderr);
    if (!sink || t_handling)
        return;
    t_handling = true;
    sink->append(type, context, message);
    t_handling = false;
}

void LogSink::append(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    LogEntry entry;
    entry.time = QDateTime::currentDateTime();
    entry.type = type;
    entry.category = QString::fromLatin1(context.category ? context.category : "default");
    entry.message = message;

    bool queueFlush = false;
    {
        const QMutexLocker locker(&m_mutex);
        entry.seq = m_nextSeq++;
        m_ring.push_back(entry);
        if (qsizetype(m_ring.size()) > m_capacity)
            m_ring.pop_front();
        // What no watcher has been told yet is bounded too: under a flood
        // the oldest are announced no more (they stay in the ring).
        m_pending.append(std::move(entry));
        if (m_pending.size() > m_capacity)
            m_pending.remove(0, m_pending.size() - m_capacity);
        queueFlush = !std::exchange(m_flushQueued, true);
    }
    if (queueFlush)
        QMetaObject::invokeMethod(this, &LogSink::flush, Qt::QueuedConnection);
}

void LogSink::flush()
{
    QList<LogEntry> batch;
    {
        const QMutexLocker locker(&m_mutex);
        batch.swap(m_pending);
        m_flushQueued = false;
    }
    if (!batch.isEmpty())
        Q_EMIT entriesAdded(batch);
}
