// Which pièces justificatives a candidate must provide, and where each stands.
//
// The requirements are data: a versioned JSON rules file (see
// samples/rules/required-pieces.json) maps candidate profiles to required
// pieces and to the checks ocr/ applies to each. Changing the rules never
// needs a rebuild.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "cesp/core/candidate.h"

namespace cesp {

// Kinds of piece the platform knows how to check.
enum class PieceKind { identity, enrollment, bank };
std::string_view to_string(PieceKind kind);
PieceKind parse_piece_kind(std::string_view text);  // "identity", "enrollment", "bank"

struct PieceRequirement {
  PieceKind kind;
  std::string label_fr;             // "Pièce d'identité en cours de validité"
  std::vector<std::string> checks;  // names of checks, e.g. "mrz_check_digits"
};

struct Profile {
  std::string id;
  std::vector<CandidateStatus> statuses;
  std::vector<Discipline> disciplines;
  std::vector<PieceRequirement> pieces;
};

class DossierRules {
 public:
  // Parses the rules file's content. Throws Error(invalid_rules) naming the
  // first problem (unknown kind, profile without pieces, overlapping profiles...).
  static DossierRules parse(std::string_view json_text);

  const std::string& version() const { return version_; }
  const std::vector<Profile>& profiles() const { return profiles_; }

  // The profile that applies to a candidate; Error(not_found) when none does.
  const Profile& profile_for(const Candidate& candidate) const;

 private:
  std::string version_;
  std::vector<Profile> profiles_;
};

// Verdict of a check on one piece, as produced by ocr/.
enum class PieceState { missing, pending, accepted, rejected, review };
std::string_view to_string(PieceState state);
PieceState parse_piece_state(std::string_view text);

// The candidate's dossier: one state per required piece.
class Dossier {
 public:
  Dossier(const DossierRules& rules, const Candidate& candidate);

  const Profile& profile() const { return *profile_; }
  // Records the latest verdict for a piece kind; Error(invalid_argument) when
  // the kind is not required for this profile.
  void set_state(PieceKind kind, PieceState state);
  PieceState state(PieceKind kind) const;
  const std::map<PieceKind, PieceState>& states() const { return states_; }

  // Complete when every required piece is accepted.
  bool complete() const;
  // Required kinds not yet accepted, in the rules' order.
  std::vector<PieceKind> blocking() const;

 private:
  const Profile* profile_;
  std::map<PieceKind, PieceState> states_;
};

}  // namespace cesp
