#include "gui/GuiLogging.h"

Q_LOGGING_CATEGORY(lcGui, "datagate.gui")
