#include "transport/HttpRequestHead.h"

#include <QUrl>

namespace {

bool isToken(QByteArrayView text)
{
    if (text.isEmpty())
        return false;
    for (char c : text) {
        const bool ok =
            (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
        if (!ok)
            return false;
    }
    return true;
}

bool containsToken(const QByteArray &list, QByteArrayView token)
{
    for (const QByteArray &part : list.split(',')) {
        if (part.trimmed().compare(token, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

} // namespace

HttpRequestHead::ParseStatus HttpRequestHead::parse(QByteArrayView buffer, qsizetype maxSize, HttpRequestHead &out)
{
    const qsizetype end = buffer.indexOf(QByteArrayView("\r\n\r\n"));
    if (end < 0)
        return buffer.size() > maxSize ? ParseStatus::TooLarge : ParseStatus::Incomplete;
    if (end + 4 > maxSize)
        return ParseStatus::TooLarge;

    const QList<QByteArray> lines = buffer.first(end).toByteArray().split('\n');
    const QByteArray requestLine = lines.first().trimmed();
    const QList<QByteArray> parts = requestLine.split(' ');
    if (parts.size() != 3 || !isToken(parts[0]) || !parts[1].startsWith('/') || !parts[2].startsWith("HTTP/1."))
        return ParseStatus::Malformed;

    HttpRequestHead head;
    head.method = parts[0];
    head.target = parts[1];
    head.version = parts[2];
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].endsWith('\r') ? lines[i].chopped(1) : lines[i];
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || !isToken(QByteArrayView(line).first(colon)))
            return ParseStatus::Malformed;
        head.headers.append({line.first(colon).toLower(), line.sliced(colon + 1).trimmed()});
    }
    out = std::move(head);
    return ParseStatus::Complete;
}

QByteArray HttpRequestHead::header(QByteArrayView lowerCaseName) const
{
    for (const auto &[name, value] : headers) {
        if (name == lowerCaseName)
            return value;
    }
    return {};
}

bool HttpRequestHead::isWebSocketUpgrade() const
{
    return containsToken(header("upgrade"), "websocket") && containsToken(header("connection"), "upgrade");
}

QString HttpRequestHead::path() const
{
    const qsizetype question = target.indexOf('?');
    return QUrl::fromPercentEncoding(question < 0 ? target : target.first(question));
}

QUrlQuery HttpRequestHead::query() const
{
    const qsizetype question = target.indexOf('?');
    return QUrlQuery(question < 0 ? QString() : QString::fromUtf8(target.sliced(question + 1)));
}
