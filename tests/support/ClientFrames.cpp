#include "ClientFrames.h"

namespace ClientFrames {

QByteArray frame(Opcode opcode, QByteArrayView payload, bool fin)
{
    QByteArray frame;
    frame.append(char((fin ? 0x80 : 0x00) | opcode));
    const qsizetype size = payload.size();
    if (size < 126) {
        frame.append(char(0x80 | size));
    } else if (size < 65536) {
        frame.append(char(0x80 | 126)).append(char(size >> 8)).append(char(size & 0xff));
    } else {
        frame.append(char(0x80 | 127));
        for (int shift = 56; shift >= 0; shift -= 8)
            frame.append(char((quint64(size) >> shift) & 0xff));
    }
    const char mask[4] = {0x12, 0x34, 0x56, 0x78};
    frame.append(mask, 4);
    for (qsizetype i = 0; i < size; ++i)
        frame.append(char(payload[i] ^ mask[i % 4]));
    return frame;
}

QByteArray text(QByteArrayView payload)
{
    return frame(Text, payload);
}

QByteArray binary(QByteArrayView payload)
{
    return frame(Binary, payload);
}

QByteArray close(quint16 code, QByteArrayView reason)
{
    QByteArray payload;
    payload.append(char(code >> 8)).append(char(code & 0xff)).append(reason);
    return frame(Close, payload);
}

} // namespace ClientFrames
