#include "api/pagination.h"

#include <charconv>
#include <string>

#include "cesp/core/error.h"

#include "http/exchange.h"

namespace cesp::server {
namespace {

std::size_t count_parameter(const Exchange& e, const std::string& name, std::size_t fallback,
                            std::size_t least, std::size_t most) {
  const auto text = e.query(name);
  if (!text) return fallback;
  std::size_t value = 0;
  const char* end = text->data() + text->size();
  const auto [stop, failure] = std::from_chars(text->data(), end, value);
  if (text->empty() || failure != std::errc() || stop != end || value < least || value > most) {
    throw Error(
        ErrorCode::invalid_argument,
        name + " : un entier entre " + std::to_string(least) + " et " + std::to_string(most) +
            " est attendu.",
        name + ": an integer from " + std::to_string(least) + " to " + std::to_string(most) + " is expected.",
        name);
  }
  return value;
}

std::string page_link(const Exchange& e, std::size_t offset, std::size_t limit, const char* relation) {
  return "<" + e.path() + "?offset=" + std::to_string(offset) + "&limit=" + std::to_string(limit) +
         ">; rel=\"" + relation + "\"";
}

}  // namespace

PageRequest PageRequest::of(const Exchange& e) {
  PageRequest page;
  // An offset beyond any list is an empty page, not an error: the list may
  // have shrunk to the caller's reach between two pages.
  page.offset = count_parameter(e, "offset", 0, 0, static_cast<std::size_t>(1) << 40);
  page.limit = count_parameter(e, "limit", kDefaultLimit, 1, kMaxLimit);
  return page;
}

void PageRequest::describe(Exchange& e, std::size_t total) const {
  e.response().set("X-Total-Count", std::to_string(total));
  std::string links;
  if (last(total) < total) links = page_link(e, last(total), limit, "next");
  if (offset > 0) {
    const std::size_t previous = first(total) > limit ? first(total) - limit : 0;
    if (!links.empty()) links += ", ";
    links += page_link(e, previous, limit, "prev");
  }
  if (!links.empty()) e.response().set("Link", links);
}

}  // namespace cesp::server
