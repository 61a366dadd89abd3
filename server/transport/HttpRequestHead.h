#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>
#include <QUrlQuery>

#include <utility>

// The request line and headers of an HTTP/1.1 request, read by the front door
// before it decides whether to upgrade the connection to a WebSocket or to
// answer it as plain HTTP.
struct HttpRequestHead {
    enum class ParseStatus { Incomplete, Complete, Malformed, TooLarge };

    QByteArray method;
    QByteArray target; // as sent: path and query
    QByteArray version;
    QList<std::pair<QByteArray, QByteArray>> headers; // names lower-cased

    // Parses the head at the start of buffer (which may hold more, e.g. a
    // body). Incomplete until "\r\n\r\n" arrives; TooLarge past maxSize bytes.
    static ParseStatus parse(QByteArrayView buffer, qsizetype maxSize, HttpRequestHead &out);

    QByteArray header(QByteArrayView lowerCaseName) const;
    bool isWebSocketUpgrade() const;
    QString path() const;
    QUrlQuery query() const;
};
