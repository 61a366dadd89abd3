#pragma once

#include <QMutex>
#include <QSslConfiguration>
#include <QString>

#include <optional>

// The server's TLS identity (--tls-cert, --tls-key): the certificate chain and
// private key, read from PEM files and checked at start (readable, parsable,
// the key belonging to the certificate), and read again on SIGHUP so that a
// renewed certificate needs no restart. Each I/O thread takes configuration()
// for every new connection: a reload changes what new connections are served,
// never an open one; a reload that fails keeps the identity in force.
// TLS 1.2 or later only (QSsl::TlsV1_2OrLater).
class TlsContext final {
    Q_DISABLE_COPY_MOVE(TlsContext)

public:
    // Reads both files; nullopt and *error (a sentence naming the file and
    // what is wrong with it) when they cannot serve.
    static std::optional<QSslConfiguration> read(const QString &certPath, const QString &keyPath, QString *error);

    explicit TlsContext(const QSslConfiguration &configuration);

    // Thread-safe: the identity in force now.
    QSslConfiguration configuration() const;
    // Reads the files again: true and the new identity in force, or false and
    // *error, the old one staying.
    bool reload(const QString &certPath, const QString &keyPath, QString *error);

    // The leaf certificate in a line for the log: subject, expiry, SHA-256.
    static QString describe(const QSslConfiguration &configuration);

private:
    mutable QMutex m_mutex;
    QSslConfiguration m_configuration;
};
