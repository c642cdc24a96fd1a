#include "cesp/ocr/piece_checker.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "cesp/core/digest.h"
#include "cesp/core/error.h"
#include "cesp/ocr/mrz_consensus.h"
#include "cesp/ocr/piece_text.h"

#include "checks.h"

namespace cesp::ocr {
namespace {

using Clock = std::chrono::steady_clock;
// CPU time of this process, so that latency can be told apart from waiting
// for a core on a loaded machine.
double cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1000.0 + static_cast<double>(ts.tv_nsec) / 1e6;
}

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

}  // namespace

// Evidence for each kind in a page's text; the highest score wins.
std::string detail::classify(const std::vector<OcrLine>& lines) {
  int identity = 0, bank = 0, enrollment = 0;
  for (const auto& line : lines) {
    const std::string t = fold_upper(line.text);
    const auto has = [&](const char* word) { return t.find(word) != std::string::npos; };
    bank +=
        3 * has("IBAN") + 2 * has("BIC") + 3 * has("IDENTITE BANCAIRE") + has("TITULAIRE") + has("GUICHET");
    enrollment += 3 * has("SCOLARITE") + 2 * has("ANNEE UNIVERSITAIRE") + has("INE") + has("INSCRIT") +
                  has("UNIVERSITE");
    identity += 3 * has("CARTE NATIONALE") + 3 * has("PASSEPORT") + 2 * has("IDENTITY CARD") +
                (line.text.find("<<<") != std::string::npos ? 3 : 0);
  }
  if (std::max({identity, bank, enrollment}) < 2) return "unknown";
  if (bank >= identity && bank >= enrollment) return "bank";
  if (enrollment >= identity) return "enrollment";
  return "identity";
}

namespace {

std::string read_file_bounded(const std::string& path, std::size_t max_bytes,
                              std::optional<Reason>& problem) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) {
    problem = Reason{"unreadable", "Fichier introuvable ou illisible : " + path};
    return {};
  }
  if (size > max_bytes) {
    const auto r = ingest::make_rejection("too_large", std::to_string(size / 1024) + " Kio");
    problem = Reason{r.code, r.message};
    return {};
  }
  std::ifstream in(path, std::ios::binary);
  std::string bytes(static_cast<std::size_t>(size), '\0');
  if (!in.read(bytes.data(), static_cast<std::streamsize>(size))) {
    problem = Reason{"unreadable", "Lecture impossible : " + path};
    return {};
  }
  return bytes;
}

}  // namespace

namespace detail {

bool wants(const CheckRequest& request, const std::string& check) {
  return request.checks.empty() ||
         std::find(request.checks.begin(), request.checks.end(), check) != request.checks.end();
}

std::vector<std::string> texts(const std::vector<OcrLine>& lines) {
  std::vector<std::string> out;
  for (const auto& l : lines) out.push_back(l.text);
  return out;
}

double mean_confidence(const std::vector<OcrLine>& lines) {
  double sum = 0, weight = 0;
  for (const auto& l : lines) {
    const double w = static_cast<double>(l.text.size());
    sum += l.confidence * w;
    weight += w;
  }
  return weight > 0 ? sum / weight : 0.0;
}

bool reads_upright(const std::vector<OcrLine>& lines) {
  return mean_confidence(lines) >= 60.0 && classify(lines) != "unknown";
}

std::vector<OcrLine> PieceView::read_upright(const ingest::PageImage& page, int& turned) {
  turned = 0;
  auto lines = engine_->read_page(page);
  if (reads_upright(lines)) return lines;
  // Upside down or sideways? Ask orientation detection first (one cheap
  // pass instead of three readings); when it cannot tell, try every turn.
  std::vector<int> turns;
  if (const auto detected = engine_->upright_turns(page)) {
    if (*detected == 0) return lines;  // upright, just not one of our pieces
    turns.push_back(*detected);
  }
  for (int quadrants : {2, 1, 3})
    if (turns.empty() || quadrants != turns.front()) turns.push_back(quadrants);
  const auto score = [](const std::vector<OcrLine>& l) {
    return mean_confidence(l) + (classify(l) != "unknown" ? 30.0 : 0.0);
  };
  for (int quadrants : turns) {
    auto reading = engine_->read_page(page, quadrants);
    if (score(reading) > score(lines) + 10.0) {
      lines = std::move(reading);
      turned = quadrants;
    }
    if (reads_upright(lines)) break;
  }
  return lines;
}

const std::vector<OcrLine>& PieceView::lines() {
  if (text_read_) return lines_;
  text_read_ = true;
  page_turns_.assign(pages_.size(), -1);
  for (std::size_t i = 0; i < pages_.size(); ++i) {
    const auto& page = pages_[i];
    std::size_t printable = 0;
    for (char c : page.text_layer) printable += c > ' ' ? 1 : 0;
    if (printable >= 30) {  // a text PDF: its own text beats any OCR
      std::istringstream in(page.text_layer);
      for (std::string line; std::getline(in, line);)
        if (line.find_first_not_of(" \t\r") != std::string::npos) lines_.push_back({line, 96.0f});
      continue;
    }
    auto lines = read_upright(page, page_turns_[i]);
    lines_.insert(lines_.end(), lines.begin(), lines.end());
  }
  return lines_;
}

std::vector<OcrLine> PieceView::lines_read_again(int long_side) {
  std::vector<OcrLine> out;
  if (!engine_) return out;
  lines();
  for (std::size_t i = 0; i < pages_.size(); ++i) {
    if (page_turns_[i] < 0) continue;  // its own text layer: nothing misread
    auto again = engine_->read_page(pages_[i], page_turns_[i], long_side);
    out.insert(out.end(), again.begin(), again.end());
  }
  return out;
}

std::optional<MrzData> PieceView::mrz(double& confidence, MrzSearch search) {
  if (!engine_) {  // text read elsewhere
    auto found = parse_mrz(texts(lines_));
    confidence = found ? mean_confidence(lines_) / 100.0 : 0.0;
    return found;
  }
  if (mrz_searched_) {
    confidence = mrz_confidence_;
    return mrz_;
  }
  std::optional<MrzData>& first = mrz_;
  double& first_confidence = mrz_confidence_;
  const auto passed = [&] { return first && first->all_checks_ok(); };
  // Reads `region` and adds the reading to `readings` (those of one page in
  // one orientation), whose combination is kept when its check digits all
  // pass, or when nothing was found before (for the verdict when none
  // passes; later readings of the same orientation update its agreement).
  // Returns whether the reading looked like an MRZ at all (filler runs),
  // even one too garbled to parse: then the orientation is right.
  const auto attempt = [&](std::size_t page_index, MrzRegion region, int quadrants, int size,
                           MrzReadings& readings, MrzModel model = MrzModel::english,
                           bool glyphs = false) -> bool {
    const auto lines = glyphs ? engine_->read_mrz_glyphs(pages_[page_index], region, quadrants, size)
                              : engine_->read_mrz(pages_[page_index], region, quadrants, size, model);
    const int source = static_cast<int>(page_index) * 4 + quadrants;
    bool mrz_like = false;
    for (const auto& line : lines) mrz_like = mrz_like || line.text.find("<<") != std::string::npos;
    auto text = texts(lines);
    if (!parse_mrz(text)) return mrz_like;
    readings.add(std::move(text), glyphs ? "glyphs" : model == MrzModel::french ? "french" : "english");
    auto consensus = combine_mrz_readings(readings.texts, readings.readers);
    const bool passes = consensus.mrz->all_checks_ok();
    if (passes || !first || mrz_source_ == source) {
      first = std::move(consensus.mrz);
      first_confidence = mean_confidence(lines) / 100.0;
      mrz_source_ = source;
      mrz_agreeing_ = consensus.agreeing;
    }
    return true;
  };
  if (!band_read_) {
    band_read_ = true;
    upright_mrz_like_.assign(pages_.size(), false);
    upright_readings_.assign(pages_.size(), {});
    for (std::size_t i = 0; i < pages_.size() && !passed(); ++i) {
      // The OCR-B template reader first: it settles most bands in a third of
      // Tesseract's time (no LSTM), and Tesseract reads those it cannot. A
      // reading is kept alone only when every check digit passes, whoever
      // read it.
      bool mrz_like =
          attempt(i, MrzRegion::bottom_band, 0, 1500, upright_readings_[i], MrzModel::english, true);
      if (!passed()) mrz_like = attempt(i, MrzRegion::bottom_band, 0, 1500, upright_readings_[i]) || mrz_like;
      upright_mrz_like_[i] = mrz_like;
    }
  }
  if (passed() || search == MrzSearch::quick) {
    confidence = first_confidence;
    return first;
  }
  mrz_searched_ = true;
  // Readings of turned pages (one orientation at a time).
  MrzReadings turned_readings;
  for (std::size_t i = 0; i < pages_.size() && !passed(); ++i) {
    const auto& page = pages_[i];
    // Upright first when its band looked like an MRZ; otherwise the piece
    // may be turned. Cards and passport pages are landscape, so a portrait
    // image is most likely a quarter turn: those bands come first.
    const bool portrait = page.height > page.width;
    std::vector<int> turns = portrait ? std::vector<int>{1, 3, 2} : std::vector<int>{2, 1, 3};
    if (upright_mrz_like_[i] || first) turns.insert(turns.begin(), 0);
    for (int quadrants : turns) {
      auto& readings = quadrants == 0 ? upright_readings_[i] : turned_readings;
      if (quadrants != 0) turned_readings = {};
      const bool mrz_like = quadrants == 0 ? upright_mrz_like_[i] || first.has_value()
                                           : attempt(i, MrzRegion::bottom_band, quadrants, 1500, readings);
      if (passed()) break;
      if (!mrz_like) continue;
      // The right way up, but misread: other scales and the other model
      // misread other characters (see combine_mrz_readings); then the
      // whole page. The upright band has had its glyph reading already.
      if (quadrants != 0) {
        attempt(i, MrzRegion::bottom_band, quadrants, 1500, readings, MrzModel::english, true);
        if (passed()) break;
      }
      for (const auto& [size, model] :
           {std::pair{1500, MrzModel::french}, std::pair{2100, MrzModel::english},
            std::pair{2100, MrzModel::french}, std::pair{1100, MrzModel::english}}) {
        attempt(i, MrzRegion::bottom_band, quadrants, size, readings, model);
        if (passed()) break;
      }
      if (!passed()) attempt(i, MrzRegion::whole_page, quadrants, 1500, readings);
      break;
    }
    // No MRZ in the bottom band in any orientation: it may be elsewhere
    // (a passport on an A4 scan).
    if (!first) attempt(i, MrzRegion::whole_page, 0, 1500, upright_readings_[i]);
  }
  confidence = first_confidence;
  return first;
}

std::vector<MrzData> PieceView::mrz_name_readings() {
  std::vector<MrzData> out;
  if (!engine_ || !mrz_ || mrz_source_ < 0 || mrz_source_ % 4 != 0) return out;
  const auto index = static_cast<std::size_t>(mrz_source_ / 4);
  auto& readings = upright_readings_[index];
  const auto& page = pages_[index];
  const auto has_reader = [&](const char* reader) {
    return std::find(readings.readers.begin(), readings.readers.end(), reader) != readings.readers.end();
  };
  if (!has_reader("glyphs"))
    readings.add(texts(engine_->read_mrz_glyphs(page, MrzRegion::bottom_band)), "glyphs");
  if (!has_reader("english"))
    readings.add(texts(engine_->read_mrz(page, MrzRegion::bottom_band, 0, 1500)), "english");
  if (readings.texts.size() < 3)
    readings.add(texts(engine_->read_mrz(page, MrzRegion::bottom_band, 0, 1500, MrzModel::french)), "french");
  if (readings.texts.size() < 4)
    readings.add(texts(engine_->read_mrz(page, MrzRegion::bottom_band, 0, 2100)), "english");
  for (const auto& reading : readings.texts)
    if (auto mrz = parse_mrz(reading); mrz && mrz->format == mrz_->format) out.push_back(std::move(*mrz));
  return out;
}

void check_kind(PieceView& view, const CheckRequest& request, Verdict& verdict) {
  std::string kind = request.kind;
  if (kind == "auto" || kind.empty()) {
    double ignored = 0;
    // The MRZ band is the cheapest thing to look for and settles identity;
    // the page text decides otherwise, and only a piece that may be an
    // identity one pays for the full (rotations...) MRZ search.
    if (view.mrz(ignored, PieceView::MrzSearch::quick)) {
      kind = "identity";
    } else {
      kind = classify(view.lines());
      if ((kind == "unknown" || kind == "identity") && view.mrz(ignored)) kind = "identity";
    }
  } else if (kind != "identity") {
    const std::string seen = classify(view.lines());
    if (seen != "unknown" && seen != kind)
      verdict.reject("wrong_kind",
                     "Ce document ressemble à une pièce « " + seen + " », pas « " + kind + " ».");
  }
  verdict.kind = kind;
  if (verdict.verdict != "rejected") {
    if (kind == "identity")
      check_identity(view, request, verdict);
    else if (kind == "bank")
      check_bank(view, request, verdict);
    else if (kind == "enrollment")
      check_enrollment(view, request, verdict);
    else if (view.lines().empty())
      verdict.reject("no_text", "Aucun texte lisible dans le document.");
    else
      verdict.reject("wrong_kind",
                     "Type de document non reconnu (pièce d'identité, certificat ou RIB attendu).");
  }
  // An identity piece whose MRZ is missing but that reads like another kind
  // was sent in the wrong slot.
  if (kind == "identity" && verdict.has_reason("mrz_not_found") && request.kind == "identity") {
    const std::string seen = classify(view.lines());
    if (seen == "bank" || seen == "enrollment") {
      verdict.reasons.clear();
      verdict.reject("wrong_kind",
                     "Ce document ressemble à une pièce « " + seen + " », pas à une pièce d'identité.");
    }
  }
}

}  // namespace detail

Verdict check_text(const std::vector<std::string>& lines, const CheckRequest& request) {
  std::vector<OcrLine> ocr_lines;
  for (const auto& line : lines) ocr_lines.push_back({line, 90.0f});
  detail::PieceView view(std::move(ocr_lines));
  Verdict verdict;
  verdict.file = request.files.empty() ? std::string() : request.files.front();
  verdict.kind = request.kind == "auto" ? "unknown" : request.kind;
  detail::check_kind(view, request, verdict);
  return verdict;
}

std::vector<std::string> default_checks(const std::string& kind) {
  if (kind == "identity") return {"mrz_check_digits", "not_expired", "name_matches", "birth_date_matches"};
  if (kind == "enrollment")
    return {"academic_year", "level_eligible", "ine_format", "name_matches", "birth_date_matches"};
  if (kind == "bank") return {"iban_checksum", "rib_key", "bic_format", "holder_matches"};
  return {};
}

PieceChecker::PieceChecker(OcrEngineOptions options) : engine_(std::move(options)) {}

Verdict PieceChecker::check(const CheckRequest& request) {
  const auto start = Clock::now();
  const double cpu_start = cpu_ms();
  Verdict verdict;
  verdict.file = request.files.empty() ? std::string() : request.files.front();
  verdict.kind = request.kind == "auto" ? "unknown" : request.kind;
  std::vector<ingest::PageImage> pages;
  std::set<std::string> hashes;
  double decode_ms = 0;
  for (const auto& path : request.files) {
    std::optional<Reason> problem;
    const std::string bytes = read_file_bounded(path, request.limits.max_bytes, problem);
    if (problem) {
      verdict.reject(problem->code, problem->message);
      break;
    }
    const std::string hash = sha256_hex(bytes);
    if (hashes.empty()) verdict.set_field("sha256", hash);
    if (!hashes.insert(hash).second) {
      verdict.reject("duplicate", "Le même fichier a été envoyé deux fois : " + path);
      break;
    }
    const auto decode_start = Clock::now();
    auto intake = ingest::decode_upload(bytes, request.limits);
    decode_ms += ms_since(decode_start);
    if (intake.rejection) {
      verdict.reject(intake.rejection->code, intake.rejection->message);
      break;
    }
    for (auto& page : intake.pages) pages.push_back(std::move(page));
    if (static_cast<int>(pages.size()) > request.limits.max_pages) {
      verdict.reject("too_many_pages", ingest::make_rejection("too_many_pages").message);
      break;
    }
  }
  verdict.timings_ms.emplace_back("decode", decode_ms);
  if (verdict.verdict == "rejected") {
    verdict.timings_ms.emplace_back("total", ms_since(start));
    verdict.timings_ms.emplace_back("cpu", cpu_ms() - cpu_start);
    return verdict;
  }

  const auto ocr_start = Clock::now();
  detail::PieceView view(engine_, pages);
  detail::check_kind(view, request, verdict);
  verdict.timings_ms.emplace_back("ocr", ms_since(ocr_start));
  verdict.timings_ms.emplace_back("total", ms_since(start));
  verdict.timings_ms.emplace_back("cpu", cpu_ms() - cpu_start);
  return verdict;
}

// --- JSON of requests and candidates -----------------------------------------

namespace {

Poco::JSON::Object::Ptr parse_object(const std::string& json) {
  try {
    Poco::JSON::Parser parser;
    return parser.parse(json).extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception& e) {
    throw Error(ErrorCode::invalid_json, e.displayText());
  } catch (const std::exception& e) {
    throw Error(ErrorCode::invalid_json, e.what());
  }
}

std::string required(const Poco::JSON::Object::Ptr& object, const std::string& key) {
  if (!object->has(key)) throw Error(ErrorCode::missing_field, key);
  return object->getValue<std::string>(key);
}

}  // namespace

Candidate candidate_from_json(const std::string& json) {
  auto object = parse_object(json);
  Candidate c;
  c.birth_name = required(object, "surname");
  c.given_names = required(object, "given_names");
  c.birth_date = Date::parse_iso(required(object, "birth_date"));
  c.usage_name = object->optValue<std::string>("usage_name", "");
  c.ine = object->optValue<std::string>("ine", "");
  return c;
}

std::string to_json(const CheckRequest& r) {
  Poco::JSON::Object object;
  Poco::JSON::Array files;
  for (const auto& f : r.files) files.add(f);
  object.set("files", files);
  object.set("kind", r.kind);
  object.set("today", r.today.iso());
  if (r.campaign_year) object.set("campaign_year", r.campaign_year->text());
  Poco::JSON::Array checks;
  for (const auto& c : r.checks) checks.add(c);
  object.set("checks", checks);
  if (r.candidate) {
    Poco::JSON::Object c;
    c.set("surname", r.candidate->birth_name);
    c.set("given_names", r.candidate->given_names);
    c.set("birth_date", r.candidate->birth_date.iso());
    if (!r.candidate->usage_name.empty()) c.set("usage_name", r.candidate->usage_name);
    if (!r.candidate->ine.empty()) c.set("ine", r.candidate->ine);
    object.set("candidate", c);
  }
  object.set("max_bytes", static_cast<Poco::UInt64>(r.limits.max_bytes));
  object.set("max_pixels", static_cast<Poco::UInt64>(r.limits.max_pixels));
  object.set("max_pages", r.limits.max_pages);
  std::ostringstream out;
  object.stringify(out);
  return out.str();
}

CheckRequest request_from_json(const std::string& json) {
  auto object = parse_object(json);
  CheckRequest r;
  try {
    if (auto files = object->getArray("files"))
      for (std::size_t i = 0; i < files->size(); ++i)
        r.files.push_back(files->getElement<std::string>(static_cast<unsigned>(i)));
    r.kind = object->optValue<std::string>("kind", "auto");
    r.today = Date::parse_iso(required(object, "today"));
    if (object->has("campaign_year"))
      r.campaign_year = AcademicYear::parse(object->getValue<std::string>("campaign_year"));
    if (auto checks = object->getArray("checks"))
      for (std::size_t i = 0; i < checks->size(); ++i)
        r.checks.push_back(checks->getElement<std::string>(static_cast<unsigned>(i)));
    if (auto c = object->getObject("candidate")) {
      std::ostringstream out;
      c->stringify(out);
      r.candidate = candidate_from_json(out.str());
    }
    r.limits.max_bytes = object->optValue<Poco::UInt64>("max_bytes", r.limits.max_bytes);
    r.limits.max_pixels = object->optValue<Poco::UInt64>("max_pixels", r.limits.max_pixels);
    r.limits.max_pages = object->optValue<int>("max_pages", r.limits.max_pages);
  } catch (const Poco::Exception& e) {
    throw Error(ErrorCode::invalid_json, e.displayText());
  }
  return r;
}

}  // namespace cesp::ocr
