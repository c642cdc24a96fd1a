// Wall-clock helpers shared by the document workflows (contracts, avenants,
// installations): timestamps recorded with each step are UTC.
#pragma once

#include <cstdint>
#include <string>

namespace cesp::server {

// Seconds since the epoch, now.
std::int64_t unix_now();
// "2026-11-22T19:20:05Z" for a time in seconds since the epoch.
std::string iso_utc(std::int64_t seconds);
inline std::string utc_now() { return iso_utc(unix_now()); }

}  // namespace cesp::server
