// Helpers for the contract tests: a complete dossier without running OCR
// (accepted verdicts written straight into the piece store, as the upload
// route would after a successful check), and the HTTP calls of the flow.
#pragma once

#include <catch2/catch.hpp>

#include <string>

#include "cesp/storage/database.h"

#include "support/http_client.h"
#include "workflow/piece_store.h"

namespace cesp::test {

// Marks the three pieces of an étudiant as accepted, with the fields the
// checks would have read (the certificate of `academic_year`, level DFASM1).
inline void accept_all_pieces(const std::string& database_uri, const std::string& candidate_id,
                              const std::string& academic_year) {
  server::PieceStore pieces(storage::Database::open(database_uri));
  const std::pair<PieceKind, std::string> verdicts[] = {
      {PieceKind::identity, R"({"verdict": "accepted", "reasons": [], "fields": {"document_type": "cni"}})"},
      {PieceKind::enrollment,
       R"({"verdict": "accepted", "reasons": [], "fields": {"academic_year": ")" + academic_year +
           R"(", "level": "DFASM1", "ine": "0912345678K", "institution": "UNIVERSITÉ"}})"},
      {PieceKind::bank,
       R"({"verdict": "accepted", "reasons": [], "fields": {"iban": "FR7630006000011234567890189"}})"},
  };
  for (const auto& [kind, verdict] : verdicts) {
    server::PieceRecord r;
    r.candidate_id = candidate_id;
    r.kind = kind;
    r.state = PieceState::accepted;
    r.verdict_json = verdict;
    r.content_sha256 = candidate_id + std::string(to_string(kind));
    r.filenames = "test.png";
    r.uploaded_at = "2026-11-22T10:00:00Z";
    r.uploaded_by = "test";
    pieces.add(r);
  }
}

inline std::string string_member(const Reply& r, const std::string& name) {
  INFO(r.status << " " << r.body.substr(0, 400));
  REQUIRE(r.body.front() == '{');
  return r.json()->getValue<std::string>(name);
}

inline Reply issue_contract(int port, const std::string& candidate_id, const std::string& agent_token) {
  return http(port, "POST", "/api/v1/candidates/" + candidate_id + "/contract", "", agent_token);
}

inline Reply sign_contract(int port, const std::string& contract_id, const std::string& token,
                           const std::string& password, bool consent = true) {
  return http(port, "POST", "/api/v1/contracts/" + contract_id + "/signatures",
              R"({"password": ")" + password + R"(", "consent": )" + (consent ? "true" : "false") + "}",
              token);
}

}  // namespace cesp::test
