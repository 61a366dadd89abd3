#include "feeds/FeedRegistry.h"

#include "feeds/random/RandomFeed.h"
#include "hub/Hub.h"

namespace FeedRegistry {

QString registerFeeds(Hub &hub, const Config &config)
{
    // One line per feed.
    hub.addFeed(new RandomFeed(config.randomIntervalMs));
    return {};
}

} // namespace FeedRegistry
