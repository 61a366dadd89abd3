#pragma once

#include <QLoggingCategory>

// The transport's logging categories; the dashboard's log and the console
// read the same messages (LogSink).
Q_DECLARE_LOGGING_CATEGORY(lcClients) // connections and disconnections, slow consumers
Q_DECLARE_LOGGING_CATEGORY(lcHttp)
Q_DECLARE_LOGGING_CATEGORY(lcSocketIo)
Q_DECLARE_LOGGING_CATEGORY(lcJsonWs)
Q_DECLARE_LOGGING_CATEGORY(lcIo) // the I/O threads' event loop
Q_DECLARE_LOGGING_CATEGORY(lcTls) // certificates and TLS handshakes
