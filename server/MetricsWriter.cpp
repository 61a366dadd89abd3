#include "MetricsWriter.h"

#include <QLocale>

#include <cmath>

void MetricsWriter::family(const QString &name, Type type, const QString &help)
{
    QString escapedHelp = help;
    escapedHelp.replace(QLatin1Char('\\'), QLatin1String("\\\\")).replace(QLatin1Char('\n'), QLatin1String("\\n"));
    const char *typeName = type == Type::Counter ? "counter" : type == Type::Gauge ? "gauge" : "histogram";
    m_text += "# HELP " + name.toUtf8() + ' ' + escapedHelp.toUtf8() + '\n';
    m_text += "# TYPE " + name.toUtf8() + ' ' + typeName + '\n';
}

void MetricsWriter::sample(const QString &name, const Labels &labels, double value)
{
    m_text += name.toUtf8();
    if (!labels.isEmpty()) {
        m_text += '{';
        for (qsizetype i = 0; i < labels.size(); ++i) {
            if (i > 0)
                m_text += ',';
            m_text += labels.at(i).first.toUtf8() + "=\"" + escapeLabelValue(labels.at(i).second).toUtf8() + '"';
        }
        m_text += '}';
    }
    m_text += ' ' + formatValue(value).toUtf8() + '\n';
}

QString MetricsWriter::escapeLabelValue(const QString &value)
{
    QString escaped;
    escaped.reserve(value.size());
    for (const QChar c : value) {
        if (c == QLatin1Char('\\'))
            escaped += QLatin1String("\\\\");
        else if (c == QLatin1Char('"'))
            escaped += QLatin1String("\\\"");
        else if (c == QLatin1Char('\n'))
            escaped += QLatin1String("\\n");
        else
            escaped += c;
    }
    return escaped;
}

QString MetricsWriter::formatValue(double value)
{
    if (std::isnan(value))
        return QStringLiteral("NaN");
    if (std::isinf(value))
        return value > 0 ? QStringLiteral("+Inf") : QStringLiteral("-Inf");
    // Counters and gauges of whole numbers stay whole, up to 2^53.
    if (value == std::floor(value) && std::abs(value) < 9007199254740992.0)
        return QString::number(qint64(value));
    // The shortest text that reads back as the same double: le="0.025", not
    // le="0.025000000000000001", as Prometheus's own clients write it.
    return QString::number(value, 'g', QLocale::FloatingPointShortest);
}
