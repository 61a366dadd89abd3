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
inline QByteArray channel(const QString &stream)
{
    return "datagate:ticks:" + stream.toUtf8();
}
// The health of a stream's feed as its producer sees it (the others show it),
// and the channel on which the producer announces a change of it.
inline QByteArray health(const QString &stream)
{
    return "datagate:health:" + stream.toUtf8();
}
inline QByteArray healthChannel(const QString &stream)
{
    return "datagate:health-changes:" + stream.toUtf8();
}
// A Socket.IO session kept for recovery on any instance, by its private id.
inline QByteArray socketIoSession(const QString &pid)
{
    return "datagate:sio-session:" + pid.toUtf8();
}
inline constexpr char ChannelPrefix[] = "datagate:ticks:";
inline constexpr char ChannelPattern[] = "datagate:ticks:*";
inline constexpr char HealthChannelPrefix[] = "datagate:health-changes:";
inline constexpr char HealthChannelPattern[] = "datagate:health-changes:*";
inline constexpr char Epoch[] = "datagate:epoch";
inline constexpr char Instances[] = "datagate:instances";

} // namespace ClusterKeys
