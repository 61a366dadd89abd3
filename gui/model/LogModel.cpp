#include "gui/model/LogModel.h"

#include "gui/model/Format.h"
#include "gui/source/DashboardSource.h"
#include "gui/style/HealthPalette.h"

#include <QBrush>
#include <QLocale>

LogModel::LogModel(DashboardSource *source, qsizetype capacity, QObject *parent)
    : QAbstractTableModel(parent)
    , m_capacity(std::max<qsizetype>(1, capacity))
{
    if (source) {
        append(source->logBacklog());
        connect(source, &DashboardSource::logEntriesAdded, this, &LogModel::append);
    }
}

LogModel::~LogModel() = default;

int LogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int LogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

LogModel::Severity LogModel::severityOf(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg: return Severity::Debug;
    case QtInfoMsg: return Severity::Info;
    case QtWarningMsg: return Severity::Warning;
    case QtCriticalMsg:
    case QtFatalMsg: return Severity::Error;
    }
    return Severity::Info;
}

QString LogModel::levelText(QtMsgType type)
{
    switch (severityOf(type)) {
    case Severity::Debug: return tr("Debug", "log level");
    case Severity::Info: return tr("Info", "log level");
    case Severity::Warning: return tr("Warning", "log level");
    case Severity::Error: return tr("Error", "log level");
    }
    return {};
}

QString LogModel::line(const LogEntry &entry)
{
    // The same words as stderr, so a saved log greps like the real one.
    return entry.time.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")) + QLatin1Char(' ') + LogEntry::levelName(entry.type)
        + QLatin1Char(' ') + entry.category + QStringLiteral(": ") + entry.message;
}

QVariant LogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const LogEntry &entry = m_entries.at(size_t(index.row()));
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Time: return Format::locale().toString(entry.time.time(), QStringLiteral("HH:mm:ss.zzz"));
        case Level: return levelText(entry.type);
        case Category: return entry.category;
        case Message: return entry.message;
        default: return {};
        }
    case Qt::ToolTipRole:
        if (index.column() == Time)
            return Format::locale().toString(entry.time, QLocale::LongFormat);
        if (index.column() == Message)
            return entry.message;
        return {};
    case Qt::DecorationRole:
        // The health palette's colours: amber for warnings, red for errors,
        // always next to the level's word.
        if (index.column() != Level)
            return {};
        switch (severityOf(entry.type)) {
        case Severity::Warning: return HealthPalette::color(FeedHealth::State::Degraded);
        case Severity::Error: return HealthPalette::color(FeedHealth::State::Down);
        default: return {};
        }
    case LevelRole: return int(severityOf(entry.type));
    case LineRole: return line(entry);
    case SeqRole: return entry.seq;
    default: return {};
    }
}

QVariant LogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Time: return tr("Time");
    case Level: return tr("Level");
    case Category: return tr("Category");
    case Message: return tr("Message");
    default: return {};
    }
}

void LogModel::setPaused(bool paused)
{
    if (m_paused == paused)
        return;
    m_paused = paused;
    if (!paused && !m_held.empty()) {
        const QList<LogEntry> held(m_held.cbegin(), m_held.cend());
        m_held.clear();
        show(held);
        Q_EMIT heldCountChanged(0);
    }
    Q_EMIT pausedChanged(paused);
}

void LogModel::append(const QList<LogEntry> &entries)
{
    QList<LogEntry> fresh;
    fresh.reserve(entries.size());
    for (const LogEntry &entry : entries) {
        if (entry.seq > m_lastSeq) {
            fresh.append(entry);
            m_lastSeq = entry.seq;
        }
    }
    if (fresh.isEmpty())
        return;
    if (m_paused) {
        m_held.insert(m_held.end(), fresh.cbegin(), fresh.cend());
        while (qsizetype(m_held.size()) > m_capacity)
            m_held.pop_front();
        Q_EMIT heldCountChanged(qsizetype(m_held.size()));
        return;
    }
    show(fresh);
}

void LogModel::show(const QList<LogEntry> &entries)
{
    // Only the last capacity() of a large batch can be shown at all.
    const qsizetype skip = std::max<qsizetype>(0, entries.size() - m_capacity);
    const qsizetype incoming = entries.size() - skip;
    const qsizetype overflow = qsizetype(m_entries.size()) + incoming - m_capacity;
    if (overflow > 0) {
        beginRemoveRows({}, 0, int(overflow - 1));
        m_entries.erase(m_entries.begin(), m_entries.begin() + overflow);
        endRemoveRows();
    }
    const int first = int(m_entries.size());
    beginInsertRows({}, first, int(first + incoming - 1));
    m_entries.insert(m_entries.end(), entries.cbegin() + skip, entries.cend());
    endInsertRows();
}

void LogModel::clear()
{
    beginResetModel();
    m_entries.clear();
    endResetModel();
    if (!m_held.empty()) {
        m_held.clear();
        Q_EMIT heldCountChanged(0);
    }
}
