#include "transport/JwtVerifier.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>

#include <jwt.h>

#include <cmath>
#include <cstdlib>
#include <memory>

namespace {

struct JwtFree {
    void operator()(jwt_t *jwt) const { jwt_free(jwt); }
};
struct MallocFree {
    void operator()(char *text) const { std::free(text); }
};

// A JSON object from one base64url part of a token; nullopt if it is not one.
std::optional<QJsonObject> jsonPart(QByteArrayView part)
{
    const auto decoded = QByteArray::fromBase64Encoding(
        part.toByteArray(), QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    QJsonParseError error {};
    const QJsonDocument document = QJsonDocument::fromJson(*decoded, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    return document.object();
}

// A NumericDate claim (RFC 7519 §2: seconds, fractions allowed) in ms; a
// claim that is absent is {true, nullopt}, one that is no number {false, …}.
std::pair<bool, std::optional<qint64>> dateClaim(const QJsonObject &claims, const QString &name)
{
    const QJsonValue value = claims.value(name);
    if (value.isUndefined())
        return {true, std::nullopt};
    // Beyond ±2^43 s (some 280,000 years) a date means nothing, and its ms
    // would not fit.
    if (!value.isDouble() || !std::isfinite(value.toDouble()) || std::abs(value.toDouble()) > 8.796e12)
        return {false, std::nullopt};
    return {true, qint64(std::floor(value.toDouble() * 1000.0))};
}

} // namespace

bool JwtVerifier::signedWithSecret(QByteArrayView token) const
{
    const qsizetype secondDot = token.lastIndexOf('.');
    const QByteArray expected =
        QMessageAuthenticationCode::hash(token.first(secondDot).toByteArray(), m_secret, QCryptographicHash::Sha256);
    const auto signature = QByteArray::fromBase64Encoding(token.sliced(secondDot + 1).toByteArray(),
        QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals | QByteArray::AbortOnBase64DecodingErrors);
    if (!signature || signature.decoded.size() != expected.size())
        return false;
    // Every byte compared, whichever differ.
    unsigned char difference = 0;
    for (qsizetype i = 0; i < expected.size(); ++i)
        difference |= static_cast<unsigned char>(expected.at(i) ^ signature.decoded.at(i));
    return difference == 0;
}

JwtVerifier::JwtVerifier(QByteArray secret, int leewaySeconds)
    : m_secret(std::move(secret))
    , m_leewaySeconds(leewaySeconds)
{
}

std::optional<QByteArray> JwtVerifier::loadSecret(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QCoreApplication::translate("JwtVerifier", "cannot read %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    QByteArray secret = file.read(64 * 1024).trimmed();
    if (secret.size() < MinSecretBytes) {
        if (error)
            *error = QCoreApplication::translate("JwtVerifier", "%1 holds a secret shorter than %2 bytes, too short for HS256")
                         .arg(path)
                         .arg(MinSecretBytes);
        return std::nullopt;
    }
    return secret;
}

JwtVerifier::Result JwtVerifier::verify(QByteArrayView token, qint64 nowMs) const
{
    Result result;
    if (token.isEmpty() || token.size() > MaxTokenBytes || token.count('.') != 2) {
        result.failure = Failure::Malformed;
        return result;
    }
    // The header is read before libjwt sees the token, so that only HS256
    // is ever verified: libjwt takes the algorithm from the token itself.
    const qsizetype firstDot = token.indexOf('.');
    const std::optional<QJsonObject> header = jsonPart(token.first(firstDot));
    if (!header) {
        result.failure = Failure::Malformed;
        return result;
    }
    if (header->value(QStringLiteral("alg")).toString() != QLatin1String("HS256")) {
        result.failure = Failure::Algorithm;
        return result;
    }

    // libjwt wants a C string; a token with a NUL inside is not one.
    const QByteArray text = token.toByteArray();
    if (text.contains('\0')) {
        result.failure = Failure::Malformed;
        return result;
    }
    jwt_t *raw = nullptr;
    const int status =
        jwt_decode(&raw, text.constData(), reinterpret_cast<const unsigned char *>(m_secret.constData()), int(m_secret.size()));
    const std::unique_ptr<jwt_t, JwtFree> jwt(raw);
    if (status != 0 || !jwt) {
        // libjwt says EINVAL both for a bad signature and for a header or
        // claims it cannot read (its JSON parser refuses some that Qt's
        // reads, "\u0000" for one): the signature tells which.
        result.failure = signedWithSecret(token) ? Failure::Malformed : Failure::Signature;
        return result;
    }
    if (jwt_get_alg(jwt.get()) != JWT_ALG_HS256) {
        result.failure = Failure::Algorithm;
        return result;
    }

    // The claims as libjwt verified them.
    const std::unique_ptr<char, MallocFree> grants(jwt_get_grants_json(jwt.get(), nullptr));
    const QJsonDocument document = grants ? QJsonDocument::fromJson(QByteArray(grants.get())) : QJsonDocument();
    if (!document.isObject()) {
        result.failure = Failure::Malformed;
        return result;
    }
    const QJsonObject claims = document.object();
    const auto [expOk, exp] = dateClaim(claims, QStringLiteral("exp"));
    const auto [nbfOk, nbf] = dateClaim(claims, QStringLiteral("nbf"));
    const QJsonValue streams = claims.value(QStringLiteral("streams"));
    if (!expOk || !nbfOk || !(streams.isUndefined() || streams.isArray())) {
        result.failure = Failure::Claims;
        return result;
    }
    if (streams.isArray()) {
        QStringList names;
        for (const QJsonValue &name : streams.toArray()) {
            if (!name.isString()) {
                result.failure = Failure::Claims;
                return result;
            }
            names.append(name.toString());
        }
        result.streams = names;
    }
    const qint64 leewayMs = qint64(m_leewaySeconds) * 1000;
    // RFC 7519 §4.1.4: the token must not be accepted on or after exp.
    if (exp && nowMs >= *exp + leewayMs) {
        result.failure = Failure::Expired;
        return result;
    }
    if (nbf && nowMs < *nbf - leewayMs) {
        result.failure = Failure::NotYetValid;
        return result;
    }
    if (exp)
        result.expiresAtMs = *exp + leewayMs;
    return result;
}

QString JwtVerifier::describe(Failure failure)
{
    switch (failure) {
    case Failure::None: return QStringLiteral("valid");
    case Failure::Malformed: return QStringLiteral("malformed token");
    case Failure::Algorithm: return QStringLiteral("token not signed with HS256");
    case Failure::Signature: return QStringLiteral("invalid token signature");
    case Failure::Claims: return QStringLiteral("invalid exp, nbf or streams claim");
    case Failure::Expired: return QStringLiteral("token expired");
    case Failure::NotYetValid: return QStringLiteral("token not valid yet");
    }
    return {};
}
