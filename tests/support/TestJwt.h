#pragma once

#include <QByteArray>
#include <QCryptographicHash>
#include <QJsonObject>

// JSON Web Tokens made by hand for tests, the way a backend issues them
// (base64url header and claims, HMAC over both), so that a test can also
// make the wrong ones: another algorithm, another key, a broken part.
namespace TestJwt {

// The secret tests sign with: 32 bytes, the least an HS256 key may have.
inline const QByteArray Secret = "datagate-test-secret-0123456789ab";

QByteArray base64Url(const QByteArray &bytes);
// header.claims.signature, the signature an HMAC with secret over the
// first two parts (or an empty one for an unsigned token).
QByteArray make(const QJsonObject &header, const QJsonObject &claims, const QByteArray &secret = Secret,
    QCryptographicHash::Algorithm hmac = QCryptographicHash::Sha256, bool sign = true);
// An HS256 token with these claims.
QByteArray hs256(const QJsonObject &claims, const QByteArray &secret = Secret);

} // namespace TestJwt
