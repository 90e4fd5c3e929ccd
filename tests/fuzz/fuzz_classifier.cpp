// fuzz_classifier: Classifier::classifyCookie over arbitrary cookie name, value, Domain attribute,
// page host, expiry, storage kind and HttpOnly flag, under an arbitrary site policy.
//
// Input: "<policy>\n<name>\n<value>\n<domain>\n<pageHost>\n<expirySeconds>\n<storage: c|s|a>
//         \n<httpOnly: 1|0|anything else = unknown>"
//
// Invariants (the reason must be consistent with the category and backed by its evidence):
//   invalid    <=> empty name; category = policy.unknownCookie
//   site-rule  <=> the first matching cookie override of the policy (exact name, or a
//                  case-insensitive prefix) exists, and its category is the one returned
//   exact/domain/prefix/pattern  <=> no override matched and the database matches the name with
//                  that rule kind, same category, vendor and detail (in range)
//   tracker-host  => the cookie's domain is third-party to the page and a known tracker host
//   heuristic  => a "value:*" rule (any cookie) or a "name:*" rule (first-party cookies only)
//   unknown    => category = policy.unknownCookie (nothing extra is granted to unknown cookies)
//   never first-party or local for a cookie.
//   HttpOnly is evidence for value:server-session only: the same cookie classified with the flag
//   unknown (the browser), known to be readable and known to be HttpOnly gives the same result,
//   except that HttpOnly may turn it into value:server-session (mandatory).
#include <string>
#include <vector>

#include "core/classifier.h"
#include "core/hash.h"
#include "core/host.h"
#include "fuzz_common.h"

using namespace consentry;
using namespace consentry::fuzz;

namespace {

const CategoryDb& db() {
  static const CategoryDb d = [] {
    CategoryDb x;
    std::string err;
    FUZZ_CHECK(x.load(sampleDbBlob(), err), "sample database: %s", err.c_str());
    return x;
  }();
  return d;
}

bool prefixMatches(std::string_view name, const std::string& prefix) {
  if (name.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (asciiLower(name[i]) != asciiLower(prefix[i])) return false;
  return true;
}

#define SHOW(s) static_cast<int>((s).size()), (s).data()

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto f = splitFields(asView(data, size), '\n', 8);
  std::vector<std::string> errors;
  Policy policy = parsePolicy(f[0], errors);
  CookieQuery q;
  q.name = f[1];
  q.value = f[2];
  q.domain = f[3];
  q.pageHost = f[4];
  q.expirySeconds = parseI64Saturating(f[5]);
  q.storage = f[6] == "s" ? StorageKind::Storage : f[6] == "a" ? StorageKind::Any : StorageKind::Cookie;
  q.httpOnly = f[7] == "1" ? 1 : f[7] == "0" ? 0 : -1;

  Classifier cls(db(), policy);
  // The input classified with the flag unknown, readable and HttpOnly; the input's own is one of them.
  Classification byFlag[3];
  {
    CookieQuery other = q;
    for (int8_t flag = -1; flag <= 1; ++flag) {
      other.httpOnly = flag;
      byFlag[flag + 1] = cls.classifyCookie(other);
    }
  }
  const Classification c = byFlag[q.httpOnly + 1];

  // The flag changes nothing but value:server-session.
  {
    auto same = [](const Classification& a, const Classification& b) {
      return a.category == b.category && a.reason == b.reason && a.vendor == b.vendor && a.detail == b.detail &&
             std::string_view(a.rule) == std::string_view(b.rule);
    };
    FUZZ_CHECK(same(byFlag[0], byFlag[1]), "'%.*s': unknown and readable HttpOnly differ (%s vs %s)", SHOW(q.name),
               byFlag[0].rule, byFlag[1].rule);
    FUZZ_CHECK(same(byFlag[0], byFlag[2]) ||
                   (std::string_view(byFlag[2].rule) == "value:server-session" &&
                    byFlag[2].category == Category::Mandatory && byFlag[2].reason == Reason::Heuristic),
               "'%.*s': HttpOnly changed %s/%s into %s/%s", SHOW(q.name), std::string(reasonName(byFlag[0].reason)).c_str(),
               byFlag[0].rule, std::string(reasonName(byFlag[2].reason)).c_str(), byFlag[2].rule);
    FUZZ_CHECK(q.httpOnly == 1 || std::string_view(c.rule) != "value:server-session",
               "value:server-session without HttpOnly for '%.*s'", SHOW(q.name));
  }
  const std::string cat(categoryName(c.category)), why(reasonName(c.reason));

  FUZZ_CHECK(static_cast<uint8_t>(c.category) < kCategoryCount, "category %u", unsigned(c.category));
  FUZZ_CHECK(c.vendor == kNoVendor || c.vendor < db().vendorCount(), "vendor %u", c.vendor);
  FUZZ_CHECK(c.detail == kNoDetail || c.detail < db().counts().details, "detail %u", c.detail);
  FUZZ_CHECK(c.reason != Reason::FirstParty && c.reason != Reason::Local, "reason %s for a cookie", why.c_str());
  FUZZ_CHECK(c.rule != nullptr, "null rule");

  if (q.name.empty()) {
    FUZZ_CHECK(c.reason == Reason::InvalidInput && c.category == policy.unknownCookie, "empty name gave %s/%s",
               cat.c_str(), why.c_str());
    return 0;
  }
  FUZZ_CHECK(c.reason != Reason::InvalidInput, "reason invalid for name '%.*s'", SHOW(q.name));

  // Site overrides, evaluated independently: the first matching one decides.
  const NameOverride* site = nullptr;
  for (const auto& o : policy.cookies) {
    bool hit = o.prefix.empty() ? o.hash == nameHash(q.name) : prefixMatches(q.name, o.prefix);
    if (hit) {
      site = &o;
      break;
    }
  }
  if (site) {
    FUZZ_CHECK(c.reason == Reason::SiteRule && c.category == site->category,
               "cookie '%.*s' matches a site override (%s) but got %s/%s", SHOW(q.name),
               std::string(categoryName(site->category)).c_str(), cat.c_str(), why.c_str());
    return 0;
  }
  FUZZ_CHECK(c.reason != Reason::SiteRule, "site-rule reason without a matching override for '%.*s'", SHOW(q.name));

  std::string domain, page;
  bool ip = false;
  if (!q.domain.empty() && !normalizeHost(q.domain, domain, ip)) domain.clear();
  if (!q.pageHost.empty() && !normalizeHost(q.pageHost, page, ip)) page.clear();
  HostSuffixes scopes[2] = {HostSuffixes(domain), HostSuffixes(page)};
  CookieMatch m = db().matchCookie(q.name, scopes, 2, q.storage);
  if (m.found) {
    Reason expected = m.kind == CookieMatch::Kind::Exact         ? Reason::Exact
                      : m.kind == CookieMatch::Kind::ScopedExact ? Reason::ScopedExact
                      : m.kind == CookieMatch::Kind::Prefix      ? Reason::Prefix
                                                                 : Reason::Glob;
    FUZZ_CHECK(c.reason == expected && c.category == m.category && c.vendor == m.vendor && c.detail == m.detail,
               "database match for '%.*s' (%s) but got %s/%s", SHOW(q.name),
               std::string(categoryName(m.category)).c_str(), cat.c_str(), why.c_str());
    return 0;
  }
  FUZZ_CHECK(c.reason != Reason::Exact && c.reason != Reason::ScopedExact && c.reason != Reason::Prefix &&
                 c.reason != Reason::Glob,
             "database reason %s without a database match", why.c_str());

  bool thirdParty = !domain.empty() && !page.empty() && cls.registrableDomain(domain) != cls.registrableDomain(page);
  switch (c.reason) {
    case Reason::TrackerHost: {
      FUZZ_CHECK(thirdParty, "tracker-host for a first-party cookie (domain '%s', page '%s')", domain.c_str(),
                 page.c_str());
      HostMatch h = db().matchHost(scopes[0]);
      FUZZ_CHECK(h.found && h.category == c.category && h.vendor == c.vendor, "tracker-host not backed");
      break;
    }
    case Reason::Heuristic: {
      std::string_view rule(c.rule);
      bool byName = rule.rfind("name:", 0) == 0, byValue = rule.rfind("value:", 0) == 0;
      FUZZ_CHECK((byName || byValue) && rule.find_first_of(" \t\n") == std::string_view::npos,
                 "heuristic rule name '%s'", c.rule);
      // Names describe the site's own machinery: a third-party cookie called "session" is not
      // the page's session.
      FUZZ_CHECK(!byName || !thirdParty, "name heuristic %s on a third-party cookie (%s on %s)", c.rule,
                 domain.c_str(), page.c_str());
      if (thirdParty) FUZZ_CHECK(!db().matchHost(scopes[0]).found, "heuristic beat a known tracker domain");
      break;
    }
    case Reason::Unknown:
      FUZZ_CHECK(c.category == policy.unknownCookie, "unknown cookie '%.*s' got %s, policy says %s", SHOW(q.name),
                 cat.c_str(), std::string(categoryName(policy.unknownCookie)).c_str());
      FUZZ_CHECK(*c.rule == '\0', "unknown with a rule");
      break;
    default: FUZZ_CHECK(false, "unexpected reason %s", why.c_str());
  }
  return 0;
}
