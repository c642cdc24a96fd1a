// The ranking lists a UFR imports: one CSV row per ranked candidate.
// Columns (header names, any order; ',' or ';'):
//   list (principale|complementaire), rank, ufr, discipline (medecine|odontologie),
//   status (etudiant|interne|padhue), year_of_study, birth_name, usage_name,
//   given_names, sex (F|M|X), birth_date (YYYY-MM-DD), birth_place, nationality,
//   email, ine, region, street, postal_code, city
#pragma once

#include <string_view>
#include <vector>

#include "workflow/campaign_store.h"

namespace cesp::server {

// Throws Error(invalid_csv) / Error(missing_field) / the field's own error,
// always naming the line, so a UFR can fix its file in one pass.
std::vector<RankedCandidate> parse_ranking_csv(std::string_view text);

}  // namespace cesp::server
