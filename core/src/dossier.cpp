#include "cesp/core/dossier.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <array>

#include "cesp/core/error.h"

namespace cesp {
namespace {

constexpr std::array<std::string_view, 3> kKindNames = {"identity", "enrollment", "bank"};
constexpr std::array<std::string_view, 5> kStateNames = {"missing", "pending", "accepted", "rejected",
                                                         "review"};

[[noreturn]] void bad_rules(const std::string& what) { throw Error(ErrorCode::invalid_rules, what); }

std::string required_string(const Poco::JSON::Object::Ptr& object, const std::string& key,
                            const std::string& where) {
  if (!object->has(key) || !object->get(key).isString()) bad_rules(where + ": \"" + key + "\" manquant");
  std::string value = object->getValue<std::string>(key);
  if (value.empty()) bad_rules(where + ": \"" + key + "\" vide");
  return value;
}

Poco::JSON::Array::Ptr required_array(const Poco::JSON::Object::Ptr& object, const std::string& key,
                                      const std::string& where) {
  auto array = object->getArray(key);
  if (!array || array->size() == 0) bad_rules(where + ": \"" + key + "\" manquant ou vide");
  return array;
}

template <class T, class Parse>
std::vector<T> parse_list(const Poco::JSON::Array::Ptr& array, Parse parse, const std::string& where) {
  std::vector<T> out;
  for (std::size_t i = 0; i < array->size(); ++i) {
    try {
      out.push_back(parse(array->getElement<std::string>(static_cast<unsigned>(i))));
    } catch (const Error& e) {
      bad_rules(where + ": " + e.context());
    } catch (const Poco::Exception&) {
      bad_rules(where + ": élément " + std::to_string(i) + " n'est pas une chaîne");
    }
  }
  return out;
}

template <class T>
bool overlaps(const std::vector<T>& a, const std::vector<T>& b) {
  return std::any_of(a.begin(), a.end(),
                     [&](const T& x) { return std::find(b.begin(), b.end(), x) != b.end(); });
}

}  // namespace

std::string_view to_string(PieceKind kind) { return kKindNames[static_cast<std::size_t>(kind)]; }

PieceKind parse_piece_kind(std::string_view text) {
  for (std::size_t i = 0; i < kKindNames.size(); ++i) {
    if (kKindNames[i] == text) return static_cast<PieceKind>(i);
  }
  throw Error(ErrorCode::invalid_argument, "type de pièce: " + std::string(text));
}

std::string_view to_string(PieceState state) { return kStateNames[static_cast<std::size_t>(state)]; }

PieceState parse_piece_state(std::string_view text) {
  for (std::size_t i = 0; i < kStateNames.size(); ++i) {
    if (kStateNames[i] == text) return static_cast<PieceState>(i);
  }
  throw Error(ErrorCode::invalid_argument, "état de pièce: " + std::string(text));
}

DossierRules DossierRules::parse(std::string_view json_text) {
  Poco::JSON::Object::Ptr root;
  try {
    root = Poco::JSON::Parser().parse(std::string(json_text)).extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception& e) {
    bad_rules("JSON: " + e.displayText());
  }
  if (!root) bad_rules("la racine doit être un objet");

  DossierRules rules;
  rules.version_ = required_string(root, "rules_version", "racine");
  auto profiles = required_array(root, "profiles", "racine");
  for (std::size_t i = 0; i < profiles->size(); ++i) {
    auto object = profiles->getObject(static_cast<unsigned>(i));
    const std::string where = "profiles[" + std::to_string(i) + "]";
    if (!object) bad_rules(where + ": objet attendu");
    Profile profile;
    profile.id = required_string(object, "id", where);
    profile.statuses = parse_list<CandidateStatus>(required_array(object, "statuses", where), parse_status,
                                                   where + ".statuses");
    profile.disciplines = parse_list<Discipline>(required_array(object, "disciplines", where),
                                                 parse_discipline, where + ".disciplines");
    auto pieces = required_array(object, "pieces", where);
    for (std::size_t j = 0; j < pieces->size(); ++j) {
      auto piece = pieces->getObject(static_cast<unsigned>(j));
      const std::string piece_where = where + ".pieces[" + std::to_string(j) + "]";
      if (!piece) bad_rules(piece_where + ": objet attendu");
      PieceRequirement requirement;
      try {
        requirement.kind = parse_piece_kind(required_string(piece, "kind", piece_where));
      } catch (const Error& e) {
        if (e.code() == ErrorCode::invalid_rules) throw;
        bad_rules(piece_where + ": " + e.context());
      }
      requirement.label_fr = required_string(piece, "label", piece_where);
      requirement.checks = parse_list<std::string>(
          required_array(piece, "checks", piece_where), [](const std::string& s) { return s; },
          piece_where + ".checks");
      for (const auto& other : profile.pieces) {
        if (other.kind == requirement.kind) bad_rules(piece_where + ": pièce en double");
      }
      profile.pieces.push_back(std::move(requirement));
    }
    for (const auto& other : rules.profiles_) {
      if (other.id == profile.id) bad_rules(where + ": identifiant en double " + profile.id);
      if (overlaps(other.statuses, profile.statuses) && overlaps(other.disciplines, profile.disciplines)) {
        bad_rules(where + ": recouvre le profil " + other.id);
      }
    }
    rules.profiles_.push_back(std::move(profile));
  }
  return rules;
}

const Profile& DossierRules::profile_for(const Candidate& candidate) const {
  for (const auto& profile : profiles_) {
    auto has = [](const auto& list, const auto& value) {
      return std::find(list.begin(), list.end(), value) != list.end();
    };
    if (has(profile.statuses, candidate.status) && has(profile.disciplines, candidate.discipline)) {
      return profile;
    }
  }
  throw Error(ErrorCode::not_found, "aucun profil pour " + std::string(to_string(candidate.status)) + " / " +
                                        std::string(to_string(candidate.discipline)));
}

Dossier::Dossier(const DossierRules& rules, const Candidate& candidate)
    : profile_(&rules.profile_for(candidate)) {
  for (const auto& piece : profile_->pieces) states_[piece.kind] = PieceState::missing;
}

void Dossier::set_state(PieceKind kind, PieceState state) {
  auto it = states_.find(kind);
  if (it == states_.end()) {
    throw Error(ErrorCode::invalid_argument,
                "pièce non requise pour le profil " + profile_->id + ": " + std::string(to_string(kind)));
  }
  it->second = state;
}

PieceState Dossier::state(PieceKind kind) const {
  auto it = states_.find(kind);
  if (it == states_.end()) throw Error(ErrorCode::not_found, std::string(to_string(kind)));
  return it->second;
}

bool Dossier::complete() const { return blocking().empty(); }

std::vector<PieceKind> Dossier::blocking() const {
  std::vector<PieceKind> out;
  for (const auto& piece : profile_->pieces) {
    if (states_.at(piece.kind) != PieceState::accepted) out.push_back(piece.kind);
  }
  return out;
}

}  // namespace cesp
