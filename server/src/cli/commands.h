// One function per `cesp` subcommand, each in its own <name>_command.cpp, so
// that adding a command touches that file and one line of command_table.cpp.
#pragma once

#include "cesp/server/cli.h"

namespace cesp::server {

CommandSpec version_command();
CommandSpec check_command();
CommandSpec bench_ocr_command();
CommandSpec serve_command();
CommandSpec tsa_command();
CommandSpec pki_command();
CommandSpec sign_command();
CommandSpec verify_command();
CommandSpec render_command();
CommandSpec bench_command();
CommandSpec bench_render_command();
CommandSpec bench_sign_command();
CommandSpec archive_command();
CommandSpec bench_archive_command();
CommandSpec contracts_command();
CommandSpec signers_command();

}  // namespace cesp::server
