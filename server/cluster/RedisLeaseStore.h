#pragma once

#include "cluster/LeaseStore.h"

#include <QByteArray>

class RedisClient;

// The leases in Redis, one key per stream (ClusterKeys), each step one
// atomic command or script:
//   acquire  SET <key> <instance> NX PX <ttl>; if refused, the holder and
//            its remaining PTTL in the same script, so a follower can time
//            its next attempt to the holder's expiry;
//   renew    GET, compare with <instance>, PEXPIRE <ttl>;
//   release  GET, compare with <instance>, DEL.
// A renewal or release by an instance whose lease ran out and was taken by
// another therefore never touches the new holder's.
class RedisLeaseStore final : public LeaseStore {
public:
    explicit RedisLeaseStore(RedisClient &client);

    void acquire(const QString &stream, const QString &instance, qint64 ttlMs, QObject *context, Done done) override;
    void renew(const QString &stream, const QString &instance, qint64 ttlMs, QObject *context, Done done) override;
    void release(const QString &stream, const QString &instance) override;

    static const QByteArray AcquireScript;
    static const QByteArray RenewScript;
    static const QByteArray ReleaseScript;

private:
    RedisClient &m_client;
};
