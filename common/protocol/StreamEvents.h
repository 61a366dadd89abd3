#pragma once

#include <QString>

#include <optional>

// The event names both protocols use to (un)subscribe, derived from a stream's
// name so that a new feed needs no new protocol code:
//   stream "randomNumber" <-> "subscribeRandomNumber" / "unsubscribeRandomNumber".
namespace StreamEvents {

enum class Action { Subscribe, Unsubscribe };

struct Request {
    Action action;
    QString stream; // may name a stream that does not exist; the caller checks
};

// nullopt when the name is not of the form (un)subscribe<Stream>.
std::optional<Request> parse(const QString &event);
QString subscribeEvent(const QString &stream);
QString unsubscribeEvent(const QString &stream);

} // namespace StreamEvents
