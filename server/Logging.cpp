#include "Logging.h"

Q_LOGGING_CATEGORY(lcServer, "datagate.server")
Q_LOGGING_CATEGORY(lcHttp, "datagate.http")
Q_LOGGING_CATEGORY(lcSocketIo, "datagate.socketio")
Q_LOGGING_CATEGORY(lcJsonWs, "datagate.jsonws")
Q_LOGGING_CATEGORY(lcHub, "datagate.hub")
Q_LOGGING_CATEGORY(lcFeedRandom, "datagate.feed.random")
Q_LOGGING_CATEGORY(lcFeedBtc, "datagate.feed.btc")
