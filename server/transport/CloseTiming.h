#pragma once

// How long closing may take, in one place, because each deadline is built on
// the one before it:
//   a client has CloseGraceMs to answer our close frame before it is cut off;
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
