#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

// Secret tokens read from a file, one per line (blank lines and lines
// starting with # are skipped), for the bearer tokens of the status API,
// /metrics and (later) clients. A candidate is compared with every token in
// time that depends on neither its content nor its length (both sides are
// hashed first), so that timing tells an attacker nothing. Tokens are never
// logged or shown.
class TokenSet final {
public:
    TokenSet() = default;

    // nullopt, and why in *error, when the file cannot be read or holds no token.
    static std::optional<TokenSet> load(const QString &path, QString *error);

    bool isEmpty() const { return m_digests.isEmpty(); }
    qsizetype size() const { return m_digests.size(); }
    bool accepts(QByteArrayView candidate) const;

    // The token of an "Authorization: Bearer <token>" header value; empty if none.
    static QByteArray bearer(const QByteArray &authorization);

private:
    QList<QByteArray> m_digests; // SHA-256 of each token
};
