#include "cesp/ocr/mrz_consensus.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

namespace cesp::ocr {
namespace {

// Distinct lines seen at one position of the MRZ, with how many readings
// gave each, in order of first appearance (most trusted reading first).
struct LineChoice {
  std::string text;
  int count = 0;
};

// Beyond this many combinations, each position keeps its most frequent lines.
constexpr std::size_t kMaxCombinations = 4096;
constexpr std::size_t kKeptPerLine = 6;

std::vector<std::vector<LineChoice>> choices_per_line(const std::vector<MrzData>& readings) {
  std::vector<std::vector<LineChoice>> per_line(readings.front().lines.size());
  for (const auto& reading : readings)
    for (std::size_t i = 0; i < per_line.size(); ++i) {
      auto& choices = per_line[i];
      auto it = std::find_if(choices.begin(), choices.end(),
                             [&](const LineChoice& c) { return c.text == reading.lines[i]; });
      if (it == choices.end())
        choices.push_back({reading.lines[i], 1});
      else
        ++it->count;
    }
  std::size_t combinations = 1;
  for (const auto& choices : per_line) combinations *= choices.size();
  if (combinations > kMaxCombinations)
    for (auto& choices : per_line) {
      std::stable_sort(choices.begin(), choices.end(),
                       [](const LineChoice& a, const LineChoice& b) { return a.count > b.count; });
      if (choices.size() > kKeptPerLine) choices.resize(kKeptPerLine);
    }
  return per_line;
}

// The other reading of a character OCR-B readers confuse in alphanumeric
// fields, where no field alphabet can decide; 0 when none. Not G and 6:
// their values (16 and 6) differ by 10, which no check digit (mod 10) sees,
// so a swap could only tie with the reading as it is (a passport number
// CUK6C9RV0 read with an 'O' was refused for that tie).
char lookalike(char c) {
  static constexpr std::pair<char, char> kPairs[] = {
      {'O', '0'}, {'I', '1'}, {'S', '5'}, {'B', '8'}, {'Z', '2'}};
  for (const auto& [letter, digit] : kPairs) {
    if (c == letter) return digit;
    if (c == digit) return letter;
  }
  return 0;
}

constexpr std::size_t kMaxLookalikes = 6;

bool all_fillers(const std::string& line, std::size_t from, std::size_t count) {
  return line.substr(from, count).find_first_not_of('<') == std::string::npos;
}

// `lines` with the document number's look-alikes swapped in every way
// (`lines` itself excluded): candidates only, the check digits decide.
// TD1 and TD3 only, and only when every character the composite covers
// besides the number and the dates (the optional data) reads as fillers:
// then the composite adds nothing but the number and the dates, each
// already under its own check digit, and a swap that passes both the
// number's check and the composite cannot hide a wrong printed digit. The
// old card's composite also covers the names, which nothing else checks.
std::vector<std::vector<std::string>> lookalike_variants(MrzFormat format,
                                                         const std::vector<std::string>& lines) {
  std::vector<std::vector<std::string>> out;
  std::size_t line = 0, from = 0;
  if (format == MrzFormat::td1) {
    if (!all_fillers(lines[0], 15, 15) || !all_fillers(lines[1], 18, 11)) return out;
    line = 0, from = 5;
  } else if (format == MrzFormat::td3) {
    if (!all_fillers(lines[1], 28, 15)) return out;
    line = 1, from = 0;
  } else {
    return out;
  }
  const std::size_t length = 9;
  std::vector<std::size_t> positions;
  for (std::size_t i = from; i < from + length && i < lines[line].size(); ++i)
    if (lookalike(lines[line][i])) positions.push_back(i);
  if (positions.empty() || positions.size() > kMaxLookalikes) return out;
  for (unsigned mask = 1; mask < (1u << positions.size()); ++mask) {
    auto variant = lines;
    for (std::size_t k = 0; k < positions.size(); ++k)
      if (mask & (1u << k)) variant[line][positions[k]] = lookalike(variant[line][positions[k]]);
    out.push_back(std::move(variant));
  }
  return out;
}

// A document-number check digit changed by 5 after the composite was
// computed (a forgery that did not redo the composite) fails the number's
// check and the composite by 5 each: exactly what a look-alike misread worth
// 5 does, so a swap could make both pass with data that was never printed.
// No swap is tried on such a reading (nor on one whose digit is unreadable).
bool number_check_fails_by_five(MrzFormat format, const std::vector<std::string>& lines) {
  const auto mrz = parse_mrz_lines(format, lines);
  if (!mrz) return true;
  const std::string span = mrz_check_span(*mrz, "document_number");
  if (span.size() < 2 || span.back() < '0' || span.back() > '9') return true;
  const int computed = mrz_check_digit(std::string_view(span).substr(0, span.size() - 1));
  return (span.back() - '0' - computed + 10) % 10 == 5;
}

MrzFormat majority_format(const std::vector<MrzData>& parsed) {
  std::map<MrzFormat, int> votes;
  for (const auto& p : parsed) ++votes[p.format];
  MrzFormat best = parsed.front().format;
  for (const auto& p : parsed)
    if (votes[p.format] > votes[best]) best = p.format;
  return best;
}

}  // namespace

std::string mrz_check_span(const MrzData& mrz, const std::string& check) {
  const auto& l = mrz.lines;
  if (check == "composite") return mrz_checked_text(mrz);
  switch (mrz.format) {
    case MrzFormat::td1:
      if (check == "document_number") return l[0].substr(5, 10);
      if (check == "birth_date") return l[1].substr(0, 7);
      if (check == "expiry_date") return l[1].substr(8, 7);
      break;
    case MrzFormat::td3:
      if (check == "document_number") return l[1].substr(0, 10);
      if (check == "birth_date") return l[1].substr(13, 7);
      if (check == "expiry_date") return l[1].substr(21, 7);
      if (check == "personal_number") return l[1].substr(28, 15);
      break;
    case MrzFormat::cni_old:
      if (check == "document_number") return l[1].substr(0, 13);
      if (check == "birth_date") return l[1].substr(27, 7);
      break;
  }
  return {};
}

std::string mrz_checked_text(const MrzData& mrz) {
  const auto& l = mrz.lines;
  switch (mrz.format) {
    case MrzFormat::td1:
      return l[0].substr(5, 25) + l[1].substr(0, 7) + l[1].substr(8, 7) + l[1].substr(18, 12);
    case MrzFormat::td3: return l[1].substr(0, 10) + l[1].substr(13, 7) + l[1].substr(21, 23);
    case MrzFormat::cni_old: return l[0] + l[1];
  }
  return {};
}

MrzConsensus combine_mrz_readings(const std::vector<std::vector<std::string>>& readings,
                                  const std::vector<std::string>& readers) {
  MrzConsensus out;
  std::vector<MrzData> parsed;
  std::vector<std::string> reader_of;  // parallel to `parsed`
  for (std::size_t i = 0; i < readings.size(); ++i)
    if (auto mrz = parse_mrz(readings[i])) {
      parsed.push_back(std::move(*mrz));
      reader_of.push_back(i < readers.size() ? readers[i] : "reading " + std::to_string(i));
    }
  if (parsed.empty()) return out;
  const MrzFormat format = majority_format(parsed);
  for (std::size_t i = parsed.size(); i-- > 0;)
    if (parsed[i].format != format) {
      parsed.erase(parsed.begin() + static_cast<long>(i));
      reader_of.erase(reader_of.begin() + static_cast<long>(i));
    }
  out.readings = static_cast<int>(parsed.size());

  // Every combination of the lines seen; the passing ones grouped by the
  // data their check digits cover, each group keeping its best-supported
  // combination (the lines most readings gave).
  const auto per_line = choices_per_line(parsed);
  struct Passing {
    MrzData mrz;
    int support = 0;
  };
  std::map<std::string, Passing> passing;
  const auto consider = [&](std::vector<std::string> lines, int support) {
    if (auto mrz = parse_mrz_lines(format, std::move(lines)); mrz && mrz->all_checks_ok()) {
      const std::string key = mrz_checked_text(*mrz);
      auto it = passing.find(key);
      if (it == passing.end())
        passing.emplace(key, Passing{std::move(*mrz), support});
      else if (support > it->second.support)
        it->second = Passing{std::move(*mrz), support};
    }
  };
  std::vector<std::vector<std::string>> combinations;
  std::vector<int> supports;
  std::vector<std::size_t> pick(per_line.size(), 0);
  while (true) {
    std::vector<std::string> lines;
    int support = 0;
    for (std::size_t i = 0; i < per_line.size(); ++i) {
      lines.push_back(per_line[i][pick[i]].text);
      support += per_line[i][pick[i]].count;
    }
    consider(lines, support);
    combinations.push_back(std::move(lines));
    supports.push_back(support);
    std::size_t i = 0;
    while (i < pick.size() && ++pick[i] == per_line[i].size()) pick[i++] = 0;
    if (i == pick.size()) break;
  }
  // Nothing passes: the alphanumeric document number may hold an 'O' read
  // for a '0' (or I/1, S/5, B/8, Z/2, G/6), which no field alphabet decides.
  // Swapping look-alikes there changes the document number's check sum and
  // the composite's by the same amount (the number enters both at the same
  // weights), so a printed check digit that fails while the composite
  // passes can never be "fixed" this way (nor one changed after the
  // composite was computed, below); a swap is kept only when every
  // check digit then passes, and only if no other swap does (a tie below).
  // A composite left over from before a forged check digit is the one case
  // where both fail by the same amount: see number_check_fails_by_five.
  if (passing.empty())
    for (std::size_t c = 0; c < combinations.size() && c < 64; ++c) {
      if (number_check_fails_by_five(format, combinations[c])) continue;
      for (auto& variant : lookalike_variants(format, combinations[c])) consider(std::move(variant), 0);
    }

  // How many different readers read `text(reading)` as `key`.
  const auto readers_agreeing = [&](const std::string& key, const auto& text) {
    std::set<std::string> agreeing;
    for (std::size_t i = 0; i < parsed.size(); ++i)
      if (text(parsed[i]) == key) agreeing.insert(reader_of[i]);
    return static_cast<int>(agreeing.size());
  };
  const auto agreeing_with = [&](const std::string& key) { return readers_agreeing(key, mrz_checked_text); };
  // Several different data sets passing: only one that more readings
  // agree on than on any other is taken.
  const Passing* chosen = nullptr;
  int best_agreement = -1;
  for (const auto& [key, candidate] : passing) {
    const int agreement = agreeing_with(key);
    if (agreement > best_agreement) {
      chosen = &candidate;
      best_agreement = agreement;
    } else if (agreement == best_agreement) {
      chosen = nullptr;
    }
  }
  out.ambiguous = passing.size() > 1 && !chosen;
  if (chosen) {
    out.mrz = chosen->mrz;
    out.agreeing = agreeing_with(mrz_checked_text(*out.mrz));
    return out;
  }
  // Nothing passes. The reading with the fewest failing checks (then the
  // one most others agree with, then the first) says which check digits
  // fail; how many readers read each failing check's characters the same
  // way says whether the print is to blame.
  const auto failures = [](const MrzData& m) {
    return std::count_if(m.checks.begin(), m.checks.end(), [](const MrzCheck& c) { return !c.ok; });
  };
  const MrzData* best = &parsed.front();
  for (const auto& p : parsed)
    if (failures(p) < failures(*best) ||
        (failures(p) == failures(*best) &&
         agreeing_with(mrz_checked_text(p)) > agreeing_with(mrz_checked_text(*best))))
      best = &p;
  out.mrz = *best;
  out.agreeing = static_cast<int>(parsed.size());
  for (const auto& check : best->checks) {
    if (check.ok) continue;
    const auto span = [&](const MrzData& m) { return mrz_check_span(m, check.field); };
    out.agreeing = std::min(out.agreeing, readers_agreeing(span(*best), span));
  }
  // Look-alike swaps made every check pass, in more than one way: the
  // confusion all readers share (an 'O' for a '0'), not the print, may be
  // what fails, and no agreement between them says otherwise. A human
  // decides; the piece is not accepted either way.
  if (out.ambiguous) out.agreeing = std::min(out.agreeing, 1);
  return out;
}

}  // namespace cesp::ocr
