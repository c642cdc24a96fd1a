// The `cesp serve` configuration: one INI file (read by Poco's
// IniFileConfiguration) whose keys map onto ServerOptions, with every default
// in code (ServerOptions' initialisers). Precedence, lowest first: defaults,
// the file, then command-line settings. Unknown keys and bad values are
// errors naming the key (Error(usage): exit code 2), never ignored.
//
// samples/config/cesp.ini documents every key with its default; a test checks
// that it stays in step with the table below.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "cesp/core/error.h"
#include "cesp/server/http_server.h"

namespace cesp::server {

// One configuration key, "section.name" as written under [section].
struct ConfigKey {
  std::string name;
  std::string help;      // one line, for the sample file and the docs
  bool is_path = false;  // relative values in a file are taken from the file's folder
  // Parses and stores a textual value; throws Error(usage) naming the key.
  std::function<void(ServerOptions&, const std::string&)> set;
  // The current value as it would be written in the file.
  std::function<std::string(const ServerOptions&)> get;
};

// The Error(usage) of a configuration problem (exit code 2). The CLI prints
// the French message and the context, so the context carries the English
// message (and the detail, e.g. OpenSSL's reason): operators get both.
Error config_error(const std::string& message_fr, const std::string& message_en,
                   const std::string& detail = {});

// Every key, in the order of the sample file.
const std::vector<ConfigKey>& server_config_keys();

// Sets one key from text (a command-line override, or a file line).
// `origin` names where the value came from in error messages
// ("cesp.ini", "--set"). Throws Error(usage) for an unknown key or a bad value.
void apply_setting(ServerOptions& options, const std::string& key, const std::string& value,
                   const std::string& origin);

// Reads an INI file and applies every key it sets on top of `options`.
// Relative paths are resolved against the file's folder. Throws
// Error(usage) when the file cannot be read or parsed, a key is unknown,
// a value is invalid; the message names the file and the key.
void apply_config_file(ServerOptions& options, const std::filesystem::path& file);

// Checks the combination of settings (e.g. a TLS key without a certificate);
// throws Error(usage) naming the keys.
void validate_options(const ServerOptions& options);

// The effective configuration as an INI file (every key, current values).
std::string to_ini(const ServerOptions& options);

}  // namespace cesp::server
