#include "cli/commands.h"

namespace cesp::server {

const std::vector<CommandSpec>& command_table() {
  static const std::vector<CommandSpec> table = {
      serve_command(), version_command(), check_command(),  tsa_command(),   pki_command(),
      sign_command(),  verify_command(),  render_command(), bench_command(), archive_command(), contracts_command(),
      signers_command(),
  };
  return table;
}

}  // namespace cesp::server
