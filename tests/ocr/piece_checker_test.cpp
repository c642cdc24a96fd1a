// Real Tesseract on the project's synthetic samples, in-process.
#include "cesp/ocr/piece_checker.h"

#include <catch2/catch.hpp>

#include "sample_truth.h"

using namespace cesp::ocr;
using namespace cesp::ocr::testing;

namespace {

PieceChecker& checker() {
  static PieceChecker instance;
  return instance;
}

void expect_truth(const SamplePiece& piece) {
  const Verdict v = checker().check(piece.request);
  INFO(piece.request.files.front() << "\n" << to_json(v));
  CHECK(v.verdict == piece.expected_verdict);
  for (const auto& code : piece.expected_reasons) CHECK(v.has_reason(code));
  for (const auto& [key, value] : piece.expected_fields) {
    INFO("field " << key);
    CHECK(v.field(key).value_or("<absent>") == value);
  }
}

bool selected(const SamplePiece& p, const std::vector<std::string>& names) {
  for (const auto& n : names)
    if (p.request.files.front().ends_with(n) && p.candidate_path.find("remi") == std::string::npos)
      return true;
  return false;
}

}  // namespace

TEST_CASE("a handful of clean, phone and PDF samples get their true verdicts", "[ocr][samples]") {
  const std::vector<std::string> names = {
      "clean/cni_anais.png",        "phone/cni_anais_bad_check.jpg",
      "phone/passport_zoe.jpg",     "clean/cni_old_jean_noel.png",
      "pdf/rib_anais.pdf",          "clean/rib_jean_noel_bad_key.png",
      "phone/certificat_anais.jpg", "clean/certificat_jean_noel_dfgsm.png"};
  int seen = 0;
  for (const auto& piece : sample_pieces()) {
    if (!selected(piece, names)) continue;
    ++seen;
    expect_truth(piece);
  }
  CHECK(seen == static_cast<int>(names.size()));
}

TEST_CASE(
    "regression pieces: OCR-B misreads, look-alikes in numbers, a forged twin, misread RIB and certificate "
    "lines",
    "[ocr][regressions]") {
  const auto pieces = regression_pieces();
  CHECK(pieces.size() == 18);
  for (const auto& piece : pieces) expect_truth(piece);
}

TEST_CASE("every sample of the truth file (slow: run with [.corpus])", "[.corpus]") {
  for (const auto& piece : sample_pieces()) expect_truth(piece);
}

TEST_CASE("pieces turned 90, 180 or 270 degrees get the verdict of the upright piece",
          "[ocr][samples][rotation]") {
  int seen = 0;
  for (const auto& piece : sample_pieces()) {
    if (piece.rotation == 0) continue;
    ++seen;
    expect_truth(piece);
  }
  CHECK(seen >= 6);
}

TEST_CASE("kind auto classifies identity, bank and enrollment pieces", "[ocr][samples]") {
  CheckRequest r;
  r.today = cesp::Date(2025, 11, 15);
  for (const auto& [file, kind] :
       std::vector<std::pair<std::string, std::string>>{{"clean/passport_zoe.png", "identity"},
                                                        {"clean/rib_anais.png", "bank"},
                                                        {"clean/certificat_zoe_odonto.png", "enrollment"}}) {
    r.files = {pieces_dir() + file};
    const Verdict v = checker().check(r);
    INFO(to_json(v));
    CHECK(v.kind == kind);
  }
}

TEST_CASE("a RIB sent as an identity piece is the wrong kind", "[ocr][samples]") {
  CheckRequest r;
  r.today = cesp::Date(2025, 11, 15);
  r.kind = "identity";
  r.files = {pieces_dir() + "clean/rib_anais.png"};
  const Verdict v = checker().check(r);
  INFO(to_json(v));
  CHECK(v.verdict == "rejected");
  CHECK(v.has_reason("wrong_kind"));
}

TEST_CASE("the same file twice in one piece is a duplicate", "[ocr]") {
  CheckRequest r;
  r.today = cesp::Date(2025, 11, 15);
  r.kind = "identity";
  r.files = {pieces_dir() + "clean/cni_anais.png", pieces_dir() + "clean/cni_anais.png"};
  const Verdict v = checker().check(r);
  CHECK(v.verdict == "rejected");
  CHECK(v.has_reason("duplicate"));
}

TEST_CASE("hostile files are rejected with their reason code, in-process", "[ocr][hostile]") {
  CheckRequest r;
  r.today = cesp::Date(2025, 11, 15);
  for (const auto& [file, reason] : hostile_files()) {
    r.files = {file};
    const Verdict v = checker().check(r);
    INFO(file << " " << to_json(v));
    CHECK(v.verdict == "rejected");
    CHECK(v.has_reason(reason));
  }
}

TEST_CASE("A certificate's INE is held against the candidate's record", "[ocr][enrollment]") {
  const auto lines_with = [](const std::string& ine) {
    return std::vector<std::string>{
        "UNIVERSITÉ DE VALMONT",         "UFR de Médecine", "CERTIFICAT DE SCOLARITÉ",
        "Année universitaire 2025-2026", "Nom : MARTIN",    "Prénom(s) : Hugo",
        "Né(e) le : 14/03/2001",         "N° INE : " + ine, "est régulièrement inscrit(e) en DFASM 2",
        "Fait à Valmont, le 15/09/2025"};
  };
  CheckRequest request;
  request.kind = "enrollment";
  request.today = cesp::Date(2025, 10, 1);
  request.campaign_year = cesp::AcademicYear(2025);
  cesp::Candidate hugo;
  hugo.birth_name = "MARTIN";
  hugo.given_names = "Hugo";
  hugo.birth_date = cesp::Date(2001, 3, 14);
  request.candidate = hugo;

  // Without the record's INE: an INE that breaks the format, read so again,
  // is refused.
  const Verdict ill_formed = check_text(lines_with("3043604400UJ"), request);
  CHECK(ill_formed.has_reason("ine_invalid"));
  CHECK(ill_formed.verdict == "rejected");

  // With it, misreadings of that INE (seen in the national-stock run) are
  // recognised and the field is the record's.
  request.candidate->ine = "304360440UJ";
  for (const std::string read : {"3043604400UJ", "304360440ÙÛJ", "304360440UJ"}) {
    INFO(read);
    const Verdict v = check_text(lines_with(read), request);
    CHECK(v.verdict == "accepted");
    CHECK(v.field("ine").value_or("") == "304360440UJ");
  }
  request.candidate->ine = "322034864ZA";
  CHECK(check_text(lines_with("3220348647A"), request).field("ine").value_or("") == "322034864ZA");

  // Another INE, well formed: a human looks (it may be the record that is wrong).
  request.candidate->ine = "304360440UJ";
  const Verdict other = check_text(lines_with("305360440UJ"), request);
  CHECK(other.verdict == "review");
  CHECK(other.has_reason("ine_mismatch"));
  CHECK(other.field("ine").value_or("") == "305360440UJ");
}

TEST_CASE("A RIB holder one letter away from the candidate goes to a human, another holder is refused",
          "[ocr][bank]") {
  const auto lines_with = [](const std::string& holder) {
    return std::vector<std::string>{"RELEVÉ D'IDENTITÉ BANCAIRE",
                                    "Banque : Crédit Fictif de France",
                                    "Titulaire du compte : " + holder,
                                    "Code banque Code guichet Numéro de compte Clé RIB",
                                    "30006 00001 12345678901 89",
                                    "IBAN : FR76 3000 6000 0112 3456 7890 189",
                                    "BIC : CFFRFRPPXXX"};
  };
  CheckRequest request;
  request.kind = "bank";
  request.today = cesp::Date(2025, 10, 1);
  cesp::Candidate chloe;
  chloe.birth_name = "MARTIN";
  chloe.given_names = "Chloé Marie";
  chloe.birth_date = cesp::Date(2001, 3, 14);
  request.candidate = chloe;

  CHECK(check_text(lines_with("MME CHLOÉ MARTIN"), request).verdict == "accepted");
  // Read so on a phone photo of the national-stock run.
  const Verdict slip = check_text(lines_with("MME CHLOÉË MARTIN"), request);
  CHECK(slip.verdict == "review");
  CHECK(slip.has_reason("holder_mismatch"));
  const Verdict other = check_text(lines_with("MME CLAIRE MARTIN"), request);
  CHECK(other.verdict == "rejected");
  CHECK(other.has_reason("holder_mismatch"));
}

TEST_CASE("A certificate naming the student without a Nom label is held against the candidate",
          "[ocr][enrollment][layouts]") {
  const auto letter_for = [](const std::string& student) {
    return std::vector<std::string>{"Université Fictive de Lorval",
                                    "CERTIFICAT DE SCOLARITÉ",
                                    "Année universitaire 2027-2028",
                                    "Le directeur de la scolarité certifie que",
                                    student,
                                    "née le 4 mars 2001 à Rennes (35)",
                                    "Identifiant national étudiant (INE) : 0912345678K",
                                    "est inscrite en 4e année de médecine (DFASM1)"};
  };
  CheckRequest request;
  request.kind = "enrollment";
  request.today = cesp::Date(2027, 10, 1);
  request.campaign_year = cesp::AcademicYear(2027);
  cesp::Candidate chloe;
  chloe.birth_name = "DUPONT-MOREAU";
  chloe.given_names = "Chloé Marie";
  chloe.birth_date = cesp::Date(2001, 3, 4);
  request.candidate = chloe;

  const Verdict named = check_text(letter_for("Madame Chloé Marie DUPONT-MOREAU"), request);
  INFO(to_json(named));
  CHECK(named.verdict == "accepted");
  CHECK(named.field("surname").value_or("") == "DUPONT-MOREAU");
  // Someone else, or the candidate's surname alone: nobody to compare, a human looks; never accepted.
  for (const std::string student : {"Madame Claire Anne DURAND", "Madame Claire DUPONT-MOREAU"}) {
    const Verdict other = check_text(letter_for(student), request);
    CHECK(other.verdict == "review");
    CHECK(other.has_reason("name_mismatch"));
  }
  // Surname and given names in one labelled field: held against the candidate like a name.
  auto lines = letter_for("Nom et prénom : DUPONT-MOREAU Chloé");
  CHECK(check_text(lines, request).verdict == "accepted");
  lines = letter_for("Nom et prénom : DURAND Claire");
  const Verdict refused = check_text(lines, request);
  CHECK(refused.verdict == "rejected");
  CHECK(refused.has_reason("name_mismatch"));
}
