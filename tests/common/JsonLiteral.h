#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QJsonValue>
#include <QtGlobal>

// Test data written as JSON text, for the codec tests' tables.
namespace JsonLiteral {

// Any JSON value, scalars included, from its text (QJsonDocument only takes
// objects and arrays, so the text is parsed as the one element of an array).
// A typo in a table is a broken test, not a failed case: it stops the run.
inline QJsonValue json(const QByteArray &text)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson('[' + text + ']', &error);
    if (error.error != QJsonParseError::NoError || doc.array().size() != 1)
        qFatal("test data is not one JSON value: %s", text.constData());
    return doc.array().first();
}

} // namespace JsonLiteral
