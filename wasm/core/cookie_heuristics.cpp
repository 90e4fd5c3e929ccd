// Heuristics for cookies and storage keys that no database rule knows. Each rule is named (the
// name travels with the classification as its reason) and is deliberately conservative: when no
// rule is confident the site's policy for unknown cookies decides.
#include <string>

#include "classifier.h"
#include "hash.h"

namespace consentry {
namespace {

std::string lowerAscii(std::string_view s) {
  std::string out(s.size(), '\0');
  for (size_t i = 0; i < s.size(); ++i) out[i] = asciiLower(s[i]);
  return out;
}

bool has(const std::string& s, std::string_view token) { return s.find(token) != std::string::npos; }

bool startsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

}  // namespace

bool guessCookieCategory(const CookieQuery& q, bool thirdPartyDomain, Category& category, const char*& rule) {
  const std::string n = lowerAscii(q.name);
  // Value families written by well-known tags, whatever the cookie is called.
  if (startsWith(q.value, "GA1.") || startsWith(q.value, "GS1.") || startsWith(q.value, "GS2.")) {
    category = Category::Analytical;
    rule = "value:google-analytics";
    return true;
  }
  if (startsWith(q.value, "fb.1.") || startsWith(q.value, "fb.0.") || startsWith(q.value, "fb.2.")) {
    category = Category::Targeting;
    rule = "value:meta-pixel";
    return true;
  }
  if (thirdPartyDomain) return false;  // the names below describe the site's own machinery
  if (has(n, "consent") || has(n, "cookielaw") || has(n, "gdpr") || has(n, "cookie_notice") ||
      has(n, "cookienotice") || has(n, "cookie-notice") || has(n, "cookiebanner")) {
    category = Category::Mandatory;
    rule = "name:consent";
    return true;
  }
  if (has(n, "csrf") || has(n, "xsrf") || n == "_token" || has(n, "verificationtoken")) {
    category = Category::Mandatory;
    rule = "name:csrf";
    return true;
  }
  if (has(n, "sessid") || has(n, "session") || n == "sid" || n == "sess" || has(n, "_sess")) {
    category = Category::Mandatory;
    rule = "name:session";
    return true;
  }
  if (has(n, "auth") || has(n, "login") || has(n, "logged_in")) {
    category = Category::Mandatory;
    rule = "name:auth";
    return true;
  }
  if (has(n, "cart") || has(n, "basket") || has(n, "checkout")) {
    category = Category::Mandatory;
    rule = "name:cart";
    return true;
  }
  if (has(n, "awselb") || has(n, "bigip") || startsWith(n, "incap_ses") || startsWith(n, "nlbi_") ||
      startsWith(n, "visid_incap") || n == "route" || n == "serverid" || has(n, "loadbalancer")) {
    category = Category::Mandatory;
    rule = "name:load-balancer";
    return true;
  }
  if (has(n, "lang") || has(n, "locale") || has(n, "currency") || has(n, "timezone") || n == "theme") {
    category = Category::Preferences;
    rule = "name:locale";
    return true;
  }
  return false;
}

}  // namespace consentry
