#include "protocol/WebSocketFrame.h"

namespace {

constexpr char FinText = char(0x81);
constexpr qsizetype MaxShortLength = 125;
constexpr qsizetype MaxMediumLength = 0xffff;

qsizetype headerSize(qsizetype payloadSize)
{
    if (payloadSize <= MaxShortLength)
        return 2;
    if (payloadSize <= MaxMediumLength)
        return 4;
    return 10;
}

} // namespace

namespace WebSocketFrame {

QByteArray text(QByteArrayView utf8Payload)
{
    const qsizetype size = utf8Payload.size();
    QByteArray frame;
    frame.reserve(headerSize(size) + size);
    frame.append(FinText);
    if (size <= MaxShortLength) {
        frame.append(char(size));
    } else if (size <= MaxMediumLength) {
        frame.append(char(126)).append(char(size >> 8)).append(char(size & 0xff));
    } else {
        frame.append(char(127));
        for (int shift = 56; shift >= 0; shift -= 8)
            frame.append(char((quint64(size) >> shift) & 0xff));
    }
    frame.append(utf8Payload);
    return frame;
}

QByteArrayView payload(const QByteArray &frame)
{
    if (frame.size() < 2)
        return {};
    const auto length = static_cast<unsigned char>(frame.at(1));
    const qsizetype header = length <= MaxShortLength ? 2 : (length == 126 ? 4 : 10);
    return QByteArrayView(frame).sliced(qMin(header, frame.size()));
}

} // namespace WebSocketFrame
