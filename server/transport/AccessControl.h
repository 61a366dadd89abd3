#pragma once

#include "config/TokenSet.h"
#include "transport/AccessGrant.h"
#include "transport/JwtVerifier.h"
#include "transport/OriginPolicy.h"

#include <QByteArray>
#include <QMutex>
#include <QSet>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

class Clock;
struct HttpRequestHead;

// Who may connect and subscribe (docs/security.md, Access control and
// Origins): the static tokens of --auth-token-file, the JWTs signed with the
// secret of --jwt-secret-file, and the origins of --allowed-origins. One
// instance is shared by every I/O thread; the files are read by load(), at
// start and again on SIGHUP, into a new immutable policy that replaces the
// old one at once, so that a handshake uses either the old set or the new
// one, and the connections already open keep what they were granted.
//
// Touched once per handshake, never per tick or per message: a mutex around
// one shared pointer is enough.
class AccessControl final {
public:
    struct Settings {
        QString tokenFile; // --auth-token-file; empty: none
        QString jwtSecretFile; // --jwt-secret-file; empty: none
        int jwtLeewaySeconds = 30;
        QStringList allowedOrigins; // empty: every origin
    };

    struct Verdict {
        std::optional<AccessGrant> grant; // nullopt: refused
        QString reason; // why it was refused, for the log and the client; never the token
    };

    // Requires nothing and allows every origin until load() says otherwise.
    // clock (its wall clock) decides whether a JWT has expired; it must
    // outlive this.
    explicit AccessControl(Clock &clock);
    ~AccessControl();
    Q_DISABLE_COPY_MOVE(AccessControl)

    // Reads the files and replaces the policy; false, with why in *error,
    // when one cannot be read (the policy in force then stays).
    bool load(const Settings &settings, QString *error);

    // Whether clients must present a token.
    bool isRequired() const;
    bool allowsOrigin(QByteArrayView origin) const;
    // A static token or a valid JWT; any token passes when none is required.
    Verdict authenticate(QByteArrayView token) const;
    // Milliseconds from now until a grant's expiry (negative once past).
    qint64 msUntil(qint64 wallClockMs) const;

    // The token a JSON client sends with its handshake: the bearer token of
    // its Authorization header, else its ?token= query parameter.
    static QByteArray tokenOf(const HttpRequestHead &head);

private:
    struct Policy {
        std::optional<TokenSet> tokens;
        std::optional<JwtVerifier> jwt;
        OriginPolicy origins;
    };
    std::shared_ptr<const Policy> policy() const;

    Clock &m_clock;
    mutable QMutex m_mutex;
    std::shared_ptr<const Policy> m_policy; // under m_mutex
};
