#pragma once

// How long closing may take, in one place, because each deadline is built on
// the one before it:
//   a connection the server closes has CloseGraceMs to complete the close:
//   for a WebSocket, from our close frame until the client's close frame or
//   FIN arrives (RFC 6455 §7.1.1, transport/ClientSocket.h), whatever is
//   still queued for it (a slow consumer's backlog) included; for a plain
//   HTTP answer, until it has been written. Then its socket is cut off, so a
//   peer that never reads or answers holds nothing for longer;
//   an I/O thread shutting down waits DrainGraceMs for all of its clients,
//   a little longer than one client's grace;
//   the server waits StopDeadlineMs for all of its I/O threads, a little
//   longer again;
// so that the process exits within two seconds of SIGINT or SIGTERM.
namespace CloseTiming {

constexpr int CloseGraceMs = 1000;
constexpr int DrainGraceMs = CloseGraceMs + 200;
constexpr int StopDeadlineMs = DrainGraceMs + 500;
static_assert(StopDeadlineMs < 2000, "a stop must complete within two seconds");

} // namespace CloseTiming
