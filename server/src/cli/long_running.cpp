#include "cli/long_running.h"

#include <pthread.h>

#include "cesp/core/error.h"

namespace cesp::server {

int port_option(const Args& args, const std::string& option, int fallback) {
  if (!args.has(option)) return fallback;
  const std::string& text = args.value(option);
  try {
    std::size_t used = 0;
    int port = std::stoi(text, &used);
    if (used == text.size() && port >= 0 && port <= 65535) return port;
  } catch (const std::exception&) {
  }
  throw Error(ErrorCode::usage, "port invalide: " + text, "invalid port: " + text);
}

TerminationSignals::TerminationSignals() {
  sigemptyset(&set_);
  sigaddset(&set_, SIGINT);
  sigaddset(&set_, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set_, nullptr);
}

void TerminationSignals::wait() {
  int received = 0;
  sigwait(&set_, &received);
}

}  // namespace cesp::server
