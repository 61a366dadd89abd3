#pragma once

#include <QByteArray>
#include <QString>

// The names of everything a cluster keeps in Redis (docs/scaling.md lists
// them with their TTLs). One place, so that no two files spell a key apart.
namespace ClusterKeys {

inline QByteArray lease(const QString &stream)
{
    return "datagate:lease:" + stream.toUtf8();
}
inline QByteArray seq(const QString &stream)
{
    return "datagate:seq:" + stream.toUtf8();
}
inline QByteArray history(const QString &stream)
{
    return "datagate:stream:" + stream.toUtf8();
}
inline constexpr char ChannelPrefix[] = "datagate:ticks:";
inline constexpr char ChannelPattern[] = "datagate:ticks:*";
inline QByteArray channel(const QString &stream)
{
    return ChannelPrefix + stream.toUtf8();
}
// The health of a stream's feed as its producer sees it (the others show it),
// and the channel on which the producer announces a change of it.
inline QByteArray health(const QString &stream)
{
    return "datagate:health:" + stream.toUtf8();
}
inline constexpr char HealthChannelPrefix[] = "datagate:health-changes:";
inline constexpr char HealthChannelPattern[] = "datagate:health-changes:*";
inline QByteArray healthChannel(const QString &stream)
{
    return HealthChannelPrefix + stream.toUtf8();
}
// A Socket.IO session kept for recovery on any instance, by its private id.
inline QByteArray socketIoSession(const QString &pid)
{
    return "datagate:sio-session:" + pid.toUtf8();
}
// The stream that a channel named <prefix><stream> is about (the prefix is
// one of the constants above; only its length is read).
template<qsizetype N> QString streamOf(const QByteArray &channel, const char (&)[N])
{
    return QString::fromUtf8(channel.mid(N - 1));
}
inline constexpr char Epoch[] = "datagate:epoch";
inline constexpr char Instances[] = "datagate:instances";

} // namespace ClusterKeys
