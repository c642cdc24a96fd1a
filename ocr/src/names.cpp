#include "cesp/ocr/names.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>

namespace cesp::ocr {
namespace {

// ASCII spelling of the Latin-1 supplement and Latin Extended-A letters
// that French and neighbouring names use; anything else is a separator.
std::string_view fold_code_point(std::uint32_t cp) {
  if (cp >= 0xC0 && cp <= 0xC5) return "A";
  if (cp >= 0xE0 && cp <= 0xE5) return "A";
  if (cp == 0xC6 || cp == 0xE6) return "AE";
  if (cp == 0xC7 || cp == 0xE7) return "C";
  if ((cp >= 0xC8 && cp <= 0xCB) || (cp >= 0xE8 && cp <= 0xEB)) return "E";
  if ((cp >= 0xCC && cp <= 0xCF) || (cp >= 0xEC && cp <= 0xEF)) return "I";
  if (cp == 0xD1 || cp == 0xF1) return "N";
  if ((cp >= 0xD2 && cp <= 0xD6) || cp == 0xD8 || (cp >= 0xF2 && cp <= 0xF6) || cp == 0xF8) return "O";
  if ((cp >= 0xD9 && cp <= 0xDC) || (cp >= 0xF9 && cp <= 0xFC)) return "U";
  if (cp == 0xDD || cp == 0xFD || cp == 0xFF || cp == 0x178) return "Y";
  if (cp == 0xDF) return "SS";
  if (cp == 0x152 || cp == 0x153) return "OE";
  if (cp >= 0x100 && cp <= 0x17F) {
    // Latin Extended-A goes in pairs (capital, small) of one base letter.
    static constexpr std::string_view kBase =
        "AAAAAACCCCCCCCDDDDEEEEEEEEEEGGGGGGGGHHHHIIIIIIIIIIJJJJKKKLLLLLLLLLLNNNNNNNNNOOOOOOOORRRRRRSSSSSSSSTT"
        "TTTT"
        "UUUUUUUUUUUUWWYYYZZZZZZS";
    const std::size_t index = cp - 0x100;
    if (index < kBase.size()) return kBase.substr(index, 1);
  }
  return {};
}

bool is_apostrophe(std::uint32_t cp) {
  return cp == '\'' || cp == 0x2019 || cp == 0x2018 || cp == 0xB4 || cp == '`';
}

std::vector<std::string> without(std::vector<std::string> words,
                                 std::initializer_list<std::string_view> drop) {
  std::erase_if(words,
                [&](const std::string& w) { return std::find(drop.begin(), drop.end(), w) != drop.end(); });
  return words;
}

std::string joined(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += w;
  return out;
}

// `needle` appears as consecutive whole words in `hay`.
bool contains_words(const std::vector<std::string>& hay, const std::vector<std::string>& needle) {
  if (needle.empty() || needle.size() > hay.size()) return false;
  return std::search(hay.begin(), hay.end(), needle.begin(), needle.end()) != hay.end();
}

}  // namespace

std::vector<std::string> name_words(std::string_view utf8) {
  std::vector<std::string> words;
  std::string current;
  const auto flush = [&] {
    if (!current.empty()) words.push_back(std::move(current));
    current.clear();
  };
  for (std::size_t i = 0; i < utf8.size();) {
    const auto byte = static_cast<unsigned char>(utf8[i]);
    std::uint32_t cp = byte;
    std::size_t length = 1;
    if (byte >= 0xC0 && byte < 0xE0 && i + 1 < utf8.size()) {
      cp = ((byte & 0x1Fu) << 6) | (static_cast<unsigned char>(utf8[i + 1]) & 0x3Fu);
      length = 2;
    } else if (byte >= 0xE0 && byte < 0xF0 && i + 2 < utf8.size()) {
      cp = ((byte & 0x0Fu) << 12) | ((static_cast<unsigned char>(utf8[i + 1]) & 0x3Fu) << 6) |
           (static_cast<unsigned char>(utf8[i + 2]) & 0x3Fu);
      length = 3;
    } else if (byte >= 0xF0) {
      length = std::min<std::size_t>(4, utf8.size() - i);
      cp = 0xFFFF;
    }
    i += length;
    if (cp < 0x80 && std::isalnum(static_cast<int>(cp))) {
      current += static_cast<char>(std::toupper(static_cast<int>(cp)));
    } else if (is_apostrophe(cp)) {
      // D'ARC stays one word: DARC.
    } else if (auto folded = fold_code_point(cp); !folded.empty()) {
      current += folded;
    } else {
      flush();
    }
  }
  flush();
  return words;
}

std::string name_key(std::string_view utf8) { return joined(name_words(utf8)); }

bool surname_matches(std::string_view document_surname, const Candidate& candidate, bool truncated) {
  const std::string doc = name_key(document_surname);
  if (doc.empty()) return false;
  const std::string birth = name_key(candidate.birth_name);
  const std::string usage = name_key(candidate.usage_name);
  std::vector<std::string> accepted = {birth};
  if (!usage.empty()) accepted.insert(accepted.end(), {usage, birth + usage, usage + birth});
  for (const auto& name : accepted) {
    if (name.empty()) continue;
    if (doc == name) return true;
    if (truncated && doc.size() >= 10 && name.rfind(doc, 0) == 0) return true;
  }
  return false;
}

bool given_names_match(std::string_view document_given, std::string_view candidate_given, bool truncated) {
  const auto doc = name_words(document_given);
  const auto cand = name_words(candidate_given);
  if (doc.empty() || cand.empty()) return false;
  const std::size_t common = std::min(doc.size(), cand.size());
  for (std::size_t i = 0; i < common; ++i) {
    if (doc[i] == cand[i]) continue;
    // A cut field ends with a prefix of the real word.
    const bool last_doc_word = i + 1 == doc.size();
    if (truncated && last_doc_word && i > 0 && cand[i].rfind(doc[i], 0) == 0) continue;
    return false;
  }
  return true;
}

bool names_nearly_match(std::string_view a, std::string_view b) {
  const std::string x = name_key(a), y = name_key(b);
  if (x.empty() || y.empty()) return false;
  if (x.size() > y.size() + 1 || y.size() > x.size() + 1) return false;
  // Edit distance <= 1, in one pass.
  std::size_t i = 0, j = 0;
  int edits = 0;
  while (i < x.size() && j < y.size()) {
    if (x[i] == y[j]) {
      ++i, ++j;
      continue;
    }
    if (++edits > 1) return false;
    if (x.size() > y.size())
      ++i;
    else if (y.size() > x.size())
      ++j;
    else
      ++i, ++j;
  }
  edits += static_cast<int>((x.size() - i) + (y.size() - j));
  return edits <= 1;
}

bool holder_matches(std::string_view holder, const Candidate& candidate) {
  const auto words =
      without(name_words(holder), {"M", "MR", "MME", "MLLE", "MONSIEUR", "MADAME", "MADEMOISELLE", "NEE",
                                   "NE", "EPOUSE", "EP", "OU", "ET", "DR", "DOCTEUR"});
  const auto birth = name_words(candidate.birth_name);
  const auto usage = name_words(candidate.usage_name);
  const bool surname_found = contains_words(words, birth) || contains_words(words, usage) ||
                             (!birth.empty() && joined(birth).size() > 3 &&
                              std::find(words.begin(), words.end(), joined(birth)) != words.end());
  if (!surname_found) return false;
  const auto given = name_words(candidate.given_names);
  if (given.empty()) return false;
  // The first given name, possibly hyphenated (JEAN PIERRE), or its initial.
  const std::string first = given.front();
  for (const auto& w : words)
    if (w == first || (w.size() == 1 && w[0] == first[0])) return true;
  return false;
}

bool holder_nearly_matches(std::string_view holder, const Candidate& candidate) {
  if (holder_matches(holder, candidate)) return true;
  std::vector<std::string> known = name_words(candidate.birth_name);
  for (auto& w : name_words(candidate.usage_name)) known.push_back(std::move(w));
  if (const auto given = name_words(candidate.given_names); !given.empty()) known.push_back(given.front());
  const auto words = name_words(holder);
  for (std::size_t i = 0; i < words.size(); ++i)
    for (const auto& name : known) {
      // Short words are civilities and initials: one letter changes them into anything.
      if (name.size() < 3 || words[i].size() < 3 || words[i] == name || !names_nearly_match(words[i], name))
        continue;
      auto corrected = words;
      corrected[i] = name;
      std::string line;
      for (const auto& w : corrected) line += (line.empty() ? "" : " ") + w;
      if (holder_matches(line, candidate)) return true;
    }
  return false;
}

}  // namespace cesp::ocr
