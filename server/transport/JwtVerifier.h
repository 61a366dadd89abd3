#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringList>

#include <optional>

// Verifies the JSON Web Tokens clients present (docs/security.md, Access
// control): HS256 only, signed with the secret of --jwt-secret-file, with
// `exp` and `nbf` checked against a time the caller gives, within a leeway.
// libjwt checks the signature; the algorithm is checked here first, since
// libjwt would verify an HS384 or HS512 token with the same secret, and
// `alg: none` must never pass. An optional `streams` claim, a list of
// stream names, limits what the token's holder may subscribe to.
//
// Immutable once made, so one verifier serves every I/O thread. The secret
// and the tokens are never logged, nor put in a failure's reason.
class JwtVerifier final {
public:
    // Longest token read: far more than any sensible set of claims, and
    // little enough that no client makes libjwt decode megabytes.
    static constexpr qsizetype MaxTokenBytes = 8 * 1024;
    // RFC 7518 §3.2: an HS256 key must have at least 256 bits.
    static constexpr qsizetype MinSecretBytes = 32;

    enum class Failure {
        None,
        Malformed, // not three base64url parts of JSON, or too long
        Algorithm, // anything but HS256 (none, HS512, RS256, …)
        Signature, // not signed with our secret
        Claims, // exp, nbf or streams of the wrong type
        Expired, // exp (plus the leeway) has passed
        NotYetValid, // nbf (less the leeway) is still ahead
    };

    struct Result {
        Failure failure = Failure::None;
        // For a valid token: the streams it may subscribe to (nullopt: any),
        // and when it expires, in ms since the epoch (nullopt: never).
        std::optional<QStringList> streams;
        std::optional<qint64> expiresAtMs;

        bool isValid() const { return failure == Failure::None; }
    };

    // secret: at least MinSecretBytes; leewaySeconds: how far exp and nbf may be off.
    JwtVerifier(QByteArray secret, int leewaySeconds);

    // The secret in the file at path: its content less surrounding white
    // space (a trailing newline, typically). nullopt, and why in *error,
    // when it cannot be read or is shorter than MinSecretBytes.
    static std::optional<QByteArray> loadSecret(const QString &path, QString *error);

    Result verify(QByteArrayView token, qint64 nowMs) const;
    int leewaySeconds() const { return m_leewaySeconds; }

    // Why a token was refused, for the log and the client: never the token.
    static QString describe(Failure failure);

private:
    // Whether the token's signature is the HMAC-SHA256 of its first two
    // parts with the secret (compared in constant time): only to tell why
    // libjwt refused a token, never to accept one.
    bool signedWithSecret(QByteArrayView token) const;

    QByteArray m_secret;
    int m_leewaySeconds;
};
