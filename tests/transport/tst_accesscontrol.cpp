// Access control on its own (docs/security.md): JwtVerifier's verdicts on
// good and bad tokens (signature, algorithm, exp and nbf around the leeway,
// malformed parts, the streams claim), OriginPolicy's matching, and
// AccessControl's static tokens, JWTs on an injected clock, reload and the
// token a JSON handshake carries.
#include "TestJwt.h"

#include "time/ManualClock.h"
#include "transport/AccessControl.h"
#include "transport/HttpRequestHead.h"
#include "transport/JwtVerifier.h"
#include "transport/OriginPolicy.h"

#include <QJsonArray>
#include <QMessageAuthenticationCode>
#include <QTemporaryDir>
#include <QTest>

namespace {

using Failure = JwtVerifier::Failure;

// The time the verifier is asked at: a whole second, in ms.
constexpr qint64 NowMs = 1'700'000'000'000;
constexpr qint64 NowS = NowMs / 1000;

const QJsonObject Hs256 {{QStringLiteral("alg"), QStringLiteral("HS256")}, {QStringLiteral("typ"), QStringLiteral("JWT")}};

QJsonObject header(const QString &alg)
{
    return {{QStringLiteral("alg"), alg}, {QStringLiteral("typ"), QStringLiteral("JWT")}};
}

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(content) == content.size();
}

} // namespace

class TestAccessControl final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void verify_data();
    void verify();
    void secretFile_data();
    void secretFile();
    void origins_data();
    void origins();
    void invalidOrigins_data();
    void invalidOrigins();
    void staticTokens();
    void jwtOnTheClock();
    void reloadKeepsPolicyOnError();
    void tokenOfHandshake_data();
    void tokenOfHandshake();
};

void TestAccessControl::verify_data()
{
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<int>("leeway");
    QTest::addColumn<Failure>("failure");
    QTest::addColumn<QVariant>("streams"); // QStringList, or invalid for none
    QTest::addColumn<qint64>("expiresAtMs"); // -1: none

    const QByteArray otherSecret = "another-secret-of-32-bytes-or-more";
    const QByteArray valid = TestJwt::hs256({{QStringLiteral("exp"), NowS + 60}});
    QList<QByteArray> validParts = valid.split('.');

    QTest::addRow("no claims") << TestJwt::hs256({}) << 30 << Failure::None << QVariant() << qint64(-1);
    QTest::addRow("exp and streams") << TestJwt::hs256(
        {{QStringLiteral("exp"), NowS + 60}, {QStringLiteral("streams"), QJsonArray {QStringLiteral("a"), QStringLiteral("b")}}})
                                     << 30 << Failure::None << QVariant(QStringList {QStringLiteral("a"), QStringLiteral("b")})
                                     << NowMs + 90'000;
    QTest::addRow("empty streams: none allowed")
        << TestJwt::hs256({{QStringLiteral("streams"), QJsonArray()}}) << 30 << Failure::None << QVariant(QStringList()) << qint64(-1);
    QTest::addRow("fractional exp") << TestJwt::hs256({{QStringLiteral("exp"), double(NowS) + 0.5}}) << 0 << Failure::None << QVariant()
                                    << NowMs + 500;

    // exp: refused on and after exp + leeway (RFC 7519 §4.1.4).
    QTest::addRow("expired past the leeway") << TestJwt::hs256({{QStringLiteral("exp"), NowS - 31}}) << 30 << Failure::Expired << QVariant()
                                             << qint64(-1);
    QTest::addRow("expired at exp + leeway") << TestJwt::hs256({{QStringLiteral("exp"), NowS - 30}}) << 30 << Failure::Expired << QVariant()
                                             << qint64(-1);
    QTest::addRow("expired within the leeway") << TestJwt::hs256({{QStringLiteral("exp"), NowS - 29}}) << 30 << Failure::None << QVariant()
                                               << NowMs + 1000;
    QTest::addRow("no leeway, exp now") << TestJwt::hs256({{QStringLiteral("exp"), NowS}}) << 0 << Failure::Expired << QVariant()
                                        << qint64(-1);
    QTest::addRow("no leeway, exp in 1 s") << TestJwt::hs256({{QStringLiteral("exp"), NowS + 1}}) << 0 << Failure::None << QVariant()
                                           << NowMs + 1000;
    // nbf: refused before nbf - leeway.
    QTest::addRow("nbf ahead past the leeway") << TestJwt::hs256({{QStringLiteral("nbf"), NowS + 31}}) << 30 << Failure::NotYetValid
                                               << QVariant() << qint64(-1);
    QTest::addRow("nbf ahead within the leeway")
        << TestJwt::hs256({{QStringLiteral("nbf"), NowS + 30}}) << 30 << Failure::None << QVariant() << qint64(-1);
    QTest::addRow("no leeway, nbf 1 s ahead") << TestJwt::hs256({{QStringLiteral("nbf"), NowS + 1}}) << 0 << Failure::NotYetValid
                                              << QVariant() << qint64(-1);
    QTest::addRow("no leeway, nbf now") << TestJwt::hs256({{QStringLiteral("nbf"), NowS}}) << 0 << Failure::None << QVariant()
                                        << qint64(-1);

    QTest::addRow("signed with another secret") << TestJwt::hs256({}, otherSecret) << 30 << Failure::Signature << QVariant() << qint64(-1);
    QTest::addRow("claims changed after signing")
        << QByteArray(validParts[0] + '.' + TestJwt::base64Url(R"({"exp":99999999999})") + '.' + validParts[2]) << 30 << Failure::Signature
        << QVariant() << qint64(-1);
    QTest::addRow("signature cut") << QByteArray(validParts[0] + '.' + validParts[1] + '.' + validParts[2].chopped(2)) << 30
                                   << Failure::Signature << QVariant() << qint64(-1);
    QTest::addRow("no signature") << QByteArray(validParts[0] + '.' + validParts[1] + '.') << 30 << Failure::Signature << QVariant()
                                  << qint64(-1);

    // Only HS256, whatever the token says.
    QTest::addRow("alg none, unsigned") << TestJwt::make(header(QStringLiteral("none")), {}, {}, QCryptographicHash::Sha256, false) << 30
                                        << Failure::Algorithm << QVariant() << qint64(-1);
    QTest::addRow("alg none, signed") << TestJwt::make(header(QStringLiteral("none")), {}) << 30 << Failure::Algorithm << QVariant()
                                      << qint64(-1);
    QTest::addRow("alg None") << TestJwt::make(header(QStringLiteral("None")), {}) << 30 << Failure::Algorithm << QVariant() << qint64(-1);
    QTest::addRow("HS512 with our secret") << TestJwt::make(
        header(QStringLiteral("HS512")), {}, TestJwt::Secret, QCryptographicHash::Sha512)
                                           << 30 << Failure::Algorithm << QVariant() << qint64(-1);
    QTest::addRow("HS384 with our secret") << TestJwt::make(
        header(QStringLiteral("HS384")), {}, TestJwt::Secret, QCryptographicHash::Sha384)
                                           << 30 << Failure::Algorithm << QVariant() << qint64(-1);
    QTest::addRow("RS256") << QByteArray(TestJwt::make(header(QStringLiteral("RS256")), {}, {}, QCryptographicHash::Sha256, false)
        + TestJwt::base64Url(QByteArray(256, 'x')))
                           << 30 << Failure::Algorithm << QVariant() << qint64(-1);
    QTest::addRow("no alg") << TestJwt::make({{QStringLiteral("typ"), QStringLiteral("JWT")}}, {}) << 30 << Failure::Algorithm << QVariant()
                            << qint64(-1);

    QTest::addRow("empty") << QByteArray() << 30 << Failure::Malformed << QVariant() << qint64(-1);
    QTest::addRow("two parts") << QByteArray(validParts[0] + '.' + validParts[1]) << 30 << Failure::Malformed << QVariant() << qint64(-1);
    QTest::addRow("four parts") << QByteArray(valid + ".x") << 30 << Failure::Malformed << QVariant() << qint64(-1);
    QTest::addRow("not base64url") << QByteArray("e30!.e30.x") << 30 << Failure::Malformed << QVariant() << qint64(-1);
    QTest::addRow("header not JSON") << QByteArray(TestJwt::base64Url("HS256") + ".e30.x") << 30 << Failure::Malformed << QVariant()
                                     << qint64(-1);
    // Signed by us, and still unreadable: malformed, not badly signed.
    for (const QByteArray &claims : {QByteArray("{not json"), QByteArray("[1]"), QByteArray(R"({"a":"\u0000"})")}) {
        const QByteArray signingInput = TestJwt::make(Hs256, {}).split('.')[0] + '.' + TestJwt::base64Url(claims);
        QTest::addRow("claims %s, signed", claims.constData()) << QByteArray(signingInput + '.'
            + TestJwt::base64Url(QMessageAuthenticationCode::hash(signingInput, TestJwt::Secret, QCryptographicHash::Sha256)))
                                                               << 30 << Failure::Malformed << QVariant() << qint64(-1);
    }
    QTest::addRow("NUL inside") << QByteArray(validParts[0] + '.' + validParts[1] + '.' + QByteArray(1, '\0') + validParts[2]) << 30
                                << Failure::Malformed << QVariant() << qint64(-1);
    QTest::addRow("too long") << TestJwt::hs256({{QStringLiteral("pad"), QString(JwtVerifier::MaxTokenBytes, QLatin1Char('x'))}}) << 30
                              << Failure::Malformed << QVariant() << qint64(-1);

    QTest::addRow("exp a string") << TestJwt::hs256({{QStringLiteral("exp"), QString::number(NowS + 60)}}) << 30 << Failure::Claims
                                  << QVariant() << qint64(-1);
    QTest::addRow("nbf a bool") << TestJwt::hs256({{QStringLiteral("nbf"), true}}) << 30 << Failure::Claims << QVariant() << qint64(-1);
    QTest::addRow("exp out of range") << TestJwt::hs256({{QStringLiteral("exp"), 1e300}}) << 30 << Failure::Claims << QVariant()
                                      << qint64(-1);
    QTest::addRow("streams a string") << TestJwt::hs256({{QStringLiteral("streams"), QStringLiteral("a")}}) << 30 << Failure::Claims
                                      << QVariant() << qint64(-1);
    QTest::addRow("streams with a number") << TestJwt::hs256({{QStringLiteral("streams"), QJsonArray {QStringLiteral("a"), 1}}}) << 30
                                           << Failure::Claims << QVariant() << qint64(-1);
}

void TestAccessControl::verify()
{
    QFETCH(QByteArray, token);
    QFETCH(int, leeway);
    QFETCH(Failure, failure);
    QFETCH(QVariant, streams);
    QFETCH(qint64, expiresAtMs);

    const JwtVerifier verifier(TestJwt::Secret, leeway);
    const JwtVerifier::Result result = verifier.verify(token, NowMs);
    QCOMPARE(result.failure, failure);
    QCOMPARE(result.isValid(), failure == Failure::None);
    if (!result.isValid())
        return;
    QCOMPARE(result.streams.has_value(), streams.isValid());
    if (streams.isValid())
        QCOMPARE(*result.streams, streams.toStringList());
    QCOMPARE(result.expiresAtMs.value_or(-1), expiresAtMs);
}

void TestAccessControl::secretFile_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<bool>("accepted");
    QTest::addRow("32 bytes and a newline") << QByteArray(TestJwt::Secret + '\n') << true;
    QTest::addRow("31 bytes") << QByteArray(31, 'k') << false;
    QTest::addRow("32 bytes of which one is white space") << QByteArray(QByteArray(31, 'k') + ' ') << false;
    QTest::addRow("empty") << QByteArray() << false;
}

void TestAccessControl::secretFile()
{
    QFETCH(QByteArray, content);
    QFETCH(bool, accepted);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("secret"));
    QVERIFY(writeFile(path, content));
    QString error;
    const std::optional<QByteArray> secret = JwtVerifier::loadSecret(path, &error);
    QCOMPARE(secret.has_value(), accepted);
    if (accepted) {
        QCOMPARE(*secret, content.trimmed());
    } else {
        QVERIFY(error.contains(path));
        QVERIFY(!content.trimmed().isEmpty() ? !error.contains(QString::fromLatin1(content.trimmed())) : true);
    }
    QVERIFY(!JwtVerifier::loadSecret(dir.filePath(QStringLiteral("missing")), &error));
    QVERIFY(error.contains(QStringLiteral("missing")));
}

void TestAccessControl::origins_data()
{
    QTest::addColumn<QStringList>("allowed");
    QTest::addColumn<QByteArray>("origin");
    QTest::addColumn<bool>("allows");

    const QStringList example {
        QStringLiteral("https://app.example.com"), QStringLiteral("https://*.example.org"), QStringLiteral("http://localhost:8080")};
    QTest::addRow("default: every origin") << QStringList() << QByteArray("https://evil.test") << true;
    QTest::addRow("* among others") << QStringList {QStringLiteral("https://a.test"), QStringLiteral("*")}
                                    << QByteArray("https://evil.test") << true;
    QTest::addRow("no Origin header") << example << QByteArray() << true;
    QTest::addRow("listed") << example << QByteArray("https://app.example.com") << true;
    QTest::addRow("listed, other case") << example << QByteArray("HTTPS://App.Example.COM") << true;
    QTest::addRow("listed, explicit default port") << example << QByteArray("https://app.example.com:443") << true;
    QTest::addRow("other port") << example << QByteArray("https://app.example.com:8443") << false;
    QTest::addRow("other scheme") << example << QByteArray("http://app.example.com") << false;
    QTest::addRow("subdomain of a plain entry") << example << QByteArray("https://x.app.example.com") << false;
    QTest::addRow("suffix trick") << example << QByteArray("https://app.example.com.evil.test") << false;
    QTest::addRow("wildcard: subdomain") << example << QByteArray("https://shop.example.org") << true;
    QTest::addRow("wildcard: deeper subdomain") << example << QByteArray("https://a.b.example.org") << true;
    QTest::addRow("wildcard: not the domain itself") << example << QByteArray("https://example.org") << false;
    QTest::addRow("wildcard: not a longer name") << example << QByteArray("https://evilexample.org") << false;
    QTest::addRow("wildcard: other scheme") << example << QByteArray("http://shop.example.org") << false;
    QTest::addRow("port listed") << example << QByteArray("http://localhost:8080") << true;
    QTest::addRow("port not listed") << example << QByteArray("http://localhost") << false;
    QTest::addRow("null origin") << example << QByteArray("null") << false;
    QTest::addRow("origin with a path") << example << QByteArray("https://app.example.com/x") << false;
    QTest::addRow("origin that is a wildcard") << example << QByteArray("https://*.example.org") << false;
}

void TestAccessControl::origins()
{
    QFETCH(QStringList, allowed);
    QFETCH(QByteArray, origin);
    QFETCH(bool, allows);
    const std::optional<OriginPolicy> policy = OriginPolicy::parse(allowed);
    QVERIFY(policy);
    QCOMPARE(policy->allows(origin), allows);
}

void TestAccessControl::invalidOrigins_data()
{
    QTest::addColumn<QString>("entry");
    QTest::addRow("no scheme") << QStringLiteral("app.example.com");
    QTest::addRow("other scheme") << QStringLiteral("ftp://example.com");
    QTest::addRow("a path") << QStringLiteral("https://example.com/app");
    QTest::addRow("wildcard inside") << QStringLiteral("https://app.*.com");
    QTest::addRow("bare wildcard host") << QStringLiteral("https://*");
    QTest::addRow("bad port") << QStringLiteral("https://example.com:99999");
}

void TestAccessControl::invalidOrigins()
{
    QFETCH(QString, entry);
    QString error;
    QVERIFY(!OriginPolicy::parse({QStringLiteral("https://ok.test"), entry}, &error));
    QVERIFY2(error.contains(entry), qPrintable(error));
}

void TestAccessControl::staticTokens()
{
    QTemporaryDir dir;
    const QString tokens = dir.filePath(QStringLiteral("tokens"));
    QVERIFY(writeFile(tokens, "# the dashboard\nfirst-token\n\n  second-token  \n#not-a-token\n"));
    ManualClock clock;
    AccessControl access(clock);
    QVERIFY(!access.isRequired());
    QVERIFY(access.authenticate({}).grant); // open until load()

    QString error;
    QVERIFY2(access.load({tokens, {}, 30, {}}, &error), qPrintable(error));
    QVERIFY(access.isRequired());
    for (const QByteArray &token : {QByteArray("first-token"), QByteArray("second-token")}) {
        const AccessControl::Verdict verdict = access.authenticate(token);
        QVERIFY(verdict.grant);
        QVERIFY(!verdict.grant->streams); // every stream
        QVERIFY(!verdict.grant->expiresAtMs);
    }
    for (const QByteArray &token : {QByteArray("#not-a-token"), QByteArray("first-toke"), QByteArray("first-token2"), QByteArray()}) {
        const AccessControl::Verdict verdict = access.authenticate(token);
        QVERIFY(!verdict.grant);
        QVERIFY(!verdict.reason.isEmpty());
        QVERIFY(token.isEmpty() || !verdict.reason.contains(QString::fromLatin1(token)));
    }
    // Without a JWT secret, a JWT is just a wrong token.
    QVERIFY(!access.authenticate(TestJwt::hs256({})).grant);
}

void TestAccessControl::jwtOnTheClock()
{
    QTemporaryDir dir;
    const QString secret = dir.filePath(QStringLiteral("secret"));
    const QString tokens = dir.filePath(QStringLiteral("tokens"));
    QVERIFY(writeFile(secret, TestJwt::Secret + '\n'));
    QVERIFY(writeFile(tokens, "static-token\n"));
    ManualClock clock;
    AccessControl access(clock);
    QString error;
    QVERIFY2(access.load({tokens, secret, 5, {}}, &error), qPrintable(error));

    const qint64 nowS = clock.now().toSecsSinceEpoch();
    const QByteArray jwt =
        TestJwt::hs256({{QStringLiteral("exp"), nowS + 10}, {QStringLiteral("streams"), QJsonArray {QStringLiteral("a")}}});
    AccessControl::Verdict verdict = access.authenticate(jwt);
    QVERIFY2(verdict.grant, qPrintable(verdict.reason));
    QVERIFY(verdict.grant->allows(QStringLiteral("a")));
    QVERIFY(!verdict.grant->allows(QStringLiteral("b")));
    QCOMPARE(verdict.grant->expiresAtMs, (nowS + 15) * 1000);
    QCOMPARE(access.msUntil(*verdict.grant->expiresAtMs), 15'000);
    // A static token still works beside the secret.
    QVERIFY(access.authenticate("static-token").grant);

    clock.advance(14'999);
    QVERIFY(access.authenticate(jwt).grant);
    QCOMPARE(access.msUntil(*verdict.grant->expiresAtMs), 1);
    clock.advance(1);
    verdict = access.authenticate(jwt);
    QVERIFY(!verdict.grant);
    QCOMPARE(verdict.reason, JwtVerifier::describe(Failure::Expired));
}

void TestAccessControl::reloadKeepsPolicyOnError()
{
    QTemporaryDir dir;
    const QString tokens = dir.filePath(QStringLiteral("tokens"));
    QVERIFY(writeFile(tokens, "old-token\n"));
    ManualClock clock;
    AccessControl access(clock);
    QString error;
    QVERIFY(access.load({tokens, {}, 30, {QStringLiteral("https://a.test")}}, &error));
    QVERIFY(access.authenticate("old-token").grant);

    // Rotated under the same name: the new set, and only it.
    QVERIFY(writeFile(tokens, "new-token\n"));
    QVERIFY(access.load({tokens, {}, 30, {QStringLiteral("https://b.test")}}, &error));
    QVERIFY(!access.authenticate("old-token").grant);
    QVERIFY(access.authenticate("new-token").grant);
    QVERIFY(access.allowsOrigin("https://b.test"));
    QVERIFY(!access.allowsOrigin("https://a.test"));

    // An unreadable file, or a bad origin, changes nothing.
    QVERIFY(!access.load({dir.filePath(QStringLiteral("gone")), {}, 30, {}}, &error));
    QVERIFY(error.contains(QStringLiteral("gone")));
    QVERIFY(!access.load({tokens, {}, 30, {QStringLiteral("nonsense")}}, &error));
    QVERIFY(access.authenticate("new-token").grant);
    QVERIFY(!access.authenticate("other").grant);
    QVERIFY(!access.allowsOrigin("https://a.test"));
}

void TestAccessControl::tokenOfHandshake_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<QByteArray>("token");
    QTest::addRow("bearer") << QByteArray("GET /ws HTTP/1.1\r\nAuthorization: Bearer abc.def\r\n\r\n") << QByteArray("abc.def");
    QTest::addRow("bearer, any case") << QByteArray("GET /ws HTTP/1.1\r\nauthorization: bEaReR  abc \r\n\r\n") << QByteArray("abc");
    QTest::addRow("query") << QByteArray("GET /ws?x=1&token=a%2Bb.c HTTP/1.1\r\n\r\n") << QByteArray("a+b.c");
    QTest::addRow("header before query") << QByteArray("GET /ws?token=q HTTP/1.1\r\nAuthorization: Bearer h\r\n\r\n") << QByteArray("h");
    QTest::addRow("basic is no bearer") << QByteArray("GET /ws HTTP/1.1\r\nAuthorization: Basic abc\r\n\r\n") << QByteArray();
    QTest::addRow("none") << QByteArray("GET /ws HTTP/1.1\r\n\r\n") << QByteArray();
}

void TestAccessControl::tokenOfHandshake()
{
    QFETCH(QByteArray, head);
    QFETCH(QByteArray, token);
    HttpRequestHead parsed;
    QCOMPARE(HttpRequestHead::parse(head, 4096, parsed), HttpRequestHead::ParseStatus::Complete);
    QCOMPARE(AccessControl::tokenOf(parsed), token);
}

QTEST_GUILESS_MAIN(TestAccessControl)
#include "tst_accesscontrol.moc"
