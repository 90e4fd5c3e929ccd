#include "category_db.h"

#include <algorithm>
#include <cstring>

#include "hash.h"
#include "host.h"

namespace consentry {
namespace {

constexpr uint32_t kVendorSize = 20, kDetailSize = 16, kCookieSize = 12, kGlobSize = 20, kHostSize = 4, kHostPathSize = 20;
constexpr uint32_t kMaxSections = 16;

constexpr uint32_t tag(const char (&t)[5]) {
  return static_cast<uint32_t>(t[0]) | static_cast<uint32_t>(t[1]) << 8 | static_cast<uint32_t>(t[2]) << 16 |
         static_cast<uint32_t>(t[3]) << 24;
}
constexpr uint32_t kTagStrs = tag("STRS"), kTagVend = tag("VEND"), kTagDetl = tag("DETL"), kTagCexa = tag("CEXA"),
                   kTagCexk = tag("CEXK"), kTagCpre = tag("CPRE"), kTagCprk = tag("CPRK"), kTagPlen = tag("PLEN"),
                   kTagCglb = tag("CGLB"), kTagHost = tag("HOST"), kTagHstk = tag("HSTK"), kTagHpth = tag("HPTH"),
                   kTagPsln = tag("PSLN"), kTagPslw = tag("PSLW"), kTagPslx = tag("PSLX"), kTagVpur = tag("VPUR");

// --- little-endian helpers ---
void put16(std::vector<uint8_t>& o, uint16_t v) {
  o.push_back(static_cast<uint8_t>(v));
  o.push_back(static_cast<uint8_t>(v >> 8));
}
void put32(std::vector<uint8_t>& o, uint32_t v) {
  for (int i = 0; i < 4; ++i) o.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
void put64(std::vector<uint8_t>& o, uint64_t v) {
  for (int i = 0; i < 8; ++i) o.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
void set32(std::vector<uint8_t>& o, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) o[at + i] = static_cast<uint8_t>(v >> (8 * i));
}
[[gnu::always_inline]] inline uint16_t get16(const char* p) {
  const auto* u = reinterpret_cast<const uint8_t*>(p);
  return static_cast<uint16_t>(u[0] | u[1] << 8);
}
[[gnu::always_inline]] inline uint32_t get32(const char* p) {
  const auto* u = reinterpret_cast<const uint8_t*>(p);
  return static_cast<uint32_t>(u[0]) | static_cast<uint32_t>(u[1]) << 8 | static_cast<uint32_t>(u[2]) << 16 |
         static_cast<uint32_t>(u[3]) << 24;
}
[[gnu::always_inline]] inline uint64_t get64(const char* p) { return static_cast<uint64_t>(get32(p)) | static_cast<uint64_t>(get32(p + 4)) << 32; }

void putStr(std::vector<uint8_t>& o, StrRef r) {
  put32(o, r.offset);
  put32(o, r.length);
}
void align8(std::vector<uint8_t>& o) {
  while (o.size() % 8) o.push_back(0);
}

// FNV-1a 32 over the whole blob except the checksum field itself (bytes 16..19).
uint32_t checksumOf(const uint8_t* data, size_t size) {
  uint32_t h = kFnvOffset32;
  for (size_t i = 0; i < size; ++i)
    if (i < 16 || i >= 20) h = (h ^ data[i]) * kFnvPrime32;
  return h;
}

// --- ascending hash lists, Golomb-Rice coded (PSLN / PSLW / PSLX sets, CEXK / CPRK cookie keys:
// 32-bit values; HSTK host keys: 48-bit values) ---
// Section: u32 count, u8 k, 3 zero bytes, then a bit stream (least significant bit first): for
// each value in ascending order, its gap from the previous one (the first value's from 0) as
// gap >> k in unary (that many 1 bits, then a 0) followed by the low k bits of the gap. The
// values are uniformly spread hashes, so a gap costs about log2(2^bits / count) + 1.5 bits: the
// 5,500 public-suffix hashes take 14 KB instead of 21 KB, the 2,650 cookie keys 7.5 KB instead of
// 10.6 KB, the full tier's 86k host keys 355 KB instead of 686 KB (as 64-bit values in fixed
// records), on the wire too (random hashes do not compress). The reader decodes a list once, at
// load, into a sorted vector. Sets are strictly ascending; key lists may repeat a key (one name
// with rules for several scopes: a gap of 0). The gaps add up to the last value, so the bit
// counts below cannot overflow.
template <typename T>
void putRiceList(std::vector<uint8_t>& o, const std::vector<T>& sorted) {
  uint64_t best = UINT64_MAX;
  int k = 0;
  for (int c = 0; c < 8 * static_cast<int>(sizeof(T)); ++c) {  // the cheapest k (deterministic)
    uint64_t bits = 0, prev = 0;
    for (T v : sorted) {
      bits += ((v - prev) >> c) + 1 + c;
      prev = v;
    }
    if (bits < best) best = bits, k = c;
  }
  put32(o, static_cast<uint32_t>(sorted.size()));
  o.push_back(static_cast<uint8_t>(k));
  o.push_back(0); o.push_back(0); o.push_back(0);
  size_t start = o.size();
  uint64_t bit = 0;
  auto putBit = [&](unsigned b) {
    if (bit % 8 == 0) o.push_back(0);
    o[start + bit / 8] |= static_cast<uint8_t>(b << (bit % 8));
    ++bit;
  };
  T prev = 0;
  for (T v : sorted) {
    uint64_t gap = v - prev;
    prev = v;
    for (uint64_t q = gap >> k; q; --q) putBit(1);
    putBit(0);
    for (int i = 0; i < k; ++i) putBit((gap >> i) & 1);
  }
}

// Decodes putRiceList's section; false (with `why`) unless it is exactly an ascending list of
// values up to `max` (strictly ascending when `strict`: a set) followed by at most 7 zero
// padding bits.
bool getRiceList(const char* p, uint32_t size, bool strict, uint64_t max, std::vector<uint64_t>& out, const char*& why,
                 const char* bad, const char* unsorted) {
  why = bad;
  if (size < 8 || p[5] || p[6] || p[7]) return false;
  uint32_t count = get32(p);
  unsigned k = static_cast<uint8_t>(p[4]);
  const uint64_t nbytes = size - 8, nbits = nbytes * 8;
  // k below the values' width; every value takes its stop bit and k bits.
  if (k >= 64 || (max >> k) == 0 || count > nbits / (k + 1)) return false;
  const auto* bytes = reinterpret_cast<const uint8_t*>(p + 8);
  // The stream's bits from `pos` on, at least 57 of them (bits past the end read as 0): the
  // decoder takes a run of ones and the k remainder bits a word at a time, not a bit at a time
  // (the full tier's 86k host keys are 3 million bits).
  auto peek = [&](uint64_t pos) {
    uint64_t w = 0, at = pos >> 3;
    for (unsigned j = 0; j < 8 && at + j < nbytes; ++j) w |= uint64_t{bytes[at + j]} << (8 * j);
    return w >> (pos & 7);
  };
  const uint64_t maxQuotient = max >> k;
  out.clear();
  out.reserve(count);
  uint64_t pos = 0, prev = 0;
  for (uint32_t i = 0; i < count; ++i) {
    uint64_t q = 0;
    for (;;) {  // the unary quotient: ones up to the stop bit
      if (pos >= nbits) return false;
      uint64_t avail = nbits - pos < 57 ? nbits - pos : 57;
      uint64_t zeros = ~peek(pos) & ((uint64_t{1} << avail) - 1);
      if (!zeros) {
        q += avail;
        pos += avail;
      } else {
        unsigned run = static_cast<unsigned>(__builtin_ctzll(zeros));
        q += run;
        pos += run + 1;
      }
      if (q > maxQuotient) return false;
      if (zeros) break;
    }
    if (nbits - pos < k) return false;
    uint64_t gap = (q << k) | (k ? peek(pos) & ((uint64_t{1} << k) - 1) : 0);
    pos += k;
    if (strict && i && gap == 0) {
      why = unsorted;
      return false;
    }
    uint64_t v = prev + gap;
    if (v > max) return false;
    out.push_back(v);
    prev = v;
  }
  // At most 7 padding bits, all zero.
  return nbits - pos < 8 && !(peek(pos) & ((uint64_t{1} << (nbits - pos)) - 1));
}

// 32-bit scope key of a host hash; never 0 (0 means "any site").
uint32_t scopeKey(uint64_t h) {
  uint32_t k = static_cast<uint32_t>(h);
  return k ? k : 1;
}

bool cookieLess(const CookieRecord& a, const CookieRecord& b) {
  return a.key != b.key ? a.key < b.key : a.scope < b.scope;
}

bool storageFits(uint8_t ruleStorage, StorageKind query) {
  return ruleStorage == static_cast<uint8_t>(StorageKind::Any) || query == StorageKind::Any ||
         ruleStorage == static_cast<uint8_t>(query);
}

// Both blobs: the header (magic, format version, flags, data version, size, checksum, section
// count, `word24`), the section directory, then the sections, 8-byte aligned.
struct Section {
  uint32_t tag;
  std::vector<uint8_t> data;
};
std::vector<uint8_t> assemble(const char (&magic)[4], uint16_t flags, uint32_t dataVersion, uint32_t word24,
                              const std::vector<Section>& sections) {
  std::vector<uint8_t> out(magic, magic + 4);
  put16(out, kFormatVersion);
  put16(out, flags);
  put32(out, dataVersion);
  put32(out, 0);  // totalSize, patched below
  put32(out, 0);  // checksum, patched below
  put32(out, static_cast<uint32_t>(sections.size()));
  put32(out, word24);
  put32(out, 0);
  size_t dirAt = out.size();
  out.resize(out.size() + sections.size() * 12);
  align8(out);
  for (size_t i = 0; i < sections.size(); ++i) {
    uint32_t offset = static_cast<uint32_t>(out.size());
    out.insert(out.end(), sections[i].data.begin(), sections[i].data.end());
    set32(out, dirAt + i * 12, sections[i].tag);
    set32(out, dirAt + i * 12 + 4, offset);
    set32(out, dirAt + i * 12 + 8, static_cast<uint32_t>(sections[i].data.size()));
    align8(out);
  }
  set32(out, 12, static_cast<uint32_t>(out.size()));
  set32(out, 16, checksumOf(out.data(), out.size()));
  return out;
}

// Checks a blob's header (magic, format version, size, checksum) and reads its section
// directory into the wanted sections' tables (each tag once, whole records, none missing).
// Returns "" or the reason.
struct Want {
  uint32_t tag;
  BlobTable* table;
  uint32_t recordSize;
};
std::string openBlob(std::string_view bytes, const char (&magic)[4], const char* badMagic, const Want* wants,
                     size_t wantCount) {
  if (bytes.size() < kHeaderSize) return "too short (" + std::to_string(bytes.size()) + " bytes)";
  if (std::memcmp(bytes.data(), magic, 4) != 0) return badMagic;
  const char* p = bytes.data();
  uint16_t version = get16(p + 4);
  if (version != kFormatVersion)
    return "format version " + std::to_string(version) + ", this build reads " + std::to_string(kFormatVersion);
  uint32_t total = get32(p + 12);
  if (total != bytes.size())
    return "size mismatch (header says " + std::to_string(total) + ", got " + std::to_string(bytes.size()) + ")";
  uint32_t sum = checksumOf(reinterpret_cast<const uint8_t*>(p), total);
  if (sum != get32(p + 16)) return "checksum mismatch (corrupt or truncated)";
  uint32_t sectionCount = get32(p + 20);
  if (sectionCount > kMaxSections || kHeaderSize + sectionCount * 12ull > total) return "bad section directory";
  bool seen[kMaxSections] = {};  // per wanted section (a blob wants fewer than kMaxSections)
  for (uint32_t i = 0; i < sectionCount; ++i) {
    const char* d = p + kHeaderSize + i * 12;
    uint32_t t = get32(d), off = get32(d + 4), size = get32(d + 8);
    if (off < kHeaderSize || off > total || size > total - off) return "section out of bounds";
    for (size_t w = 0; w < wantCount; ++w) {
      if (wants[w].tag != t) continue;
      if (seen[w]) return "duplicate section";
      if (size % wants[w].recordSize) return "section size is not a whole number of records";
      seen[w] = true;
      *wants[w].table = {off, size / wants[w].recordSize};
    }
  }
  for (size_t w = 0; w < wantCount; ++w)
    if (!seen[w]) return "missing section";
  return "";
}

}  // namespace

// ===================================== Writer =====================================

StrRef DbBuilder::intern(Pool& pool, std::string_view s) {
  if (s.empty()) return {};
  auto it = pool.index.find(std::string(s));  // each distinct text is stored once
  if (it != pool.index.end()) return it->second;
  StrRef r{static_cast<uint32_t>(pool.bytes.size()), static_cast<uint32_t>(s.size())};
  pool.bytes.append(s);
  pool.index.emplace(std::string(s), r);
  return r;
}

uint32_t DbBuilder::addDetail(std::string_view purpose, std::string_view retention) {
  if (purpose.empty() && retention.empty()) return kNoDetail;
  std::string key = std::string(purpose) + '\x1f' + std::string(retention);
  auto it = internedDetails_.find(key);  // most rules share a handful of retention texts
  if (it != internedDetails_.end()) return it->second;
  details_.push_back(DetailRecord{intern(texts_, purpose), intern(texts_, retention)});
  uint32_t index = static_cast<uint32_t>(details_.size() - 1);
  internedDetails_.emplace(std::move(key), index);
  return index;
}

uint16_t DbBuilder::addVendor(std::string_view id, std::string_view name, Category category,
                              std::string_view purpose) {
  VendorRecord v;
  v.id = intern(strings_, id);
  v.name = intern(strings_, name);
  v.purpose = intern(texts_, purpose);
  v.category = static_cast<uint8_t>(category);
  vendors_.push_back(v);
  return static_cast<uint16_t>(vendors_.size() - 1);
}

void DbBuilder::addCookie(std::string_view name, bool prefix, std::string_view scopeDomain, Category category,
                          uint16_t vendor, StorageKind storage, std::string_view purpose,
                          std::string_view retention) {
  CookieRecord r;
  r.key = static_cast<uint32_t>(nameHash(name));
  r.scope = scopeDomain.empty() ? 0 : scopeKey(hostHash(scopeDomain));
  r.vendor = vendor;
  r.category = static_cast<uint8_t>(category);
  r.storage = static_cast<uint8_t>(storage);
  r.detail = addDetail(purpose, retention);
  if (prefix) {
    prefix_.push_back(r);
    uint16_t len = static_cast<uint16_t>(std::min<size_t>(name.size(), 0xFFFF));
    if (std::find(prefixLengths_.begin(), prefixLengths_.end(), len) == prefixLengths_.end())
      prefixLengths_.push_back(len);
  } else {
    exact_.push_back(r);
  }
}

void DbBuilder::addGlob(std::string_view pattern, std::string_view scopeDomain, Category category, uint16_t vendor,
                        StorageKind storage, std::string_view purpose, std::string_view retention) {
  GlobRecord g;
  g.pattern = intern(strings_, pattern);
  g.scope = scopeDomain.empty() ? 0 : scopeKey(hostHash(scopeDomain));
  g.vendor = vendor;
  g.category = static_cast<uint8_t>(category);
  g.storage = static_cast<uint8_t>(storage);
  g.detail = addDetail(purpose, retention);
  globs_.push_back(g);
}

bool DbBuilder::addHost(std::string_view host, Category category, uint16_t vendor) {
  HostRecord h;
  h.key = hostHash(host) & kHostKeyMask;
  h.vendor = vendor;
  h.category = static_cast<uint8_t>(category);
  hosts_.push_back(h);
  return true;
}

void DbBuilder::addHostPath(std::string_view host, std::string_view pathPrefix, Category category, uint16_t vendor) {
  HostPathRecord r;
  r.key = hostHash(host);
  r.path = intern(strings_, pathPrefix);
  r.vendor = vendor;
  r.category = static_cast<uint8_t>(category);
  hostPaths_.push_back(r);
}

void DbBuilder::addPublicSuffix(std::string_view rule, PslRule kind) {
  uint32_t h = static_cast<uint32_t>(hostHash(rule));
  switch (kind) {
    case PslRule::Normal: pslNormal_.push_back(h); break;
    case PslRule::Wildcard: pslWildcard_.push_back(h); break;
    case PslRule::Exception: pslException_.push_back(h); break;
  }
}

size_t DbBuilder::addPublicSuffixList(std::string_view text, int maxLabels) {
  size_t kept = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    size_t ws = line.find_first_of(" \t\r");
    if (ws != std::string_view::npos) line = line.substr(0, ws);  // rule ends at first whitespace
    if (line.empty() || line.rfind("//", 0) == 0) continue;
    PslRule kind = PslRule::Normal;
    if (line.rfind("!", 0) == 0) {
      kind = PslRule::Exception;
      line.remove_prefix(1);
    } else if (line.rfind("*.", 0) == 0) {
      kind = PslRule::Wildcard;
      line.remove_prefix(2);
    }
    int labels = 1 + static_cast<int>(std::count(line.begin(), line.end(), '.')) + (kind == PslRule::Wildcard ? 1 : 0);
    // Single-label rules are implied (every TLD is public), so they are never stored.
    if (kind == PslRule::Normal && labels == 1) continue;
    if (maxLabels > 0 && labels > maxLabels) continue;
    addPublicSuffix(line, kind);
    ++kept;
  }
  return kept;
}

std::vector<uint8_t> DbBuilder::build(uint32_t dataVersion, bool fullTier) const {
  auto exact = exact_, prefix = prefix_;
  auto hosts = hosts_;
  auto psln = pslNormal_, pslw = pslWildcard_, pslx = pslException_;
  auto plen = prefixLengths_;
  // Stable sort keeps source order among equal keys; then drop exact duplicates of (key, scope,
  // storage): the first one added (curated sources are added first) wins.
  auto dedupCookies = [](std::vector<CookieRecord>& v) {
    std::stable_sort(v.begin(), v.end(), cookieLess);
    v.erase(std::unique(v.begin(), v.end(),
                        [](const CookieRecord& a, const CookieRecord& b) {
                          return a.key == b.key && a.scope == b.scope && a.storage == b.storage;
                        }),
            v.end());
  };
  dedupCookies(exact);
  dedupCookies(prefix);
  std::stable_sort(hosts.begin(), hosts.end(), [](const HostRecord& a, const HostRecord& b) { return a.key < b.key; });
  hosts.erase(std::unique(hosts.begin(), hosts.end(), [](const HostRecord& a, const HostRecord& b) { return a.key == b.key; }),
              hosts.end());
  auto hostPaths = hostPaths_;
  std::stable_sort(hostPaths.begin(), hostPaths.end(),
                   [](const HostPathRecord& a, const HostPathRecord& b) { return a.key < b.key; });
  for (auto* v : {&psln, &pslw, &pslx}) {
    std::sort(v->begin(), v->end());
    v->erase(std::unique(v->begin(), v->end()), v->end());
  }
  std::sort(plen.begin(), plen.end());

  std::vector<Section> sections;
  auto add = [&](uint32_t t) -> std::vector<uint8_t>& {
    sections.push_back({t, {}});
    return sections.back().data;
  };
  {
    auto& o = add(kTagStrs);
    o.assign(strings_.bytes.begin(), strings_.bytes.end());
  }
  {
    auto& o = add(kTagVend);
    for (const auto& v : vendors_) {
      putStr(o, v.id);
      putStr(o, v.name);
      o.push_back(v.category);
      o.push_back(0); o.push_back(0); o.push_back(0);
    }
  }
  auto putCookies = [&](uint32_t t, uint32_t keysTag, const std::vector<CookieRecord>& v) {
    auto& o = add(t);
    std::vector<uint32_t> keys;
    for (const auto& r : v) {
      keys.push_back(r.key);
      put32(o, r.scope);
      put16(o, r.vendor);
      o.push_back(r.category);
      o.push_back(r.storage);
      put32(o, r.detail);
    }
    putRiceList(add(keysTag), keys);
  };
  putCookies(kTagCexa, kTagCexk, exact);
  putCookies(kTagCpre, kTagCprk, prefix);
  {
    auto& o = add(kTagPlen);
    for (uint16_t l : plen) put16(o, l);
  }
  {
    auto& o = add(kTagCglb);
    for (const auto& g : globs_) {
      putStr(o, g.pattern);
      put32(o, g.scope);
      put16(o, g.vendor);
      o.push_back(g.category);
      o.push_back(g.storage);
      put32(o, g.detail);
    }
  }
  {
    auto& o = add(kTagHost);
    std::vector<uint64_t> keys;
    for (const auto& h : hosts) {
      keys.push_back(h.key);
      put16(o, h.vendor);
      o.push_back(h.category);
      o.push_back(h.flags);
    }
    putRiceList(add(kTagHstk), keys);
  }
  {
    auto& o = add(kTagHpth);
    for (const auto& h : hostPaths) {
      put64(o, h.key);
      putStr(o, h.path);
      put16(o, h.vendor);
      o.push_back(h.category);
      o.push_back(h.flags);
    }
  }
  for (auto [t, v] : {std::pair{kTagPsln, &psln}, std::pair{kTagPslw, &pslw}, std::pair{kTagPslx, &pslx}})
    putRiceList(add(t), *v);

  return assemble(kDbMagic, fullTier ? 1 : 0, dataVersion, static_cast<uint32_t>(details_.size()), sections);
}

std::vector<uint8_t> DbBuilder::buildTexts(const std::vector<uint8_t>& database) const {
  std::vector<Section> sections(3);
  sections[0] = {kTagStrs, {texts_.bytes.begin(), texts_.bytes.end()}};
  sections[1].tag = kTagVpur;
  for (const auto& v : vendors_) putStr(sections[1].data, v.purpose);
  sections[2].tag = kTagDetl;
  for (const auto& d : details_) {
    putStr(sections[2].data, d.purpose);
    putStr(sections[2].data, d.retention);
  }
  if (database.size() < kHeaderSize) return {};
  const char* h = reinterpret_cast<const char*>(database.data());
  return assemble(kTextsMagic, get16(h + 6), get32(h + 8), get32(h + 16), sections);
}

// ===================================== Reader =====================================

bool CategoryDb::load(std::string_view bytes, std::string& error) {
  *this = CategoryDb();
  auto fail = [&](const std::string& why) {
    *this = CategoryDb();
    error = "category database rejected: " + why;
    return false;
  };
  CategoryDb db;
  Table coded[6];  // the coded lists' sections (List order), needed only here: they are decoded
  const Want wants[] = {{kTagStrs, &db.strs_, 1},               {kTagVend, &db.vendors_, kVendorSize},
                        {kTagCexa, &db.exact_, kCookieSize},     {kTagCexk, &coded[kExactKeys], 1},
                        {kTagCpre, &db.prefix_, kCookieSize},    {kTagCprk, &coded[kPrefixKeys], 1},
                        {kTagPlen, &db.plen_, 2},                {kTagCglb, &db.globs_, kGlobSize},
                        {kTagHost, &db.hosts_, kHostSize},       {kTagHstk, &coded[kHostKeys], 1},
                        {kTagHpth, &db.hostPaths_, kHostPathSize}, {kTagPsln, &coded[kPslNormal], 1},
                        {kTagPslw, &coded[kPslWildcard], 1},     {kTagPslx, &coded[kPslException], 1}};
  std::string why = openBlob(bytes, kDbMagic, "bad magic (not a Consentry category database)", wants,
                             sizeof(wants) / sizeof(wants[0]));
  if (!why.empty()) return fail(why);
  const char* p = bytes.data();
  db.dataVersion_ = get32(p + 8);
  db.full_ = (get16(p + 6) & 1) != 0;
  db.checksum_ = get32(p + 16);
  db.detailCount_ = get32(p + 24);
  db.bytes_.assign(bytes.data(), bytes.size());
  db.vendorCount_ = db.vendors_.count;

  // Every string reference and every vendor/detail index must stay inside the blob, so lookups
  // need no further checks.
  auto strOk = [&](const char* at) {
    uint64_t o = get32(at), l = get32(at + 4);
    return o + l <= db.strs_.count;
  };
  const char* b = db.bytes_.data();
  for (uint32_t i = 0; i < db.vendors_.count; ++i) {
    const char* r = b + db.vendors_.offset + i * kVendorSize;
    if (!strOk(r) || !strOk(r + 8) || static_cast<uint8_t>(r[16]) >= kCategoryCount) return fail("bad vendor record");
  }
  auto refsOk = [&](uint16_t vendor, uint8_t category, uint32_t detail) {
    return (vendor == kNoVendor || vendor < db.vendors_.count) && category < kCategoryCount &&
           (detail == kNoDetail || detail < db.detailCount_);
  };
  // The coded lists: suffix sets and host keys strictly ascending (a set: `unsorted` names the
  // error), cookie keys ascending (a coded list cannot go down); key lists one key per record,
  // records with the same cookie key sorted by scope. All go through one decoder (one copy of it
  // in the wasm).
  struct Coded {
    uint64_t max;
    const char *bad, *unsorted;
  };
  const Coded lists[6] = {{0xFFFFFFFFull, "bad suffix set", "suffix table not sorted"},
                          {0xFFFFFFFFull, "bad suffix set", "suffix table not sorted"},
                          {0xFFFFFFFFull, "bad suffix set", "suffix table not sorted"},
                          {0xFFFFFFFFull, "bad cookie key list", nullptr},
                          {0xFFFFFFFFull, "bad cookie key list", nullptr},
                          {kHostKeyMask, "bad host key list", "host table not sorted"}};
  for (int i = 0; i < 6; ++i) {
    const char* why = "";
    if (!getRiceList(b + coded[i].offset, coded[i].count, lists[i].unsorted != nullptr, lists[i].max, db.lists_[i],
                     why, lists[i].bad, lists[i].unsorted))
      return fail(why);
  }
  for (int t = 0; t < 2; ++t) {
    const Table& records = t == kExact ? db.exact_ : db.prefix_;
    const std::vector<uint64_t>& keys = db.lists_[kExactKeys + t];
    if (keys.size() != records.count) return fail("cookie key list does not match its records");
    for (uint32_t i = 0; i < records.count; ++i) {
      const char* r = b + records.offset + i * kCookieSize;
      if (i && keys[i] == keys[i - 1] && get32(r) < get32(r - kCookieSize)) return fail("cookie table not sorted");
      if (!refsOk(get16(r + 4), static_cast<uint8_t>(r[6]), get32(r + 8))) return fail("bad cookie record");
    }
  }
  for (uint32_t i = 0; i < db.globs_.count; ++i) {
    const char* r = b + db.globs_.offset + i * kGlobSize;
    if (!strOk(r) || !refsOk(get16(r + 12), static_cast<uint8_t>(r[14]), get32(r + 16))) return fail("bad glob record");
  }
  if (db.lists_[kHostKeys].size() != db.hosts_.count) return fail("host key list does not match its records");
  for (uint32_t i = 0; i < db.hosts_.count; ++i) {
    const char* r = b + db.hosts_.offset + i * kHostSize;
    if (!refsOk(get16(r), static_cast<uint8_t>(r[2]), kNoDetail)) return fail("bad host record");
  }
  for (uint32_t i = 0; i < db.hostPaths_.count; ++i) {
    const char* r = b + db.hostPaths_.offset + i * kHostPathSize;
    if (i && get64(r) < get64(r - kHostPathSize)) return fail("host path table not sorted");
    if (!strOk(r + 8) || !refsOk(get16(r + 16), static_cast<uint8_t>(r[18]), kNoDetail)) return fail("bad host path record");
  }
  *this = std::move(db);
  return true;
}

bool CategoryDb::loadTexts(std::string_view bytes, std::string& error) {
  texts_.clear();
  auto fail = [&](const std::string& why) {
    texts_.clear();
    error = "category texts rejected: " + why;
    return false;
  };
  if (!loaded()) return fail("no category database is loaded");
  Table strs, purposes, details;
  const Want wants[] = {{kTagStrs, &strs, 1}, {kTagVpur, &purposes, 8}, {kTagDetl, &details, kDetailSize}};
  std::string why = openBlob(bytes, kTextsMagic, "bad magic (not a Consentry category texts file)", wants, 3);
  if (!why.empty()) return fail(why);
  if (get32(bytes.data() + 24) != checksum_) return fail("they belong to another category database");
  if (purposes.count != vendors_.count || details.count != detailCount_) return fail("record counts do not match the database");
  // Every text inside the pool, so lookups need no further checks.
  auto textsOk = [&](const Table& t, uint32_t recordSize) {
    for (uint32_t at = 0; at < t.count * recordSize; at += 8) {
      const char* r = bytes.data() + t.offset + at;
      if (static_cast<uint64_t>(get32(r)) + get32(r + 4) > strs.count) return false;
    }
    return true;
  };
  if (!textsOk(purposes, 8) || !textsOk(details, kDetailSize)) return fail("text out of bounds");
  texts_.assign(bytes.data(), bytes.size());
  textStrs_ = strs;
  vendorPurposes_ = purposes;
  details_ = details;
  return true;
}

std::string_view CategoryDb::str(uint32_t offset, uint32_t length) const {
  if (!loaded() || static_cast<uint64_t>(offset) + length > strs_.count) return {};
  return std::string_view(bytes_.data() + strs_.offset + offset, length);
}

std::string_view CategoryDb::text(const char* ref) const {
  return std::string_view(texts_.data() + textStrs_.offset + get32(ref), get32(ref + 4));
}

// A plain binary search on the array: std::lower_bound's iterator and comparator calls stay out
// of line in the wasm build (-Oz), and this runs for every label of every URL's host (inlined:
// a call per probe costs the URL path about 2 % there).
[[gnu::always_inline]] inline uint32_t CategoryDb::lowerBound(List list, uint64_t key) const {
  const uint64_t* a = lists_[list].data();
  uint32_t lo = 0, hi = static_cast<uint32_t>(lists_[list].size());
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (a[mid] < key) lo = mid + 1; else hi = mid;
  }
  return lo;
}

// Where `key` is in the list, if it is.
[[gnu::always_inline]] inline bool CategoryDb::find(List list, uint64_t key, uint32_t& at) const {
  at = lowerBound(list, key);
  return at < lists_[list].size() && lists_[list][at] == key;
}

CookieRecord CategoryDb::cookieAt(CookieTable t, uint32_t i) const {
  const char* r = bytes_.data() + (t == kExact ? exact_ : prefix_).offset + i * kCookieSize;
  CookieRecord c;
  c.key = static_cast<uint32_t>(lists_[kExactKeys + t][i]);
  c.scope = get32(r);
  c.vendor = get16(r + 4);
  c.category = static_cast<uint8_t>(r[6]);
  c.storage = static_cast<uint8_t>(r[7]);
  c.detail = get32(r + 8);
  return c;
}

bool CategoryDb::findCookie(CookieTable t, uint32_t key, const HostSuffixes* scopes, int scopeSetCount,
                            StorageKind storage, CookieRecord& out, bool& scoped) const {
  // Lower bound on key, then walk the (few) records sharing it: a scoped record that matches one
  // of the scopes beats an unscoped one.
  const uint32_t count = static_cast<uint32_t>(lists_[kExactKeys + t].size());
  bool haveAny = false;
  for (uint32_t i = lowerBound(static_cast<List>(kExactKeys + t), key); i < count; ++i) {
    CookieRecord r = cookieAt(t, i);
    if (r.key != key) break;
    if (!storageFits(r.storage, storage)) continue;
    if (r.scope == 0) {
      if (!haveAny) { out = r; haveAny = true; scoped = false; }
      continue;
    }
    for (int s = 0; s < scopeSetCount; ++s)
      for (int k = 0; k < scopes[s].count; ++k)
        if (scopeKey(scopes[s].hash[k]) == r.scope) {
          out = r;
          scoped = true;
          return true;
        }
  }
  return haveAny;
}

CookieMatch CategoryDb::matchCookie(std::string_view name, const HostSuffixes* scopes, int scopeSetCount,
                                    StorageKind storage) const {
  CookieMatch m;
  if (!loaded() || name.empty()) return m;
  CookieRecord r;
  bool scoped = false;
  auto take = [&](CookieMatch::Kind kind) {
    m.found = true;
    m.category = static_cast<Category>(r.category);
    m.vendor = r.vendor;
    m.detail = r.detail;
    m.kind = kind;
    return m;
  };
  if (findCookie(kExact, static_cast<uint32_t>(nameHash(name)), scopes, scopeSetCount, storage, r, scoped))
    return take(scoped ? CookieMatch::Kind::ScopedExact : CookieMatch::Kind::Exact);
  // Longest prefix first: the prefix-hash of name[0:len] for every distinct prefix length.
  for (uint32_t i = plen_.count; i-- > 0;) {
    uint16_t len = get16(bytes_.data() + plen_.offset + i * 2);
    if (len == 0 || len >= name.size()) continue;  // a prefix rule needs at least one more char
    if (findCookie(kPrefix, static_cast<uint32_t>(nameHash(name.substr(0, len))), scopes, scopeSetCount, storage, r, scoped))
      return take(CookieMatch::Kind::Prefix);
  }
  for (uint32_t i = 0; i < globs_.count; ++i) {
    const char* g = bytes_.data() + globs_.offset + i * kGlobSize;
    if (!storageFits(static_cast<uint8_t>(g[15]), storage)) continue;
    uint32_t scope = get32(g + 8);
    if (scope) {
      bool inScope = false;
      for (int s = 0; s < scopeSetCount && !inScope; ++s)
        for (int k = 0; k < scopes[s].count; ++k)
          if (scopeKey(scopes[s].hash[k]) == scope) { inScope = true; break; }
      if (!inScope) continue;
    }
    if (!globMatch(str(get32(g), get32(g + 4)), name)) continue;
    r.vendor = get16(g + 12);
    r.category = static_cast<uint8_t>(g[14]);
    r.detail = get32(g + 16);
    return take(CookieMatch::Kind::Glob);
  }
  return m;
}

HostMatch CategoryDb::matchHost(const HostSuffixes& host, std::string_view path) const {
  HostMatch m;
  if (!loaded()) return m;
  const char* base = bytes_.data();
  for (int k = 0; k < host.count; ++k) {  // most specific suffix first
    uint64_t key = host.hash[k];
    if (!path.empty() && hostPaths_.count) {
      uint32_t lo = 0, hi = hostPaths_.count;
      while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (get64(base + hostPaths_.offset + mid * kHostPathSize) < key) lo = mid + 1; else hi = mid;
      }
      for (uint32_t i = lo; i < hostPaths_.count; ++i) {
        const char* r = base + hostPaths_.offset + i * kHostPathSize;
        if (get64(r) != key) break;
        std::string_view prefix = str(get32(r + 8), get32(r + 12));
        if (!prefix.empty() && path.substr(0, prefix.size()) == prefix) {
          m.found = true;
          m.vendor = get16(r + 16);
          m.category = static_cast<Category>(r[18]);
          m.suffixIndex = k;
          return m;
        }
      }
    }
    uint32_t at;
    if (find(kHostKeys, key & kHostKeyMask, at)) {
      const char* r = base + hosts_.offset + at * kHostSize;
      m.found = true;
      m.vendor = get16(r);
      m.category = static_cast<Category>(r[2]);
      m.suffixIndex = k;
      return m;
    }
  }
  return m;
}

bool CategoryDb::pslContains(List set, uint64_t hash) const {
  uint32_t at;
  return find(set, static_cast<uint32_t>(hash), at);
}

int CategoryDb::publicSuffixLabels(const HostSuffixes& host) const {
  // Suffix index k (0 = whole host) has (count - k) labels. The PSL algorithm: an exception rule
  // ("!city.kawasaki.jp") wins and makes its parent the public suffix; otherwise the longest
  // suffix matched by a normal rule or a wildcard ("*.kawasaki.jp") is public, and the implicit
  // "*" rule makes every TLD public.
  if (host.count == 0) return 0;
  if (!loaded()) return 1;
  for (int k = 0; k < host.count - 1; ++k)
    if (pslContains(kPslException, host.hash[k])) return host.count - k - 1;
  for (int k = 0; k < host.count - 1; ++k)
    if (pslContains(kPslNormal, host.hash[k]) || pslContains(kPslWildcard, host.hash[k + 1])) return host.count - k;
  return 1;
}

std::string_view CategoryDb::vendorId(uint16_t v) const {
  if (v >= vendors_.count) return {};
  const char* r = bytes_.data() + vendors_.offset + v * kVendorSize;
  return str(get32(r), get32(r + 4));
}
std::string_view CategoryDb::vendorName(uint16_t v) const {
  if (v >= vendors_.count) return {};
  const char* r = bytes_.data() + vendors_.offset + v * kVendorSize;
  return str(get32(r + 8), get32(r + 12));
}
std::string_view CategoryDb::vendorPurpose(uint16_t v) const {
  if (!textsLoaded() || v >= vendorPurposes_.count) return {};
  return text(texts_.data() + vendorPurposes_.offset + v * 8);
}
Category CategoryDb::vendorCategory(uint16_t v) const {
  if (v >= vendors_.count) return Category::Mandatory;
  return static_cast<Category>(bytes_[vendors_.offset + v * kVendorSize + 16]);
}
std::string_view CategoryDb::detailPurpose(uint32_t d) const {
  if (!textsLoaded() || d >= details_.count) return {};
  return text(texts_.data() + details_.offset + d * kDetailSize);
}
std::string_view CategoryDb::detailRetention(uint32_t d) const {
  if (!textsLoaded() || d >= details_.count) return {};
  return text(texts_.data() + details_.offset + d * kDetailSize + 8);
}

CategoryDb::Counts CategoryDb::counts() const {
  return {vendors_.count, detailCount_, exact_.count, prefix_.count, globs_.count,
          hosts_.count,   hostPaths_.count, lists_[kPslNormal].size(), lists_[kPslWildcard].size(), lists_[kPslException].size()};
}

bool globMatch(std::string_view pattern, std::string_view text) {
  // Iterative matcher with single-star backtracking; '#' consumes one or more digits greedily
  // but may give digits back to a following '*'.
  size_t p = 0, t = 0, starP = std::string_view::npos, starT = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      starP = p++;
      starT = t;
      continue;
    }
    if (p < pattern.size() && pattern[p] == '#') {
      if (text[t] >= '0' && text[t] <= '9') {
        while (t < text.size() && text[t] >= '0' && text[t] <= '9') ++t;
        ++p;
        continue;
      }
    } else if (p < pattern.size() && asciiLower(pattern[p]) == asciiLower(text[t])) {
      ++p;
      ++t;
      continue;
    }
    if (starP == std::string_view::npos) return false;
    p = starP + 1;
    t = ++starT;
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

}  // namespace consentry
