#include "engine.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <initializer_list>

#include "consent_record.h"
#include "host.h"

namespace consentry {
namespace {

template <typename Fn>
void forEachLine(std::string_view packed, Fn fn) {
  if (packed.empty()) return;
  size_t pos = 0;
  while (pos <= packed.size()) {
    size_t nl = packed.find('\n', pos);
    if (nl == std::string_view::npos) nl = packed.size();
    fn(packed.substr(pos, nl - pos));
    pos = nl + 1;
  }
}

int64_t parseInt(std::string_view s, int64_t fallback) {
  if (s.empty()) return fallback;
  bool neg = s[0] == '-';
  if (neg) s.remove_prefix(1);
  if (s.empty() || s.size() > 15) return fallback;
  int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return fallback;
    v = v * 10 + (c - '0');
  }
  return neg ? -v : v;
}

// Writes a batch's answer into a std::string through a raw pointer. Under -Oz (the wasm build)
// every operator+= stays a chain of out-of-line calls (size, __is_long, __get_pointer, append),
// and a classified item appends a dozen fields. The string is emptied, sized up front (resize,
// rarely again) and cut to what was written by finish(). Every batch answer is written with it.
class Writer {
 public:
  Writer(std::string& s, size_t expect) : s_(s) {
    s_.clear();
    grow(expect);
  }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;
  void finish() { s_.resize(n_); }
  // One record of the answer: a newline before every record but the first, fields separated
  // by tabs.
  void record(std::initializer_list<std::string_view> fields) {
    if (records_++) put('\n');
    bool tab = false;
    for (std::string_view f : fields) {
      if (tab) put('\t');
      tab = true;
      put(f);
    }
  }

 private:
  void put(std::string_view v) {
    if (v.empty()) return;  // an empty view's data() may be null, which memcpy must not get
    if (v.size() > cap_ - n_) grow(v.size());
    std::memcpy(p_ + n_, v.data(), v.size());
    n_ += v.size();
  }
  void put(char c) {
    if (n_ == cap_) grow(1);
    p_[n_++] = c;
  }
  void grow(size_t more) {
    s_.resize(std::max(n_ + more, 2 * s_.size() + 64));
    p_ = &s_[0];
    cap_ = s_.size();
  }
  std::string& s_;
  char* p_ = nullptr;
  size_t n_ = 0, cap_ = 0, records_ = 0;
};

// `v` in decimal, written into `digits`.
std::string_view decimal(uint32_t v, char (&digits)[10]) {
  size_t k = sizeof(digits);
  do digits[--k] = static_cast<char>('0' + v % 10); while ((v /= 10) != 0);
  return std::string_view(digits + k, sizeof(digits) - k);
}

}  // namespace

std::string Engine::loadDatabase(std::string_view bytes) {
  std::string error;
  if (!db_.load(bytes, error)) return error;
  return "";
}

std::string Engine::loadTexts(std::string_view bytes) {
  std::string error;
  if (!db_.loadTexts(bytes, error)) return error;
  return "";
}

std::string Engine::configure(std::string_view policyText) {
  std::vector<std::string> errors;
  policy_ = parsePolicy(policyText, errors);
  std::string out;
  for (const auto& e : errors) {
    if (!out.empty()) out += '\n';
    out += e;
  }
  return out;
}

void Engine::setConsent(bool decided, uint8_t granted) {
  consent_.decided = decided;
  consent_.granted = static_cast<uint8_t>((granted & kAllCategoriesMask) | kMandatoryBit);
}

const std::string& Engine::classifyCookies(std::string_view pageHost, std::string_view packed) {
  Writer w(out_, packed.size() + packed.size() / 2);
  Classifier cls = classifier();
  PageContext page(cls, pageHost);
  forEachLine(packed, [&](std::string_view line) {
    std::string_view f[5];
    splitFields(line, f);
    CookieQuery q;
    q.storage = f[0] == "s" ? StorageKind::Storage : StorageKind::Cookie;
    q.name = f[1];
    q.domain = f[2];
    q.value = f[3];
    q.expirySeconds = parseInt(f[4], -1);
    q.pageHost = page.host();
    Classification c = cls.classifyCookie(q, page);
    char digits[10];
    // vendorId / vendorName are empty for kNoVendor.
    w.record({categoryName(c.category), verdictName(decide(c.category, false, consent_, policy_)), reasonName(c.reason),
              c.rule, db_.vendorId(c.vendor), db_.vendorName(c.vendor),
              c.detail != kNoDetail ? decimal(c.detail, digits) : std::string_view()});
  });
  w.finish();
  return out_;
}

const std::string& Engine::classifyUrls(std::string_view pageHost, std::string_view packed) {
  Writer w(out_, packed.size() + packed.size() / 2);
  Classifier cls = classifier();
  PageContext page(cls, pageHost);
  forEachLine(packed, [&](std::string_view line) {
    std::string_view f[2];
    splitFields(line, f);
    std::string_view declared = f[0];
    UrlClassification c = cls.classifyUrl(f[1], page);
    bool inverted = false;
    if (!declared.empty()) {
      if (declared[0] == '!') {
        inverted = true;
        declared.remove_prefix(1);
      }
      Category cat;
      if (parseCategory(declared, cat)) {
        c.category = cat;
        c.reason = Reason::SiteRule;
      } else {
        // An unknown declared category never grants more: the strictest policy applies.
        c.category = policy_.unknownThirdParty == Category::Mandatory ? Category::Targeting : policy_.unknownThirdParty;
        c.reason = Reason::InvalidInput;
        inverted = false;
      }
    }
    w.record({categoryName(c.category), verdictName(decide(c.category, inverted, consent_, policy_)), reasonName(c.reason),
              partyName(c.party), c.host, db_.vendorId(c.vendor), db_.vendorName(c.vendor)});
  });
  w.finish();
  return out_;
}

const std::string& Engine::describe(std::string_view packed) {
  Writer w(out_, packed.size() * 8);
  forEachLine(packed, [&](std::string_view line) {
    if (line.size() < 2) return w.record({{}, {}, {}});
    int64_t idx = parseInt(line.substr(1), -1);
    if (line[0] == 'V') {  // vendor by id: a linear scan of a few hundred short strings
      std::string_view id = line.substr(1);
      for (size_t v = 0; v < db_.vendorCount(); ++v) {
        if (db_.vendorId(static_cast<uint16_t>(v)) == id) {
          idx = static_cast<int64_t>(v);
          break;
        }
      }
      if (idx < 0 || db_.vendorId(static_cast<uint16_t>(idx)) != id) idx = -1;
    }
    if ((line[0] == 'v' || line[0] == 'V') && idx >= 0 && idx < static_cast<int64_t>(db_.vendorCount())) {
      auto v = static_cast<uint16_t>(idx);
      w.record({db_.vendorName(v), db_.vendorPurpose(v), {}});
    } else if (line[0] == 'd' && idx >= 0 && idx <= 0xFFFFFFFELL) {
      auto d = static_cast<uint32_t>(idx);
      w.record({{}, db_.detailPurpose(d), db_.detailRetention(d)});
    } else {
      w.record({{}, {}, {}});
    }
  });
  w.finish();
  return out_;
}

const std::string& Engine::registrableDomains(std::string_view packed) {
  Writer w(out_, packed.size());
  Classifier cls = classifier();
  forEachLine(packed, [&](std::string_view line) {
    std::string host;
    bool ip = false;
    if (line.find('/') != std::string_view::npos) {
      UrlInfo u = parseUrl(line);
      if (u.kind == UrlKind::Network) host = std::move(u.host);
    } else {
      // A bare IPv6 address ("2001:db8::1": more than one ':', no brackets) is read as its
      // bracketed form, as in a URL; "host:port" has one ':'.
      std::string bracketed;
      if (!line.empty() && line.front() != '[' && std::count(line.begin(), line.end(), ':') > 1) {
        bracketed = "[" + std::string(line) + "]";
        line = bracketed;
      }
      if (!normalizeHost(line, host, ip)) host.clear();
    }
    w.record({cls.registrableDomain(host)});
  });
  w.finish();
  return out_;
}

std::string Engine::decodeConsent(std::string_view value, std::string_view siteKey, uint32_t revision,
                                  double nowSeconds) {
  // Casting a double outside the int64 range is undefined behaviour: clamp first (JS may pass any number).
  int64_t now = 0;
  if (std::isfinite(nowSeconds)) {
    if (nowSeconds >= 9223372036854775807.0) now = INT64_MAX;
    else if (nowSeconds <= -9223372036854775808.0) now = INT64_MIN;
    else now = static_cast<int64_t>(nowSeconds);
  }
  DecodeResult r = decodeConsentRecord(value, siteKey, revision, now);
  if (!r.valid) return "invalid\t" + r.error;
  const ConsentRecord& c = r.record;
  return "valid\t" + std::to_string(c.granted) + "\t" + std::to_string(c.revision) + "\t" + c.consentId + "\t" +
         std::to_string(c.firstSeconds) + "\t" + std::to_string(c.lastSeconds) + "\t" +
         std::to_string(c.expirySeconds) + "\t" + std::to_string(c.signals);
}

std::string Engine::encodeConsent(std::string_view packedFields, std::string_view siteKey) {
  std::string_view f[7];
  splitFields(packedFields, f);
  ConsentRecord r;
  int64_t granted = parseInt(f[0], -1), revision = parseInt(f[1], -1), signals = parseInt(f[6], -1);
  if (granted < 0 || granted > 15 || revision < 0 || revision > 999999999 || signals < 0 || signals > 15) return "";
  r.granted = static_cast<uint8_t>(granted);
  r.revision = static_cast<uint32_t>(revision);
  r.consentId = std::string(f[2]);
  r.firstSeconds = parseInt(f[3], -1);
  r.lastSeconds = parseInt(f[4], -1);
  r.expirySeconds = parseInt(f[5], -1);
  r.signals = static_cast<uint8_t>(signals);
  return encodeConsentRecord(r, siteKey);
}

std::string Engine::info() const {
  auto c = db_.counts();
  return "{\"loaded\":" + std::string(db_.loaded() ? "true" : "false") +
         ",\"dataVersion\":" + std::to_string(db_.dataVersion()) + ",\"tier\":\"" + (db_.fullTier() ? "full" : "core") +
         "\",\"bytes\":" + std::to_string(db_.size()) + ",\"texts\":" + (db_.textsLoaded() ? "true" : "false") + ",\"vendors\":" + std::to_string(c.vendors) +
         ",\"exact\":" + std::to_string(c.exact) + ",\"prefix\":" + std::to_string(c.prefix) +
         ",\"patterns\":" + std::to_string(c.globs) + ",\"hosts\":" + std::to_string(c.hosts) +
         ",\"publicSuffixRules\":" + std::to_string(c.pslNormal + c.pslWildcard + c.pslException) + "}";
}

}  // namespace consentry
