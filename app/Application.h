#pragma once

// The datagate process: parses the configuration, installs the translations,
// sets up logging, runs the server (with the dashboard when there is a
// display and no --no-gui, else headless) and shuts it down cleanly on
// SIGINT/SIGTERM or Quit. Exit codes: 0 after a clean stop, 1 when the
// headless server cannot start (e.g. the port is in use; the dashboard shows
// that instead) or a screenshot fails, 2 for invalid options.
namespace Application {

int run(int argc, char **argv);

} // namespace Application
