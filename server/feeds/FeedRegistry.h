#pragma once

#include "config/Config.h"

#include <QString>

class Hub;

// The one place that lists datagate's feeds.
namespace FeedRegistry {

// Creates every feed and adds it to the hub. Returns an error text, ready to
// show a user, when the configuration does not suit a feed (the server then
// does not start); empty on success.
QString registerFeeds(Hub &hub, const Config &config);

} // namespace FeedRegistry
