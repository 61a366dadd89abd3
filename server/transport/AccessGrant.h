#pragma once

#include <QSet>
#include <QString>

#include <optional>

// What a client was granted when it presented its token (AccessControl):
// which streams it may subscribe to, and until when. A session keeps it for
// the life of its connection, whatever a reload changes afterwards.
struct AccessGrant {
    std::optional<QSet<QString>> streams; // nullopt: every stream
    std::optional<qint64> expiresAtMs; // wall clock; nullopt: never

    bool allows(const QString &stream) const { return !streams || streams->contains(stream); }
};
