#include <catch2/catch.hpp>
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "core/category_db.h"
#include "core/hash.h"
#include "core/host.h"
#include "test_support.h"

using namespace consentry;

namespace {

std::vector<uint8_t> sampleBlob(DbBuilder& b) {
  uint16_t ga = b.addVendor("google-analytics", "Google Analytics", Category::Analytical, "Measures visits.");
  b.addCookie("_ga", false, "", Category::Analytical, ga, StorageKind::Any, "Distinguishes users.", "2 years");
  b.addCookie("_ga_", true, "", Category::Analytical, ga, StorageKind::Any, "", "");
  b.addCookie("sid", false, "shop.example", Category::Mandatory, kNoVendor, StorageKind::Cookie, "", "");
  b.addGlob("_hjSession_#", "", Category::Analytical, kNoVendor, StorageKind::Any, "", "session");
  b.addHost("google-analytics.com", Category::Analytical, ga);
  b.addHostPath("www.google.com", "/recaptcha/", Category::Mandatory, kNoVendor);
  b.addPublicSuffix("co.uk", DbBuilder::PslRule::Normal);
  b.addPublicSuffix("kawasaki.jp", DbBuilder::PslRule::Wildcard);
  b.addPublicSuffix("city.kawasaki.jp", DbBuilder::PslRule::Exception);
  return b.build(20260101, false);
}

size_t align8(size_t n) { return (n + 7) / 8 * 8; }

// Bytes of a Golomb-Rice coded ascending list: 8-byte header, then for the cheapest k each gap's
// unary quotient, stop bit and k remainder bits, padded to a byte.
size_t riceList(std::vector<uint64_t> v, int width = 32) {
  std::sort(v.begin(), v.end());
  uint64_t best = UINT64_MAX;
  for (int k = 0; k < width; ++k) {
    uint64_t bits = 0, prev = 0;
    for (uint64_t x : v) {
      bits += ((x - prev) >> k) + 1 + k;
      prev = x;
    }
    best = std::min(best, bits);
  }
  return 8 + (best + 7) / 8;
}
size_t riceSetOfOne(uint32_t v) { return riceList({v}); }
uint32_t key32(std::string_view name) { return static_cast<uint32_t>(nameHash(name)); }

}  // namespace

TEST_CASE("blob round-trip has the exact documented size and content", "[db]") {
  DbBuilder b;
  auto blob = sampleBlob(b);
  // header + 14-entry directory, then each section 8-aligned
  size_t strings = std::string("google-analyticsGoogle Analytics_hjSession_#/recaptcha/").size();
  size_t expected = align8(32 + 14 * 12);
  expected += align8(strings);      // STRS (no purposes or retention: those are the texts blob's)
  expected += align8(1 * 20);       // VEND
  expected += align8(2 * 12);       // CEXA (records without their keys)
  expected += align8(riceList({key32("_ga"), key32("sid")}));  // CEXK
  expected += align8(1 * 12);       // CPRE
  expected += align8(riceSetOfOne(key32("_ga_")));             // CPRK
  expected += align8(1 * 2);        // PLEN
  expected += align8(1 * 20);       // CGLB
  expected += align8(1 * 4);        // HOST (the record without its key)
  expected += align8(riceList({hostHash("google-analytics.com") & kHostKeyMask}, 64));  // HSTK
  expected += align8(1 * 20);       // HPTH
  expected += align8(riceSetOfOne(static_cast<uint32_t>(hostHash("co.uk"))));             // PSLN
  expected += align8(riceSetOfOne(static_cast<uint32_t>(hostHash("kawasaki.jp"))));       // PSLW
  expected += align8(riceSetOfOne(static_cast<uint32_t>(hostHash("city.kawasaki.jp"))));  // PSLX
  CHECK(blob.size() == expected);
  CHECK(std::string(blob.begin(), blob.begin() + 4) == "CSDB");

  // The texts blob: header + 3-entry directory, STRS, VPUR (one StrRef per vendor), DETL.
  auto texts = b.buildTexts(blob);
  size_t textBytes = std::string("Measures visits.Distinguishes users.2 yearssession").size();
  CHECK(texts.size() == align8(32 + 3 * 12) + align8(textBytes) + align8(1 * 8) + align8(2 * 16));
  CHECK(std::string(texts.begin(), texts.begin() + 4) == "CSTX");

  CategoryDb db;
  std::string err;
  REQUIRE(db.load(std::string(blob.begin(), blob.end()), err));
  CHECK(db.dataVersion() == 20260101);
  CHECK_FALSE(db.fullTier());
  CHECK(db.vendorName(0) == "Google Analytics");
  CHECK(db.vendorId(0) == "google-analytics");
  CHECK(db.vendorPurpose(0).empty());  // until the texts are loaded
  CHECK(db.counts().details == 2);
  CHECK_FALSE(db.textsLoaded());
  REQUIRE(db.loadTexts(std::string(texts.begin(), texts.end()), err));
  CHECK(db.vendorPurpose(0) == "Measures visits.");

  HostSuffixes none("");
  auto m = db.matchCookie("_GA", &none, 1, StorageKind::Cookie);
  REQUIRE(m.found);
  CHECK(m.kind == CookieMatch::Kind::Exact);
  CHECK(db.detailPurpose(m.detail) == "Distinguishes users.");
  CHECK(db.detailRetention(m.detail) == "2 years");
  CHECK(db.detailRetention(db.matchCookie("_hjSession_1", &none, 1, StorageKind::Cookie).detail) == "session");
  CHECK(db.matchCookie("_ga_ABC123", &none, 1, StorageKind::Cookie).kind == CookieMatch::Kind::Prefix);
  CHECK_FALSE(db.matchCookie("_ga_", &none, 1, StorageKind::Cookie).found);  // prefix needs more
  CHECK(db.matchCookie("_hjSession_123", &none, 1, StorageKind::Cookie).kind == CookieMatch::Kind::Glob);
  CHECK_FALSE(db.matchCookie("_hjSession_abc", &none, 1, StorageKind::Cookie).found);
  CHECK_FALSE(db.matchCookie("sid", &none, 1, StorageKind::Cookie).found);  // scoped rule only
  HostSuffixes shop("www.shop.example");
  auto scoped = db.matchCookie("sid", &shop, 1, StorageKind::Cookie);
  CHECK(scoped.kind == CookieMatch::Kind::ScopedExact);
  CHECK_FALSE(db.matchCookie("sid", &shop, 1, StorageKind::Storage).found);  // cookie-only rule

  auto h = db.matchHost(HostSuffixes("ssl.google-analytics.com"));
  REQUIRE(h.found);
  CHECK(h.category == Category::Analytical);
  CHECK(h.suffixIndex == 1);
  CHECK_FALSE(db.matchHost(HostSuffixes("google-analytics.com.evil.net")).found);
  CHECK_FALSE(db.matchHost(HostSuffixes("notgoogle-analytics.com")).found);
  auto rc = db.matchHost(HostSuffixes("www.google.com"), "/recaptcha/api.js");
  CHECK(rc.found);
  CHECK(rc.category == Category::Mandatory);
  CHECK_FALSE(db.matchHost(HostSuffixes("www.google.com"), "/maps/embed").found);
  CHECK_FALSE(db.matchHost(HostSuffixes("www.google.com")).found);

  CHECK(db.publicSuffixLabels(HostSuffixes("www.example.co.uk")) == 2);
  CHECK(db.publicSuffixLabels(HostSuffixes("www.example.com")) == 1);
  CHECK(db.publicSuffixLabels(HostSuffixes("a.b.kawasaki.jp")) == 3);     // *.kawasaki.jp
  CHECK(db.publicSuffixLabels(HostSuffixes("www.city.kawasaki.jp")) == 2);  // !city.kawasaki.jp
}

TEST_CASE("a texts blob loads only beside its own database, and a bad one leaves the texts empty", "[db]") {
  DbBuilder b;
  auto blob = sampleBlob(b);
  auto texts = b.buildTexts(blob);
  const std::string good(texts.begin(), texts.end());
  CategoryDb db;
  std::string err;
  CHECK_FALSE(db.loadTexts(good, err));  // no database yet
  CHECK(err.find("no category database") != std::string::npos);
  REQUIRE(db.load(std::string(blob.begin(), blob.end()), err));

  // Another build of the same database with one more cookie: another checksum.
  DbBuilder other;
  sampleBlob(other);
  other.addCookie("extra", false, "", Category::Targeting, kNoVendor, StorageKind::Any, "x", "y");
  auto otherBlob = other.build(20260101, false);
  auto otherTexts = other.buildTexts(otherBlob);
  err.clear();
  CHECK_FALSE(db.loadTexts(std::string(otherTexts.begin(), otherTexts.end()), err));
  CHECK(err == "category texts rejected: they belong to another category database");
  CHECK_FALSE(db.loadTexts(std::string(blob.begin(), blob.end()), err));  // the database is not its texts
  CHECK(err.find("bad magic") != std::string::npos);

  // Every truncation and every single-byte change is refused (size, checksum) and leaves the
  // texts unloaded; the database keeps working.
  for (size_t n = 0; n < good.size(); n += 7) CHECK_FALSE(db.loadTexts(good.substr(0, n), err));
  for (size_t i = 0; i < good.size(); ++i) {
    std::string bad = good;
    bad[i] = static_cast<char>(bad[i] ^ 0x5a);
    INFO(i);
    CHECK_FALSE(db.loadTexts(bad, err));
    CHECK_FALSE(db.textsLoaded());
    CHECK(db.vendorPurpose(0).empty());
  }
  HostSuffixes none("");
  CHECK(db.matchCookie("_ga", &none, 1, StorageKind::Cookie).found);

  REQUIRE(db.loadTexts(good, err));
  CHECK(db.vendorPurpose(0) == "Measures visits.");
  // A texts blob whose checksum is right but whose text refs leave the pool: patch a ref, then
  // the checksum (FNV-1a 32 of every byte but 16..19).
  std::string patched = good;
  uint32_t off = 0;
  for (uint32_t i = 0; i < 3; ++i)  // VPUR's offset, from the directory
    if (std::string(patched.data() + 32 + i * 12, 4) == "VPUR") std::memcpy(&off, patched.data() + 32 + i * 12 + 4, 4);
  REQUIRE(off != 0);
  uint32_t huge = 1u << 30;
  std::memcpy(&patched[off], &huge, 4);
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < patched.size(); ++i)
    if (i < 16 || i >= 20) h = (h ^ static_cast<uint8_t>(patched[i])) * 16777619u;
  std::memcpy(&patched[16], &h, 4);
  CHECK_FALSE(db.loadTexts(patched, err));
  CHECK(err == "category texts rejected: text out of bounds");
  CHECK(db.vendorPurpose(0).empty());  // a failed load drops the texts loaded before

  // Loading another database drops the texts.
  REQUIRE(db.loadTexts(good, err));
  REQUIRE(db.load(std::string(blob.begin(), blob.end()), err));
  CHECK_FALSE(db.textsLoaded());
}

TEST_CASE("public-suffix sets survive Golomb-Rice coding, at about 21 bits a rule", "[db]") {
  DbBuilder b;
  const int n = 6000;
  for (int i = 0; i < n; ++i) b.addPublicSuffix("r" + std::to_string(i) + ".test", DbBuilder::PslRule::Normal);
  b.addPublicSuffix("r0.test", DbBuilder::PslRule::Normal);  // duplicates collapse
  auto blob = b.build(1, false);
  CategoryDb db;
  std::string err;
  REQUIRE(db.load(std::string(blob.begin(), blob.end()), err));
  CHECK(db.counts().pslNormal == n);
  for (int i = 0; i < n; ++i) {
    INFO(i);
    REQUIRE(db.publicSuffixLabels(HostSuffixes("www.site.r" + std::to_string(i) + ".test")) == 2);
  }
  CHECK(db.publicSuffixLabels(HostSuffixes("www.site.q1.test")) == 1);
  CHECK(db.publicSuffixLabels(HostSuffixes("www.r1.test.example")) == 1);
  // 32-bit hashes would take 4 bytes a rule; the coded gaps about log2(2^32 / n) + 1.5 bits.
  CHECK(blob.size() < 2000 + n * 22 / 8);
}

TEST_CASE("cookie keys are Golomb-Rice coded beside their records: equal keys, many scopes, about 22 bits a key", "[db]") {
  DbBuilder b;
  const int n = 3000;
  for (int i = 0; i < n; ++i)
    b.addCookie("c" + std::to_string(i), false, "", Category::Analytical, kNoVendor, StorageKind::Any, "", "");
  // One name with an unscoped rule and rules for two sites: three records under one key (gaps
  // of 0 in the coded list), sorted by scope.
  b.addCookie("session", false, "", Category::Targeting, kNoVendor, StorageKind::Any, "", "");
  b.addCookie("session", false, "a.example", Category::Mandatory, kNoVendor, StorageKind::Any, "", "");
  b.addCookie("session", false, "b.example", Category::Preferences, kNoVendor, StorageKind::Any, "", "");
  b.addCookie("pre_", true, "", Category::Analytical, kNoVendor, StorageKind::Any, "", "");
  b.addCookie("pre_", true, "a.example", Category::Mandatory, kNoVendor, StorageKind::Any, "", "");
  auto blob = b.build(1, false);
  CategoryDb db;
  std::string err;
  REQUIRE(db.load(std::string(blob.begin(), blob.end()), err));
  CHECK(db.counts().exact == n + 3);
  CHECK(db.counts().prefix == 2);
  HostSuffixes none(""), a("www.a.example"), bb("b.example"), c("c.example");
  for (int i = 0; i < n; ++i) {
    INFO(i);
    REQUIRE(db.matchCookie("c" + std::to_string(i), &none, 1, StorageKind::Cookie).found);
  }
  CHECK_FALSE(db.matchCookie("c" + std::to_string(n), &none, 1, StorageKind::Cookie).found);
  CHECK(db.matchCookie("session", &none, 1, StorageKind::Cookie).category == Category::Targeting);
  CHECK(db.matchCookie("session", &a, 1, StorageKind::Cookie).category == Category::Mandatory);
  CHECK(db.matchCookie("session", &bb, 1, StorageKind::Cookie).category == Category::Preferences);
  CHECK(db.matchCookie("session", &c, 1, StorageKind::Cookie).category == Category::Targeting);
  CHECK(db.matchCookie("pre_x", &a, 1, StorageKind::Cookie).category == Category::Mandatory);
  CHECK(db.matchCookie("pre_x", &c, 1, StorageKind::Cookie).category == Category::Analytical);
  // 12 bytes a record plus the coded key instead of 16 bytes a record.
  CHECK(blob.size() < 1000 + n * 12 + n * 23 / 8);
}

TEST_CASE("host keys are the low 48 bits of the host hash, Golomb-Rice coded: every host found, about log2(2^48 / n) + 1.5 bits a key", "[db]") {
  DbBuilder b;
  const int n = 5000;
  for (int i = 0; i < n; ++i)
    b.addHost("t" + std::to_string(i) + ".tracker.example", i % 2 ? Category::Targeting : Category::Analytical, kNoVendor);
  b.addHost("tracker.example", Category::Targeting, kNoVendor);
  b.addHost("t1.tracker.example", Category::Mandatory, kNoVendor);  // a duplicate: the first rule wins
  auto blob = b.build(1, true);
  CategoryDb db;
  std::string err;
  REQUIRE(db.load(std::string(blob.begin(), blob.end()), err));
  CHECK(db.counts().hosts == n + 1);
  for (int i = 0; i < n; ++i) {
    INFO(i);
    auto m = db.matchHost(HostSuffixes("cdn.t" + std::to_string(i) + ".tracker.example"));
    REQUIRE(m.found);
    REQUIRE(m.suffixIndex == 1);
    REQUIRE(m.category == (i % 2 ? Category::Targeting : Category::Analytical));
  }
  auto parent = db.matchHost(HostSuffixes("other.tracker.example"));
  CHECK(parent.found);
  CHECK(parent.suffixIndex == 1);
  CHECK_FALSE(db.matchHost(HostSuffixes("tracker.example.org")).found);
  CHECK_FALSE(db.matchHost(HostSuffixes("t1.tracker.examplex")).found);
  // 4 bytes a record plus the coded key (37 bits for 5,000 keys), instead of 12 bytes a record.
  CHECK(blob.size() < 1000 + n * 4 + n * 38 / 8);
}

TEST_CASE("a cookie or host key list that does not fit its records is rejected", "[db]") {
  DbBuilder b;
  auto blob = sampleBlob(b);
  // Directory entry of CEXK; its section starts with the u32 count of keys.
  size_t dir = 0;
  for (size_t i = 32; i + 12 <= blob.size(); i += 12)
    if (std::string(blob.begin() + i, blob.begin() + i + 4) == "CEXK") {
      dir = i;
      break;
    }
  REQUIRE(dir);
  auto at32 = [&](size_t o) { return uint32_t(blob[o]) | uint32_t(blob[o + 1]) << 8 | uint32_t(blob[o + 2]) << 16 | uint32_t(blob[o + 3]) << 24; };
  auto set32 = [&](std::vector<uint8_t>& v, size_t o, uint32_t x) { for (int i = 0; i < 4; ++i) v[o + i] = uint8_t(x >> (8 * i)); };
  auto resum = [&](std::vector<uint8_t>& v) {  // the checksum, so that the structure is what fails
    uint32_t h = kFnvOffset32;
    for (size_t i = 0; i < v.size(); ++i)
      if (i < 16 || i >= 20) h = (h ^ v[i]) * kFnvPrime32;
    set32(v, 16, h);
  };
  size_t section = at32(dir + 4);
  REQUIRE(at32(section) == 2);
  CategoryDb db;
  std::string err;
  auto fewer = blob;
  set32(fewer, section, 1);  // one key for two records (the stream then has unread bits)
  resum(fewer);
  CHECK_FALSE(db.load(std::string(fewer.begin(), fewer.end()), err));
  CHECK(err.find("cookie key") != std::string::npos);
  auto swapped = blob;  // the CEXA and CPRE key lists exchanged: 2 records, 1 key
  size_t cprk = 0;
  for (size_t i = 32; i + 12 <= blob.size(); i += 12)
    if (std::string(blob.begin() + i, blob.begin() + i + 4) == "CPRK") cprk = i;
  REQUIRE(cprk);
  std::copy(blob.begin() + dir, blob.begin() + dir + 4, swapped.begin() + cprk);
  std::copy(blob.begin() + cprk, blob.begin() + cprk + 4, swapped.begin() + dir);
  resum(swapped);
  CHECK_FALSE(db.load(std::string(swapped.begin(), swapped.end()), err));
  CHECK(err == "category database rejected: cookie key list does not match its records");
  auto noHostKeys = blob;  // the host key list read as an empty one: 1 record, 0 keys
  size_t hstk = 0;
  for (size_t i = 32; i + 12 <= blob.size(); i += 12)
    if (std::string(blob.begin() + i, blob.begin() + i + 4) == "HSTK") hstk = i;
  REQUIRE(hstk);
  size_t hostKeys = at32(hstk + 4);
  set32(noHostKeys, hostKeys, 0);
  resum(noHostKeys);
  CHECK_FALSE(db.load(std::string(noHostKeys.begin(), noHostKeys.end()), err));
  CHECK(err.find("host key list") != std::string::npos);
  REQUIRE(db.load(std::string(blob.begin(), blob.end()), err));
}

TEST_CASE("the writer is deterministic", "[db]") {
  DbBuilder a, b;
  CHECK(sampleBlob(a) == sampleBlob(b));
}

TEST_CASE("every corrupted, truncated or foreign blob is rejected with a reason", "[db]") {
  DbBuilder b;
  auto blob = sampleBlob(b);
  std::string good(blob.begin(), blob.end());
  CategoryDb db;
  std::string err;
  for (size_t i = 0; i < good.size(); ++i) {
    std::string bad = good;
    bad[i] = static_cast<char>(bad[i] ^ 0x5A);
    INFO("flipped byte " << i);
    CHECK_FALSE(db.load(bad, err));
    CHECK_FALSE(err.empty());
    CHECK_FALSE(db.loaded());
  }
  for (size_t n : {size_t(0), size_t(3), size_t(31), size_t(32), good.size() - 1}) {
    CHECK_FALSE(db.load(good.substr(0, n), err));
  }
  CHECK_FALSE(db.load("<!doctype html><html>not a blob</html>", err));
  CHECK(err.find("magic") != std::string::npos);
  std::string future = good;
  future[4] = 9;
  CHECK_FALSE(db.load(future, err));
  CHECK(err.find("format version") != std::string::npos);
  // An empty database matches nothing.
  CHECK_FALSE(db.matchHost(HostSuffixes("google-analytics.com")).found);
  REQUIRE(db.load(good, err));
}

TEST_CASE("globMatch", "[db]") {
  CHECK(globMatch("_hjSession_#", "_hjsession_123"));
  CHECK_FALSE(globMatch("_hjSession_#", "_hjSession_"));
  CHECK(globMatch("mp_*_mixpanel", "mp_abc123_mixpanel"));
  CHECK_FALSE(globMatch("mp_*_mixpanel", "mp_abc123_mixpanelx"));
  CHECK(globMatch("AMCV_*", "AMCV_1234%40AdobeOrg"));
  CHECK(globMatch("*", ""));
  CHECK(globMatch("a#b#", "a12b3"));
  CHECK_FALSE(globMatch("a#", "a1x"));
  CHECK(globMatch("_pk_id.#.*", "_pk_id.1.a1b2"));
}

TEST_CASE("the built default and full blobs load and are distinct tiers", "[db]") {
  CategoryDb core, full;
  std::string err;
  REQUIRE(core.load(test::readFile(CONSENTRY_CORE_DB), err));
  REQUIRE(full.load(test::readFile(CONSENTRY_FULL_DB), err));
  CHECK_FALSE(core.fullTier());
  CHECK(full.fullTier());
  CHECK(full.counts().hosts >= core.counts().hosts);
  CHECK(core.counts().exact > 100);
}

namespace {

int runCompiler(const std::filesystem::path& dir, const std::string& sourceText, std::string& stderrText) {
  namespace fs = std::filesystem;
  fs::create_directories(dir / "sources");
  std::ofstream(dir / "sources" / "bad.json") << sourceText;
  std::ofstream(dir / "VERSION") << "20260101\n";
  std::string cmd = std::string(CONSENTRY_DBC) + " --sources " + (dir / "sources").string() + " --psl " + CONSENTRY_PSL +
                    " --version-file " + (dir / "VERSION").string() + " --out-core " + (dir / "c.cdb").string() +
                    " --out-full " + (dir / "f.cdb").string() + " 2> " + (dir / "err.txt").string() + " > /dev/null";
  int rc = std::system(cmd.c_str());
  stderrText = test::readFile((dir / "err.txt").string());
  return rc;
}

}  // namespace

TEST_CASE("malformed sources fail the build with file, line and reason", "[db][compiler]") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("consentry-dbc-test-" + std::to_string(::getpid()));
  struct Case { const char* text; const char* where; const char* why; };
  const Case cases[] = {
      {"{\"tier\":\"core\",\"license\":\"MIT\",\"cookies\":[\n{\"name\":\"a\",\"category\":\"analytical\"},\n{\"name\":\"b\",\"category\":\"tracking\"}\n]}",
       "bad.json:3", "unknown category \"tracking\""},
      {"{\"tier\":\"core\",\"license\":\"MIT\",\"cookies\":[\n{\"name\":\"a\",\"category\":\"analytical\",\"vendor\":\"nobody\"}\n]}",
       "bad.json:2", "vendor \"nobody\" is not defined"},
      {"{\"tier\":\"core\",\"license\":\"MIT\",\"hosts\":[\n\n{\"host\":\"Bad.Host\",\"category\":\"targeting\"}]}",
       "bad.json:3", "not a lowercase bare host"},
      {"{\"tier\":\"core\",\"license\":\"MIT\",\n\"cookies\":[{\"name\":\"a\" \"category\":1}]}", "bad.json:2",
       "JSON syntax error"},
      {"{\"tier\":\"core\",\"license\":\"MIT\",\"cookies\":[{\"name\":\"x\",\"category\":\"analytical\",\"colour\":1}]}",
       "bad.json:1", "unknown field \"colour\""},
      {"{\"tier\":\"gold\",\"license\":\"MIT\"}", "bad.json:1", "tier must be"},
      {"{\"tier\":\"core\",\"license\":\"MIT\",\"cookies\":[{\"name\":\"x\",\"match\":\"glob\",\"category\":\"analytical\"}]}",
       "bad.json:1", "glob pattern has no"},
      {"{\"tier\":\"core\",\"license\":\"MIT\",\"vendors\":[\n{\"id\":\"v\",\"name\":\"Tab\\tbed\",\"category\":\"analytical\"}]}",
       "bad.json:2", "name: control character"},
  };
  for (const auto& c : cases) {
    INFO(c.text);
    std::string err;
    CHECK(runCompiler(dir, c.text, err) != 0);
    CHECK(err.find(c.where) != std::string::npos);
    CHECK(err.find(c.why) != std::string::npos);
  }
  std::string err;
  CHECK(runCompiler(dir, "{\"tier\":\"core\",\"license\":\"MIT\",\"cookies\":[{\"name\":\"x\",\"category\":\"analytical\"}]}", err) == 0);
  fs::remove_all(dir);
}
