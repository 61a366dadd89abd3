#include "feeds/bitcoin/PriceParsers.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <cmath>

namespace PriceParsers {

namespace {

Result fail(const QString &error)
{
    return {std::nullopt, error};
}

// The one check every price passes, whichever provider it comes from: a
// failed upstream must never reach a subscriber as 0, a negative number or NaN.
Result validated(double price, const QString &field)
{
    if (!std::isfinite(price))
        return fail(QStringLiteral("%1 is not a finite number").arg(field));
    if (price <= 0)
        return fail(QStringLiteral("%1 is %2; a price must be greater than 0").arg(field).arg(price));
    return {price, {}};
}

QString typeName(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null: return QStringLiteral("null");
    case QJsonValue::Bool: return QStringLiteral("a boolean");
    case QJsonValue::Double: return QStringLiteral("a number");
    case QJsonValue::String: return QStringLiteral("a string");
    case QJsonValue::Array: return QStringLiteral("an array");
    case QJsonValue::Object: return QStringLiteral("an object");
    case QJsonValue::Undefined: return QStringLiteral("missing");
    }
    return {};
}

std::optional<QJsonObject> parseObject(const QByteArray &body, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = QStringLiteral("malformed JSON: %1 at offset %2").arg(parseError.errorString()).arg(parseError.offset);
        return std::nullopt;
    }
    if (!document.isObject()) {
        *error = QStringLiteral("expected a JSON object at the top level");
        return std::nullopt;
    }
    return document.object();
}

// `object[key]` when it is an object; otherwise an error naming the path.
std::optional<QJsonObject> childObject(const QJsonObject &object, const QString &key, const QString &path, QString *error)
{
    const QJsonValue value = object.value(key);
    if (!value.isObject()) {
        *error = QStringLiteral("%1 is %2, expected an object").arg(path, typeName(value));
        return std::nullopt;
    }
    return value.toObject();
}

Result numberField(const QJsonValue &value, const QString &path)
{
    if (!value.isDouble())
        return fail(QStringLiteral("%1 is %2, expected a number").arg(path, typeName(value)));
    return validated(value.toDouble(), path);
}

// Most exchanges send prices as decimal strings so that no precision is lost
// in transit. Only plain decimals are accepted: QString::toDouble would also
// take "nan", "inf", hex and surrounding blanks.
Result decimalStringField(const QJsonValue &value, const QString &path)
{
    if (!value.isString())
        return fail(QStringLiteral("%1 is %2, expected a decimal string").arg(path, typeName(value)));
    static const QRegularExpression decimal(QStringLiteral("^[+-]?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?$"));
    const QString text = value.toString();
    if (!decimal.match(text).hasMatch())
        return fail(QStringLiteral("%1 is \"%2\", expected a decimal number").arg(path, text.left(40)));
    return validated(text.toDouble(), path);
}

// Fields that say what was priced: when present they must match, so that a
// --btc-url pointing at the wrong pair is refused instead of published.
bool expectString(const QJsonObject &object, const QString &key, const QString &expected, const QString &path, QString *error)
{
    const QJsonValue value = object.value(key);
    if (value.isUndefined())
        return true;
    if (!value.isString() || value.toString().compare(expected, Qt::CaseInsensitive) != 0) {
        *error =
            QStringLiteral("%1 is %2, expected \"%3\"")
                .arg(path, value.isString() ? QLatin1Char('"') + value.toString().left(40) + QLatin1Char('"') : typeName(value), expected);
        return false;
    }
    return true;
}

} // namespace

Result coinGecko(const QByteArray &body)
{
    QString error;
    const auto root = parseObject(body, &error);
    if (!root)
        return fail(error);
    const auto bitcoin = childObject(*root, QStringLiteral("bitcoin"), QStringLiteral("bitcoin"), &error);
    if (!bitcoin)
        return fail(error);
    return numberField(bitcoin->value(QStringLiteral("usd")), QStringLiteral("bitcoin.usd"));
}

Result coinbase(const QByteArray &body)
{
    QString error;
    const auto root = parseObject(body, &error);
    if (!root)
        return fail(error);
    const auto data = childObject(*root, QStringLiteral("data"), QStringLiteral("data"), &error);
    if (!data)
        return fail(error);
    if (!expectString(*data, QStringLiteral("base"), QStringLiteral("BTC"), QStringLiteral("data.base"), &error)
        || !expectString(*data, QStringLiteral("currency"), QStringLiteral("USD"), QStringLiteral("data.currency"), &error))
        return fail(error);
    return decimalStringField(data->value(QStringLiteral("amount")), QStringLiteral("data.amount"));
}

Result kraken(const QByteArray &body)
{
    QString error;
    const auto root = parseObject(body, &error);
    if (!root)
        return fail(error);
    // Kraken reports errors in the body of an HTTP 200 answer.
    const QJsonValue errors = root->value(QStringLiteral("error"));
    if (!errors.isUndefined() && !errors.isArray())
        return fail(QStringLiteral("error is %1, expected an array").arg(typeName(errors)));
    if (!errors.toArray().isEmpty()) {
        QStringList texts;
        for (const QJsonValue &e : errors.toArray())
            texts.append(e.isString() ? e.toString() : typeName(e));
        return fail(QStringLiteral("Kraken reported: %1").arg(texts.join(QStringLiteral("; ")).left(200)));
    }
    const auto result = childObject(*root, QStringLiteral("result"), QStringLiteral("result"), &error);
    if (!result)
        return fail(error);
    // The key is Kraken's own name of the pair (XXBTZUSD for XBTUSD), not the
    // one asked for; an answer for one pair carries exactly one entry.
    if (result->size() != 1)
        return fail(QStringLiteral("result has %1 pairs, expected exactly one").arg(result->size()));
    const QString pair = result->begin().key();
    // The path goes into every error below: as any text from the body, the
    // key is cut, or the answer would choose the length of our log lines.
    const QString path = QStringLiteral("result.") + pair.left(40);
    if (!pair.contains(QLatin1String("XBT"), Qt::CaseInsensitive) && !pair.contains(QLatin1String("BTC"), Qt::CaseInsensitive))
        return fail(QStringLiteral("%1 is not a Bitcoin pair").arg(path));
    const auto ticker = childObject(*result, pair, path, &error);
    if (!ticker)
        return fail(error);
    const QJsonValue last = ticker->value(QStringLiteral("c"));
    if (!last.isArray() || last.toArray().isEmpty())
        return fail(
            QStringLiteral("%1.c is %2, expected [price, volume]").arg(path, last.isArray() ? QStringLiteral("empty") : typeName(last)));
    return decimalStringField(last.toArray().first(), path + QStringLiteral(".c[0]"));
}

Result binance(const QByteArray &body)
{
    QString error;
    const auto root = parseObject(body, &error);
    if (!root)
        return fail(error);
    if (!expectString(*root, QStringLiteral("symbol"), QStringLiteral("BTCUSDT"), QStringLiteral("symbol"), &error))
        return fail(error);
    return decimalStringField(root->value(QStringLiteral("price")), QStringLiteral("price"));
}

Result bitstamp(const QByteArray &body)
{
    QString error;
    const auto root = parseObject(body, &error);
    if (!root)
        return fail(error);
    return decimalStringField(root->value(QStringLiteral("last")), QStringLiteral("last"));
}

} // namespace PriceParsers
