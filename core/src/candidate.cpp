#include "cesp/core/candidate.h"

#include <cctype>

#include "cesp/core/error.h"

namespace cesp {
namespace {

std::string squeeze_upper(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

}  // namespace

std::string_view to_string(Discipline discipline) {
  return discipline == Discipline::medecine ? "medecine" : "odontologie";
}

Discipline parse_discipline(std::string_view text) {
  if (text == "medecine" || text == "médecine") return Discipline::medecine;
  if (text == "odontologie") return Discipline::odontologie;
  throw Error(ErrorCode::invalid_argument, "discipline: " + std::string(text));
}

std::string_view to_string(CandidateStatus status) {
  switch (status) {
    case CandidateStatus::etudiant: return "etudiant";
    case CandidateStatus::interne: return "interne";
    case CandidateStatus::padhue: return "padhue";
  }
  return "etudiant";
}

CandidateStatus parse_status(std::string_view text) {
  if (text == "etudiant" || text == "étudiant") return CandidateStatus::etudiant;
  if (text == "interne") return CandidateStatus::interne;
  if (text == "padhue") return CandidateStatus::padhue;
  throw Error(ErrorCode::invalid_argument, "status: " + std::string(text));
}

std::optional<StudyLevel> parse_study_level(std::string_view text, Discipline discipline) {
  const std::string s = squeeze_upper(text);
  auto numbered = [&](std::string_view prefix, int first_year, int max_n) -> std::optional<StudyLevel> {
    if (!starts_with(s, prefix) || s.size() != prefix.size() + 1) return std::nullopt;
    int n = s.back() - '0';
    if (n < 1 || n > max_n) return std::nullopt;
    return StudyLevel{std::string(prefix) + s.back(), first_year + n - 1, false};
  };
  if (discipline == Discipline::medecine) {
    if (auto l = numbered("DFASM", 4, 3)) return l;
    if (auto l = numbered("DFGSM", 1, 3)) return l;
  } else {
    if (auto l = numbered("DFASO", 4, 2)) return l;
    if (auto l = numbered("DFGSO", 1, 3)) return l;
    if (s == "TCC" || s == "3ECYCLECOURT" || s == "TROISIEMECYCLECOURT" || s == "CSCT") {
      return StudyLevel{"TCC", 6, false};
    }
  }
  if (s == "DES" || s == "INTERNE" || s == "INTERNAT" || s == "INTERNEDES" || starts_with(s, "DES") ||
      starts_with(s, "INTERNE")) {
    return StudyLevel{"DES", discipline == Discipline::medecine ? 7 : 6, true};
  }
  return std::nullopt;
}

bool level_is_eligible(const StudyLevel& level) { return level.internship || level.year_of_study >= 4; }

std::optional<std::string> ineligibility_reason(const Candidate& candidate) {
  if (candidate.status == CandidateStatus::padhue || candidate.status == CandidateStatus::interne) {
    return std::nullopt;
  }
  if (candidate.year_of_study < 4) {
    return "un étudiant ne peut signer qu'à partir de la 4e année (année " +
           std::to_string(candidate.year_of_study) + ")";
  }
  return std::nullopt;
}

bool ine_format_valid(std::string_view ine) {
  auto digits_then_letters = [&](std::size_t digits) {
    if (ine.size() != 11) return false;
    for (std::size_t i = 0; i < ine.size(); ++i) {
      unsigned char c = static_cast<unsigned char>(ine[i]);
      if (i < digits ? !std::isdigit(c) : !std::isupper(c)) return false;
    }
    return true;
  };
  return digits_then_letters(9) || digits_then_letters(10);
}

}  // namespace cesp
