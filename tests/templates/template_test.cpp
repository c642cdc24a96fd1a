#include "cesp/templates/template.h"

#include <catch2/catch.hpp>

#include "cesp/core/error.h"

#include "sha256.h"
#include "test_support.h"

using namespace cesp::templates;
using namespace cesp::templates::test;

TEST_CASE("templates carry id, version, kind and the file's SHA-256", "[template]") {
  const std::string path = source_path("samples/templates/contrat-cesp-medecine.tmpl");
  const Template t = Template::load(path);
  CHECK(t.info().id == "contrat-cesp-medecine");
  CHECK(t.info().version == 1);
  CHECK(t.info().kind == TemplateKind::contract);
  CHECK(t.info().discipline == "medecine");
  CHECK(t.info().sha256 == sha256_hex(read_file(path)));
  const CommandResult sum = run("sha256sum '" + path + "'");
  CHECK(sum.output.substr(0, 64) == t.info().sha256);
}

TEST_CASE("the sample directory lists every template once, sorted", "[template]") {
  const auto all = load_template_directory(source_path("samples/templates"));
  std::vector<std::string> ids;
  for (const auto& t : all) ids.push_back(t.info().id);
  CHECK(ids == std::vector<std::string>{"avenant-coordonnees-bancaires", "avenant-report-installation",
                                        "avenant-suspension", "contrat-cesp-medecine",
                                        "contrat-cesp-odontologie", "notification-resiliation",
                                        "validation-installation-ars"});
}

TEST_CASE("id@version picks a version, an id alone the highest", "[template]") {
  TempDir dir;
  write_file(dir.file("a1.tmpl"), "id: a\nversion: 1\ntitle: A\nkind: contract\n---\nv1\n");
  write_file(dir.file("a2.tmpl"), "id: a\nversion: 2\ntitle: A\nkind: contract\n---\nv2\n");
  const std::string d = dir.file("");
  CHECK(resolve_template("a", d).info().version == 2);
  CHECK(resolve_template("a@1", d).body() == "v1\n");
  CHECK_THROWS_AS(resolve_template("a@3", d), cesp::Error);
  CHECK_THROWS_AS(resolve_template("b", d), cesp::Error);
  write_file(dir.file("a2-copy.tmpl"), "id: a\nversion: 2\ntitle: A\nkind: contract\n---\nagain\n");
  try {
    load_template_directory(d);
    FAIL("duplicate accepted");
  } catch (const cesp::Error& e) {
    CHECK(e.code() == cesp::ErrorCode::already_exists);
  }
}

TEST_CASE("bad template headers and unescaped tags are refused", "[template]") {
  auto code_of = [](const std::string& text) {
    try {
      Template::parse(text, "test");
    } catch (const cesp::Error& e) {
      return e.code();
    }
    return cesp::ErrorCode::internal;
  };
  CHECK(code_of("id: a\ntitle: A\nkind: contract\n---\nx") ==
        cesp::ErrorCode::invalid_argument);  // no version
  CHECK(code_of("id: a\nversion: 1\ntitle: A\nkind: letter\n---\nx") == cesp::ErrorCode::invalid_argument);
  CHECK(code_of("id: a\nversion: 1\ntitle: A\nkind: avenant\n---\nx") == cesp::ErrorCode::invalid_argument);
  CHECK(code_of("id: a\nversion: 1\ntitle: A\nkind: contract\nx") == cesp::ErrorCode::invalid_argument);
  CHECK(code_of("id: a\nversion: 1\ntitle: A\nkind: contract\n---\n{{{x}}}") ==
        cesp::ErrorCode::invalid_argument);
  CHECK(code_of("id: a\nversion: 1\ntitle: A\nkind: contract\n---\n{{&x}}") ==
        cesp::ErrorCode::invalid_argument);
  CHECK(code_of("id: a\nversion: 1\ntitle: A\nkind: contract\n---\n{{#x}}") ==
        cesp::ErrorCode::invalid_argument);
}
