#include "config/server_config.h"

#include <Poco/AutoPtr.h>
#include <Poco/Exception.h>
#include <Poco/Util/IniFileConfiguration.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include "cesp/core/error.h"

namespace cesp::server {
namespace {

[[noreturn]] void bad_value(const std::string& origin, const std::string& key, const std::string& fr,
                            const std::string& en) {
  throw config_error("configuration " + origin + " : " + key + " : " + fr,
                     "configuration " + origin + ": " + key + ": " + en);
}

// Errors are raised with the key only; apply_setting adds the origin.
struct KeyError {
  std::string fr, en;
};

long parse_integer(const std::string& text, long min, long max) {
  long value = 0;
  std::size_t used = 0;
  try {
    value = std::stol(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (text.empty() || used != text.size() || value < min || value > max) {
    throw KeyError{"entier attendu entre " + std::to_string(min) + " et " + std::to_string(max) + ", pas « " +
                       text + " »",
                   "expected an integer from " + std::to_string(min) + " to " + std::to_string(max) +
                       ", not '" + text + "'"};
  }
  return value;
}

bool parse_bool(const std::string& text) {
  std::string t = text;
  std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return std::tolower(c); });
  if (t == "true" || t == "yes" || t == "on" || t == "1") return true;
  if (t == "false" || t == "no" || t == "off" || t == "0") return false;
  throw KeyError{"booléen attendu (true/false), pas « " + text + " »",
                 "expected a boolean (true/false), not '" + text + "'"};
}

std::string require_one_of(const std::string& text, std::initializer_list<const char*> allowed) {
  std::string list;
  for (const char* a : allowed) {
    if (text == a) return text;
    list += (list.empty() ? "" : ", ") + std::string(a);
  }
  throw KeyError{"valeur attendue parmi " + list + ", pas « " + text + " »",
                 "expected one of " + list + ", not '" + text + "'"};
}

std::string require_prefix(const std::string& text, std::initializer_list<const char*> prefixes) {
  if (text.empty()) return text;
  std::string list;
  for (const char* p : prefixes) {
    if (text.rfind(p, 0) == 0) return text;
    list += (list.empty() ? "" : " ou ") + std::string(p);
  }
  throw KeyError{"doit commencer par " + list + " (ou rester vide), pas « " + text + " »",
                 "must start with " + list + " (or be empty), not '" + text + "'"};
}

std::string require_non_empty(const std::string& text) {
  if (text.empty()) throw KeyError{"ne peut pas être vide", "cannot be empty"};
  return text;
}

std::string millis_as_seconds(std::chrono::milliseconds ms) { return std::to_string(ms.count() / 1000); }

ConfigKey text_key(std::string name, std::string help, std::string ServerOptions::*field,
                   std::function<std::string(const std::string&)> check, bool is_path = false) {
  return {std::move(name), std::move(help), is_path,
          [field, check](ServerOptions& o, const std::string& v) { o.*field = check(v); },
          [field](const ServerOptions& o) { return o.*field; }};
}

ConfigKey int_key(std::string name, std::string help, int ServerOptions::*field, long min, long max) {
  return {std::move(name), std::move(help), false,
          [field, min, max](ServerOptions& o, const std::string& v) {
            o.*field = static_cast<int>(parse_integer(v, min, max));
          },
          [field](const ServerOptions& o) { return std::to_string(o.*field); }};
}

ConfigKey seconds_key(std::string name, std::string help, std::chrono::milliseconds ServerOptions::*field,
                      long min, long max) {
  return {std::move(name), std::move(help), false,
          [field, min, max](ServerOptions& o, const std::string& v) {
            o.*field = std::chrono::seconds{parse_integer(v, min, max)};
          },
          [field](const ServerOptions& o) { return millis_as_seconds(o.*field); }};
}

std::string any_text(const std::string& v) { return v; }
std::string http_url(const std::string& v) { return require_prefix(v, {"http://", "https://"}); }

std::vector<ConfigKey> make_keys() {
  std::vector<ConfigKey> keys;
  keys.push_back(text_key("server.host", "address to bind (0.0.0.0: every interface)", &ServerOptions::host,
                          require_non_empty));
  keys.push_back(int_key("server.port", "TCP port (0 picks a free one)", &ServerOptions::port, 0, 65535));
  keys.push_back(text_key("server.data_dir", "folder of the embedded database, documents and dev PKI",
                          &ServerOptions::data_dir, require_non_empty, true));
  keys.push_back(text_key("server.public_url",
                          "URL clients reach this server at (empty: http://HOST:PORT); dev PKI URLs use it",
                          &ServerOptions::public_url, http_url));
  keys.push_back({"server.demo", "seed the demo campaign and one account per role (public passwords)", false,
                  [](ServerOptions& o, const std::string& v) { o.demo = parse_bool(v); },
                  [](const ServerOptions& o) { return std::string(o.demo ? "true" : "false"); }});
  keys.push_back(int_key("server.max_threads", "request threads", &ServerOptions::max_threads, 1, 1024));
  keys.push_back(int_key("server.max_queued", "accepted connections waiting for a thread",
                         &ServerOptions::max_queued, 1, 100000));
  keys.push_back(seconds_key("server.shutdown_grace",
                             "seconds running requests get to finish on SIGTERM/SIGINT",
                             &ServerOptions::shutdown_grace, 0, 3600));
  keys.push_back(text_key("database.uri",
                          "sqlite:PATH or postgresql:host=... port=... dbname=... user=... "
                          "(empty: sqlite:DATA_DIR/cesp.sqlite)",
                          &ServerOptions::database_uri, [](const std::string& v) {
                            return require_prefix(v, {"sqlite:", "postgresql:"});
                          }));
  keys.push_back(text_key("tsa.url", "RFC 3161 timestamp authority (empty: the built-in one, dev PKI)",
                          &ServerOptions::tsa_url, http_url));
  keys.push_back(int_key("ocr.workers", "isolated OCR worker processes", &ServerOptions::ocr_workers, 1, 64));
  keys.push_back(text_key("ocr.rules_file", "required-piece rules, JSON (empty: the built-in copy)",
                          &ServerOptions::rules_file, any_text, true));
  keys.push_back(seconds_key("archive.seal_interval", "seconds between two timestamped journal seals",
                             &ServerOptions::seal_interval, 1, 7 * 24 * 3600));
  keys.push_back(text_key("archive.blob_backend",
                          "where archived documents live: filesystem (DATA_DIR/blobs) or database",
                          &ServerOptions::blob_backend, [](const std::string& v) {
                            return require_one_of(v, {"filesystem", "database"});
                          }));
  keys.push_back(text_key("tls.certificate_file", "PEM certificate chain, leaf first (empty: plain HTTP)",
                          &ServerOptions::tls_certificate_file, any_text, true));
  keys.push_back(text_key("tls.private_key_file", "PEM private key of that certificate, unencrypted",
                          &ServerOptions::tls_private_key_file, any_text, true));
  keys.push_back(text_key("tls.client_ca_file",
                          "PEM CA certificates; when set, clients must present a certificate they issued",
                          &ServerOptions::tls_client_ca_file, any_text, true));
  keys.push_back(text_key("log.format", "request log lines: json or text", &ServerOptions::log_format,
                          [](const std::string& v) {
                            return require_one_of(v, {"json", "text"});
                          }));
  keys.push_back(text_key("log.file", "request log file, appended (empty: stderr)", &ServerOptions::log_file,
                          any_text, true));
  return keys;
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

const ConfigKey* find_key(const std::string& name) {
  for (const auto& key : server_config_keys()) {
    if (key.name == name) return &key;
  }
  return nullptr;
}

// Every leaf key of a Poco configuration, "section.name".
void collect_keys(const Poco::Util::AbstractConfiguration& config, const std::string& prefix,
                  std::vector<std::string>& out) {
  Poco::Util::AbstractConfiguration::Keys children;
  config.keys(prefix, children);
  for (const auto& child : children) {
    const std::string full = prefix.empty() ? child : prefix + "." + child;
    Poco::Util::AbstractConfiguration::Keys grandchildren;
    config.keys(full, grandchildren);
    if (grandchildren.empty() || config.hasProperty(full)) out.push_back(full);
    if (!grandchildren.empty()) collect_keys(config, full, out);
  }
}

}  // namespace

Error config_error(const std::string& message_fr, const std::string& message_en, const std::string& detail) {
  return Error(ErrorCode::usage, message_fr, message_en,
               detail.empty() ? message_en : message_en + " — " + detail);
}

const std::vector<ConfigKey>& server_config_keys() {
  static const std::vector<ConfigKey> keys = make_keys();
  return keys;
}

void apply_setting(ServerOptions& options, const std::string& key, const std::string& value,
                   const std::string& origin) {
  const ConfigKey* spec = find_key(lower(key));
  if (!spec) {
    bad_value(origin, key, "clé inconnue (voir samples/config/cesp.ini pour la liste)",
              "unknown key (see samples/config/cesp.ini for the list)");
  }
  try {
    spec->set(options, value);
  } catch (const KeyError& e) {
    bad_value(origin, spec->name, e.fr, e.en);
  }
}

void apply_config_file(ServerOptions& options, const std::filesystem::path& file) {
  const std::string origin = file.string();
  {
    std::ifstream probe(file);
    if (!probe) {
      throw config_error("configuration " + origin + " : fichier illisible",
                         "configuration " + origin + ": cannot read the file");
    }
  }
  Poco::AutoPtr<Poco::Util::IniFileConfiguration> ini;
  try {
    ini = new Poco::Util::IniFileConfiguration(file.string());
  } catch (const Poco::Exception& e) {
    throw config_error("configuration " + origin + " : fichier illisible",
                       "configuration " + origin + ": cannot read the file", e.displayText());
  }
  std::vector<std::string> keys;
  collect_keys(*ini, "", keys);
  const std::filesystem::path folder = std::filesystem::absolute(file).parent_path();
  for (const auto& key : keys) {
    std::string value = ini->getRawString(key, "");
    const ConfigKey* spec = find_key(lower(key));
    if (spec && spec->is_path && !value.empty() && std::filesystem::path(value).is_relative()) {
      value = (folder / value).lexically_normal().string();
    }
    apply_setting(options, key, value, origin);
  }
}

void validate_options(const ServerOptions& o) {
  if (o.tls_certificate_file.empty() != o.tls_private_key_file.empty()) {
    throw Error(
        ErrorCode::usage,
        "configuration : tls.certificate_file et tls.private_key_file vont ensemble (l'un sans l'autre)",
        "configuration: tls.certificate_file and tls.private_key_file go together (one is missing)");
  }
  if (!o.tls_client_ca_file.empty() && o.tls_certificate_file.empty()) {
    throw config_error("configuration : tls.client_ca_file demande tls.certificate_file",
                       "configuration: tls.client_ca_file needs tls.certificate_file");
  }
}

std::string to_ini(const ServerOptions& options) {
  std::ostringstream out;
  std::string section;
  for (const auto& key : server_config_keys()) {
    const auto dot = key.name.find('.');
    const std::string this_section = key.name.substr(0, dot);
    if (this_section != section) {
      out << (section.empty() ? "" : "\n") << "[" << this_section << "]\n";
      section = this_section;
    }
    out << key.name.substr(dot + 1) << " = " << key.get(options) << "\n";
  }
  return out.str();
}

}  // namespace cesp::server
