// Batch work on contracts outside the HTTP server (`cesp contracts extend`):
// opens the same database, archive and signing services a server with these
// options would, and extends every countersigned contract to B-LTA (those
// whose automatic extension failed, e.g. while the TSA was down).
#pragma once

#include <string>
#include <vector>

#include "cesp/server/http_server.h"

namespace cesp::server {

struct ExtensionOutcome {
  std::string contract_id;
  std::string reference;
  bool extended = false;
  std::string error;  // the error's text when not extended
};

// One outcome per contract found in state countersigned, oldest first. The
// certificates' revocation URLs must be reachable (with the embedded dev PKI:
// the running server's /pki routes). Throws only when the stores cannot be opened.
std::vector<ExtensionOutcome> extend_countersigned_contracts(const ServerOptions& options,
                                                             const std::string& actor_id);

}  // namespace cesp::server
