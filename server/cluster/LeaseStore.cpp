#include "cluster/LeaseStore.h"

LeaseStore::~LeaseStore() = default;
