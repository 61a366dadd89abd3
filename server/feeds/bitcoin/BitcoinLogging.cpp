#include "feeds/bitcoin/BitcoinLogging.h"

Q_LOGGING_CATEGORY(lcFeedBtc, "datagate.feed.btc")
