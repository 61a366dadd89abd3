#include "transport/FrameHeaderScanner.h"

namespace {

constexpr unsigned char OpcodeClose = 0x8;
constexpr unsigned char ReservedBits = 0x70;
constexpr unsigned char MaskBit = 0x80;

// Bytes the header whose first two bytes are given occupies in all.
int headerSize(unsigned char second)
{
    const unsigned char length = second & 0x7f;
    const int extended = length == 126 ? 2 : (length == 127 ? 8 : 0);
    const int mask = (second & MaskBit) ? 4 : 0;
    return 2 + extended + mask;
}

} // namespace

FrameHeaderScanner::Result FrameHeaderScanner::feed(QByteArrayView bytes)
{
    while (m_result == Result::Scanning && !bytes.isEmpty()) {
        if (m_payloadLeft > 0) {
            const qsizetype skipped = qsizetype(qMin<quint64>(m_payloadLeft, quint64(bytes.size())));
            m_payloadLeft -= quint64(skipped);
            bytes = bytes.sliced(skipped);
            continue;
        }
        // Collect the header; its size is known from its second byte.
        const int wanted = m_headerBytes < 2 ? 2 : headerSize(m_header[1]);
        const qsizetype taken = qMin<qsizetype>(wanted - m_headerBytes, bytes.size());
        for (qsizetype i = 0; i < taken; ++i)
            m_header[m_headerBytes++] = static_cast<unsigned char>(bytes[i]);
        bytes = bytes.sliced(taken);
        if (m_headerBytes < 2 || m_headerBytes < headerSize(m_header[1]))
            continue;

        if (m_header[0] & ReservedBits) {
            m_result = Result::Lost;
            break;
        }
        const bool found = m_watch == Watch::CloseFrame ? (m_header[0] & 0x0f) == OpcodeClose : !(m_header[1] & MaskBit);
        if (found) {
            m_result = Result::Found;
            break;
        }
        const unsigned char length = m_header[1] & 0x7f;
        quint64 payload = length;
        if (length == 126) {
            payload = (quint64(m_header[2]) << 8) | m_header[3];
        } else if (length == 127) {
            payload = 0;
            for (int i = 2; i < 10; ++i)
                payload = (payload << 8) | m_header[i];
            if (payload >> 63) {
                m_result = Result::Lost;
                break;
            }
        }
        m_payloadLeft = payload;
        m_headerBytes = 0;
    }
    return m_result;
}
