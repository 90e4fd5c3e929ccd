// The golden cookie / URL / registrable-domain fixtures through the native engine, using the
// same packed boundary the wasm exports (tests/node/wasm-golden.test.mjs runs the same files).
#include <catch2/catch.hpp>
#include <map>

#include "core/classifier.h"
#include "core/engine.h"
#include "test_support.h"

using namespace consentry;

namespace {

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (true) {
    size_t at = s.find(sep, pos);
    out.push_back(s.substr(pos, at == std::string::npos ? std::string::npos : at - pos));
    if (at == std::string::npos) break;
    pos = at + 1;
  }
  return out;
}

}  // namespace

TEST_CASE("golden cookies.tsv through the native engine", "[classify][golden]") {
  auto f = test::readFixture("cookies.tsv");
  REQUIRE(f.rows.size() > 20);
  Engine& e = test::coreEngine();
  e.configure("");
  std::map<std::string, std::vector<size_t>> byPage;
  for (size_t i = 0; i < f.rows.size(); ++i) byPage[f.get(i, "page")].push_back(i);
  for (const auto& [page, idx] : byPage) {
    std::string packed;
    for (size_t i : idx) {
      if (!packed.empty()) packed += '\n';
      packed += std::string(f.get(i, "kind") == "storage" ? "s" : "c") + "\t" + f.get(i, "name") + "\t" +
                f.get(i, "domain") + "\t" + f.get(i, "value") + "\t" + (f.get(i, "expiry").empty() ? "-1" : f.get(i, "expiry"));
    }
    auto lines = split(e.classifyCookies(page, packed), '\n');
    REQUIRE(lines.size() == idx.size());
    for (size_t k = 0; k < idx.size(); ++k) {
      size_t i = idx[k];
      INFO("cookies.tsv line " << f.lines[i] << " (" << f.get(i, "name") << ")");
      auto fields = split(lines[k], '\t');
      REQUIRE(fields.size() == 7);
      CHECK(fields[0] == f.get(i, "category"));
      CHECK(fields[2] == f.get(i, "reason"));
      CHECK(fields[4] == f.get(i, "vendor"));
    }
  }
}

TEST_CASE("golden urls.tsv through the native engine", "[classify][golden]") {
  auto f = test::readFixture("urls.tsv");
  REQUIRE(f.rows.size() > 20);
  Engine& e = test::coreEngine();
  e.configure("");
  for (size_t i = 0; i < f.rows.size(); ++i) {
    INFO("urls.tsv line " << f.lines[i] << " (" << f.get(i, "url") << ")");
    auto fields = split(e.classifyUrls(f.get(i, "page"), f.get(i, "declared") + "\t" + f.get(i, "url")), '\t');
    REQUIRE(fields.size() == 7);
    CHECK(fields[0] == f.get(i, "category"));
    CHECK(fields[2] == f.get(i, "reason"));
    CHECK(fields[3] == f.get(i, "party"));
    CHECK(fields[5] == f.get(i, "vendor"));
  }
}

TEST_CASE("golden registrable-domains.tsv", "[psl][golden]") {
  auto f = test::readFixture("registrable-domains.tsv");
  Engine& e = test::coreEngine();
  Classifier c = e.classifier();
  for (size_t i = 0; i < f.rows.size(); ++i) {
    INFO("registrable-domains.tsv line " << f.lines[i]);
    std::string want = f.get(i, "registrable");
    if (want.empty()) want = f.get(i, "host");
    CHECK(std::string(c.registrableDomain(f.get(i, "host"))) == want);
    // The same through the packed boundary the browser uses (a bare IPv6 address included).
    CHECK(e.registrableDomains(f.get(i, "host")) == want);
  }
}

TEST_CASE("the full blob agrees with the default blob on the golden URLs it shares", "[classify][golden]") {
  Engine full;
  REQUIRE(full.loadDatabase(test::readFile(CONSENTRY_FULL_DB)).empty());
  auto f = test::readFixture("urls.tsv");
  for (size_t i = 0; i < f.rows.size(); ++i) {
    if (f.get(i, "reason") != "tracker-host" && f.get(i, "reason") != "first-party") continue;
    INFO("urls.tsv line " << f.lines[i]);
    auto fields = split(full.classifyUrls(f.get(i, "page"), f.get(i, "declared") + "\t" + f.get(i, "url")), '\t');
    CHECK(fields[0] == f.get(i, "category"));
  }
}

TEST_CASE("registrableDomains and describe by vendor id through the packed boundary", "[engine]") {
  Engine& e = test::coreEngine();
  CHECK(e.registrableDomains("www.bbc.co.uk\nhttps://a.b.example.com/x\n/relative\nbad host\n127.0.0.1") ==
        "bbc.co.uk\nexample.com\n\n\n127.0.0.1");
  CHECK(e.registrableDomains("") == "");
  std::string d = e.describe("Vgoogle-analytics\nVno-such-vendor\nv99999");
  CHECK(d.rfind("Google Analytics\t", 0) == 0);
  CHECK(d.find("\n\t\t\n\t\t") != std::string::npos);
}

TEST_CASE("describe: purposes and retention come with the texts blob of the same database", "[engine]") {
  Engine e;
  REQUIRE(e.loadDatabase(test::readFile(CONSENTRY_CORE_DB)).empty());
  auto fields = split(e.classifyCookies("www.shop.example", "c\t_ga\t\tGA1.2.1.2\t63072000"), '\t');
  REQUIRE(fields.size() == 7);
  REQUIRE(!fields[6].empty());  // _ga's rule has a detail id
  const std::string refs = "Vgoogle-analytics\nd" + fields[6];
  CHECK(e.describe(refs) == "Google Analytics\t\t\n\t\t");  // names only, without the texts
  CHECK(e.info().find("\"texts\":false") != std::string::npos);
  CHECK(e.loadTexts(test::readFile(CONSENTRY_FULL_TEXTS)) ==
        "category texts rejected: they belong to another category database");
  REQUIRE(e.loadTexts(test::readFile(CONSENTRY_CORE_TEXTS)).empty());
  CHECK(e.info().find("\"texts\":true") != std::string::npos);
  auto lines = split(e.describe(refs), '\n');
  REQUIRE(lines.size() == 2);
  auto ga = split(lines[0], '\t'), rule = split(lines[1], '\t');
  CHECK(ga[0] == "Google Analytics");
  CHECK(!ga[1].empty());                      // the vendor's purpose
  CHECK(!(rule[1].empty() && rule[2].empty()));  // the rule's purpose or retention

  Engine full;
  REQUIRE(full.loadDatabase(test::readFile(CONSENTRY_FULL_DB)).empty());
  REQUIRE(full.loadTexts(test::readFile(CONSENTRY_FULL_TEXTS)).empty());
  CHECK(split(split(full.describe("Vgoogle-analytics"), '\n')[0], '\t')[1] == ga[1]);
}
