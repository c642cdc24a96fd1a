// The `cesp` command line. Every subcommand is declared once, as a
// CommandSpec in the command table (server/src/cli/command_table.cpp); parsing,
// validation and the help text all come from that declaration.
#pragma once

#include <functional>
#include <iosfwd>
#include <map>
#include <string>
#include <vector>

namespace cesp::server {

struct OptionSpec {
  std::string name;        // long name without dashes: "data-dir"
  std::string value_name;  // "DIR"; empty for a flag that takes no value
  std::string help;
  bool repeatable = false;
};

struct PositionalSpec {
  std::string name;  // "FILE"
  std::string help;
  int min = 1;
  int max = 1;  // -1: unbounded
};

// Parsed, validated arguments of one command.
class Args {
 public:
  bool has(const std::string& option) const { return options_.contains(option); }
  // The option's value; Error(usage) if absent.
  const std::string& value(const std::string& option) const;
  std::string value_or(const std::string& option, const std::string& fallback) const;
  // Every value of a repeatable option, in order.
  std::vector<std::string> values(const std::string& option) const;
  const std::vector<std::string>& positionals() const { return positionals_; }

  std::map<std::string, std::vector<std::string>>& mutable_options() { return options_; }
  std::vector<std::string>& mutable_positionals() { return positionals_; }

 private:
  std::map<std::string, std::vector<std::string>> options_;
  std::vector<std::string> positionals_;
};

struct CommandContext {
  std::ostream& out;
  std::ostream& err;
};

struct CommandSpec {
  std::string name;
  std::string summary;      // one line, shown in `cesp --help`
  std::string description;  // paragraphs shown in `cesp NAME --help`
  std::vector<PositionalSpec> positionals;
  std::vector<OptionSpec> options;
  // Returns the process exit code. Throwing cesp::Error is fine: the runner
  // maps it to a message and an exit code (cesp/server/error_mapping.h).
  std::function<int(const Args&, CommandContext&)> run;
  std::vector<CommandSpec> subcommands;  // e.g. `archive audit`; run may then be empty
};

// Every command of `cesp`, in help order.
const std::vector<CommandSpec>& command_table();

// Parses argv against the table, runs the command, maps errors to exit codes.
int run_cli(int argc, const char* const* argv, std::ostream& out, std::ostream& err);
int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// Help text generated from a spec; `path` is e.g. "cesp archive".
std::string command_help(const CommandSpec& spec, const std::string& path);
std::string program_help();

}  // namespace cesp::server
