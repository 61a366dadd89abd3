#pragma once

// How long closing may take, in one place, because each deadline is built on
// the one before it:
//   a connection the server closes has CloseGraceMs to complete the close:
//   for a WebSocket, from our close frame until the client's close frame or
//   FIN arrives (RFC 6455 §7.1.1, transport/ClientSocket.h), whatever is
//   still queued for it (a slow consumer's backlog) included; for a plain
//   HTTP answer, until it has been written. Then its socket is cut off, so a
//   peer that never reads or answers holds nothing for longer;
// On shutdown (SIGTERM), the operator's --shutdown-timeout replaces that
// grace, so that what is queued for each client can still be flushed:
//   every client has shutdownTimeoutMs to take its backlog and answer;
//   an I/O thread waits drainDeadlineMs() for all of its clients, a little
//   longer than that;
//   the server waits stopDeadlineMs() for all of its I/O threads, a little
//   longer again;
// so that the process exits within the shutdown timeout plus DrainMarginMs
// plus StopMarginMs (0.7 s) of SIGINT or SIGTERM, however its clients behave.
namespace CloseTiming {

constexpr int CloseGraceMs = 1000;
constexpr int DrainMarginMs = 200;
constexpr int StopMarginMs = 500;

constexpr int drainDeadlineMs(int shutdownTimeoutMs)
{
    return shutdownTimeoutMs + DrainMarginMs;
}
constexpr int stopDeadlineMs(int shutdownTimeoutMs)
{
    return drainDeadlineMs(shutdownTimeoutMs) + StopMarginMs;
}

} // namespace CloseTiming
