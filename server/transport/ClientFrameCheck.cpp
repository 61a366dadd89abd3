#include "transport/ClientFrameCheck.h"

#include <cstring>

ClientFrameCheck::Taken ClientFrameCheck::takeAndScan(QIODevice &socket, qint64 arrived)
{
    if (!m_on || arrived <= 0)
        return Taken::Nothing;
    if (m_refused) {
        socket.skip(arrived);
        return Taken::Nothing;
    }
    qsizetype at = 0;
    if (m_inboundRead == m_inbound.size()) {
        // Nothing held: Qt's block itself is taken. Copied into a buffer of
        // ours instead, each plain connection kept about 6 KB more.
        m_inbound = socket.read(arrived);
        m_inboundRead = 0;
    } else {
        // Compacted before it would grow past twice what is unread.
        if (m_inboundRead >= m_inbound.size() / 2) {
            m_inbound.remove(0, m_inboundRead);
            m_inboundRead = 0;
        }
        at = m_inbound.size();
        m_inbound.resize(at + qsizetype(arrived));
        // Exactly what Qt's buffer holds, so the socket's readData() is not called.
        const qint64 read = socket.read(m_inbound.data() + at, arrived);
        m_inbound.resize(at + qsizetype(qMax<qint64>(read, 0)));
    }
    if (m_scanner.feed(QByteArrayView(m_inbound).sliced(at)) != FrameHeaderScanner::Result::Found)
        return Taken::Checked;
    // Neither the unmasked frame nor anything after it, nor what came
    // before it in the same reads, is handed to the reader.
    m_refused = true;
    drop();
    return Taken::Unmasked;
}

qint64 ClientFrameCheck::availableToReader(qint64 unchecked, bool open) const
{
    if (unchecked > 0 || !open)
        return 0;
    return held();
}

qint64 ClientFrameCheck::read(char *data, qint64 maxSize)
{
    const qsizetype taken = qsizetype(qMin<qint64>(held(), maxSize));
    if (taken <= 0)
        return 0;
    std::memcpy(data, m_inbound.constData() + m_inboundRead, size_t(taken));
    m_inboundRead += taken;
    if (m_inboundRead == m_inbound.size())
        drop();
    return taken;
}

void ClientFrameCheck::drop()
{
    m_inbound = QByteArray();
    m_inboundRead = 0;
}
