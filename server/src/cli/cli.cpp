#include "cesp/server/cli.h"

#include <algorithm>
#include <ostream>
#include <sstream>

#include "cesp/core/error.h"
#include "cesp/core/version.h"
#include "cesp/server/error_mapping.h"

namespace cesp::server {
namespace {

[[noreturn]] void usage_error(const std::string& message) { throw Error(ErrorCode::usage, message, message); }

const CommandSpec* find_command(const std::vector<CommandSpec>& commands, const std::string& name) {
  for (const auto& command : commands) {
    if (command.name == name) return &command;
  }
  return nullptr;
}

const OptionSpec* find_option(const CommandSpec& spec, const std::string& name) {
  for (const auto& option : spec.options) {
    if (option.name == name) return &option;
  }
  return nullptr;
}

std::string positional_synopsis(const PositionalSpec& p) {
  std::string s = p.name;
  if (p.max != 1) s += "...";
  return p.min == 0 ? "[" + s + "]" : s;
}

Args parse_args(const CommandSpec& spec, const std::string& path, std::vector<std::string>::const_iterator it,
                std::vector<std::string>::const_iterator end) {
  Args args;
  bool options_done = false;
  for (; it != end; ++it) {
    const std::string& word = *it;
    if (!options_done && word == "--") {
      options_done = true;
      continue;
    }
    if (options_done || word.size() < 2 || word.compare(0, 2, "--") != 0) {
      args.mutable_positionals().push_back(word);
      continue;
    }
    std::string name = word.substr(2);
    std::string inline_value;
    bool has_inline = false;
    if (auto eq = name.find('='); eq != std::string::npos) {
      inline_value = name.substr(eq + 1);
      name = name.substr(0, eq);
      has_inline = true;
    }
    const OptionSpec* option = find_option(spec, name);
    if (!option) usage_error(path + ": option inconnue --" + name + " (voir " + path + " --help)");
    auto& values = args.mutable_options()[name];
    if (!values.empty() && !option->repeatable) usage_error(path + ": --" + name + " donnée deux fois");
    if (option->value_name.empty()) {
      if (has_inline) usage_error(path + ": --" + name + " ne prend pas de valeur");
      values.push_back("");
      continue;
    }
    if (has_inline) {
      values.push_back(inline_value);
    } else {
      if (std::next(it) == end) usage_error(path + ": --" + name + " attend " + option->value_name);
      values.push_back(*++it);
    }
  }

  // Distribute positionals over the declared slots, checking counts.
  std::size_t minimum = 0;
  bool unbounded = false;
  std::size_t maximum = 0;
  for (const auto& p : spec.positionals) {
    minimum += static_cast<std::size_t>(p.min);
    if (p.max < 0)
      unbounded = true;
    else
      maximum += static_cast<std::size_t>(p.max);
  }
  const std::size_t given = args.positionals().size();
  if (given < minimum) {
    std::string names;
    for (const auto& p : spec.positionals) names += " " + positional_synopsis(p);
    usage_error(path + ": argument manquant; usage: " + path + names);
  }
  if (!unbounded && given > maximum) {
    usage_error(path + ": argument en trop: " + args.positionals()[maximum]);
  }
  return args;
}

void print_error(std::ostream& err, const Error& e) {
  err << "cesp: " << e.message_fr();
  if (!e.context().empty()) err << " — " << e.context();
  err << " [" << e.code_name() << "]\n";
}

}  // namespace

const std::string& Args::value(const std::string& option) const {
  auto it = options_.find(option);
  if (it == options_.end() || it->second.empty()) usage_error("--" + option + " est obligatoire");
  return it->second.front();
}

std::string Args::value_or(const std::string& option, const std::string& fallback) const {
  auto it = options_.find(option);
  return it == options_.end() || it->second.empty() ? fallback : it->second.front();
}

std::vector<std::string> Args::values(const std::string& option) const {
  auto it = options_.find(option);
  return it == options_.end() ? std::vector<std::string>{} : it->second;
}

std::string command_help(const CommandSpec& spec, const std::string& path) {
  std::ostringstream out;
  out << "Usage: " << path;
  if (!spec.subcommands.empty()) out << " COMMAND";
  if (!spec.options.empty()) out << " [OPTIONS]";
  for (const auto& p : spec.positionals) out << " " << positional_synopsis(p);
  out << "\n\n" << spec.summary << "\n";
  if (!spec.description.empty()) out << "\n" << spec.description << "\n";
  if (!spec.subcommands.empty()) {
    out << "\nCommands:\n";
    for (const auto& sub : spec.subcommands) {
      out << "  " << sub.name << std::string(sub.name.size() < 16 ? 16 - sub.name.size() : 1, ' ')
          << sub.summary << "\n";
    }
  }
  if (!spec.positionals.empty()) {
    out << "\nArguments:\n";
    for (const auto& p : spec.positionals) out << "  " << p.name << "  " << p.help << "\n";
  }
  if (!spec.options.empty()) {
    out << "\nOptions:\n";
    for (const auto& o : spec.options) {
      std::string left = "--" + o.name + (o.value_name.empty() ? "" : " " + o.value_name);
      out << "  " << left << std::string(left.size() < 28 ? 28 - left.size() : 1, ' ') << o.help
          << (o.repeatable ? " (repeatable)" : "") << "\n";
    }
  }
  out << "  --help" << std::string(22, ' ') << "show this help\n";
  return out.str();
}

std::string program_help() {
  std::ostringstream out;
  out << "cesp " << kVersion
      << " — plateforme des contrats d'engagement de service public\n\n"
         "Usage: cesp COMMAND [OPTIONS] [ARGS]\n\nCommands:\n";
  for (const auto& command : command_table()) {
    out << "  " << command.name << std::string(command.name.size() < 12 ? 12 - command.name.size() : 1, ' ')
        << command.summary << "\n";
  }
  out << "\nRun 'cesp COMMAND --help' for a command's options.\n"
         "Exit codes: 0 ok, 1 check failed, 2 usage, 3 internal error, 4 bad input, 5 unavailable,\n"
         "6 conflict, 7 not allowed.\n";
  return out.str();
}

int run_cli(const std::vector<std::string>& words, std::ostream& out, std::ostream& err) {
  try {
    if (words.empty() || words[0] == "--help" || words[0] == "-h" || words[0] == "help") {
      if (words.size() >= 2 && words[0] == "help") {
        if (const CommandSpec* spec = find_command(command_table(), words[1])) {
          out << command_help(*spec, "cesp " + spec->name);
          return kExitOk;
        }
        usage_error("commande inconnue: " + words[1]);
      }
      out << program_help();
      return words.empty() ? kExitUsage : kExitOk;
    }
    if (words[0] == "--version") {
      out << "cesp " << kVersion << "\n";
      return kExitOk;
    }

    const std::vector<CommandSpec>* level = &command_table();
    const CommandSpec* spec = nullptr;
    std::string path = "cesp";
    auto it = words.begin();
    while (it != words.end()) {
      const CommandSpec* next = find_command(*level, *it);
      if (!next) {
        if (spec) break;  // the rest belongs to spec
        usage_error("commande inconnue: " + *it + " (voir cesp --help)");
      }
      spec = next;
      path += " " + spec->name;
      ++it;
      if (spec->subcommands.empty()) break;
      level = &spec->subcommands;
    }

    if (std::find(it, words.end(), "--help") != words.end()) {
      out << command_help(*spec, path);
      return kExitOk;
    }
    if (!spec->run) {
      err << command_help(*spec, path);
      if (it != words.end()) usage_error(path + ": sous-commande inconnue: " + *it);
      usage_error(path + ": sous-commande attendue");
    }
    Args args = parse_args(*spec, path, it, words.end());
    CommandContext context{out, err};
    return spec->run(args, context);
  } catch (const Error& e) {
    print_error(err, e);
    return exit_code(e.code());
  } catch (const std::exception& e) {
    err << "cesp: erreur interne: " << e.what() << " [internal]\n";
    return kExitInternal;
  }
}

int run_cli(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  std::vector<std::string> words;
  for (int i = 1; i < argc; ++i) words.emplace_back(argv[i]);
  return run_cli(words, out, err);
}

}  // namespace cesp::server
