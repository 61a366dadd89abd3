#include "transport/TransportLogging.h"

Q_LOGGING_CATEGORY(lcClients, "datagate.clients")
Q_LOGGING_CATEGORY(lcHttp, "datagate.http")
Q_LOGGING_CATEGORY(lcSocketIo, "datagate.socketio")
Q_LOGGING_CATEGORY(lcJsonWs, "datagate.jsonws")
Q_LOGGING_CATEGORY(lcIo, "datagate.io")
Q_LOGGING_CATEGORY(lcTls, "datagate.tls")
