#pragma once

#include <QCoreApplication>

#include <memory>

class Config;
class LogSink;

// The process with the dashboard: a QApplication, the server in this
// process behind an InProcessSource (or, with --monitor, a datagate
// elsewhere behind a RemoteSource, and no server here), the window and the
// tray. Built only with DATAGATE_BUILD_GUI.
namespace DesktopMode {

std::unique_ptr<QCoreApplication> createApplication(int &argc, char **argv);

// Runs until the user quits or SIGINT/SIGTERM (the server is stopped
// first), or until --screenshot is taken. A server that cannot start is
// shown in the window, not an exit. Returns the exit code.
int run(const Config &config, LogSink *logSink);

} // namespace DesktopMode
