#pragma once

#include <QString>

// What a feed publishes, as clients and the dashboard see it.
struct StreamInfo {
    QString name; // e.g. "randomNumber"; also names the (un)subscribe events
    QString description; // one line for the welcome message, logs and the dashboard
    // The name of the value among the details where a protocol shows both
    // (the JSON protocol: `{"value":57,…}`, `{"price":97123.45,…}`).
    QString valueKey = QStringLiteral("value");
    // Send the latest tick to a client the moment it subscribes (a price is
    // useful at once; a random number is not), and tell JSON clients
    // `no_data_yet` when there is none.
    bool latestOnSubscribe = false;
};
