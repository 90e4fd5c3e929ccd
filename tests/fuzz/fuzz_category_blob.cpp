// fuzz_category_blob: CategoryDb::load on untrusted bytes (the blob is fetched by the page and
// handed to wasm; a corrupt or hostile blob must be rejected or behave), then lookups on it.
//
// Input: byte 0 selects a mode, the rest is mode data.
//   mode % 4 == 0  raw: the rest is the blob.
//   mode % 4 == 1  raw + fix-up: the rest is the blob, with totalSize and checksum rewritten so
//                  the fuzzer gets past them to the directory and record validation.
//   mode % 4 == 2  mutate a valid blob: a blob built in-process with DbBuilder, edited by 4-byte
//                  commands {u16 offset, u8 op, u8 value} (set byte / xor / write u32 value /
//                  write u32 0xFFFFFFxx); bit 2 of the mode skips the size+checksum fix-up,
//                  bit 3 truncates the blob at the last edited offset.
//   mode % 4 == 3  structure-aware: the rest is a recipe for DbBuilder (vendors, exact/prefix
//                  rules, globs, hosts, host+path rules, suffix rules with fuzzed strings); the
//                  built blob and its texts blob MUST load, and every host, host+path and
//                  unscoped exact name that was added must be found.
//   Modes 0-2 with bit 4 set: the same on a texts blob (CategoryDb::loadTexts) for the sample
//   database, which is loaded first; mode 2 then mutates the sample's own texts blob.
// A texts blob that is refused leaves the texts empty and the database working.
// Invariants on any blob that loads: lookups (matchCookie, matchHost, publicSuffixLabels,
// vendor*/detail* with in- and out-of-range indexes) stay inside the blob (ASan) and return
// well-formed results (category < 4, vendor and detail indexes either "none" or in range,
// public-suffix label count between 1 and the host's label count).
#include <cstring>
#include <string>
#include <vector>

#include "core/category_db.h"
#include "core/hash.h"
#include "core/host.h"
#include "fuzz_common.h"

using namespace consentry;
using namespace consentry::fuzz;

namespace {

volatile uint32_t gSink;  // keeps the byte-touching loops below from being optimised away

void touch(std::string_view s) {
  uint32_t h = 0;
  for (char c : s) h = h * 31 + static_cast<uint8_t>(c);  // every byte is read: ASan checks each
  gSink = gSink + h;
}

void put32(std::string& b, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) b[at + i] = static_cast<char>(v >> (8 * i));
}

void fixHeader(std::string& b) {
  if (b.size() < kHeaderSize) return;
  put32(b, 12, static_cast<uint32_t>(b.size()));
  uint32_t h = kFnvOffset32;
  for (size_t i = 0; i < b.size(); ++i)
    if (i < 16 || i >= 20) h = (h ^ static_cast<uint8_t>(b[i])) * kFnvPrime32;
  put32(b, 16, h);
}

void checkCookieMatch(const CategoryDb& db, const CookieMatch& m, size_t details) {
  if (!m.found) return;
  FUZZ_CHECK(static_cast<uint8_t>(m.category) < kCategoryCount, "cookie category %u", unsigned(m.category));
  FUZZ_CHECK(m.vendor == kNoVendor || m.vendor < db.vendorCount(), "cookie vendor %u of %zu", m.vendor,
             db.vendorCount());
  FUZZ_CHECK(m.detail == kNoDetail || m.detail < details, "cookie detail %u of %zu", m.detail, details);
  touch(db.vendorId(m.vendor));
  touch(db.detailPurpose(m.detail));
}

// Lookups on a loaded database. `queries` are '\n'-separated names/hosts taken from the input.
void exercise(const CategoryDb& db, std::string_view queries, ByteReader& idx) {
  CategoryDb::Counts c = db.counts();
  FUZZ_CHECK(db.vendorCount() == c.vendors, "vendorCount");
  // Sections may overlap (harmless), but no table can have more records than the blob has bytes.
  // (c.details, the range of the rules' detail ids, is a count the header states: those records
  // are in the texts blob, which loads only with exactly that many.)
  for (size_t n : {c.vendors, c.exact, c.prefix, c.globs, c.hosts, c.pslNormal, c.pslWildcard, c.pslException})
    FUZZ_CHECK(n <= db.size(), "a table has %zu records in a %zu-byte blob", n, db.size());
  for (size_t v = 0; v < c.vendors && v < 512; ++v) {
    auto u = static_cast<uint16_t>(v);
    touch(db.vendorId(u));
    touch(db.vendorName(u));
    touch(db.vendorPurpose(u));
    FUZZ_CHECK(static_cast<uint8_t>(db.vendorCategory(u)) < kCategoryCount, "vendor category");
  }
  for (size_t d = 0; d < c.details && d < 512; ++d) {
    touch(db.detailPurpose(static_cast<uint32_t>(d)));
    touch(db.detailRetention(static_cast<uint32_t>(d)));
  }
  for (int i = 0; i < 4; ++i) {  // arbitrary indexes: out of range must give ""
    uint16_t v = idx.u16();
    uint32_t d = idx.u32();
    std::string_view name = db.vendorName(v), purpose = db.detailPurpose(d);
    touch(name);
    touch(purpose);
    if (v >= c.vendors) FUZZ_CHECK(name.empty() && db.vendorId(v).empty(), "vendor %u out of range gave text", v);
    if (d >= c.details) FUZZ_CHECK(purpose.empty() && db.detailRetention(d).empty(), "detail out of range gave text");
  }

  static const char* const fixed[] = {"_ga", "_ga_ABC123", "_gid", "sid", "_hjSession_12345", "x_pk_id.1.2",
                                      "ab12testZ", "www.google-analytics.com", "www.google.com", "a.b.city.kawasaki.jp",
                                      "x.y.ck", "www.ck", "foo.co.uk", "co.uk", "com", ""};
  std::vector<std::string_view> items(std::begin(fixed), std::end(fixed));
  auto extra = splitFields(queries, '\n', 8);
  items.insert(items.end(), extra.begin(), extra.end());
  HostSuffixes page("shop.example");
  for (std::string_view q : items) {
    HostSuffixes hs(q);
    HostSuffixes scopes[2] = {hs, page};
    for (StorageKind k : {StorageKind::Any, StorageKind::Cookie, StorageKind::Storage})
      checkCookieMatch(db, db.matchCookie(q, scopes, 2, k), c.details);
    checkCookieMatch(db, db.matchCookie(q, nullptr, 0, StorageKind::Cookie), c.details);
    for (std::string_view path : {std::string_view(), std::string_view("/recaptcha/api.js"), q}) {
      HostMatch h = db.matchHost(hs, path);
      if (!h.found) continue;
      FUZZ_CHECK(static_cast<uint8_t>(h.category) < kCategoryCount, "host category");
      FUZZ_CHECK(h.vendor == kNoVendor || h.vendor < c.vendors, "host vendor %u", h.vendor);
      FUZZ_CHECK(h.suffixIndex >= 0 && h.suffixIndex < hs.count, "host suffix index %d", h.suffixIndex);
      touch(db.vendorName(h.vendor));
    }
    int labels = db.publicSuffixLabels(hs);
    if (hs.count == 0) FUZZ_CHECK(labels == 0, "suffix labels %d for an empty host", labels);
    else FUZZ_CHECK(labels >= 1 && labels <= hs.count, "suffix labels %d of %d", labels, hs.count);
  }
}

// ---- mode 3: recipe for DbBuilder -----------------------------------------------------------
std::string recipeString(ByteReader& in) { return in.bytes(in.u8() % 24); }

std::string recipeHost(ByteReader& in) {
  static const char* const tlds[] = {"com", "net", "co.uk", "kawasaki.jp", "ck", "github.io", "example"};
  std::string h;
  int labels = 1 + in.u8() % 4;
  for (int i = 0; i < labels; ++i) {
    uint8_t len = 1 + in.u8() % 10;
    for (uint8_t k = 0; k < len; ++k) h.push_back("abcdefghijklmnopqrstuvwxyz0123456789-_"[in.u8() % 38]);
    h.push_back('.');
  }
  h += tlds[in.u8() % 7];
  return h;
}

void structureAware(const uint8_t* data, size_t size) {
  ByteReader in(data, size);
  DbBuilder b;
  std::vector<std::string> exactAny;  // unscoped exact names with StorageKind::Any
  std::vector<std::string> hosts;
  std::vector<std::pair<std::string, std::string>> hostPaths;
  uint16_t vendors = 0;
  int ops = 0;
  while (in.remaining() > 0 && ops++ < 64) {
    uint8_t op = in.u8();
    auto cat = static_cast<Category>(in.u8() % kCategoryCount);
    uint16_t vendor = vendors && (op & 0x80) ? static_cast<uint16_t>(in.u8() % vendors) : kNoVendor;
    auto storage = static_cast<StorageKind>(in.u8() % 3);
    switch (op % 8) {
      case 0: {
        std::string id = recipeString(in), name = recipeString(in), purpose = recipeString(in);
        b.addVendor(id, name, cat, purpose);
        ++vendors;
        break;
      }
      case 1: {
        std::string name = recipeString(in), purpose = recipeString(in), retention = recipeString(in);
        std::string scope = (op & 0x40) ? recipeHost(in) : "";
        b.addCookie(name, false, scope, cat, vendor, storage, purpose, retention);
        if (scope.empty() && storage == StorageKind::Any && !name.empty()) exactAny.push_back(name);
        break;
      }
      case 2: {
        std::string name = recipeString(in);
        b.addCookie(name, true, (op & 0x40) ? recipeHost(in) : "", cat, vendor, storage, "", recipeString(in));
        break;
      }
      case 3: {
        std::string pattern = recipeString(in);
        b.addGlob(pattern, (op & 0x40) ? recipeHost(in) : "", cat, vendor, storage, recipeString(in), "");
        break;
      }
      case 4: {
        std::string h = recipeHost(in);
        b.addHost(h, cat, vendor);
        hosts.push_back(h);
        break;
      }
      case 5: b.addPublicSuffix(recipeHost(in), static_cast<DbBuilder::PslRule>(in.u8() % 3)); break;
      case 6: {
        std::string h = recipeHost(in), path = "/" + recipeString(in);
        b.addHostPath(h, path, cat, vendor);
        hostPaths.emplace_back(h, path);
        break;
      }
      default: b.addPublicSuffixList(recipeString(in), in.u8() % 4); break;
    }
  }
  auto v = b.build(in.u32(), in.u8() & 1);
  auto t = b.buildTexts(v);
  std::string blob(v.begin(), v.end());
  CategoryDb db;
  std::string error;
  FUZZ_CHECK(db.load(blob, error), "a blob written by DbBuilder does not load: %s", error.c_str());
  FUZZ_CHECK(db.loadTexts(std::string(t.begin(), t.end()), error), "its texts blob does not load: %s", error.c_str());
  for (const auto& name : exactAny) {
    CookieMatch m = db.matchCookie(name, nullptr, 0, StorageKind::Cookie);
    FUZZ_CHECK(m.found, "added exact name '%s' not found", name.c_str());
  }
  for (const auto& h : hosts) {
    HostMatch m = db.matchHost(HostSuffixes(h));
    FUZZ_CHECK(m.found, "added host '%s' not found", h.c_str());
  }
  for (const auto& [h, path] : hostPaths) {
    HostMatch m = db.matchHost(HostSuffixes(h), path + "x");
    FUZZ_CHECK(m.found, "added host path '%s' '%s' not found", h.c_str(), path.c_str());
  }
  ByteReader idx(data, size);
  exercise(db, std::string_view(reinterpret_cast<const char*>(data), size > 64 ? 64 : size), idx);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  uint8_t mode = data[0];
  ++data;
  --size;
  const bool texts = (mode & 16) != 0;
  std::string blob;
  switch (mode % 4) {
    case 0: blob.assign(reinterpret_cast<const char*>(data), size); break;
    case 1:
      blob.assign(reinterpret_cast<const char*>(data), size);
      fixHeader(blob);
      break;
    case 2: {
      blob = texts ? sampleTextsBlob() : sampleDbBlob();
      ByteReader in(data, size);
      size_t lastOffset = blob.size();
      for (int i = 0; i < 64 && in.remaining() >= 4; ++i) {
        size_t at = in.u16() % blob.size();
        uint8_t op = in.u8(), value = in.u8();
        lastOffset = at;
        switch (op % 4) {
          case 0: blob[at] = static_cast<char>(value); break;
          case 1: blob[at] = static_cast<char>(blob[at] ^ value); break;
          case 2: if (at + 4 <= blob.size()) put32(blob, at, value); break;
          default: if (at + 4 <= blob.size()) put32(blob, at, 0xFFFFFF00u | value); break;
        }
      }
      if (mode & 8) blob.resize(lastOffset);
      if (!(mode & 4)) fixHeader(blob);
      break;
    }
    default: structureAware(data, size); return 0;
  }
  CategoryDb db;
  std::string error;
  if (texts) {
    FUZZ_CHECK(db.load(sampleDbBlob(), error), "sample database: %s", error.c_str());
    bool ok = db.loadTexts(blob, error);
    FUZZ_CHECK(ok == db.textsLoaded(), "loadTexts() result and textsLoaded() disagree");
    FUZZ_CHECK(ok || !error.empty(), "texts rejected without a reason");
    if (!ok) FUZZ_CHECK(db.vendorPurpose(0).empty() && db.detailRetention(0).empty(), "refused texts left text behind");
    FUZZ_CHECK(db.matchCookie("_ga", nullptr, 0, StorageKind::Cookie).found, "the database stopped working");
    ByteReader idx(data, size);
    exercise(db, "", idx);  // every vendor's and rule's texts are read (ASan checks each byte)
    return 0;
  }
  bool ok = db.load(blob, error);
  FUZZ_CHECK(ok == db.loaded() || (ok && blob.empty()), "load() result and loaded() disagree");
  if (!ok) {
    FUZZ_CHECK(!error.empty(), "rejected without a reason");
    FUZZ_CHECK(db.size() == 0 && db.vendorCount() == 0, "a rejected blob left data behind");
    ByteReader idx(data, size);
    exercise(db, "", idx);  // an empty database must answer every lookup safely
    return 0;
  }
  FUZZ_CHECK(db.size() == blob.size(), "loaded size");
  ByteReader idx(data, size);
  std::string_view tail = asView(data, size);
  if (tail.size() > 48) tail = tail.substr(tail.size() - 48);
  exercise(db, tail, idx);
  return 0;
}
