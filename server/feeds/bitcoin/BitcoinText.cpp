#include "feeds/bitcoin/BitcoinText.h"

#include <QLocale>

namespace BitcoinText {

QString seconds(qint64 ms)
{
    return QString::number(static_cast<double>(ms) / 1000.0, 'g', 3) + QStringLiteral(" s");
}

QString price(double price)
{
    return QString::number(price, 'f', QLocale::FloatingPointShortest);
}

QString percent(double ratio)
{
    return QString::number(ratio * 100.0, 'f', 0) + QLatin1Char('%');
}

} // namespace BitcoinText
