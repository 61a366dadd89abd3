#include "protocol/StreamEvents.h"

namespace {

const QString SubscribePrefix = QStringLiteral("subscribe");
const QString UnsubscribePrefix = QStringLiteral("unsubscribe");

QString capitalized(const QString &stream)
{
    if (stream.isEmpty())
        return stream;
    return stream.front().toUpper() + stream.sliced(1);
}

std::optional<QString> streamAfter(const QString &event, const QString &prefix)
{
    if (!event.startsWith(prefix) || event.size() == prefix.size())
        return std::nullopt;
    const QChar first = event.at(prefix.size());
    if (!first.isUpper())
        return std::nullopt;
    return first.toLower() + event.sliced(prefix.size() + 1);
}

} // namespace

namespace StreamEvents {

std::optional<Request> parse(const QString &event)
{
    if (const auto stream = streamAfter(event, UnsubscribePrefix))
        return Request {Action::Unsubscribe, *stream};
    if (const auto stream = streamAfter(event, SubscribePrefix))
        return Request {Action::Subscribe, *stream};
    return std::nullopt;
}

QString subscribeEvent(const QString &stream)
{
    return SubscribePrefix + capitalized(stream);
}

QString unsubscribeEvent(const QString &stream)
{
    return UnsubscribePrefix + capitalized(stream);
}

} // namespace StreamEvents
