#pragma once

#include "feed/FeedFactory.h"

#include <QList>

// The one list of datagate's feeds. The server asks it for their options and
// makes the feeds from it; it knows nothing of the hub.
namespace FeedRegistry {

const QList<FeedFactory> &factories();

} // namespace FeedRegistry
