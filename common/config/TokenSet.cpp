#include "config/TokenSet.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QFile>

namespace {

QByteArray digest(QByteArrayView token)
{
    return QCryptographicHash::hash(token, QCryptographicHash::Sha256);
}

} // namespace

std::optional<TokenSet> TokenSet::load(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QCoreApplication::translate("TokenSet", "cannot read %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    TokenSet set;
    for (const QByteArray &line : file.readAll().split('\n')) {
        const QByteArray token = line.trimmed();
        if (!token.isEmpty() && !token.startsWith('#'))
            set.m_digests.append(digest(token));
    }
    if (set.isEmpty()) {
        if (error)
            *error = QCoreApplication::translate("TokenSet", "%1 holds no token (one per line)").arg(path);
        return std::nullopt;
    }
    return set;
}

bool TokenSet::accepts(QByteArrayView candidate) const
{
    if (candidate.isEmpty())
        return false;
    const QByteArray theirs = digest(candidate);
    bool accepted = false;
    for (const QByteArray &ours : m_digests) {
        // Every byte of every token is compared, whatever matches.
        unsigned char difference = 0;
        for (qsizetype i = 0; i < ours.size(); ++i)
            difference |= static_cast<unsigned char>(ours.at(i) ^ theirs.at(i));
        accepted |= difference == 0;
    }
    return accepted;
}

QByteArray TokenSet::bearer(const QByteArray &authorization)
{
    const QByteArray value = authorization.trimmed();
    if (value.size() < 7 || qstrnicmp(value.constData(), "bearer ", 7) != 0)
        return {};
    return value.mid(7).trimmed();
}
