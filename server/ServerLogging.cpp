#include "ServerLogging.h"

Q_LOGGING_CATEGORY(lcServer, "datagate.server")
