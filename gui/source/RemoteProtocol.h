#pragma once

#include "model/ClientInfo.h"
#include "model/ClusterStatus.h"
#include "model/FeedHealth.h"
#include "model/StreamInfo.h"
#include "model/Tick.h"
#include "model/TrafficStats.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>
#include <variant>

// What the remote source reads from another datagate, and the one request
// it sends: the status API's answers (/api/status, /api/clients,
// /api/history; their
// feed, client and traffic shapes are StatusJson's) and the JSON WebSocket
// protocol's messages (docs/protocol.md). Pure functions, so that every
// shape and every malformed answer is tested without a network. A parse
// error is a short English phrase for the log and for the banner's details.
namespace RemoteProtocol {

// GET /api/status, as far as the dashboard uses it.
struct Status {
    QString version;
    QDateTime startedAt; // on the remote's clock
    // The remote's clock when it answered (startedAt + uptimeSeconds).
    QDateTime remoteNow;
    QString listenHost; // as configured there: "any", "127.0.0.1", …
    quint16 listenPort = 0;
    qint64 maxSendBufferBytes = 0; // 0: not said
    QList<StreamInfo> streams;
    QHash<QString, FeedHealth> health; // by stream
    TrafficStats traffic;
    ClusterStatus cluster; // mode Off from a datagate without --redis (or one from before clusters)
};
std::optional<Status> parseStatus(const QByteArray &body, QString *error);

// GET /api/clients?offset=&limit=
struct ClientsPage {
    qint64 total = 0;
    qint64 offset = 0;
    QList<ClientInfo> clients;
};
std::optional<ClientsPage> parseClientsPage(const QByteArray &body, QString *error);

// GET /api/history: the ticks the remote still holds of each stream, oldest
// first, as the data of the JSON protocol's tick messages, and the epoch
// their seqs belong to.
struct StreamHistory {
    QString stream;
    QString epoch;
    QList<Tick> ticks;
};
std::optional<QList<StreamHistory>> parseHistory(const QByteArray &body, const QHash<QString, QString> &valueKeys, QString *error);

// Messages on /ws.
struct Welcome {
    QString server;
    QString version;
    QStringList streams;
    QString epoch; // what the seqs count in (docs/protocol.md, section 4); empty from an older datagate
};
struct ErrorEvent {
    QString code;
    QString message;
};
// A reply the dashboard has no use for ("subscribed", an event it does not know).
struct Ignored { };
using Message = std::variant<Ignored, Welcome, Tick, ErrorEvent>;

// valueKeys: each stream's StreamInfo::valueKey ("value" when not listed).
// A tick's value is taken out of its data by that key, seq and ts by
// theirs, and the rest is its details, as the hub had them. nullopt, and
// why in *error, for a message that is not the protocol's.
std::optional<Message> parseMessage(const QByteArray &utf8, const QHash<QString, QString> &valueKeys, QString *error);

// {"event":"subscribe","data":{"streams":[…]}}, and with since (the last
// seq seen of some of them) and its epoch, {…,"since":{…},"epoch":"…"}: the
// server sends what followed each of those seqs, then live.
QByteArray subscribeRequest(const QStringList &streams, const QHash<QString, quint64> &since = {}, const QString &epoch = {});

} // namespace RemoteProtocol
