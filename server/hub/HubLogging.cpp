#include "hub/HubLogging.h"

Q_LOGGING_CATEGORY(lcHub, "datagate.hub")
