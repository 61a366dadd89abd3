#pragma once

#include <QCoreApplication>
#include <QJsonObject>
#include <QJsonValue>
#include <QLocale>
#include <QString>

// How the dashboard writes numbers, sizes, durations and values: in the
// user's locale, translated, and the same way in every view.
struct Format {
    Q_DECLARE_TR_FUNCTIONS(Format)

public:
    // The locale numbers and dates are written in: the user's, except that
    // the bare "C" locale (LANG=C) writes like American English.
    static QLocale locale();
    // "—": no value (yet).
    static QString none();
    // "1.5 KiB", in the locale's number format.
    static QString bytes(qint64 bytes);
    static QString bytesPerSecond(double bytesPerSecond);
    static QString messagesPerSecond(double messagesPerSecond);
    static QString count(quint64 count);
    static QString milliseconds(qint64 ms);
    // "45 s", "3 min 12 s", "2 h 05 min", "3 d 4 h".
    static QString duration(qint64 ms);
    // "12 s ago"; "just now" under a second.
    static QString age(qint64 ms);
    // "in 12 s"; "now" when due.
    static QString countdown(qint64 ms);
    // "1 d 02:03:04" or "02:03:04".
    static QString uptime(qint64 ms);
    // A stream's value as a person reads it: a price with its currency, a
    // plain number otherwise.
    static QString value(const QJsonValue &value, const QJsonObject &details);
    // A stream as people call it: "Bitcoin price" for bitcoinPrice; the
    // stream's own name for a stream this dashboard does not know.
    static QString streamTitle(const QString &stream);
    // A point in time today as "14:03:12", another day with its date.
    static QString clockTime(const QDateTime &at, const QDateTime &now);
};
