// Classification of cookies, storage keys and request URLs into consent categories, each with
// the reason that decided it. Order of evidence, strongest first:
//   site overrides (policy) > database rule (scoped exact > exact > longest prefix > glob)
//   > the cookie's own third-party tracker domain > heuristics (name, value, expiry) > policy.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "categories.h"
#include "category_db.h"
#include "host.h"
#include "policy.h"

namespace consentry {

enum class Reason : uint8_t {
  SiteRule,      // the site's config named it
  Exact,         // database: exact name
  ScopedExact,   // database: exact name scoped to this domain
  Prefix,        // database: name prefix
  Glob,          // database: name pattern
  TrackerHost,   // database: host (URL) or the cookie's domain is a known tracker host
  FirstParty,    // URL on the page's own registrable domain
  Local,         // data:, blob:, about: ... no request leaves the page
  Heuristic,     // no rule knew it; name/value/expiry shape decided
  Unknown,       // nothing knew it; the site's policy decided
  InvalidInput,  // unparseable URL or empty name; the policy for unknowns decided (fail closed)
};
std::string_view reasonName(Reason r);

struct CookieQuery {
  std::string_view name;
  std::string_view domain;    // cookie Domain as stored ("" = host-only / unknown)
  std::string_view pageHost;  // the page the cookie was seen on
  std::string_view value;
  int64_t expirySeconds = -1;  // seconds from now; 0 = session cookie; -1 = unknown
  // 1 = HttpOnly, 0 = readable by scripts, -1 = unknown. Only a caller that sees Set-Cookie
  // headers or a cookie jar knows it (CLI, server); in the browser document.cookie never shows
  // HttpOnly cookies, so it stays -1 there and the rules that need it never fire.
  int8_t httpOnly = -1;
  StorageKind storage = StorageKind::Cookie;
};

struct Classification {
  Category category = Category::Targeting;
  Reason reason = Reason::Unknown;
  uint16_t vendor = kNoVendor;
  uint32_t detail = kNoDetail;
  const char* rule = "";  // heuristic rule name, or "" for database/host reasons
};

enum class Party : uint8_t { First, Third, Local, Invalid };
std::string_view partyName(Party p);

struct UrlClassification : Classification {
  Party party = Party::Invalid;
  std::string host;
};

class Classifier;

// The page a batch is classified for, prepared once per batch: its normalised host, label
// suffixes and registrable domain (the per-item work then never touches the page host again).
class PageContext {
 public:
  PageContext(const Classifier& c, std::string_view pageHost);
  PageContext(const PageContext&) = delete;
  PageContext& operator=(const PageContext&) = delete;
  const std::string& host() const { return host_; }
  const HostSuffixes& suffixes() const { return suffixes_; }
  std::string_view registrable() const { return registrable_; }

 private:
  std::string host_;  // "" when the page host is missing or invalid
  HostSuffixes suffixes_;
  std::string_view registrable_;
};

class Classifier {
 public:
  Classifier(const CategoryDb& db, const Policy& policy) : db_(db), policy_(policy) {}

  Classification classifyCookie(const CookieQuery& q, const PageContext& page) const;
  UrlClassification classifyUrl(std::string_view url, const PageContext& page) const;
  // Convenience forms that prepare the page for one item (the CLI, tests, fuzzers).
  Classification classifyCookie(const CookieQuery& q) const;
  UrlClassification classifyUrl(std::string_view url, std::string_view pageHost) const;

  // The registrable domain (eTLD+1) of a normalised host; the host itself for IPs and for hosts
  // that are themselves public suffixes.
  std::string_view registrableDomain(std::string_view host) const;
  std::string_view registrableDomain(std::string_view host, const HostSuffixes& suffixes) const;
  bool sameSite(std::string_view hostA, std::string_view hostB) const;

 private:
  const CategoryDb& db_;
  const Policy& policy_;
};

// Heuristics for names no rule knows (cookie_heuristics.cpp). Returns true and sets category
// and rule when one of them is confident. `value:*` rules may fire on any cookie, `name:*` rules
// only on first-party ones (thirdPartyDomain false). Rules: docs/classification.md.
bool guessCookieCategory(const CookieQuery& q, bool thirdPartyDomain, Category& category, const char*& rule);
// The fixed category of a heuristic rule name (as set in Classification::rule); false for a name
// that is not a rule. For tests and fuzzers that check a classification against its reason.
bool heuristicRuleCategory(std::string_view rule, Category& category);

}  // namespace consentry
