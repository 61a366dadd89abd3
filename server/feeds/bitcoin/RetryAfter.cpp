#include "feeds/bitcoin/RetryAfter.h"

#include <QLocale>
#include <QString>

#include <algorithm>
#include <limits>

namespace RetryAfter {

namespace {

// The three date forms HTTP/1.1 recipients must accept, IMF-fixdate first.
QDateTime parseHttpDate(const QString &text)
{
    const QLocale c = QLocale::c();
    // "Sun, 06 Nov 1994 08:49:37 GMT"
    QDateTime parsed = c.toDateTime(text, QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'"));
    if (!parsed.isValid()) {
        // Obsolete RFC 850 form: "Sunday, 06-Nov-94 08:49:37 GMT". Qt reads a
        // two-digit year as 19xx, where the weekday would not match, so the
        // weekday is dropped and the century fixed: we only meet recent dates.
        const qsizetype comma = text.indexOf(QLatin1String(", "));
        if (comma > 0) {
            parsed = c.toDateTime(text.sliced(comma + 2), QStringLiteral("dd-MMM-yy hh:mm:ss 'GMT'"));
            if (parsed.isValid() && parsed.date().year() < 1970)
                parsed = parsed.addYears(100);
        }
    }
    if (!parsed.isValid()) {
        // asctime form: "Sun Nov  6 08:49:37 1994" (simplified() folds the double blank).
        parsed = c.toDateTime(text.simplified(), QStringLiteral("ddd MMM d hh:mm:ss yyyy"));
    }
    if (!parsed.isValid())
        return {};
    return QDateTime(parsed.date(), parsed.time(), Qt::UTC);
}

} // namespace

std::optional<qint64> delayMs(QByteArrayView value, const QDateTime &now)
{
    const QString text = QString::fromLatin1(value).trimmed();
    if (text.isEmpty())
        return std::nullopt;

    bool allDigits = true;
    for (const QChar ch : text)
        allDigits = allDigits && ch.isDigit() && ch.unicode() < 128;
    if (allDigits) {
        bool ok = false;
        const qint64 seconds = text.toLongLong(&ok);
        // Values too large to represent are as good as "a very long time",
        // in seconds (past qint64) and in ms (past qint64 / 1000) alike.
        constexpr qint64 MaxSeconds = std::numeric_limits<qint64>::max() / 1000;
        return ok && seconds <= MaxSeconds ? seconds * 1000 : MaxSeconds * 1000;
    }

    const QDateTime date = parseHttpDate(text);
    if (!date.isValid())
        return std::nullopt;
    return std::max<qint64>(0, now.msecsTo(date));
}

} // namespace RetryAfter
