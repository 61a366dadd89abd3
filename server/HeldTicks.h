#pragma once

#include "protocol/EncodedTick.h"

#include <QList>
#include <QString>

// The ticks one stream's history holds (--history-size, --history-ttl),
// oldest first, and the epoch their seqs belong to (empty before the first
// tick): what Server::requestHistory() hands to /api/history.
struct HeldTicks {
    QString epoch;
    QList<EncodedTick> ticks;
};
