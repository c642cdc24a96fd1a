#include "cli/commands.h"

namespace cesp::server {

const std::vector<CommandSpec>& command_table() {
  static const std::vector<CommandSpec> table = {
      serve_command(),
      version_command(),
  };
  return table;
}

}  // namespace cesp::server
