// The category database: one immutable, versioned binary blob, written at build time by the
// native compiler (tools/compile_categories.cpp) and read in place, without copying or parsing
// into objects, by the classifier (natively and in wasm), and beside it its texts: the vendors'
// and the rules' purposes and retention, which only the preferences centre and the inspector
// show, in a second blob fetched when they are first listed (a seventh of the core tier's
// bytes on the wire that classifying does not need).
//
// Layout (all integers little-endian, every section 8-byte aligned):
//   Header, 32 bytes
//     0  char[4] magic "CSDB"          4  u16 formatVersion (kFormatVersion)
//     6  u16 flags (bit 0: full tier)  8  u32 dataVersion (yyyymmdd of the sources)
//    12  u32 totalSize                16  u32 checksum: FNV-1a 32 of every byte but 16..19
//    20  u32 sectionCount             24  u32 detailCount: the texts' DETL records (rules' ids)
//    28  u32 reserved (0)
//   Section directory: sectionCount x { u32 tag, u32 offset, u32 size }
//   Sections, each a sorted array of fixed-size records (binary search) or a byte pool:
//     STRS  string pool (UTF-8, not terminated; referenced as offset + length)
//     VEND  VendorRecord[]          (index = vendor id used by every other table)
//     CEXA  CookieRecord[]          exact names without their key (12 bytes: scope, vendor,
//                                   category, storage, detail), sorted by (key, scope); key = low
//                                   32 bits of nameHash(name), scope = low 32 bits of
//                                   hostHash(domain) or 0
//     CEXK  the CEXA records' keys, in the same order: ascending, Golomb-Rice coded (below)
//     CPRE  CookieRecord[]          prefixes, key = nameHash(prefix), sorted by (key, scope)
//     CPRK  the CPRE records' keys, coded like CEXK
//     PLEN  u16[]                   distinct prefix lengths, ascending
//     CGLB  GlobRecord[]            '*'/'#' patterns, in source order
//     HOST  HostRecord[]            tracker hosts without their key (4 bytes: vendor, category,
//                                   flags), sorted by key = low 48 bits of hostHash(host)
//     HSTK  the HOST records' keys, in the same order: strictly ascending, Golomb-Rice coded
//     HPTH  HostPathRecord[]        path-scoped host rules (www.google.com + /recaptcha/), sorted
//                                   by key; checked before HOST at the same host suffix
//     PSLN / PSLW / PSLX            public-suffix rules (normal, "*.x" wildcard, "!x" exception):
//                                   sets of low 32 bits of hostHash(rule), Golomb-Rice coded
//                                   (u32 count, u8 k, 3 zero bytes, bit stream; category_db.cpp
//                                   putRiceList), decoded once at load into sorted arrays
// The texts blob has the same header and directory with magic "CSTX", the database's checksum
// at 24 (a texts blob belongs to exactly one database) and the sections
//     STRS  its string pool          VPUR  StrRef per vendor (its purpose), VEND's order
//     DETL  DetailRecord[]           per-rule purpose + retention (a cookie record's detail id)
// Why: fixed-size sorted records give O(log n) lookups straight from the fetched bytes, hashes
// keep the tables small, and the checksum plus bounds checks make a corrupt blob a clean error.
// The hashes are the exception: random hashes do not compress on the wire, so the public-suffix
// sets and the cookie and host tables' keys are stored as coded gaps (a third smaller than 4
// bytes each for 32-bit hashes, about half of 8 for the full tier's 48-bit host keys) and
// expanded at load into sorted arrays of u64 (one decoder, one search; 67 KB of memory in the
// core tier, 0.77 MB in the full one, where the keys took 686 KB of the blob before); the rest of
// each cookie and host record stays in place.
// Cookie tables (a few thousand names) use 32-bit hashes (a false match for an unknown name is
// about 1 in 10^6); the host table (85k hosts in the full tier) 48-bit ones (a false match for
// an unknown host suffix about 1 in 3 * 10^9: a page view looks up a few hundred), host+path
// rules full 64-bit ones.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "categories.h"

namespace consentry {

constexpr char kDbMagic[4] = {'C', 'S', 'D', 'B'};
constexpr char kTextsMagic[4] = {'C', 'S', 'T', 'X'};
// 3: Golomb-Rice coded public-suffix sets; 4: and cookie and host keys; 5: texts in their own blob
constexpr uint16_t kFormatVersion = 5;
constexpr uint16_t kNoVendor = 0xFFFF;
constexpr uint32_t kNoDetail = 0xFFFFFFFF;
constexpr size_t kHeaderSize = 32;
constexpr uint64_t kHostKeyMask = (uint64_t{1} << 48) - 1;  // HOST keys: the low 48 bits of hostHash

enum class StorageKind : uint8_t { Any = 0, Cookie = 1, Storage = 2 };

struct StrRef {
  uint32_t offset = 0;
  uint32_t length = 0;
};

struct VendorRecord {  // 20 bytes on disk (the purpose is in the texts' VPUR)
  StrRef id, name, purpose;
  uint8_t category = 0;
};

struct CookieRecord {  // 12 bytes on disk (the key is in CEXK / CPRK)
  uint32_t key = 0;     // low 32 bits of nameHash(name or prefix)
  uint32_t scope = 0;   // low 32 bits of hostHash(domain), or 0 for "any site"
  uint16_t vendor = kNoVendor;
  uint8_t category = 0;
  uint8_t storage = 0;  // StorageKind
  uint32_t detail = kNoDetail;
};

struct GlobRecord {  // 20 bytes on disk
  StrRef pattern;
  uint32_t scope = 0;
  uint16_t vendor = kNoVendor;
  uint8_t category = 0;
  uint8_t storage = 0;
  uint32_t detail = kNoDetail;
};

struct HostRecord {  // 4 bytes on disk (the key is in HSTK)
  uint64_t key = 0;  // hostHash(host) & kHostKeyMask
  uint16_t vendor = kNoVendor;
  uint8_t category = 0;
  uint8_t flags = 0;
};

struct HostPathRecord {  // 20 bytes on disk
  uint64_t key = 0;  // hostHash(host)
  StrRef path;       // path prefix, e.g. "/recaptcha/"
  uint16_t vendor = kNoVendor;
  uint8_t category = 0;
  uint8_t flags = 0;
};

struct DetailRecord {  // 16 bytes on disk, in the texts blob
  StrRef purpose, retention;
};

// ---- Writer ------------------------------------------------------------------------------
// Collects entries, then serialises them (sorted, deduplicated by key) into one blob.
class DbBuilder {
 public:
  uint16_t addVendor(std::string_view id, std::string_view name, Category category, std::string_view purpose);
  void addCookie(std::string_view name, bool prefix, std::string_view scopeDomain, Category category,
                 uint16_t vendor, StorageKind storage, std::string_view purpose, std::string_view retention);
  void addGlob(std::string_view pattern, std::string_view scopeDomain, Category category, uint16_t vendor,
               StorageKind storage, std::string_view purpose, std::string_view retention);
  // The first rule added for a host (or host + path) wins.
  bool addHost(std::string_view host, Category category, uint16_t vendor);
  void addHostPath(std::string_view host, std::string_view pathPrefix, Category category, uint16_t vendor);
  enum class PslRule : uint8_t { Normal, Wildcard, Exception };
  void addPublicSuffix(std::string_view rule, PslRule kind);
  // Reads the Public Suffix List text format; `maxLabels` > 0 keeps only rules with at most that
  // many labels (the compact browser blob). Returns the number of rules kept.
  size_t addPublicSuffixList(std::string_view pslText, int maxLabels);

  std::vector<uint8_t> build(uint32_t dataVersion, bool fullTier) const;
  // The texts blob of `database`, a blob build() of this builder returned.
  std::vector<uint8_t> buildTexts(const std::vector<uint8_t>& database) const;

  size_t cookieCount() const { return exact_.size() + prefix_.size() + globs_.size(); }
  size_t hostCount() const { return hosts_.size(); }
  size_t vendorCount() const { return vendors_.size(); }

 private:
  struct Pool {  // strings stored once each
    std::string bytes;
    std::map<std::string, StrRef> index;
  };
  static StrRef intern(Pool& pool, std::string_view s);
  uint32_t addDetail(std::string_view purpose, std::string_view retention);

  Pool strings_, texts_;  // the database's (ids, names, patterns, paths) and the texts'
  std::map<std::string, uint32_t> internedDetails_;
  std::vector<VendorRecord> vendors_;
  std::vector<DetailRecord> details_;
  std::vector<CookieRecord> exact_, prefix_;
  std::vector<uint16_t> prefixLengths_;
  std::vector<GlobRecord> globs_;
  std::vector<HostRecord> hosts_;
  std::vector<HostPathRecord> hostPaths_;
  std::vector<uint32_t> pslNormal_, pslWildcard_, pslException_;
};

// ---- Reader ------------------------------------------------------------------------------
struct CookieMatch {
  bool found = false;
  Category category = Category::Mandatory;
  uint16_t vendor = kNoVendor;
  uint32_t detail = kNoDetail;
  enum class Kind : uint8_t { Exact, ScopedExact, Prefix, Glob } kind = Kind::Exact;
};

struct HostMatch {
  bool found = false;
  Category category = Category::Mandatory;
  uint16_t vendor = kNoVendor;
  int suffixIndex = -1;  // which suffix of the queried host matched
};

class HostSuffixes;

struct BlobTable {  // a section of a blob: where it starts and how many records it holds
  uint32_t offset = 0, count = 0;
};

class CategoryDb {
 public:
  // Validates and adopts a blob (the bytes are copied into the object). On failure returns false,
  // sets `error` to a human-readable reason and leaves the database empty (matches nothing).
  bool load(std::string_view bytes, std::string& error);
  bool loaded() const { return !bytes_.empty(); }
  // Validates and adopts the texts blob of the loaded database (vendor and rule purposes,
  // retention). Until then, or when it fails (`error` says why), those texts are empty and
  // everything else works. Loading another database drops them.
  bool loadTexts(std::string_view bytes, std::string& error);
  bool textsLoaded() const { return !texts_.empty(); }

  uint32_t dataVersion() const { return dataVersion_; }
  bool fullTier() const { return full_; }
  size_t size() const { return bytes_.size(); }

  // Cookie or storage-key lookup. `scopes` are the label suffixes of the cookie's domain and/or
  // the page host (scoped rules match when their domain is one of them).
  CookieMatch matchCookie(std::string_view name, const HostSuffixes* scopes, int scopeSetCount,
                          StorageKind storage) const;
  // Most specific suffix first; at each suffix a path rule whose prefix starts `path` wins over
  // the plain host rule. `path` may be empty (host rules only).
  HostMatch matchHost(const HostSuffixes& host, std::string_view path = {}) const;
  // Number of labels of the public suffix of `host` (at least 1: unknown TLDs are public).
  int publicSuffixLabels(const HostSuffixes& host) const;

  size_t vendorCount() const { return vendorCount_; }
  std::string_view vendorId(uint16_t v) const;
  std::string_view vendorName(uint16_t v) const;
  std::string_view vendorPurpose(uint16_t v) const;
  Category vendorCategory(uint16_t v) const;
  std::string_view detailPurpose(uint32_t d) const;
  std::string_view detailRetention(uint32_t d) const;

  struct Counts {  // details: the range of the rules' detail ids (the texts' DETL records)
    size_t vendors, details, exact, prefix, globs, hosts, hostPaths, pslNormal, pslWildcard, pslException;
  };
  Counts counts() const;

 private:
  using Table = BlobTable;
  std::string_view str(uint32_t offset, uint32_t length) const;
  std::string_view text(const char* ref) const;  // a StrRef of the texts blob
  // The coded lists, decoded at load (sorted): the three public-suffix sets, then the keys of the
  // exact and prefix cookie tables and of the host table (key of record i).
  enum List { kPslNormal = 0, kPslWildcard = 1, kPslException = 2, kExactKeys = 3, kPrefixKeys = 4, kHostKeys = 5 };
  enum CookieTable { kExact = 0, kPrefix = 1 };
  uint32_t lowerBound(List list, uint64_t key) const;
  bool find(List list, uint64_t key, uint32_t& at) const;
  bool findCookie(CookieTable t, uint32_t key, const HostSuffixes* scopes, int scopeSetCount, StorageKind storage,
                  CookieRecord& out, bool& scoped) const;
  CookieRecord cookieAt(CookieTable t, uint32_t i) const;
  bool pslContains(List set, uint64_t hash) const;

  std::string bytes_, texts_;
  uint32_t dataVersion_ = 0, checksum_ = 0, detailCount_ = 0;
  bool full_ = false;
  Table strs_, vendors_, exact_, prefix_, plen_, globs_, hosts_, hostPaths_;
  Table textStrs_, vendorPurposes_, details_;  // in texts_
  std::vector<uint64_t> lists_[6];  // PSLN, PSLW, PSLX, CEXK, CPRK, HSTK decoded (List)
  size_t vendorCount_ = 0;
};

// Glob match used by CGLB rules: '*' = any run of characters, '#' = one or more ASCII digits.
// Case-insensitive (ASCII).
bool globMatch(std::string_view pattern, std::string_view text);

}  // namespace consentry
