#include <fstream>
#include <ostream>
#include <sstream>

#include "cesp/core/dossier.h"
#include "cesp/core/error.h"
#include "cesp/ocr/isolated_checker.h"

#include "cli/commands.h"

namespace cesp::server {
namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorCode::usage, "fichier illisible : " + path, "cannot read " + path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

int parse_int(const std::string& text, const std::string& option) {
  try {
    std::size_t used = 0;
    const long value = std::stol(text, &used);
    if (used == text.size() && value > 0 && value <= (1L << 40))
      return static_cast<int>(std::min(value, 1L << 30));
  } catch (const std::exception&) {
  }
  throw Error(ErrorCode::usage, "--" + option + " : entier positif attendu",
              "--" + option + ": positive integer expected");
}

// The checks a profile of the rules file applies to a kind.
std::vector<std::string> checks_from_rules(const std::string& rules_path, const std::string& profile_id,
                                           const std::string& kind) {
  const DossierRules rules = DossierRules::parse(slurp(rules_path));
  for (const auto& profile : rules.profiles()) {
    if (profile.id != profile_id) continue;
    for (const auto& piece : profile.pieces)
      if (to_string(piece.kind) == kind) return piece.checks;
    throw Error(ErrorCode::usage, "le profil " + profile_id + " n'exige pas de pièce " + kind,
                "profile " + profile_id + " requires no " + kind + " piece");
  }
  throw Error(ErrorCode::usage, "profil inconnu : " + profile_id, "unknown profile " + profile_id);
}

void print_human(const ocr::Verdict& v, std::ostream& out) {
  out << v.verdict << "  " << v.kind << "  " << v.file << "\n";
  for (const auto& r : v.reasons) out << "  - " << r.code << " : " << r.message << "\n";
  for (const auto& [key, value] : v.fields)
    if (!value.empty()) out << "  " << key << " = " << value << "\n";
  for (const auto& line : v.mrz) out << "  mrz " << line << "\n";
}

// Every problem with the arguments (a bad date, an unreadable candidate
// file...) is a usage error: exit 2, as the check contract says.
ocr::CheckRequest build_request(const Args& args) {
  try {
    ocr::CheckRequest request;
    request.files = args.positionals();
    request.kind = args.value_or("kind", "auto");
    if (request.kind != "auto" && request.kind != "identity" && request.kind != "enrollment" &&
        request.kind != "bank")
      throw Error(ErrorCode::usage, "--kind : auto, identity, enrollment ou bank",
                  "--kind: auto|identity|enrollment|bank");
    if (args.has("candidate")) request.candidate = ocr::candidate_from_json(slurp(args.value("candidate")));
    if (args.has("today")) {
      request.today = Date::parse_iso(args.value("today"));
    } else {
      const std::time_t now = std::time(nullptr);
      std::tm tm{};
      gmtime_r(&now, &tm);
      request.today = Date(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    }
    request.campaign_year = args.has("campaign-year") ? AcademicYear::parse(args.value("campaign-year"))
                                                      : AcademicYear::containing(request.today);
    if (args.has("rules") && request.kind != "auto")
      request.checks =
          checks_from_rules(args.value("rules"), args.value_or("profile", "etudiant"), request.kind);
    if (args.has("max-bytes"))
      request.limits.max_bytes = static_cast<std::size_t>(parse_int(args.value("max-bytes"), "max-bytes"));
    if (args.has("max-pages")) request.limits.max_pages = parse_int(args.value("max-pages"), "max-pages");
    if (args.has("max-pixels"))
      request.limits.max_pixels =
          static_cast<std::uint64_t>(parse_int(args.value("max-pixels"), "max-pixels"));
    return request;
  } catch (const Error& e) {
    if (e.category() == ErrorCategory::usage) throw;
    throw Error(ErrorCode::usage, e.message_fr(), e.message_en(), e.context());
  }
}

}  // namespace

CommandSpec check_command() {
  CommandSpec spec;
  spec.name = "check";
  spec.summary = "OCR-check a piece (identity, enrollment certificate, RIB) and print its verdict";
  spec.description =
      "Several FILEs form one piece (e.g. the front and back of an ID card). Parsing and OCR run in an\n"
      "isolated worker process with memory, CPU and time limits. Exit 0 whenever a verdict is printed.";
  spec.positionals = {{"FILE", "PDF, JPEG, PNG, TIFF, WebP or HEIC file of the piece", 0, -1}};
  spec.options = {
      {"kind", "KIND", "auto (default), identity, enrollment or bank"},
      {"candidate", "FILE", "candidate JSON {surname, given_names, birth_date, usage_name?, ine?}"},
      {"today", "DATE", "reference date for expiry, YYYY-MM-DD (default: today)"},
      {"campaign-year", "YEAR", "academic year of the campaign, e.g. 2025-2026 (default: today's)"},
      {"rules", "FILE", "required-pieces rules (JSON) choosing which checks apply"},
      {"profile", "ID", "profile of the rules file (default etudiant)"},
      {"timeout", "SECONDS", "watchdog per piece (default 30)"},
      {"max-bytes", "N", "largest file accepted (default 20971520)"},
      {"max-pages", "N", "most pages accepted (default 10)"},
      {"max-pixels", "N", "largest page in pixels, read from headers (default 60000000)"},
      {"in-process", "", "run without a worker process (debugging only: no isolation)"},
      {"json", "", "print one JSON object"},
      {"worker", "", "internal: serve check requests on stdin/stdout (started by the worker pool)"},
  };
  spec.run = [](const Args& args, CommandContext& ctx) {
    if (args.has("worker")) return ocr::serve_check_worker();
    if (args.positionals().empty())
      throw Error(ErrorCode::usage, "cesp check : au moins un FILE attendu", "cesp check: FILE expected");
    const ocr::CheckRequest request = build_request(args);
    ocr::Verdict verdict;
    if (args.has("in-process")) {
      ocr::PieceChecker checker;
      verdict = checker.check(request);
    } else {
      ocr::IsolationOptions isolation;
      isolation.timeout = std::chrono::seconds(parse_int(args.value_or("timeout", "30"), "timeout"));
      isolation.cpu_seconds_per_job = static_cast<int>(isolation.timeout.count() / 1000);
      isolation.enable_fault_hooks = std::getenv("CESP_WORKER_FAULTS") != nullptr;
      ocr::IsolatedChecker checker(isolation);
      verdict = checker.check(request);
    }
    if (args.has("json"))
      ctx.out << ocr::to_json(verdict) << "\n";
    else
      print_human(verdict, ctx.out);
    return 0;
  };
  return spec;
}

}  // namespace cesp::server
