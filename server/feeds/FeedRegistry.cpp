#include "feeds/FeedRegistry.h"

// Every feed, one line each, in the order clients see their streams. A line
// names the function that the feed's folder defines,
// `FeedFactory <name>()`; nothing else has to know about a new feed.
#define DATAGATE_FEEDS(FEED)                                                                                                               \
    FEED(randomFeedFactory)                                                                                                                \
    FEED(bitcoinPriceFeedFactory)                                                                                                          \
    // (the list ends above this comment)

#define DATAGATE_DECLARE_FEED(function) FeedFactory function();
#define DATAGATE_LIST_FEED(function) function(),

DATAGATE_FEEDS(DATAGATE_DECLARE_FEED)

namespace FeedRegistry {

const QList<FeedFactory> &factories()
{
    static const QList<FeedFactory> list {DATAGATE_FEEDS(DATAGATE_LIST_FEED)};
    return list;
}

} // namespace FeedRegistry
