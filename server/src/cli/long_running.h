// What the long-running commands (`serve`, `tsa`) share: reading a port
// option, and waiting for Ctrl-C or a termination request.
#pragma once

#include <csignal>
#include <string>

#include "cesp/server/cli.h"

namespace cesp::server {

// The option's value as a TCP port (0..65535), or fallback when absent;
// Error(usage) when it is not one.
int port_option(const Args& args, const std::string& option, int fallback);

// Blocks SIGINT and SIGTERM in the calling thread, and so in every thread it
// starts afterwards (create it before starting servers); wait() then returns
// when one of them arrives.
class TerminationSignals {
 public:
  TerminationSignals();
  void wait();

 private:
  sigset_t set_;
};

}  // namespace cesp::server
