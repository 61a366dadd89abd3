#include "cluster/RedisClient.h"

#include "cluster/ClusterLogging.h"

#include <QHostAddress>
#include <QHostInfo>
#include <QSocketNotifier>

#include <hiredis/async.h>
#include <hiredis/hiredis.h>

#include <vector>

// What one hiredis context needs from the event loop: a read and a write
// notifier on its descriptor, switched on and off by hiredis's hooks. It is
// shared with the notifiers' slots, so that a slot still queued when hiredis
// has cleaned up finds context null and does nothing.
struct RedisClient::Connection {
    redisAsyncContext *context = nullptr; // null once hiredis has cleaned up
    QSocketNotifier *read = nullptr; // children of the client, deleted later on cleanup
    QSocketNotifier *write = nullptr;

    static void addRead(void *data) { enable(static_cast<Connection *>(data)->read, true); }
    static void delRead(void *data) { enable(static_cast<Connection *>(data)->read, false); }
    static void addWrite(void *data) { enable(static_cast<Connection *>(data)->write, true); }
    static void delWrite(void *data) { enable(static_cast<Connection *>(data)->write, false); }
    static void cleanup(void *data)
    {
        auto *connection = static_cast<Connection *>(data);
        connection->context = nullptr;
        // hiredis closes the descriptor next; the notifiers may be the very
        // ones whose signal is being emitted, so they go later.
        for (QSocketNotifier **notifier : {&connection->read, &connection->write}) {
            if (*notifier) {
                (*notifier)->setEnabled(false);
                (*notifier)->deleteLater();
                *notifier = nullptr;
            }
        }
    }

private:
    static void enable(QSocketNotifier *notifier, bool on)
    {
        if (notifier)
            notifier->setEnabled(on);
    }
};

// One command awaiting its reply; hiredis hands it back to onReply().
struct RedisClient::Pending {
    QPointer<QObject> context;
    RedisClient::Callback done;
    bool counted = true; // in m_sentAt

    // Lost replies are delivered later, from the event loop: they come while
    // hiredis frees a context, possibly inside our own destructor.
    void fail(const QByteArray &why)
    {
        if (!context)
            return;
        QMetaObject::invokeMethod(
            context.data(), [done = std::move(done), why] { done(RedisReply::error(why)); }, Qt::QueuedConnection);
    }
};

namespace {

RedisReply convert(const redisReply *raw)
{
    RedisReply reply;
    switch (raw->type) {
    case REDIS_REPLY_STRING:
    case REDIS_REPLY_STATUS:
    case REDIS_REPLY_ERROR:
        reply.type = raw->type == REDIS_REPLY_STRING ? RedisReply::Type::String
            : raw->type == REDIS_REPLY_STATUS        ? RedisReply::Type::Status
                                                     : RedisReply::Type::Error;
        reply.text = QByteArray(raw->str, qsizetype(raw->len));
        break;
    case REDIS_REPLY_INTEGER:
        reply.type = RedisReply::Type::Integer;
        reply.integer = raw->integer;
        break;
    case REDIS_REPLY_ARRAY:
        reply.type = RedisReply::Type::Array;
        reply.elements.reserve(qsizetype(raw->elements));
        for (size_t i = 0; i < raw->elements; ++i)
            reply.elements.append(convert(raw->element[i]));
        break;
    default: reply.type = RedisReply::Type::Nil; break;
    }
    return reply;
}

QString contextError(const redisAsyncContext *context)
{
    return context->errstr && *context->errstr ? QString::fromLocal8Bit(context->errstr) : QStringLiteral("connection closed");
}

} // namespace

RedisClient::RedisClient(const Settings &settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_backoff(settings.backoffBaseMs, settings.backoffCapMs)
{
    m_clock.start();
    m_reconnectTimer.setSingleShot(true);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &RedisClient::open);
    m_timeoutTimer.setInterval(std::max(20, std::min(m_settings.connectTimeoutMs, m_settings.commandTimeoutMs) / 4));
    connect(&m_timeoutTimer, &QTimer::timeout, this, &RedisClient::checkTimeouts);
}

RedisClient::~RedisClient()
{
    m_open = false;
    if (m_context) {
        redisAsyncContext *context = m_context;
        m_context = nullptr;
        context->data = nullptr;
        redisAsyncFree(context);
    }
}

void RedisClient::open()
{
    m_open = true;
    if (m_context || m_state != State::Closed)
        return;
    m_reconnectTimer.stop();
    m_state = State::Connecting;
    m_connectStartedMs = m_clock.elapsed();
    m_timeoutTimer.start();
    const QString host = m_settings.url.host;
    if (!QHostAddress(host).isNull()) {
        connectTo(host);
        return;
    }
    const quint64 lookup = ++m_lookupId;
    QHostInfo::lookupHost(host, this, [this, lookup](const QHostInfo &info) {
        if (lookup != m_lookupId || m_state != State::Connecting || m_context)
            return;
        if (info.error() != QHostInfo::NoError || info.addresses().isEmpty()) {
            onLost(QStringLiteral("cannot resolve %1: %2").arg(m_settings.url.host, info.errorString()));
            return;
        }
        connectTo(info.addresses().constFirst().toString());
    });
}

void RedisClient::close()
{
    m_open = false;
    m_reconnectTimer.stop();
    ++m_lookupId;
    if (m_state != State::Closed)
        drop(QStringLiteral("closed"));
}

void RedisClient::connectTo(const QString &address)
{
    redisAsyncContext *context = redisAsyncConnect(address.toLatin1().constData(), m_settings.url.port);
    if (!context) {
        onLost(QStringLiteral("cannot allocate a Redis context"));
        return;
    }
    if (context->err) {
        const QString why = contextError(context);
        redisAsyncFree(context);
        onLost(why);
        return;
    }
    m_context = context;
    context->data = this;
    auto connection = std::make_shared<Connection>();
    connection->context = context;
    connection->read = new QSocketNotifier(context->c.fd, QSocketNotifier::Read, this);
    connection->write = new QSocketNotifier(context->c.fd, QSocketNotifier::Write, this);
    connection->read->setEnabled(false);
    connection->write->setEnabled(false);
    connect(connection->read, &QSocketNotifier::activated, connection->read, [connection] {
        if (connection->context)
            redisAsyncHandleRead(connection->context);
    });
    connect(connection->write, &QSocketNotifier::activated, connection->write, [connection] {
        if (connection->context)
            redisAsyncHandleWrite(connection->context);
    });
    m_connection = connection;
    // The hooks first: setting the connect callback asks for a write event,
    // which is how hiredis learns that the non-blocking connect completed.
    context->ev.data = connection.get();
    context->ev.addRead = &Connection::addRead;
    context->ev.delRead = &Connection::delRead;
    context->ev.addWrite = &Connection::addWrite;
    context->ev.delWrite = &Connection::delWrite;
    context->ev.cleanup = &Connection::cleanup;
    redisAsyncSetConnectCallback(context, &RedisClient::onConnect);
    redisAsyncSetDisconnectCallback(context, &RedisClient::onDisconnect);
}

void RedisClient::onConnect(const redisAsyncContext *context, int status)
{
    auto *client = static_cast<RedisClient *>(context->data);
    if (!client)
        return;
    if (status != REDIS_OK) {
        // hiredis frees the context when this returns.
        client->m_context = nullptr;
        client->onLost(contextError(context));
        return;
    }
    client->onConnected();
}

void RedisClient::onDisconnect(const redisAsyncContext *context, int status)
{
    auto *client = static_cast<RedisClient *>(context->data);
    if (!client)
        return;
    client->m_context = nullptr;
    client->onLost(status == REDIS_OK ? QStringLiteral("connection closed") : contextError(context));
}

void RedisClient::onConnected()
{
    // Dead peers are noticed by the command timeout; keepalive covers a
    // subscriber, which sends nothing.
    redisEnableKeepAlive(&m_context->c);
    const auto step = [this](const QString &what) {
        return [this, what](const RedisReply &reply) {
            if (reply.isError() && m_state == State::Connecting && m_context)
                drop(QStringLiteral("%1: %2").arg(what, QString::fromUtf8(reply.text)));
        };
    };
    // Pipelined: hiredis sends them in order and Redis answers in order.
    if (!m_settings.url.password.isEmpty())
        send({"AUTH", m_settings.url.password.toUtf8()}, new Pending {this, step(QStringLiteral("authentication failed"))});
    if (m_settings.url.db != 0)
        send({"SELECT", QByteArray::number(m_settings.url.db)}, new Pending {this, step(QStringLiteral("cannot select the database"))});
    if (!m_settings.name.isEmpty())
        send({"CLIENT", "SETNAME", m_settings.name}, new Pending {this, step(QStringLiteral("CLIENT SETNAME"))});
    send({"PING"}, new Pending {this, [this](const RedisReply &reply) {
                                    if (!reply.isError() && m_state == State::Connecting && m_context)
                                        onHandshakeDone();
                                }});
}

void RedisClient::onHandshakeDone()
{
    for (const QByteArray &pattern : std::as_const(m_patterns)) {
        const char *argv[] = {"PSUBSCRIBE", pattern.constData()};
        const size_t lengths[] = {10, size_t(pattern.size())};
        redisAsyncCommandArgv(m_context, &RedisClient::onMessage, nullptr, 2, argv, lengths);
    }
    m_state = State::Connected;
    m_lastError.clear();
    m_backoff.reset();
    ++m_connectCount;
    qCInfo(lcRedis).noquote() << "connected to Redis at" << m_settings.url.display();
    Q_EMIT connected();
}

void RedisClient::command(const QList<QByteArray> &args, QObject *context, Callback done)
{
    auto *pending = new Pending {context, std::move(done)};
    if (m_state != State::Connected || !m_context) {
        pending->fail("not connected to Redis");
        delete pending;
        return;
    }
    if (!send(args, pending)) {
        pending->fail("Redis refused the command");
        delete pending;
    }
}

bool RedisClient::send(const QList<QByteArray> &args, Pending *pending)
{
    std::vector<const char *> argv;
    std::vector<size_t> lengths;
    argv.reserve(size_t(args.size()));
    lengths.reserve(size_t(args.size()));
    for (const QByteArray &arg : args) {
        argv.push_back(arg.constData());
        lengths.push_back(size_t(arg.size()));
    }
    if (redisAsyncCommandArgv(m_context, &RedisClient::onReply, pending, int(args.size()), argv.data(), lengths.data()) != REDIS_OK)
        return false;
    m_sentAt.push_back(m_clock.elapsed());
    return true;
}

void RedisClient::subscribe(const QByteArray &pattern)
{
    m_patterns.append(pattern);
    if (m_state == State::Connected && m_context) {
        const char *argv[] = {"PSUBSCRIBE", pattern.constData()};
        const size_t lengths[] = {10, size_t(pattern.size())};
        redisAsyncCommandArgv(m_context, &RedisClient::onMessage, nullptr, 2, argv, lengths);
    }
}

void RedisClient::onReply(redisAsyncContext *context, void *raw, void *privdata)
{
    std::unique_ptr<Pending> pending(static_cast<Pending *>(privdata));
    auto *client = static_cast<RedisClient *>(context->data);
    if (!raw) {
        pending->fail("connection to Redis lost");
        return;
    }
    if (client && !client->m_sentAt.empty())
        client->m_sentAt.pop_front();
    if (pending->context)
        pending->done(convert(static_cast<const redisReply *>(raw)));
}

void RedisClient::onMessage(redisAsyncContext *context, void *raw, void *)
{
    auto *client = static_cast<RedisClient *>(context->data);
    if (!raw || !client)
        return;
    const RedisReply reply = convert(static_cast<const redisReply *>(raw));
    // ["pmessage", pattern, channel, payload]; the confirmations are ignored.
    if (reply.type == RedisReply::Type::Array && reply.elements.size() == 4 && reply.elements.at(0).text == "pmessage")
        Q_EMIT client->message(reply.elements.at(2).text, reply.elements.at(3).text);
}

void RedisClient::drop(const QString &reason)
{
    if (m_context) {
        redisAsyncContext *context = m_context;
        m_context = nullptr;
        // Its callbacks, run by the free (now, or when hiredis leaves the
        // callback it is in), must not find us any more.
        context->data = nullptr;
        redisAsyncFree(context);
    }
    onLost(reason);
}

void RedisClient::onLost(const QString &reason)
{
    const bool wasConnected = m_state == State::Connected;
    m_state = State::Closed;
    ++m_lookupId; // a host lookup still under way belongs to this attempt
    m_sentAt.clear();
    m_timeoutTimer.stop();
    m_connection.reset();
    m_lastError = reason;
    if (wasConnected)
        qCWarning(lcRedis).noquote() << "lost Redis at" << m_settings.url.display() << "-" << reason;
    else if (m_open)
        qCDebug(lcRedis).noquote() << "cannot reach Redis at" << m_settings.url.display() << "-" << reason;
    scheduleReconnect();
    Q_EMIT disconnected(reason);
}

void RedisClient::scheduleReconnect()
{
    if (!m_open || m_reconnectTimer.isActive())
        return;
    m_reconnectTimer.start(int(m_backoff.nextDelayMs()));
}

void RedisClient::checkTimeouts()
{
    const qint64 now = m_clock.elapsed();
    if (m_state == State::Connecting && now - m_connectStartedMs > m_settings.connectTimeoutMs)
        drop(QStringLiteral("no connection within %1 ms").arg(m_settings.connectTimeoutMs));
    else if (m_state == State::Connected && !m_sentAt.empty() && now - m_sentAt.front() > m_settings.commandTimeoutMs)
        drop(QStringLiteral("no reply within %1 ms").arg(m_settings.commandTimeoutMs));
}
