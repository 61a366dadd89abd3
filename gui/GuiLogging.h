#pragma once

#include <QLoggingCategory>

// The dashboard's own messages (datagate.gui). Like every log message they
// stay in English: they are data for operators and for grep, not UI text.
Q_DECLARE_LOGGING_CATEGORY(lcGui)
