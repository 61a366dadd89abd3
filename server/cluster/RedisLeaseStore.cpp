#include "cluster/RedisLeaseStore.h"

#include "cluster/ClusterKeys.h"
#include "cluster/RedisClient.h"

const QByteArray RedisLeaseStore::AcquireScript =
    QByteArrayLiteral("if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return {1, ARGV[1], tonumber(ARGV[2])} end\n"
                      "return {0, redis.call('GET', KEYS[1]) or '', redis.call('PTTL', KEYS[1])}\n");
const QByteArray RedisLeaseStore::RenewScript =
    QByteArrayLiteral("if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end\n"
                      "return 0\n");
const QByteArray RedisLeaseStore::ReleaseScript =
    QByteArrayLiteral("if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end\n"
                      "return 0\n");

RedisLeaseStore::RedisLeaseStore(RedisClient &client)
    : m_client(client)
{
}

void RedisLeaseStore::acquire(const QString &stream, const QString &instance, qint64 ttlMs, QObject *context, Done done)
{
    m_client.command({"EVAL", AcquireScript, "1", ClusterKeys::lease(stream), instance.toUtf8(), QByteArray::number(ttlMs)}, context,
        [done = std::move(done)](const RedisReply &reply) {
            Result result;
            if (reply.type == RedisReply::Type::Array && reply.elements.size() == 3) {
                result.answer = reply.elements.at(0).integer == 1 ? Answer::Granted : Answer::Refused;
                result.holder = QString::fromUtf8(reply.elements.at(1).text);
                result.remainingMs = reply.elements.at(2).integer;
            }
            done(result);
        });
}

void RedisLeaseStore::renew(const QString &stream, const QString &instance, qint64 ttlMs, QObject *context, Done done)
{
    m_client.command({"EVAL", RenewScript, "1", ClusterKeys::lease(stream), instance.toUtf8(), QByteArray::number(ttlMs)}, context,
        [done = std::move(done)](const RedisReply &reply) {
            Result result;
            if (reply.type == RedisReply::Type::Integer)
                result.answer = reply.integer == 1 ? Answer::Granted : Answer::Refused;
            done(result);
        });
}

void RedisLeaseStore::release(const QString &stream, const QString &instance)
{
    QObject *noContext = nullptr; // nobody waits for the answer
    m_client.command({"EVAL", ReleaseScript, "1", ClusterKeys::lease(stream), instance.toUtf8()}, noContext, [](const RedisReply &) {});
}
