#pragma once

#include "config/Config.h"

#include <QObject>
#include <QStringList>

#include <functional>

class Server;

// Reads the configuration again (SIGHUP) and applies what can change while
// the process runs. The same command line and environment are read with
// the config file as it is now (Config::reload()); a file that no longer
// parses is logged and changes nothing. Otherwise the options declared
// reloadable() are applied: the process's own (the log level) through
// applyProcessOptions, the server's and the feeds' through
// Server::reconfigure(). Each change is logged, and so is every option
// whose new value waits for a restart, at each reload until then.
class ConfigReloader final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConfigReloader)

public:
    struct Outcome {
        bool reloaded = false; // false: the file did not parse, nothing changed
        QString error; // why not
        QStringList applied; // "random-interval: 1000 ms -> 250 ms", …
        QStringList needRestart; // "port: 3000 -> 3001", …
    };

    // running: the configuration the process started with.
    ConfigReloader(
        const Config &running, Server &server, std::function<void(const Config &)> applyProcessOptions, QObject *parent = nullptr);
    ~ConfigReloader() override;

    Outcome reload();
    // What reload() does with a configuration already read.
    Outcome apply(const Config &next);

    // The options in force that can change at run time, as last applied.
    const Config &applied() const { return m_applied; }

private:
    const Config m_started;
    Config m_applied;
    Server &m_server;
    std::function<void(const Config &)> m_applyProcessOptions;
};
