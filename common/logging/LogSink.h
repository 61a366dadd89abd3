#pragma once

#include "logging/LogEntry.h"

#include <QList>
#include <QMutex>
#include <QObject>

#include <deque>

// The process's log, kept for the dashboard and the status API without a
// second logging system: Qt's message handler. Every message still goes
// where it went before (the previous handler: stderr in the message
// pattern); it is also kept in a bounded ring of the latest messages and
// announced, in batches, through entriesAdded(). Messages may come from any
// thread; the ring is locked only for the time of an append.
//
// One sink at a time per process; it installs itself on construction and
// puts the previous handler back on destruction.
class LogSink final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogSink)

public:
    static constexpr qsizetype DefaultCapacity = 2000;

    explicit LogSink(qsizetype capacity = DefaultCapacity, QObject *parent = nullptr);
    ~LogSink() override;

    // The sink installed now, if any.
    static LogSink *instance();

    // The latest messages, oldest first, at most capacity() of them.
    QList<LogEntry> entries() const;
    qsizetype capacity() const { return m_capacity; }

Q_SIGNALS:
    // New messages in the order they were logged, emitted in the sink's
    // thread at most once per event-loop pass however many were logged.
    void entriesAdded(const QList<LogEntry> &entries);

private:
    static void handle(QtMsgType type, const QMessageLogContext &context, const QString &message);
    void append(QtMsgType type, const QMessageLogContext &context, const QString &message);
    void flush();

    const qsizetype m_capacity;
    QtMessageHandler m_previous = nullptr;
    mutable QMutex m_mutex;
    std::deque<LogEntry> m_ring; // guarded by m_mutex
    QList<LogEntry> m_pending; // not yet announced; guarded by m_mutex
    bool m_flushQueued = false; // guarded by m_mutex
    quint64 m_nextSeq = 1; // guarded by m_mutex
};
