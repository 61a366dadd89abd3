#pragma once

#include <QLoggingCategory>

// One logging category per area of the server (`datagate.*`); the dashboard's
// error log and the console both read these same messages.
Q_DECLARE_LOGGING_CATEGORY(lcServer)
Q_DECLARE_LOGGING_CATEGORY(lcHttp)
Q_DECLARE_LOGGING_CATEGORY(lcSocketIo)
Q_DECLARE_LOGGING_CATEGORY(lcJsonWs)
Q_DECLARE_LOGGING_CATEGORY(lcHub)
Q_DECLARE_LOGGING_CATEGORY(lcFeedRandom)
Q_DECLARE_LOGGING_CATEGORY(lcFeedBtc)
