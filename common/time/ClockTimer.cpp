#include "time/ClockTimer.h"

ClockTimer::ClockTimer() = default;

ClockTimer::~ClockTimer() = default;
