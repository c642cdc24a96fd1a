// Maps (method, path) to a handler. Patterns are literal segments and
// {name} placeholders ("/api/v1/contracts/{id}/pdf"); a placeholder matches
// one non-empty segment. The route list is also what the OpenAPI test
// compares against the published document.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace cesp::server {

class Exchange;

struct Route {
  std::string method;   // "GET", "POST", "DELETE"...
  std::string pattern;  // "/api/v1/candidates/{id}/dossier"
  std::function<void(Exchange&)> handler;
  bool public_route = false;  // true: no session needed (login, health)
};

struct RouteMatch {
  const Route* route = nullptr;
  std::map<std::string, std::string> params;
};

class Router {
 public:
  void add(Route route);
  // The matching route and its parameters. Throws Error(not_found) when no
  // pattern matches the path, Error(method_not_allowed) when patterns match
  // but none for this method.
  RouteMatch match(const std::string& method, const std::string& path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

// Splits "/a/b/" into {"a", "b"}; empty segments are dropped.
std::vector<std::string> path_segments(const std::string& path);

}  // namespace cesp::server
