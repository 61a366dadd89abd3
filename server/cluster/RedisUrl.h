#pragma once

#include <QString>

#include <optional>

// Where a cluster's Redis is: redis://[[user]:password@]host[:port][/db].
// rediss:// (TLS) is refused with a reason: Debian 12's hiredis 0.14 has no
// TLS support (there is no libhiredis-ssl), so a TLS URL cannot be honoured
// and must not silently fall back to plain text.
struct RedisUrl {
    QString host;
    quint16 port = 6379;
    QString password; // empty: no AUTH
    int db = 0;

    // nullopt, with a reason a person can act on in *error, for anything else.
    static std::optional<RedisUrl> parse(const QString &text, QString *error = nullptr);
    // host:port/db, for logs and status: never the password.
    QString display() const;
};
