#pragma once

#include <QByteArray>
#include <QList>

// One Redis reply as a value: what hiredis hands over, copied out of its
// buffers (they are freed when the callback returns). A lost connection or a
// timed-out command is an Error reply whose text says so, so that every
// command's callback runs exactly once.
struct RedisReply {
    enum class Type { Nil, Status, Error, Integer, String, Array };

    Type type = Type::Nil;
    QByteArray text; // Status, Error, String
    qint64 integer = 0;
    QList<RedisReply> elements; // Array

    static RedisReply error(const QByteArray &why)
    {
        RedisReply reply;
        reply.type = Type::Error;
        reply.text = why;
        return reply;
    }
    bool isError() const { return type == Type::Error; }
    bool isNil() const { return type == Type::Nil; }
};
