// The tokens clients present (AccessControl, docs/security.md): JwtVerifier
// on the bytes as a token, and on the bytes as the claims of a token signed
// with the right secret, and OriginPolicy on the bytes as an Origin header.
// Properties: a token is accepted only if its header says HS256, its
// signature is the HMAC-SHA256 of its first two parts with the secret, and
// its exp (with the leeway) is still ahead; a token we signed is never
// refused for its signature or algorithm; and origins match whatever the
// case of their ASCII letters.

#include "FuzzCheck.h"

#include "transport/JwtVerifier.h"
#include "transport/OriginPolicy.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>

#include <cstddef>
#include <cstdint>

namespace {

const QByteArray Secret = "datagate-fuzz-secret-0123456789abcdef";
constexpr qint64 NowMs = 1'700'000'000'000;
constexpr int LeewaySeconds = 30;

QByteArray base64Url(const QByteArray &bytes)
{
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

void checkAccepted(QByteArrayView token, const JwtVerifier::Result &result)
{
    const QList<QByteArray> parts = token.toByteArray().split('.');
    FUZZ_CHECK(parts.size() == 3);
    const auto header = QByteArray::fromBase64Encoding(parts[0], QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    FUZZ_CHECK(header);
    FUZZ_CHECK(QJsonDocument::fromJson(*header).object().value(QStringLiteral("alg")).toString() == QLatin1String("HS256"));
    const QByteArray expected = QMessageAuthenticationCode::hash(parts[0] + '.' + parts[1], Secret, QCryptographicHash::Sha256);
    const auto signature = QByteArray::fromBase64Encoding(parts[2], QByteArray::Base64UrlEncoding);
    FUZZ_CHECK(signature.decoded == expected);
    if (result.expiresAtMs)
        FUZZ_CHECK(NowMs < *result.expiresAtMs);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    static const JwtVerifier verifier(Secret, LeewaySeconds);

    const JwtVerifier::Result asToken = verifier.verify(input, NowMs);
    if (asToken.isValid())
        checkAccepted(input, asToken);
    FUZZ_CHECK(!JwtVerifier::describe(asToken.failure).isEmpty());

    // The bytes as the claims of a token signed as datagate's backend would.
    const QByteArray signingInput = base64Url(R"({"alg":"HS256","typ":"JWT"})") + '.' + base64Url(input);
    const QByteArray signedToken =
        signingInput + '.' + base64Url(QMessageAuthenticationCode::hash(signingInput, Secret, QCryptographicHash::Sha256));
    const JwtVerifier::Result asClaims = verifier.verify(signedToken, NowMs);
    FUZZ_CHECK(asClaims.failure != JwtVerifier::Failure::Signature && asClaims.failure != JwtVerifier::Failure::Algorithm);
    if (asClaims.isValid())
        checkAccepted(signedToken, asClaims);

    // The bytes as an Origin header.
    static const std::optional<OriginPolicy> origins = OriginPolicy::parse(
        {QStringLiteral("https://app.example.com"), QStringLiteral("https://*.example.org"), QStringLiteral("http://localhost:8080")});
    FUZZ_CHECK(origins);
    const bool allowed = origins->allows(input);
    bool ascii = true;
    for (const char c : input)
        ascii = ascii && static_cast<unsigned char>(c) < 0x80;
    if (ascii) {
        FUZZ_CHECK(origins->allows(input.toUpper()) == allowed);
        FUZZ_CHECK(origins->allows(input.toLower()) == allowed);
    }
    return 0;
}
