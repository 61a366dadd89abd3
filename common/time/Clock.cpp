#include "time/Clock.h"

Clock::~Clock() = default;
