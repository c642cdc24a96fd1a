// Pages of the campaign-wide lists (?offset=&limit=), so that a national
// campaign of thousands of candidates is read a page at a time. The body stays
// a JSON array of the page's items; the response says where the page sits:
//   X-Total-Count: 4500                  items the caller may see in all
//   Link: <...?offset=200&limit=100>; rel="next", <...?offset=0&limit=100>; rel="prev"
#pragma once

#include <cstddef>

namespace cesp::server {

class Exchange;

struct PageRequest {
  static constexpr std::size_t kDefaultLimit = 100;
  static constexpr std::size_t kMaxLimit = 1000;

  std::size_t offset = 0;
  std::size_t limit = kDefaultLimit;

  // The page asked for by ?offset= (default 0) and ?limit= (default 100,
  // at most 1000). Error(invalid_argument) naming the parameter otherwise.
  static PageRequest of(const Exchange& e);

  // [first, last) of the page within `total` items.
  std::size_t first(std::size_t total) const { return offset < total ? offset : total; }
  std::size_t last(std::size_t total) const {
    const std::size_t begin = first(total);
    return total - begin < limit ? total : begin + limit;
  }

  // Sets X-Total-Count and the Link header (next and prev, when they exist).
  void describe(Exchange& e, std::size_t total) const;
};

}  // namespace cesp::server
