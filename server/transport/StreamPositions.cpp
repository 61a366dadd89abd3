#include "transport/StreamPositions.h"

#include <QMutexLocker>

StreamPositions::StreamPositions(const QStringList &streams, const QString &epoch)
    : m_streams(streams)
    , m_epoch(epoch)
{
    for (const QString &stream : streams)
        m_seqs.insert(stream, 0);
}

void StreamPositions::advance(const EncodedTick &tick)
{
    const QMutexLocker lock(&m_mutex);
    if (tick.epoch != m_epoch) {
        m_epoch = tick.epoch;
        for (quint64 &seq : m_seqs)
            seq = 0;
    }
    const auto it = m_seqs.find(tick.stream);
    if (it != m_seqs.end() && tick.seq > *it)
        *it = tick.seq;
}

void StreamPositions::setEpoch(const QString &epoch)
{
    const QMutexLocker lock(&m_mutex);
    if (epoch == m_epoch)
        return;
    m_epoch = epoch;
    for (quint64 &seq : m_seqs)
        seq = 0;
}

QString StreamPositions::epoch() const
{
    const QMutexLocker lock(&m_mutex);
    return m_epoch;
}

quint64 StreamPositions::seq(const QString &stream) const
{
    const QMutexLocker lock(&m_mutex);
    return m_seqs.value(stream);
}
