#pragma once

#include "logging/LogEntry.h"

#include <QAbstractTableModel>
#include <QList>
#include <QPointer>

#include <deque>

class DashboardSource;

// The process's log as a table: time, level, category, message. It holds
// the latest capacity() entries (the oldest go first), takes them in the
// batches the LogSink announces, and can be paused: while paused, the view
// stands still and new entries wait (bounded too) until it resumes.
//
// Messages are shown as logged, in English: they are the same lines that go
// to stderr, for operators and grep, not user interface text.
class LogModel final : public QAbstractTableModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogModel)

public:
    enum Column { Time, Level, Category, Message, ColumnCount };
    enum Role {
        LevelRole = Qt::UserRole + 1, // LogModel::Severity as int
        LineRole, // the entry as one line of text, as copied or saved
        SeqRole,
    };
    // Levels in order, for a "this level and above" filter.
    enum class Severity { Debug, Info, Warning, Error };
    Q_ENUM(Severity)

    static constexpr qsizetype DefaultCapacity = 5000;

    explicit LogModel(DashboardSource *source = nullptr, qsizetype capacity = DefaultCapacity, QObject *parent = nullptr);
    ~LogModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    qsizetype capacity() const { return m_capacity; }
    bool isPaused() const { return m_paused; }
    void setPaused(bool paused);
    qsizetype heldCount() const { return qsizetype(m_held.size()); }

    // Entries already shown (by seq) are skipped, so a backlog and the
    // first batch after it may overlap.
    void append(const QList<LogEntry> &entries);
    void clear();

    static Severity severityOf(QtMsgType type);
    static QString levelText(QtMsgType type);
    // "2025-01-02 14:03:12.345 warning datagate.feed.btc: message"
    static QString line(const LogEntry &entry);

Q_SIGNALS:
    void pausedChanged(bool paused);
    void heldCountChanged(qsizetype count);

private:
    void show(const QList<LogEntry> &entries);

    const qsizetype m_capacity;
    std::deque<LogEntry> m_entries;
    std::deque<LogEntry> m_held;
    quint64 m_lastSeq = 0;
    bool m_paused = false;
};
