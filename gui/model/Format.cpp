#include "gui/model/Format.h"

#include <QDateTime>
#include <QLocale>

#include <cmath>

namespace {

constexpr qint64 Second = 1000;
constexpr qint64 Minute = 60 * Second;
constexpr qint64 Hour = 60 * Minute;
constexpr qint64 Day = 24 * Hour;

QString currencySymbol(const QString &code)
{
    if (code == QLatin1String("USD"))
        return QStringLiteral("$");
    if (code == QLatin1String("EUR"))
        return QStringLiteral("€");
    if (code == QLatin1String("GBP"))
        return QStringLiteral("£");
    return code;
}

} // namespace

QLocale Format::locale()
{
    const QLocale locale;
    if (locale.language() == QLocale::C)
        return QLocale(QLocale::English, QLocale::UnitedStates);
    return locale;
}

QString Format::none()
{
    return QStringLiteral("—");
}

QString Format::bytes(qint64 bytes)
{
    return locale().formattedDataSize(bytes, bytes < 1024 ? 0 : 1);
}

QString Format::bytesPerSecond(double bytesPerSecond)
{
    //: A data rate, e.g. "1.5 KiB/s"; %1 is the size.
    return tr("%1/s").arg(bytes(qint64(std::llround(bytesPerSecond))));
}

QString Format::messagesPerSecond(double messagesPerSecond)
{
    //: Messages sent per second.
    return tr("%1 msg/s").arg(locale().toString(messagesPerSecond, 'f', messagesPerSecond < 10 ? 1 : 0));
}

QString Format::count(quint64 count)
{
    return locale().toString(count);
}

QString Format::milliseconds(qint64 ms)
{
    //: A latency; %1 is a number of milliseconds.
    return tr("%1 ms").arg(locale().toString(ms));
}

QString Format::duration(qint64 ms)
{
    ms = std::max<qint64>(0, ms);
    if (ms < Minute)
        //: Seconds, e.g. "45 s".
        return tr("%1 s").arg(ms / Second);
    if (ms < Hour)
        //: Minutes and seconds, e.g. "3 min 12 s".
        return tr("%1 min %2 s").arg(ms / Minute).arg((ms % Minute) / Second);
    if (ms < Day)
        //: Hours and minutes, e.g. "2 h 05 min".
        return tr("%1 h %2 min").arg(ms / Hour).arg((ms % Hour) / Minute, 2, 10, QLatin1Char('0'));
    //: Days and hours, e.g. "3 d 4 h".
    return tr("%1 d %2 h").arg(ms / Day).arg((ms % Day) / Hour);
}

QString Format::age(qint64 ms)
{
    if (ms < Second)
        return tr("just now");
    //: How long ago something happened; %1 is a duration such as "12 s".
    return tr("%1 ago").arg(duration(ms));
}

QString Format::countdown(qint64 ms)
{
    if (ms <= 0)
        //: The next poll is due now.
        return tr("now", "countdown");
    //: Time left until something happens; %1 is a duration such as "12 s".
    return tr("in %1").arg(duration(ms + Second - 1));
}

QString Format::uptime(qint64 ms)
{
    ms = std::max<qint64>(0, ms);
    const QString clock = QStringLiteral("%1:%2:%3")
                              .arg((ms % Day) / Hour, 2, 10, QLatin1Char('0'))
                              .arg((ms % Hour) / Minute, 2, 10, QLatin1Char('0'))
                              .arg((ms % Minute) / Second, 2, 10, QLatin1Char('0'));
    if (ms < Day)
        return clock;
    //: Uptime of several days: %1 is the number of days, %2 the hours:minutes:seconds.
    return tr("%1 d %2").arg(ms / Day).arg(clock);
}

QString Format::value(const QJsonValue &value, const QJsonObject &details)
{
    if (!value.isDouble())
        return value.isUndefined() || value.isNull() ? none() : value.toVariant().toString();
    const double number = value.toDouble();
    const QString currency = details.value(QStringLiteral("currency")).toString();
    if (!currency.isEmpty())
        return locale().toCurrencyString(number, currencySymbol(currency), 2);
    if (number == std::floor(number) && std::abs(number) < 1e15)
        return locale().toString(qint64(number));
    return locale().toString(number, 'f', 2);
}

QString Format::clockTime(const QDateTime &at, const QDateTime &now)
{
    if (!at.isValid())
        return none();
    const QDateTime local = at.toLocalTime();
    if (local.date() == now.toLocalTime().date())
        return locale().toString(local.time(), QStringLiteral("HH:mm:ss"));
    return locale().toString(local, QLocale::ShortFormat);
}

QString Format::streamTitle(const QString &stream)
{
    if (stream == QLatin1String("bitcoinPrice"))
        return tr("Bitcoin price");
    if (stream == QLatin1String("randomNumber"))
        return tr("Random numbers");
    return stream;
}
