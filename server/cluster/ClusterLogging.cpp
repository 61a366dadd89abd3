#include "cluster/ClusterLogging.h"

Q_LOGGING_CATEGORY(lcRedis, "datagate.redis", QtInfoMsg)
Q_LOGGING_CATEGORY(lcCluster, "datagate.cluster", QtInfoMsg)
