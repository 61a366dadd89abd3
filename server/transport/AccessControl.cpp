#include "transport/AccessControl.h"

#include "time/Clock.h"
#include "transport/HttpRequestHead.h"

#include <QMutexLocker>

AccessControl::AccessControl(Clock &clock)
    : m_clock(clock)
    , m_policy(std::make_shared<const Policy>())
{
}

AccessControl::~AccessControl() = default;

bool AccessControl::load(const Settings &settings, QString *error)
{
    auto policy = std::make_shared<Policy>();
    if (!settings.tokenFile.isEmpty() && !(policy->tokens = TokenSet::load(settings.tokenFile, error)))
        return false;
    if (!settings.jwtSecretFile.isEmpty()) {
        std::optional<QByteArray> secret = JwtVerifier::loadSecret(settings.jwtSecretFile, error);
        if (!secret)
            return false;
        policy->jwt.emplace(std::move(*secret), settings.jwtLeewaySeconds);
    }
    std::optional<OriginPolicy> origins = OriginPolicy::parse(settings.allowedOrigins, error);
    if (!origins)
        return false;
    policy->origins = std::move(*origins);
    const QMutexLocker locker(&m_mutex);
    m_policy = std::move(policy);
    return true;
}

std::shared_ptr<const AccessControl::Policy> AccessControl::policy() const
{
    const QMutexLocker locker(&m_mutex);
    return m_policy;
}

bool AccessControl::isRequired() const
{
    const std::shared_ptr<const Policy> current = policy();
    return current->tokens || current->jwt;
}

bool AccessControl::allowsOrigin(QByteArrayView origin) const
{
    return policy()->origins.allows(origin);
}

AccessControl::Verdict AccessControl::authenticate(QByteArrayView token) const
{
    const std::shared_ptr<const Policy> current = policy();
    if (!current->tokens && !current->jwt)
        return {AccessGrant {}, {}};
    if (token.isEmpty())
        return {std::nullopt, QStringLiteral("a token is required")};
    // A static token is tried even when it looks like a JWT, and in constant
    // time either way (TokenSet::accepts).
    if (current->tokens && current->tokens->accepts(token))
        return {AccessGrant {}, {}};
    if (!current->jwt)
        return {std::nullopt, QStringLiteral("invalid token")};
    const JwtVerifier::Result result = current->jwt->verify(token, m_clock.now().toMSecsSinceEpoch());
    if (!result.isValid())
        return {std::nullopt, JwtVerifier::describe(result.failure)};
    AccessGrant grant;
    if (result.streams)
        grant.streams = QSet<QString>(result.streams->cbegin(), result.streams->cend());
    grant.expiresAtMs = result.expiresAtMs;
    return {grant, {}};
}

qint64 AccessControl::msUntil(qint64 wallClockMs) const
{
    return wallClockMs - m_clock.now().toMSecsSinceEpoch();
}

QByteArray AccessControl::tokenOf(const HttpRequestHead &head)
{
    const QByteArray bearer = TokenSet::bearer(head.header("authorization"));
    if (!bearer.isEmpty())
        return bearer;
    return head.query().queryItemValue(QStringLiteral("token"), QUrl::FullyDecoded).toUtf8();
}
