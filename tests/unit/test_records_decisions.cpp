#include <catch2/catch.hpp>

#include "core/consent_record.h"
#include "core/decision.h"
#include "core/engine.h"
#include "test_support.h"

using namespace consentry;

TEST_CASE("golden consent records decode identically here and in js-glue/src/store.js", "[record][golden]") {
  auto f = test::readFixture("consent-records.tsv");
  REQUIRE(f.rows.size() > 10);
  for (size_t i = 0; i < f.rows.size(); ++i) {
    INFO("consent-records.tsv line " << f.lines[i] << ": " << f.get(i, "note"));
    auto r = decodeConsentRecord(f.get(i, "value"), f.get(i, "site_key"),
                                 static_cast<uint32_t>(std::stoul(f.get(i, "revision"))), std::stoll(f.get(i, "now")));
    CHECK(r.valid == (f.get(i, "result") == "valid"));
    if (r.valid) {
      CHECK(std::to_string(r.record.granted) == f.get(i, "granted"));
      // encode(decode(x)) == x for every valid record
      CHECK(encodeConsentRecord(r.record, f.get(i, "site_key")) == f.get(i, "value"));
    } else {
      CHECK(r.error.find(f.get(i, "note")) != std::string::npos);
      CHECK(r.record.granted == 1);  // never a partial grant
    }
  }
}

TEST_CASE("encode refuses invalid records instead of writing a partial one", "[record]") {
  ConsentRecord r;
  r.granted = 5;
  r.revision = 1;
  r.consentId = "abcdefgh";
  r.firstSeconds = 100;
  r.lastSeconds = 200;
  r.expirySeconds = 300;
  CHECK_FALSE(encodeConsentRecord(r, "k").empty());
  auto bad = r;
  bad.granted = 4;  // mandatory bit missing
  CHECK(encodeConsentRecord(bad, "k").empty());
  bad = r;
  bad.consentId = "has.dot.x";
  CHECK(encodeConsentRecord(bad, "k").empty());
  bad = r;
  bad.expirySeconds = bad.lastSeconds + kMaxRecordLifetimeSeconds + 1;
  CHECK(encodeConsentRecord(bad, "k").empty());
  bad = r;
  bad.lastSeconds = 50;
  CHECK(encodeConsentRecord(bad, "k").empty());
}

TEST_CASE("a record from the future beyond clock skew is no consent", "[record]") {
  ConsentRecord r;
  r.granted = 15;
  r.consentId = "abcdefgh";
  r.firstSeconds = 1000000;
  r.lastSeconds = 1000000;
  r.expirySeconds = 2000000;
  std::string text = encodeConsentRecord(r, "k");
  CHECK(decodeConsentRecord(text, "k", 0, 1000000).valid);
  CHECK_FALSE(decodeConsentRecord(text, "k", 0, 1000000 - kClockSkewSeconds - 1).valid);
}

TEST_CASE("golden decisions", "[decision][golden]") {
  auto f = test::readFixture("decisions.tsv");
  REQUIRE(f.rows.size() > 10);
  for (size_t i = 0; i < f.rows.size(); ++i) {
    INFO("decisions.tsv line " << f.lines[i]);
    Category c;
    REQUIRE(parseCategory(f.get(i, "category"), c));
    ConsentState s{f.get(i, "decided") == "1", static_cast<uint8_t>(std::stoi(f.get(i, "granted")))};
    Policy p;
    p.preferencesEnabled = f.get(i, "preferences") == "1";
    CHECK(verdictName(decide(c, f.get(i, "inverted") == "1", s, p)) == f.get(i, "verdict"));
  }
}

TEST_CASE("policy parsing keeps strict defaults on bad input", "[policy]") {
  std::vector<std::string> errors;
  Policy p = parsePolicy("unknownCookie=allow;preferences=yes;host=bogus:a.com;cookie=analytical:;x=1;novalue", errors);
  CHECK(p.unknownCookie == Category::Targeting);
  CHECK(p.unknownThirdParty == Category::Targeting);
  CHECK_FALSE(p.preferencesEnabled);
  CHECK(p.hosts.empty());
  CHECK(p.cookies.empty());
  CHECK(errors.size() == 6);
  errors.clear();
  p = parsePolicy("unknownCookie=analytical;unknownThirdParty=mandatory;preferences=1;host=mandatory:cdn.example.net;"
                  "cookie=preferences:theme_*;cookie=mandatory:sid",
                  errors);
  CHECK(errors.empty());
  CHECK(p.unknownCookie == Category::Analytical);
  CHECK(p.unknownThirdParty == Category::Mandatory);
  CHECK(p.preferencesEnabled);
  CHECK(p.hosts.size() == 1);
  CHECK(p.cookies.size() == 2);
}
