// What a WebSocket client sends, walked by FrameHeaderScanner: to find the
// first unmasked frame (every byte of an open connection), and the client's
// close frame (what a closing connection still receives). Two properties,
// for both: the answer does not depend on how the bytes are split into reads
// (the kernel splits them anywhere), and for a stream of frames encoded as
// a client may send them (masked or not, any opcode, any length form,
// header-looking bytes inside payloads) the scanner finds the close frame
// exactly when one was sent and the unmasked frame exactly when there is
// one, and never loses its place.

#include "FuzzCheck.h"

#include "transport/FrameHeaderScanner.h"

#include <fuzzer/FuzzedDataProvider.h>

#include <QByteArray>
#include <QByteArrayView>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

namespace {

using Result = FrameHeaderScanner::Result;
using Watch = FrameHeaderScanner::Watch;

constexpr unsigned char OpcodeClose = 0x8;
// Room for two frames past 64 KiB; more would only slow the fuzzer down.
constexpr qsizetype MaxStreamBytes = 160 * 1024;
// Reads per pass over a stream of client frames, at most: one-byte reads of
// a 160 KiB stream made the target spend nearly all its time in 160,000
// calls of the same few lines (the property for one-byte reads is checked
// on the raw input, up to --max-len bytes, above).
constexpr qsizetype MaxReads = 4096;

// Feeds bytes in reads of chunk bytes (the last one shorter).
Result feedInChunks(FrameHeaderScanner &scanner, QByteArrayView bytes, qsizetype chunk)
{
    Result result = scanner.feed({}); // nothing fed yet: still scanning
    FUZZ_CHECK(result == Result::Scanning);
    for (qsizetype at = 0; at < bytes.size(); at += chunk)
        result = scanner.feed(bytes.sliced(at, qMin(chunk, bytes.size() - at)));
    return result;
}

void appendLength(QByteArray &frame, unsigned char maskBit, quint64 length, int form)
{
    // A client should use the shortest form, but the scanner must read any.
    if (form == 0 && length <= 125) {
        frame.append(char(maskBit | length));
    } else if (form <= 1 && length <= 0xffff) {
        frame.append(char(maskBit | 126)).append(char(length >> 8)).append(char(length & 0xff));
    } else {
        frame.append(char(maskBit | 127));
        for (int shift = 56; shift >= 0; shift -= 8)
            frame.append(char((length >> shift) & 0xff));
    }
}

// A stream of client frames built from the input; true when it ends with a
// close frame. unmasked: whether any of its frames is not masked.
bool buildClientStream(FuzzedDataProvider &input, QByteArray &stream, bool &unmasked)
{
    unmasked = false;
    static constexpr unsigned char Opcodes[] = {0x0, 0x1, 0x2, 0x9, 0xa, 0x3, 0xb, OpcodeClose};
    while (input.remaining_bytes() > 0 && stream.size() < MaxStreamBytes) {
        const unsigned char opcode = input.PickValueInArray(Opcodes);
        const bool fin = input.ConsumeBool();
        const bool masked = input.ConsumeBool();
        unmasked = unmasked || !masked;
        const int form = input.ConsumeIntegralInRange(0, 2);
        // Mostly short payloads (the longer length forms are reached by
        // choosing them for short ones); one in eight past 64 KiB, so that
        // an 8-byte length is skipped over too.
        const qsizetype length = input.ConsumeIntegralInRange(0, 7) == 7 ? input.ConsumeIntegralInRange<qsizetype>(65'536, 66'000)
                                                                         : input.ConsumeIntegralInRange<qsizetype>(0, 1'000);
        stream.append(char((fin ? 0x80 : 0x00) | opcode));
        appendLength(stream, masked ? 0x80 : 0x00, quint64(length), form);
        if (masked)
            stream.append(QByteArray::fromStdString(input.ConsumeBytesAsString(4)).leftJustified(4, '\0'));
        // The payload repeats bytes from the input: text that looks like
        // frame headers, close frames included, must be skipped unread.
        std::string pattern = input.ConsumeBytesAsString(16);
        if (pattern.empty())
            pattern = "\x88";
        const qsizetype payloadStart = stream.size();
        stream.append(pattern.data(), qMin(length, qsizetype(pattern.size())));
        while (stream.size() - payloadStart < length) { // doubling what is there (Qt copies a range of its own first)
            const qsizetype have = stream.size() - payloadStart;
            stream.append(stream.constData() + payloadStart, qMin(have, length - have));
        }
        if (opcode == OpcodeClose)
            return true;
    }
    return false;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArrayView bytes(data, qsizetype(size));
    for (const Watch watch : {Watch::CloseFrame, Watch::UnmaskedFrame}) {
        // Arbitrary bytes: one read, one byte per read and a read size taken
        // from the input all give the same answer, and an answer other than
        // Scanning is final.
        FrameHeaderScanner whole(watch);
        const Result result = whole.feed(bytes);
        FrameHeaderScanner bytewise(watch);
        FUZZ_CHECK(feedInChunks(bytewise, bytes, 1) == result);
        FrameHeaderScanner chunked(watch);
        FUZZ_CHECK(feedInChunks(chunked, bytes, size > 0 ? 1 + data[0] % 32 : 1) == result);
        if (result != Result::Scanning) {
            FUZZ_CHECK(whole.feed(QByteArrayView("\x88\x80\x00\x00\x00\x00", 6)) == result);
            FUZZ_CHECK(whole.feed(QByteArrayView("\x81\x00", 2)) == result);
        }
    }

    // Client frames: the close frame is found exactly when it was sent, and
    // an unmasked frame exactly when there is one, whatever the reads.
    FuzzedDataProvider input(data, size);
    const qsizetype chunk = input.ConsumeIntegralInRange<qsizetype>(1, 4096);
    // Reused, so that the fuzzer does not spend its time mapping and
    // unmapping ASan's large allocations.
    static QByteArray stream(MaxStreamBytes + 70'000, Qt::Uninitialized);
    stream.resize(0);
    bool unmasked = false;
    const bool closed = buildClientStream(input, stream, unmasked);
    for (const Watch watch : {Watch::CloseFrame, Watch::UnmaskedFrame}) {
        const bool present = watch == Watch::CloseFrame ? closed : unmasked;
        const Result expected = present ? Result::Found : Result::Scanning;
        FrameHeaderScanner scanner(watch);
        FUZZ_CHECK(feedInChunks(scanner, stream, std::max(chunk, stream.size() / MaxReads + 1)) == expected);
        FrameHeaderScanner oneRead(watch);
        FUZZ_CHECK(oneRead.feed(stream) == expected);
    }
    return 0;
}
