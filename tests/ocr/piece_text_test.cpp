#include "cesp/ocr/piece_text.h"

#include <catch2/catch.hpp>

using namespace cesp::ocr;

TEST_CASE("RIB fields are read from OCR lines, digit positions corrected", "[piece_text]") {
  const auto f = parse_rib_text(
      {"RELEVÉ D'IDENTITÉ BANCAIRE", "Banque : Crédit Fictif de France",
       "Titulaire du compte : MME ANAÏS LEFÈVRE-DUPRÉ", "Code banque Code guichet Numéro de compte Clé RIB",
       "30006 00001 12345678901 89", "IBAN : FR76 3OO6 6000 0112 3456 7890 189", "BIC : CFFRFRPPXXX"});
  CHECK(f.holder == "MME ANAÏS LEFÈVRE-DUPRÉ");
  CHECK(f.bank == "Crédit Fictif de France");
  CHECK(f.iban == "FR7630066000011234567890189");  // O -> 0 in the bank code; the 6 stays a 6
  CHECK(f.bic == "CFFRFRPPXXX");
  CHECK(f.bank_code == "30006");
  CHECK(f.account_number == "12345678901");
  CHECK(f.rib_key == "89");
}

TEST_CASE("certificate fields: year, level, INE, names, birth date", "[piece_text]") {
  const auto f = parse_certificate_text(
      {"UNIVERSITÉ DE VALMONT", "UFR de Médecine", "CERTIFICAT DE SCOLARITÉ", "Année universitaire 2025-2026",
       "Nom : LEFÈVRE-DUPRÉ", "Prénom(s) : Anaïs Marie", "Né(e) le : 14/O3/2001", "N° INE : O912345678K",
       "est régulièrement inscrit(e) en DFASM 2", "Fait à Valmont, le 15/09/2025"});
  CHECK(f.institution == "UNIVERSITÉ DE VALMONT");
  CHECK(f.academic_year == "2025-2026");
  CHECK(f.level == "DFASM2");
  CHECK(f.year_of_study == 5);
  CHECK(f.ine == "0912345678K");
  CHECK(f.surname == "LEFÈVRE-DUPRÉ");
  CHECK(f.given_names == "Anaïs Marie");
  CHECK(f.birth_date == "2001-03-14");
}

TEST_CASE("levels: long wording, DES in capitals only, odontology", "[piece_text]") {
  CHECK(parse_certificate_text({"Diplôme de formation générale en sciences médicales, 2e année"}).level ==
        "DFGSM2");
  CHECK(parse_certificate_text({"CERTIFICAT DE SCOLARITÉ", "inscrit en DES de médecine générale"}).level ==
        "DES");
  CHECK(parse_certificate_text({"étudiant des facultés de santé"}).level.empty());
  const auto odonto = parse_certificate_text({"UFR d'Odontologie", "inscrit(e) en DFASO1"});
  CHECK(odonto.discipline == "odontologie");
  CHECK(odonto.level == "DFASO1");
}

TEST_CASE("INE: label as a word, 'J' read as ')', a '7' read before a 'T'", "[piece_text]") {
  // "Inès" on the given-names line is no INE label.
  auto f = parse_certificate_text({"Prénom(s) : Inès", "N° INE : 011661308MS"});
  CHECK(f.ine == "011661308MS");
  CHECK(parse_certificate_text({"N° INE : 8732970465)"}).ine == "8732970465J");
  CHECK(parse_certificate_text({"N° INE : 8631813867TS"}).ine == "863181386TS");
  // Lengths are not otherwise adjusted: 12 characters stay 12 (invalid).
  CHECK(parse_certificate_text({"N° INE : 863181386777TS"}).ine == "863181386777TS");
  CHECK(parse_certificate_text({"N° INE : 8631813867AS"}).ine == "8631813867AS");
}

TEST_CASE("INE: the letters' misreadings seen in the national-stock run", "[piece_text]") {
  // Each reading is one that refused a genuine certificate in every rendering
  // or in some (bench/RESULTS.md, national stock), with the printed INE.
  const std::vector<std::pair<std::string, std::string>> seen = {
      {"757262880L7Z", "757262880LZ"},  // a '7' before a 'Z'
      {"8251069137ZA", "825106913ZA"}, {"3220348647ZA", "322034864ZA"},
      {"304360440U)J", "304360440UJ"},                                  // a 'J' read as two glyphs
      {"812459974G]J", "812459974GJ"}, {"044658973A|", "044658973AJ"},  // a final 'J' read as '|'
      {"218518410/Z", "218518410JZ"},                                   // a 'J' read as '/'
  };
  for (const auto& [read, printed] : seen) {
    INFO(read);
    CHECK(parse_certificate_text({"N° INE : " + read}).ine == printed);
  }
  // A 10-digit INE whose last digit is read '|' keeps it (a '1', not a 'J'):
  // the reading stays invalid rather than becoming another valid INE.
  CHECK(parse_certificate_text({"N° INE : 123456789|A"}).ine == "123456789|A");
  // A '7' before another letter, or without a character too many, stays.
  CHECK(parse_certificate_text({"N° INE : 1234567897Z"}).ine == "1234567897Z");
  CHECK(parse_certificate_text({"N° INE : 8631813867AS"}).ine == "8631813867AS");
}

TEST_CASE("INE: a reading is the printed INE but for look-alikes and one glyph too many or too few",
          "[piece_text]") {
  CHECK(ine_reads_as("3220348647A", "322034864ZA"));   // Z read 7
  CHECK(ine_reads_as("8124599746J", "812459974GJ"));   // G read 6
  CHECK(ine_reads_as("3043604400UJ", "304360440UJ"));  // U read "0U"
  CHECK(ine_reads_as("304360440ÙÛJ", "304360440UJ"));  // accents folded, one U too many
  CHECK(ine_reads_as("O912345678K", "0912345678K"));
  CHECK(ine_reads_as("715311299FH", "715311299EH"));          // E read F
  CHECK(ine_reads_as("8159121900J", "815912190CJ"));          // C read 0
  CHECK(ine_reads_as("8732970468J", "873297046SJ"));          // S read 8 on a phone photo
  CHECK_FALSE(ine_reads_as("8732970468J", "8732970465J"));    // but a printed 5 is no 8
  CHECK_FALSE(ine_reads_as("305360440UJ", "304360440UJ"));    // 5 is no 4
  CHECK_FALSE(ine_reads_as("304360440UJJJ", "304360440UJ"));  // two too many
  CHECK(ine_reads_as("2185184107", "218518410JZ"));           // "JZ" read "7" on a scanner PDF
  CHECK(ine_reads_as("30436044UJ", "304360440UJ"));           // one missing (never a well-formed INE)
  CHECK_FALSE(ine_reads_as("3043604UJ", "304360440UJ"));      // two missing
  CHECK_FALSE(ine_reads_as("2185184107", "218518411JZ"));     // one missing and another digit
  CHECK_FALSE(ine_reads_as("304360440UJ", ""));
}

TEST_CASE("RIB fields in other layouts: labels on their own line, ruled table, labelled table cells",
          "[piece_text][layouts]") {
  // layouts.py "boxed", as Tesseract reads it: the table's key cell on a line of its own.
  const auto boxed = parse_rib_text(
      {"Relevé d'identité Bancaire", "BANQUE FICTIVE DU CENTRE - Agence de Valmont", "Intitulé du compte",
       "Mme Chloé DUPONT-MOREAU", "12 rue des Tilleuls 35000 VALMONT", "Banque Guichet N° de compte", "Clé",
       "30006 00001 1234567M901", "61", "IBAN (International Bank Account Number)",
       "FR93 3000 6000 0112 3456 7M90 161", "BIC (Bank Identifier Code)", "CFFRFRPP"});
  CHECK(boxed.holder == "Mme Chloé DUPONT-MOREAU");
  CHECK(boxed.iban == "FR9330006000011234567M90161");
  CHECK(boxed.bic == "CFFRFRPP");
  CHECK(boxed.bank_code == "30006");
  CHECK(boxed.branch_code == "00001");
  CHECK(boxed.account_number == "1234567M901");
  CHECK(boxed.rib_key == "61");

  // layouts.py "inline": every cell labelled, the IBAN without spaces.
  const auto inline_cells =
      parse_rib_text({"RELEVÉ D'IDENTITÉ BANCAIRE", "Titulaire : MME DUPONT-MOREAU CHLOÉ",
                      "Établissement : Caisse Fictive de l'Ouest", "Code banque : 30006 Code guichet : 00001",
                      "Numéro de compte : 1234567M901 Clé RIB : 61", "IBAN FR9330006000011234567M90161",
                      "Code BIC : CFFRFRPPXXX"});
  CHECK(inline_cells.holder == "MME DUPONT-MOREAU CHLOÉ");
  CHECK(inline_cells.bank == "Caisse Fictive de l'Ouest");
  CHECK(inline_cells.iban == "FR9330006000011234567M90161");
  CHECK(inline_cells.bic == "CFFRFRPPXXX");
  CHECK(inline_cells.bank_code + inline_cells.branch_code + inline_cells.account_number +
            inline_cells.rib_key ==
        "30006000011234567M90161");

  // A holder after its label without a colon; a BIC label followed by a gloss only.
  CHECK(parse_rib_text({"Titulaire du compte M. JEAN DUPONT"}).holder == "M. JEAN DUPONT");
  CHECK(parse_rib_text({"BIC / SWIFT : AGRIFRPP882"}).bic == "AGRIFRPP882");
  // A BIC misread into something else is still reported as read, for the refusal to quote.
  CHECK(parse_rib_text({"BIC : CFFRFRPPX"}).bic == "CFFRFRPPX");
  // Half a table is no table.
  CHECK(parse_rib_text({"Code banque : 30006", "Code guichet : 00001"}).bank_code.empty());
}

TEST_CASE("certificate fields in other layouts: labels without colons, names in one field, dates in words",
          "[piece_text][layouts]") {
  // layouts.py "form".
  const auto form = parse_certificate_text(
      {"UNIVERSITÉ DE BRÉVAL", "UFR Santé - Scolarité", "Certificat de scolarité",
       "Nom de naissance DUPONT-MOREAU", "Prénoms Chloé Marie", "Date de naissance 04/03/2001",
       "N° étudiant 21904417", "INE 0912345678K", "Année universitaire 2027/2028", "Formation DFASM1",
       "Intitulé Diplôme de formation approfondie en sciences médicales, 1re année"});
  CHECK(form.surname == "DUPONT-MOREAU");
  CHECK(form.given_names == "Chloé Marie");
  CHECK(form.birth_date == "2001-03-04");
  CHECK(form.ine == "0912345678K");  // not the local student number
  CHECK(form.academic_year == "2027-2028");
  CHECK(form.level == "DFASM1");

  // layouts.py "letter": the student named in a sentence, the birth date in words.
  const auto letter = parse_certificate_text(
      {"Université Fictive de Lorval", "CERTIFICAT DE SCOLARITÉ", "Année universitaire 2027-2028",
       "Le directeur de la scolarité certifie que", "Madame Chloé Marie DUPONT-MOREAU",
       "née le 4 mars 2001 à Rennes (35)", "Identifiant national étudiant (INE) : 0912345678K",
       "est inscrite en 4e année de médecine (DFASM1)"});
  CHECK(letter.surname.empty());
  CHECK(letter.full_name.empty());
  CHECK(letter.birth_date == "2001-03-04");
  CHECK(letter.ine == "0912345678K");
  CHECK(letter.level == "DFASM1");
  CHECK(parse_certificate_text({"né le 1er mai 2000 à Brest"}).birth_date == "2000-05-01");
  CHECK(parse_certificate_text({"née le 31 février 2000"}).birth_date.empty());

  // Both names in one field, in either order.
  const auto both = parse_certificate_text({"Nom et prénom(s) : DUPONT-MOREAU Chloé Marie"});
  CHECK(both.full_name == "DUPONT-MOREAU Chloé Marie");
  CHECK(both.surname.empty());
  CHECK(both.given_names.empty());
  CHECK(parse_certificate_text({"Prénom Nom : Chloé DUPONT"}).full_name == "Chloé DUPONT");

  // "Nom" as a whole word, and not another label's line.
  CHECK(parse_certificate_text({"Nombre d'inscriptions : 2"}).surname.empty());
  CHECK(parse_certificate_text({"Nom de l'établissement : Université de Bréval"}).surname.empty());
  CHECK(parse_certificate_text({"Nom : MARTIN"}).surname == "MARTIN");
}

TEST_CASE("an IBAN read with one glyph too many is taken back only when the table agrees",
          "[piece_text][layouts]") {
  // FR08 3000 4713 3447 8048 0M89 797 printed without spaces, read "FRO08...".
  const std::vector<std::string> table = {"Code banque : 30004 Code guichet : 71334",
                                          "Numéro de compte : 4780480M897 Clé RIB : 97"};
  auto with_iban = [&](const std::string& iban_line, std::vector<std::string> lines) {
    lines.push_back(iban_line);
    return parse_rib_text(lines).iban;
  };
  CHECK(with_iban("IBAN FRO0830004713344780480M89797", table) == "FR0830004713344780480M89797");
  // No table to agree with: the reading stays as read (and fails its checksum).
  CHECK(with_iban("IBAN FRO0830004713344780480M89797", {}) == "FR00830004713344780480M8979");
  // A table of another account (its own key valid): no taking back.
  const std::vector<std::string> other = {"Code banque : 30004 Code guichet : 71335",
                                          "Numéro de compte : 4780480M897 Clé RIB : 82"};
  CHECK(parse_rib_text(other).bank_code == "30004");
  CHECK(with_iban("IBAN FRO0830004713344780480M89797", other) == "FR00830004713344780480M8979");
  // A wrongly printed check pair (FR09) does not become valid by losing the extra glyph.
  CHECK(with_iban("IBAN FRO0930004713344780480M89797", table) == "FR00930004713344780480M8979");
}

TEST_CASE("levels: the year of study in words with the discipline", "[piece_text][layouts]") {
  CHECK(parse_certificate_text({"est inscrit en 5e année d'odontologie (DFASOZ2)"}).level == "DFASO2");
  CHECK(parse_certificate_text({"inscrite en quatrième année de médecine"}).level == "DFASM1");
  CHECK(parse_certificate_text({"inscrit en 6ème année de médecine"}).level == "DFASM3");
  CHECK(parse_certificate_text({"inscrit en 3e année de médecine"}).level == "DFGSM3");
  CHECK(parse_certificate_text({"inscrit en 6e année d'odontologie"}).level == "TCC");
  // The code wins when both are read.
  CHECK(parse_certificate_text({"inscrit en 5e année de médecine (DFASM2)"}).year_of_study == 5);
}

TEST_CASE("rows: a value ends at the next column, a label's value may be in the next column",
          "[piece_text][rows]") {
  const auto rib = parse_rib_text({"Titulaire du compte\tMME CAMILLE GARNIER",
                                   "Domiciliation\tLA BANQUE POSTALE FICTIVE - CENTRE FINANCIER",
                                   "Banque\tGuichet\tN° compte Clé", "10278\t80086\t81733386147 27",
                                   "IBAN\tFR76 1027 8800 8681 7333 8614 727", "BIC\tCFFRFRPPXXX"});
  CHECK(rib.holder == "MME CAMILLE GARNIER");
  CHECK(rib.bank_code + rib.branch_code + rib.account_number + rib.rib_key == "10278800868173338614727");
  CHECK(rib.iban == "FR7610278800868173338614727");
  CHECK(rib.bic == "CFFRFRPPXXX");
  CHECK(parse_rib_text({"Titulaire : M. JEAN DUPONT\t12 rue des Lilas"}).holder == "M. JEAN DUPONT");
  const auto certificate = parse_certificate_text(
      {"Nom : DUPONT\tPhotographie", "Prénoms\tJean Pierre", "N° INE : 0912345678K\tCachet"});
  CHECK(certificate.surname == "DUPONT");
  CHECK(certificate.given_names == "Jean Pierre");
  CHECK(certificate.ine == "0912345678K");
}

TEST_CASE("bilingual labels keep their French part; ISO birth dates; a level's digit read as a letter",
          "[piece_text][layouts]") {
  const auto f = parse_certificate_text(
      {"CERTIFICAT DE SCOLARITÉ / CERTIFICATE OF ENROLMENT", "Nom / Surname : LEFÈVRE",
       "Prénom(s) / First name(s) : Léa", "Date de naissance / Date of birth : 2004-05-16",
       "INE / Student ID : 384452587VG", "Année universitaire / Academic year : 2027-2028",
       "Niveau / Level : DFASMI (4e année / year 4)"});
  CHECK(f.surname == "LEFÈVRE");
  CHECK(f.given_names == "Léa");
  CHECK(f.birth_date == "2004-05-16");
  CHECK(f.ine == "384452587VG");
  CHECK(f.academic_year == "2027-2028");
  CHECK(f.level == "DFASM1");
  CHECK(parse_certificate_text({"Niveau / Level : DFASOZ2 (5e année / year 5)"}).level == "DFASO2");
  CHECK(parse_certificate_text({"Niveau / Level : DFAS02 (5e année / year 5)"}).level == "DFASO2");
  // The code's digit unreadable: the year of study beside it names the level,
  // only when that year belongs to the code's cycle.
  CHECK(parse_certificate_text({"Niveau / Level : DFASO? (5e année / year 5)"}).level == "DFASO2");
  CHECK(parse_certificate_text({"Niveau : DFASM? (6e année)"}).level == "DFASM3");
  CHECK(parse_certificate_text({"Niveau / Level : DFASMP2 (5e année / year 5)"}).level == "DFASM2");
  CHECK(parse_certificate_text({"Niveau / Level : DFASMP2 (2e année / year 2)"}).level.empty());
  CHECK(parse_certificate_text({"Niveau : DFASM3X (5e année)"}).level.empty());  // 3 is no 5th year
  CHECK(parse_certificate_text({"Niveau : DFGSM? (3e année)"}).level == "DFGSM3");
  CHECK(parse_certificate_text({"Niveau : DFASO? (6e année)"}).level.empty());
  CHECK(parse_certificate_text({"Niveau : DFASM? (3e année)"}).level.empty());
  // A French label misread: its English gloss names the field.
  const auto misread = parse_certificate_text({"Non / Surname : BÉRANGER", "Pr6nom(s) / First name(s) : Rémi",
                                               "Date de naisance / Date of birth : 2003-09-04",
                                               "IME / Student ID : 392655486VB"});
  CHECK(misread.surname == "BÉRANGER");
  CHECK(misread.given_names == "Rémi");
  CHECK(misread.birth_date == "2003-09-04");
  CHECK(misread.ine == "392655486VB");
  CHECK(parse_rib_text({"Titulalre / Account holder : M. JEAN DUPONT"}).holder == "M. JEAN DUPONT");
  // An unknown gloss leaves the French label alone; "Non" alone names nothing.
  CHECK(parse_certificate_text({"Nom / Nachname : BÉRANGER"}).surname == "BÉRANGER");
  CHECK(parse_certificate_text({"Non / Nachname : BÉRANGER"}).surname.empty());
  // A slash in a date before the colon is no gloss.
  CHECK(parse_certificate_text({"Né(e) le 14/03/2001 : Lyon"}).birth_date == "2001-03-14");
  CHECK(parse_rib_text({"Titulaire / Account holder : M. JEAN DUPONT"}).holder == "M. JEAN DUPONT");
}

TEST_CASE("header rows: labels side by side over their values; cycle years; a dotted zero",
          "[piece_text][layouts]") {
  // The holder's label beside another label, the values on the next row.
  CHECK(
      parse_rib_text({"Titulaire du compte Domiciliation", "MME ÉLOÏSE LEFÈVRE LA BANQUE FICTIVE"}).holder ==
      "MME ÉLOÏSE LEFÈVRE LA BANQUE FICTIVE");
  CHECK(parse_rib_text({"Titulaire du compte\tDomiciliation", "MME ÉLOÏSE LEFÈVRE\tLA BANQUE FICTIVE"})
            .holder == "MME ÉLOÏSE LEFÈVRE");
  CHECK(parse_rib_text({"Domiciliation\tTitulaire du compte", "LA BANQUE FICTIVE\tMME ÉLOÏSE LEFÈVRE"})
            .holder == "MME ÉLOÏSE LEFÈVRE");
  CHECK(parse_rib_text({"Titulaire du compte : M. PAUL DURAND", "MME ÉLOÏSE LEFÈVRE"}).holder ==
        "M. PAUL DURAND");
  // A dotted zero read "@".
  CHECK(parse_rib_text({"IBAN FR76 1751 5289 @201 2206 3M73 734"}).iban == "FR7617515289020122063M73734");
  // A certificate's header row over the student's row.
  const auto table = parse_certificate_text(
      {"Nom de naissance Prénom(s) Né(e) le INE", "MÜLLER Chloé Marie 13/11/2003 060307428PR"});
  CHECK(table.full_name == "MÜLLER Chloé Marie");
  CHECK(table.surname.empty());
  CHECK(table.birth_date == "2003-11-13");
  CHECK(table.ine == "060307428PR");
  CHECK(parse_certificate_text(
            {"Nom de naissance Prénom(s) Né(e) le INE", "MÜLLER Chloé 13/11/2003 060307428 PR"})
            .ine == "060307428PR");
  CHECK(parse_certificate_text({"Nom Prénom(s)", "MÜLLER Chloé Marie"}).full_name == "MÜLLER Chloé Marie");
  // The INE's header cell dropped by OCR: a value shaped as an INE, not another number.
  CHECK(parse_certificate_text(
            {"Nom de naissance\tPrénom(s)\tNé(e) le", "MÜLLER\tCamille\t09/05/2003\t650627595GW"})
            .ine == "650627595GW");
  CHECK(parse_certificate_text(
            {"Nom de naissance\tPrénom(s)\tNé(e) le", "MÜLLER\tCamille\t09/05/2003\t6506275951"})
            .ine.empty());
  // The rest of a header row is no name.
  CHECK(parse_certificate_text({"Nom de naissance Prénom(s) Né(e) le INE"}).surname.empty());
  // The year of the cycle before the code.
  CHECK(parse_certificate_text({"Étape : 2ème année du DFASM"}).level == "DFASM2");
  CHECK(parse_certificate_text({"Étape : lère année du DFASM"}).level == "DFASM1");
  CHECK(parse_certificate_text({"Étape : deuxième année du DFASO"}).level == "DFASO2");
  CHECK(parse_certificate_text({"Étape : 3e année du DFGSM"}).level == "DFGSM3");
  CHECK(parse_certificate_text({"Étape : dernière année du DFASM"}).level.empty());
  CHECK(parse_certificate_text({"Étape : 4ème année du DFASM"}).level.empty());
}
