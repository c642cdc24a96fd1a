#include <ostream>

#include "cesp/core/version.h"

#include "cli/commands.h"

namespace cesp::server {

CommandSpec version_command() {
  CommandSpec spec;
  spec.name = "version";
  spec.summary = "print the version of cesp";
  spec.run = [](const Args&, CommandContext& ctx) {
    ctx.out << "cesp " << kVersion << "\n";
    return 0;
  };
  return spec;
}

}  // namespace cesp::server
