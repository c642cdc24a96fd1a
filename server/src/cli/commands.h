// One function per `cesp` subcommand, each in its own <name>_command.cpp, so
// that adding a command touches that file and one line of command_table.cpp.
#pragma once

#include "cesp/server/cli.h"

namespace cesp::server {

CommandSpec version_command();
CommandSpec serve_command();

}  // namespace cesp::server
