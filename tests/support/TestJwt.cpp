#include "TestJwt.h"

#include <QJsonDocument>
#include <QMessageAuthenticationCode>

QByteArray TestJwt::base64Url(const QByteArray &bytes)
{
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QByteArray TestJwt::make(
    const QJsonObject &header, const QJsonObject &claims, const QByteArray &secret, QCryptographicHash::Algorithm hmac, bool sign)
{
    const QByteArray signingInput = base64Url(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.'
        + base64Url(QJsonDocument(claims).toJson(QJsonDocument::Compact));
    const QByteArray signature = sign ? base64Url(QMessageAuthenticationCode::hash(signingInput, secret, hmac)) : QByteArray();
    return signingInput + '.' + signature;
}

QByteArray TestJwt::hs256(const QJsonObject &claims, const QByteArray &secret)
{
    return make({{QStringLiteral("alg"), QStringLiteral("HS256")}, {QStringLiteral("typ"), QStringLiteral("JWT")}}, claims, secret);
}
