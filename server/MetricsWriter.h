#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <utility>

// Writes the Prometheus text exposition format, version 0.0.4: one
// `# HELP` and one `# TYPE` line per metric family, then its samples, with
// label values and help texts escaped as the format requires.
class MetricsWriter final {
public:
    using Labels = QList<std::pair<QString, QString>>;
    enum class Type { Counter, Gauge, Histogram };

    static constexpr QByteArrayView ContentType = "text/plain; version=0.0.4; charset=utf-8";

    // Starts a family; its samples follow. A name is written once per scrape.
    void family(const QString &name, Type type, const QString &help);
    // One sample of the family last started; name may carry a suffix of it
    // (_bucket, _sum, _count for a histogram).
    void sample(const QString &name, const Labels &labels, double value);
    void sample(const QString &name, double value) { sample(name, {}, value); }
    // A family of one sample without labels.
    void single(const QString &name, Type type, const QString &help, double value)
    {
        family(name, type, help);
        sample(name, value);
    }

    QByteArray text() const { return m_text; }

    static QString escapeLabelValue(const QString &value);
    static QString formatValue(double value);

private:
    QByteArray m_text;
};
