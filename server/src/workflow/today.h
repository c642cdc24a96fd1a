// The calendar day in France (Europe/Paris) — offers lapse and documents are
// dated by the French calendar, not UTC.
#pragma once

#include "cesp/core/date.h"

namespace cesp::server {

Date today_in_france();

}  // namespace cesp::server
