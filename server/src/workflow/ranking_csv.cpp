#include "workflow/ranking_csv.h"

#include "cesp/core/csv.h"
#include "cesp/core/error.h"

namespace cesp::server {
namespace {

int parse_int(const std::string& text, const char* field) {
  try {
    std::size_t used = 0;
    int value = std::stoi(text, &used);
    if (used == text.size()) return value;
  } catch (const std::exception&) {
  }
  throw Error(ErrorCode::invalid_argument, std::string(field) + ": " + text);
}

}  // namespace

std::vector<RankedCandidate> parse_ranking_csv(std::string_view text) {
  const CsvTable table = parse_csv(text, 20000);
  auto col = [&](const char* name) { return table.column(name); };
  const std::size_t list = col("list"), rank = col("rank"), ufr = col("ufr"), discipline = col("discipline"),
                    status = col("status"), year = col("year_of_study"), birth_name = col("birth_name"),
                    usage_name = col("usage_name"), given_names = col("given_names"), sex = col("sex"),
                    birth_date = col("birth_date"), birth_place = col("birth_place"),
                    nationality = col("nationality"), email = col("email"), ine = col("ine"),
                    region = col("region"), street = col("street"), postal_code = col("postal_code"),
                    city = col("city");

  std::vector<RankedCandidate> out;
  for (std::size_t i = 0; i < table.rows.size(); ++i) {
    const auto& r = table.rows[i];
    const std::string where = "ligne " + std::to_string(table.row_lines[i]);
    try {
      RankedCandidate rc;
      rc.list = parse_ranking_list(r[list]);
      rc.rank = parse_int(r[rank], "rank");
      rc.email = r[email];
      Candidate& c = rc.candidate;
      c.ufr = r[ufr];
      c.discipline = parse_discipline(r[discipline]);
      c.status = parse_status(r[status]);
      c.year_of_study = parse_int(r[year], "year_of_study");
      c.birth_name = r[birth_name];
      c.usage_name = r[usage_name];
      c.given_names = r[given_names];
      if (r[sex] != "F" && r[sex] != "M" && r[sex] != "X")
        throw Error(ErrorCode::invalid_argument, "sex: " + r[sex]);
      c.sex = r[sex][0];
      c.birth_date = Date::parse_iso(r[birth_date]);
      c.birth_place = r[birth_place];
      c.nationality = r[nationality];
      c.ine = r[ine];
      c.region = r[region];
      c.address = Address{r[street], r[postal_code], r[city]};
      for (const auto& [value, name] : {std::pair{&c.ufr, "ufr"},
                                        {&c.birth_name, "birth_name"},
                                        {&c.given_names, "given_names"},
                                        {&rc.email, "email"},
                                        {&c.region, "region"}}) {
        if (value->empty()) throw Error(ErrorCode::missing_field, name);
      }
      if (rc.email.find('@') == std::string::npos)
        throw Error(ErrorCode::invalid_argument, "email: " + rc.email);
      if (!c.ine.empty() && !ine_format_valid(c.ine))
        throw Error(ErrorCode::invalid_argument, "ine: " + c.ine);
      out.push_back(std::move(rc));
    } catch (const Error& e) {
      throw Error(e.code(), e.message_fr(), e.message_en(), where + ": " + e.context());
    }
  }
  if (out.empty()) throw Error(ErrorCode::invalid_csv, "aucun candidat");
  return out;
}

}  // namespace cesp::server
