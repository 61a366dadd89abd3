#pragma once

#include <QByteArrayView>
#include <QString>
#include <QStringList>

#include <optional>

// --allowed-origins: which web pages may open a WebSocket to datagate, by the
// Origin header browsers send with the handshake. Entries are origins
// ("https://app.example.com", "http://localhost:8080") or origins whose host
// starts with "*." ("https://*.example.com"), which match any subdomain, at
// any depth, but not the domain itself; "*" alone allows every origin.
// Scheme, host and port must match (a port left out is the scheme's
// default); case does not matter. A request without an Origin header does
// not come from a browser page, so no page can abuse it: it is allowed, as
// Centrifugo and the socket.io server do. Immutable once made.
class OriginPolicy final {
public:
    // Allows every origin.
    OriginPolicy() = default;

    // nullopt, and why in *error, when an entry is not an origin.
    static std::optional<OriginPolicy> parse(const QStringList &entries, QString *error = nullptr);

    bool allowsAll() const { return m_allowsAll; }
    // origin: the Origin header's value; empty when there was none.
    bool allows(QByteArrayView origin) const;

private:
    struct Entry {
        QString scheme;
        QString host; // for a wildcard, the domain after "*."
        int port = -1;
        bool wildcard = false;
    };
    // "scheme://host[:port]" split and lower-cased, with the default port filled in.
    static std::optional<Entry> split(const QString &origin);

    bool m_allowsAll = true;
    QList<Entry> m_entries;
};
