#include "transport/OriginPolicy.h"

#include <QCoreApplication>

std::optional<OriginPolicy::Entry> OriginPolicy::split(const QString &origin)
{
    // An origin is scheme://host[:port] and nothing more (RFC 6454 §6.1).
    const qsizetype schemeEnd = origin.indexOf(QLatin1String("://"));
    if (schemeEnd <= 0)
        return std::nullopt;
    Entry entry;
    entry.scheme = origin.first(schemeEnd).toLower();
    QString authority = origin.sliced(schemeEnd + 3).toLower();
    if (authority.isEmpty() || authority.contains(QLatin1Char('/')) || authority.contains(QLatin1Char('@'))
        || authority.contains(QLatin1Char('?')) || authority.contains(QLatin1Char('#')))
        return std::nullopt;
    if (authority.startsWith(QLatin1String("*."))) {
        entry.wildcard = true;
        authority.remove(0, 2);
    }
    // The port follows the last colon outside an IPv6 literal's brackets.
    const qsizetype colon = authority.lastIndexOf(QLatin1Char(':'));
    if (colon >= 0 && colon > authority.lastIndexOf(QLatin1Char(']'))) {
        bool ok = false;
        const int port = authority.sliced(colon + 1).toInt(&ok);
        if (!ok || port < 1 || port > 65535)
            return std::nullopt;
        entry.port = port;
        authority.truncate(colon);
    }
    if (authority.isEmpty() || authority.contains(QLatin1Char('*')))
        return std::nullopt;
    entry.host = authority;
    if (entry.port < 0)
        entry.port = entry.scheme == QLatin1String("https") ? 443 : entry.scheme == QLatin1String("http") ? 80 : -1;
    return entry;
}

std::optional<OriginPolicy> OriginPolicy::parse(const QStringList &entries, QString *error)
{
    OriginPolicy policy;
    policy.m_allowsAll = entries.isEmpty();
    for (const QString &raw : entries) {
        const QString text = raw.trimmed();
        if (text == QLatin1String("*")) {
            policy.m_allowsAll = true;
            continue;
        }
        const std::optional<Entry> entry = split(text);
        if (!entry || (entry->scheme != QLatin1String("http") && entry->scheme != QLatin1String("https"))) {
            if (error)
                *error = QCoreApplication::translate("OriginPolicy",
                    "\"%1\" is not an origin: expected http(s)://host[:port], or http(s)://*.domain[:port] for its subdomains, or *")
                             .arg(text);
            return std::nullopt;
        }
        policy.m_entries.append(*entry);
    }
    return policy;
}

bool OriginPolicy::allows(QByteArrayView origin) const
{
    if (m_allowsAll || origin.isEmpty())
        return true;
    const std::optional<Entry> theirs = split(QString::fromUtf8(origin.trimmed()));
    if (!theirs || theirs->wildcard)
        return false;
    for (const Entry &ours : m_entries) {
        if (ours.scheme != theirs->scheme || ours.port != theirs->port)
            continue;
        if (ours.wildcard ? theirs->host.endsWith(QLatin1Char('.') + ours.host) : theirs->host == ours.host)
            return true;
    }
    return false;
}
