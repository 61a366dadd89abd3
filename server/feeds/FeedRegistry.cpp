#include "feeds/FeedRegistry.h"

#include "feeds/bitcoin/BitcoinPriceFeed.h"
#include "feeds/random/RandomFeed.h"
#include "hub/Hub.h"

#include <QList>

namespace FeedRegistry {

QString registerFeeds(Hub &hub, const Config &config)
{
    const QList<Feed *> feeds {
        // One line per feed.
        new RandomFeed(config.randomIntervalMs),
        new BitcoinPriceFeed(config),
    };
    QString error;
    for (Feed *feed : feeds) {
        hub.addFeed(feed); // owns it from here on
        if (error.isEmpty())
            error = feed->configurationError();
    }
    return error;
}

} // namespace FeedRegistry
