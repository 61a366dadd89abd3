#pragma once

// The datagate process: parses the configuration, sets up logging, runs the
// server (headless, or with the dashboard once it exists) and shuts it down
// cleanly on SIGINT/SIGTERM. Exit codes: 0 after a clean stop, 1 when the
// server cannot start (e.g. the port is in use), 2 for invalid options.
namespace Application {

int run(int argc, char **argv);

} // namespace Application
