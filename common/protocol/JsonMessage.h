#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <variant>

// The plain-WebSocket JSON protocol at /ws, in the message shape of NestJS's
// ws adapter: every message is `{"event": <name>, "data": <any>}`, and a
// client may add `"id"` (string or number) that the server echoes in its reply.
namespace JsonMessage {

// Error codes sent in `{"event":"error","data":{"code":…,"message":…}}`.
namespace ErrorCode {
inline const QString BadJson = QStringLiteral("bad_json");
inline const QString BadRequest = QStringLiteral("bad_request");
inline const QString UnknownEvent = QStringLiteral("unknown_event");
inline const QString UnknownStream = QStringLiteral("unknown_stream");
inline const QString BinaryNotSupported = QStringLiteral("binary_not_supported");
inline const QString NoDataYet = QStringLiteral("no_data_yet");
// A subscribe's `since` belongs to another epoch than the server's (it restarted).
inline const QString EpochMismatch = QStringLiteral("epoch_mismatch");
// A subscribe's `since` is beyond the last seq the stream has reached.
inline const QString SinceAhead = QStringLiteral("since_ahead");
// The client's token does not allow the stream (its JWT's `streams` claim).
inline const QString Forbidden = QStringLiteral("forbidden");
} // namespace ErrorCode

struct Request {
    QString event;
    QJsonValue id = QJsonValue(QJsonValue::Undefined); // undefined when absent
    QJsonValue data = QJsonValue(QJsonValue::Undefined); // undefined when absent
};

struct Error {
    QString code;
    QString message;
    QJsonValue id = QJsonValue(QJsonValue::Undefined); // echoed when it could be read
    QJsonObject details {}; // more for the client to act on, beside code and message in data
};

std::variant<Request, Error> parseRequest(const QByteArray &utf8);

// `{"event":…,"data":…}` plus `"id"` when id is defined.
QByteArray encode(const QString &event, const QJsonValue &data, const QJsonValue &id = QJsonValue(QJsonValue::Undefined));
QByteArray encodeError(const Error &error);

} // namespace JsonMessage
