// `cesp bench <area>`: the performance measurements recorded in bench/RESULTS.md.
// Each area adds its subcommand here (one line) and defines it in its own file.
#include "cli/commands.h"

namespace cesp::server {

CommandSpec bench_command() {
  CommandSpec spec;
  spec.name = "bench";
  spec.summary = "performance measurements (see bench/RESULTS.md)";
  spec.subcommands = {
      bench_render_command(),
      bench_ocr_command(),
      bench_archive_command(),
      bench_sign_command(),
  };
  return spec;
}

}  // namespace cesp::server
