#pragma once

#include "config/Config.h"
#include "config/OptionSpec.h"

#include <QList>
#include <QString>

#include <functional>
#include <memory>

class Feed;

// What the server needs to know of a feed before it exists: the options it
// declares (so that --help, the environment, the config file and
// --print-config know them) and how to make it from their parsed values.
// Each feed provides one; server/feeds/FeedRegistry.cpp lists them.
struct FeedFactory {
    QString stream; // the stream the feed produces, e.g. "randomNumber"
    std::function<QList<OptionSpec>()> options;
    // The config holds at least the options above. The options' own parsers
    // have validated every value, so making the feed cannot fail.
    std::function<std::unique_ptr<Feed>(const Config &config)> create;
};
