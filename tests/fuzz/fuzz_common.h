// Shared helpers for the libFuzzer targets in tests/fuzz (see tests/fuzz/README.md).
//
// Every target takes mostly-text input split into '\n'-separated fields so that the seed corpus
// stays readable and hand-editable; the last field takes the rest of the input (it may contain
// '\n'). Nothing here uses clang-only headers: the same target bodies are also linked with
// replay_main.cpp into plain executables that replay the committed corpus under g++ or clang.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "core/category_db.h"

// An invariant the target checks beyond "does not crash". abort() makes libFuzzer save the input
// as crash-<sha1> and report it; the message says which invariant failed.
#define FUZZ_CHECK(cond, ...)                                                               \
  do {                                                                                      \
    if (!(cond)) {                                                                          \
      std::fprintf(stderr, "\nINVARIANT FAILED at %s:%d: %s\n  ", __FILE__, __LINE__, #cond); \
      std::fprintf(stderr, __VA_ARGS__);                                                    \
      std::fputc('\n', stderr);                                                             \
      std::abort();                                                                         \
    }                                                                                       \
  } while (0)

namespace consentry::fuzz {

inline std::string_view asView(const uint8_t* data, size_t size) {
  return std::string_view(reinterpret_cast<const char*>(data), size);
}

// Splits `s` at `sep` into exactly `n` fields; the last one keeps the rest (separators included),
// missing fields are empty.
inline std::vector<std::string_view> splitFields(std::string_view s, char sep, size_t n) {
  std::vector<std::string_view> out(n);
  for (size_t i = 0; i < n; ++i) {
    if (i + 1 == n) {
      out[i] = s;
      break;
    }
    size_t at = s.find(sep);
    if (at == std::string_view::npos) {
      out[i] = s;
      break;
    }
    out[i] = s.substr(0, at);
    s.remove_prefix(at + 1);
  }
  return out;
}

// Leading optional '-', then decimal digits; stops at the first other character; saturates.
inline int64_t parseI64Saturating(std::string_view s) {
  bool neg = !s.empty() && s[0] == '-';
  if (neg) s.remove_prefix(1);
  uint64_t v = 0;
  const uint64_t limit = neg ? static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) + 1
                             : static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
  for (char c : s) {
    if (c < '0' || c > '9') break;
    unsigned d = static_cast<unsigned>(c - '0');
    if (v > (limit - d) / 10) {
      v = limit;
      break;
    }
    v = v * 10 + d;
  }
  if (neg) return v == limit ? std::numeric_limits<int64_t>::min() : -static_cast<int64_t>(v);
  return static_cast<int64_t>(v);
}

// Decimal digits, wrapping modulo 2^32 (any 32-bit value is reachable).
inline uint32_t parseU32Wrapping(std::string_view s) {
  uint32_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') break;
    v = v * 10u + static_cast<uint32_t>(c - '0');
  }
  return v;
}

// Reads fixed-size values from the front of a byte string; past the end it yields zeros.
class ByteReader {
 public:
  ByteReader(const uint8_t* data, size_t size) : p_(data), n_(size) {}
  uint8_t u8() { return i_ < n_ ? p_[i_++] : 0; }
  uint16_t u16() { return static_cast<uint16_t>(u8() | u8() << 8); }
  uint32_t u32() { return static_cast<uint32_t>(u16()) | static_cast<uint32_t>(u16()) << 16; }
  uint64_t u64() { return static_cast<uint64_t>(u32()) | static_cast<uint64_t>(u32()) << 32; }
  std::string bytes(size_t len) {
    std::string s;
    while (len-- && i_ < n_) s.push_back(static_cast<char>(p_[i_++]));
    return s;
  }
  size_t remaining() const { return n_ - i_; }

 private:
  const uint8_t* p_;
  size_t n_;
  size_t i_ = 0;
};

inline bool isCategoryName(std::string_view s) {
  return s == "mandatory" || s == "preferences" || s == "analytical" || s == "targeting";
}
inline bool isVerdictName(std::string_view s) { return s == "allow" || s == "block" || s == "hold"; }
inline bool isReasonName(std::string_view s) {
  static const char* const names[] = {"site-rule", "exact",     "domain",  "prefix",  "pattern", "tracker-host",
                                      "first-party", "local", "heuristic", "unknown", "invalid"};
  for (const char* n : names)
    if (s == n) return true;
  return false;
}

// Independent of parseCategory(): every spelling the policy grammar documents.
inline bool categoryFromText(std::string_view t, Category& out) {
  struct Alias { const char* text; Category c; };
  static const Alias aliases[] = {
      {"mandatory", Category::Mandatory},     {"necessary", Category::Mandatory},
      {"essential", Category::Mandatory},     {"preferences", Category::Preferences},
      {"functionality", Category::Preferences}, {"analytical", Category::Analytical},
      {"analytics", Category::Analytical},    {"statistics", Category::Analytical},
      {"targeting", Category::Targeting},     {"marketing", Category::Targeting},
      {"advertising", Category::Targeting},   {"ads", Category::Targeting},
  };
  for (const auto& a : aliases)
    if (t == a.text) {
      out = a.c;
      return true;
    }
  return false;
}

// A small but complete category database built in-process with DbBuilder (every section, scoped
// and unscoped rules, prefixes, globs, hosts, normal/wildcard/exception suffix rules), and its
// texts blob, so the fuzzers do not depend on categories/sources or the Public Suffix List file.
struct SampleDb {
  std::string blob, texts;
};
inline const SampleDb& sampleDb() {
  static const SampleDb sample = [] {
    DbBuilder b;
    uint16_t ga = b.addVendor("google-analytics", "Google Analytics", Category::Analytical, "Measures visits.");
    uint16_t meta = b.addVendor("meta", "Meta Pixel", Category::Targeting, "Advertising conversions.");
    uint16_t hj = b.addVendor("hotjar", "Hotjar", Category::Analytical, "Session recordings.");
    uint16_t cf = b.addVendor("cloudflare", "Cloudflare", Category::Mandatory, "");
    uint16_t empty = b.addVendor("", "", Category::Preferences, "");
    uint16_t recaptcha = b.addVendor("recaptcha", "reCAPTCHA", Category::Mandatory, "Bot protection.");
    uint16_t ads = b.addVendor("google-ads", "Google Ads", Category::Targeting, "Conversions.");
    b.addCookie("_ga", false, "", Category::Analytical, ga, StorageKind::Any, "Distinguishes users.", "2 years");
    b.addCookie("_gid", false, "", Category::Analytical, ga, StorageKind::Cookie, "", "24 hours");
    b.addCookie("_ga_", true, "", Category::Analytical, ga, StorageKind::Any, "", "");
    b.addCookie("__utm", true, "", Category::Analytical, ga, StorageKind::Cookie, "Legacy analytics.", "");
    b.addCookie("_fbp", false, "", Category::Targeting, meta, StorageKind::Cookie, "Browser id for ads.", "3 months");
    b.addCookie("fr", false, "facebook.com", Category::Targeting, meta, StorageKind::Cookie, "", "3 months");
    b.addCookie("sid", false, "shop.example", Category::Mandatory, kNoVendor, StorageKind::Cookie, "", "");
    b.addCookie("sid", false, "", Category::Preferences, kNoVendor, StorageKind::Any, "", "");
    b.addCookie("__cf_bm", false, "", Category::Mandatory, cf, StorageKind::Cookie, "Bot management.", "30 minutes");
    b.addCookie("theme", false, "", Category::Preferences, empty, StorageKind::Storage, "", "");
    b.addCookie("_hjSessionUser_", true, "", Category::Analytical, hj, StorageKind::Any, "", "1 year");
    b.addGlob("_hjSession_#", "", Category::Analytical, hj, StorageKind::Any, "", "30 minutes");
    b.addGlob("*_pk_id*", "", Category::Analytical, kNoVendor, StorageKind::Any, "Matomo visitor id.", "13 months");
    b.addGlob("ab#test*", "example.com", Category::Preferences, kNoVendor, StorageKind::Cookie, "", "");
    b.addHost("google-analytics.com", Category::Analytical, ga);
    b.addHost("googletagmanager.com", Category::Analytical, ga);
    b.addHost("connect.facebook.net", Category::Targeting, meta);
    b.addHost("facebook.com", Category::Targeting, meta);
    b.addHost("static.hotjar.com", Category::Analytical, hj);
    b.addHost("cdnjs.cloudflare.com", Category::Mandatory, cf);
    b.addHost("doubleclick.net", Category::Targeting, kNoVendor);
    // Path-scoped rules on shared hosts (as in categories/sources/curated.json).
    b.addHostPath("www.google.com", "/recaptcha/", Category::Mandatory, recaptcha);
    b.addHostPath("www.gstatic.com", "/recaptcha/", Category::Mandatory, recaptcha);
    b.addHostPath("www.google.com", "/pagead/", Category::Targeting, ads);
    b.addHostPath("www.google.com", "/maps/embed", Category::Preferences, kNoVendor);
    b.addPublicSuffixList(
        "// ===BEGIN ICANN DOMAINS===\ncom\nnet\nuk\nco.uk\norg.uk\nau\ncom.au\njp\n*.kawasaki.jp\n"
        "!city.kawasaki.jp\n*.ck\n!www.ck\n// ===BEGIN PRIVATE DOMAINS===\ngithub.io\nblogspot.com\n"
        "appspot.com\ns3.amazonaws.com\n",
        0);
    auto v = b.build(20260101, false);
    auto t = b.buildTexts(v);
    return SampleDb{std::string(v.begin(), v.end()), std::string(t.begin(), t.end())};
  }();
  return sample;
}
inline const std::string& sampleDbBlob() { return sampleDb().blob; }
inline const std::string& sampleTextsBlob() { return sampleDb().texts; }

}  // namespace consentry::fuzz
