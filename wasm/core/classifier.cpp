#include "classifier.h"

#include "hash.h"
#include "host.h"

#include <utility>

namespace consentry {

std::string_view reasonName(Reason r) {
  switch (r) {
    case Reason::SiteRule: return "site-rule";
    case Reason::Exact: return "exact";
    case Reason::ScopedExact: return "domain";
    case Reason::Prefix: return "prefix";
    case Reason::Glob: return "pattern";
    case Reason::TrackerHost: return "tracker-host";
    case Reason::FirstParty: return "first-party";
    case Reason::Local: return "local";
    case Reason::Heuristic: return "heuristic";
    case Reason::Unknown: return "unknown";
    case Reason::InvalidInput: return "invalid";
  }
  return "unknown";
}

std::string_view partyName(Party p) {
  switch (p) {
    case Party::First: return "first";
    case Party::Third: return "third";
    case Party::Local: return "local";
    case Party::Invalid: return "invalid";
  }
  return "invalid";
}

namespace {

// Normalised hosts only: IPv6 literals keep their ':' (brackets are stripped), IPv4 is all
// digits and dots. IP hosts are their own site.
bool isIpLiteral(std::string_view host) {
  if (host.find(':') != std::string_view::npos) return true;
  for (char c : host)
    if (c != '.' && (c < '0' || c > '9')) return false;
  return !host.empty();
}

}  // namespace

std::string_view Classifier::registrableDomain(std::string_view host, const HostSuffixes& s) const {
  if (host.empty() || isIpLiteral(host)) return host;
  int want = db_.publicSuffixLabels(s) + 1;
  if (want > s.count) return host;  // the host is itself a public suffix
  return host.substr(s.start[s.count - want]);
}

std::string_view Classifier::registrableDomain(std::string_view host) const {
  return registrableDomain(host, HostSuffixes(host));
}

namespace {
std::string normalizedOrEmpty(std::string_view host) {
  std::string out;
  bool ip = false;
  if (host.empty() || !normalizeHost(host, out, ip)) out.clear();
  return out;
}
}  // namespace

PageContext::PageContext(const Classifier& c, std::string_view pageHost)
    : host_(normalizedOrEmpty(pageHost)), suffixes_(host_), registrable_(c.registrableDomain(host_, suffixes_)) {}

bool Classifier::sameSite(std::string_view a, std::string_view b) const {
  if (a.empty() || b.empty()) return false;
  return registrableDomain(a) == registrableDomain(b);
}

Classification Classifier::classifyCookie(const CookieQuery& q) const {
  PageContext page(*this, q.pageHost);
  return classifyCookie(q, page);
}

UrlClassification Classifier::classifyUrl(std::string_view url, std::string_view pageHost) const {
  PageContext page(*this, pageHost);
  return classifyUrl(url, page);
}

Classification Classifier::classifyCookie(const CookieQuery& q, const PageContext& page) const {
  Classification c;
  if (q.name.empty()) {
    c.category = policy_.unknownCookie;
    c.reason = Reason::InvalidInput;
    return c;
  }
  // Site's own declarations first.
  for (const auto& o : policy_.cookies) {
    bool hit = o.prefix.empty() ? o.hash == nameHash(q.name)
                                : q.name.size() >= o.prefix.size() && nameHash(q.name.substr(0, o.prefix.size())) ==
                                                                           nameHash(o.prefix);
    if (hit) {
      c.category = o.category;
      c.reason = Reason::SiteRule;
      return c;
    }
  }
  std::string domain = normalizedOrEmpty(q.domain);
  HostSuffixes scopes[2] = {HostSuffixes(domain), page.suffixes()};
  CookieMatch m = db_.matchCookie(q.name, scopes, 2, q.storage);
  if (m.found) {
    c.category = m.category;
    c.vendor = m.vendor;
    c.detail = m.detail;
    switch (m.kind) {
      case CookieMatch::Kind::Exact: c.reason = Reason::Exact; break;
      case CookieMatch::Kind::ScopedExact: c.reason = Reason::ScopedExact; break;
      case CookieMatch::Kind::Prefix: c.reason = Reason::Prefix; break;
      case CookieMatch::Kind::Glob: c.reason = Reason::Glob; break;
    }
    return c;
  }
  // A cookie stored for a third-party domain that is a known tracker takes the tracker's category.
  bool thirdParty = !domain.empty() && !page.host().empty() &&
                    registrableDomain(domain, scopes[0]) != page.registrable();
  if (thirdParty) {
    HostMatch h = db_.matchHost(scopes[0]);
    if (h.found) {
      c.category = h.category;
      c.vendor = h.vendor;
      c.reason = Reason::TrackerHost;
      return c;
    }
  }
  Category guessed;
  const char* rule = "";
  if (guessCookieCategory(q, thirdParty, guessed, rule)) {
    c.category = guessed;
    c.reason = Reason::Heuristic;
    c.rule = rule;
    return c;
  }
  c.category = policy_.unknownCookie;
  c.reason = Reason::Unknown;
  return c;
}

UrlClassification Classifier::classifyUrl(std::string_view url, const PageContext& page) const {
  UrlClassification c;
  UrlInfo u = parseUrl(url);
  switch (u.kind) {
    case UrlKind::Invalid:
      c.party = Party::Invalid;
      c.category = policy_.unknownThirdParty;
      c.reason = Reason::InvalidInput;
      return c;
    case UrlKind::Relative:
      c.party = Party::First;
      c.category = Category::Mandatory;
      c.reason = Reason::FirstParty;
      c.host = page.host();
      return c;
    case UrlKind::Local:
      c.party = Party::Local;
      c.category = Category::Mandatory;
      c.reason = Reason::Local;
      return c;
    case UrlKind::Network: break;
  }
  c.host = std::move(u.host);
  HostSuffixes s(c.host);
  bool firstParty = !page.host().empty() && registrableDomain(c.host, s) == page.registrable();
  for (const auto& o : policy_.hosts) {
    for (int k = 0; k < s.count; ++k) {
      if (s.hash[k] == o.hash) {
        c.party = firstParty ? Party::First : Party::Third;
        c.category = o.category;
        c.reason = Reason::SiteRule;
        return c;
      }
    }
  }
  if (firstParty) {
    c.party = Party::First;
    c.category = Category::Mandatory;
    c.reason = Reason::FirstParty;
    return c;
  }
  c.party = Party::Third;
  HostMatch h = db_.matchHost(s, u.path);
  if (h.found) {
    c.category = h.category;
    c.vendor = h.vendor;
    c.reason = Reason::TrackerHost;
    return c;
  }
  c.category = policy_.unknownThirdParty;
  c.reason = Reason::Unknown;
  return c;
}

}  // namespace consentry
