#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <QtGlobal>

// One logged message, as the dashboard's log and the status API show it.
struct LogEntry {
    quint64 seq = 0; // 1, 2, 3, … in the order the messages were logged
    QDateTime time; // local time
    QtMsgType type = QtInfoMsg;
    QString category; // e.g. "datagate.feed.btc"
    QString message;

    // "debug", "info", "warning", "error" (critical and fatal).
    static QString levelName(QtMsgType type);
};
Q_DECLARE_METATYPE(LogEntry)
