#include "cluster/RedisUrl.h"

#include <QUrl>

std::optional<RedisUrl> RedisUrl::parse(const QString &text, QString *error)
{
    const auto fail = [error](const QString &why) -> std::optional<RedisUrl> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid())
        return fail(QStringLiteral("not a URL: %1").arg(url.errorString()));
    if (url.scheme() == QLatin1String("rediss"))
        return fail(QStringLiteral("rediss:// (TLS) is not supported: Debian's hiredis 0.14 is built without TLS; "
                                   "use redis:// on a trusted network or a TLS tunnel (docs/scaling.md)"));
    if (url.scheme() != QLatin1String("redis"))
        return fail(QStringLiteral("expected redis://[:password@]host[:port][/db], not the scheme '%1'").arg(url.scheme()));
    RedisUrl result;
    result.host = url.host();
    if (result.host.isEmpty())
        return fail(QStringLiteral("the URL names no host"));
    const int port = url.port(6379);
    if (port <= 0 || port > 65535)
        return fail(QStringLiteral("the port must be 1 to 65535"));
    result.port = quint16(port);
    // Redis 6 ACL users are not supported by AUTH <password> alone; a user
    // name would be silently ignored, so refuse it.
    if (!url.userName().isEmpty())
        return fail(QStringLiteral("a user name is not supported; write redis://:password@host"));
    result.password = url.password(QUrl::FullyDecoded);
    const QString path = url.path();
    if (!path.isEmpty() && path != QLatin1String("/")) {
        bool ok = false;
        const int db = path.mid(1).toInt(&ok);
        if (!ok || db < 0)
            return fail(QStringLiteral("the database must be a number from 0 up, not '%1'").arg(path.mid(1)));
        result.db = db;
    }
    if (url.hasQuery() || url.hasFragment())
        return fail(QStringLiteral("the URL takes no query or fragment"));
    return result;
}

QString RedisUrl::display() const
{
    return QStringLiteral("%1:%2/%3").arg(host).arg(port).arg(db);
}
