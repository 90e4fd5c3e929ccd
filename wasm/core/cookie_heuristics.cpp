// Heuristics for cookies and storage keys that no database rule knows. Each rule is named (the
// name travels with the classification as its reason, docs/classification.md lists them) and is
// deliberately conservative: when no rule is confident the site's policy for unknown cookies
// decides.
//
// Runs on every unknown cookie write in the browser, so: no allocation (the name is lowercased
// and split into tokens in fixed stack buffers), no regex, one pass over name and value.
#include <cstddef>
#include <cstring>

#include "classifier.h"
#include "hash.h"

namespace consentry {
namespace {

struct RuleDef {
  const char* name;
  Category category;
};

// Rule ids index this table; the order here is documentation order, not evaluation order.
enum Rule : uint8_t {
  kValueGoogleAnalytics, kValueGoogleOptimize, kValueGoogleAds, kValueMetaPixel, kValueAdobeEcid,
  // Name rules in priority order (the first family a name shows decides), matching Family below.
  kNameConsent, kNameCsrf, kNameSecurity, kNameLoadBalancer, kNameCookieTest, kNameAdvertising, kNameAnalytics,
  kNameTracking, kNameSession, kNameAuth, kNameCart, kNameDevice, kNamePaywall, kNameLocale, kNameRecentlyViewed,
  kValueSignedToken, kValueServerSession, kValuePersistentId, kRuleCount
};

constexpr RuleDef kRules[kRuleCount] = {
    {"value:google-analytics", Category::Analytical},  // GA1. / GS1. / GS2. (_ga, _ga_<id>, renamed)
    {"value:google-optimize", Category::Analytical},   // GAX1. (_gaexp)
    {"value:google-ads", Category::Targeting},         // GCL. (_gcl_aw, _gcl_dc, renamed)
    {"value:meta-pixel", Category::Targeting},         // fb.<n>. (_fbp, _fbc, renamed)
    {"value:adobe-ecid", Category::Analytical},        // MCMID| (Adobe Experience Cloud ID)
    {"name:consent", Category::Mandatory},             // stores a consent / opt-out decision
    {"name:csrf", Category::Mandatory},                // request forgery tokens
    {"name:security", Category::Mandatory},            // captcha, bot and fraud protection
    {"name:load-balancer", Category::Mandatory},       // server affinity / routing
    {"name:cookie-test", Category::Mandatory},         // "are cookies enabled?" probes
    {"name:advertising", Category::Targeting},         // ad, campaign, click ids, affiliates, pixels
    {"name:analytics", Category::Analytical},          // analytics, stats, visits, experiments
    {"name:tracking", Category::Targeting},            // track, visitor, uid: ids without stated purpose
    {"name:session", Category::Mandatory},             // server session ids
    {"name:auth", Category::Mandatory},                // sign-in state
    {"name:cart", Category::Mandatory},                // cart, basket, checkout
    {"name:device", Category::Mandatory},              // rendering: mobile / viewport detection
    {"name:paywall", Category::Mandatory},             // subscription metering
    {"name:locale", Category::Preferences},            // language, locale, currency, theme, region
    {"name:recently-viewed", Category::Preferences},   // recently viewed products, search history
    {"value:signed-token", Category::Mandatory},       // a JWT / server-encrypted value on a first-party cookie
    {"value:server-session", Category::Mandatory},     // HttpOnly session cookie holding an id
    {"value:persistent-id", Category::Targeting},      // a random id kept for 6+ months
};

constexpr size_t kMaxName = 96;  // longer names are judged on their first 96 characters
constexpr int kMaxTokens = 16;

bool startsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && std::string_view(s.data(), p.size()) == p;
}

// The name, lowercased, as words: "fbSessionId" -> fb|session|id, "XSRF-TOKEN" -> xsrf|token,
// "B2B_SID" -> b|2|b|sid; and squashed (letters and digits only: "cookie_test" -> "cookietest")
// for compound stems.
class Words {
 public:
  explicit Words(std::string_view name) {
    size_t n = name.size() < kMaxName ? name.size() : kMaxName;
    len_ = n;
    size_t start = 0;
    bool inWord = false;
    for (size_t i = 0; i < n; ++i) {
      char c = name[i];
      lower_[i] = asciiLower(c);
      if (!isAlnum(c)) {
        if (inWord) add(start, i);
        inWord = false;
        continue;
      }
      squashed_[squashedLen_++] = lower_[i];
      if (inWord) {
        char p = name[i - 1];
        bool boundary = (isLower(p) && isUpper(c)) || (isDigit(p) != isDigit(c)) ||
                        (isUpper(p) && isUpper(c) && i + 1 < n && isLower(name[i + 1]));
        if (boundary) {
          add(start, i);
          start = i;
        }
      } else {
        start = i;
        inWord = true;
      }
    }
    if (inWord) add(start, n);
  }

  std::string_view lower() const { return {lower_, len_}; }
  std::string_view squashed() const { return {squashed_, squashedLen_}; }
  int count() const { return count_; }
  std::string_view operator[](int i) const { return words_[i]; }

 private:
  void add(size_t from, size_t to) {
    if (count_ < kMaxTokens) words_[count_++] = std::string_view(lower_ + from, to - from);
  }
  char lower_[kMaxName];
  size_t len_ = 0;
  char squashed_[kMaxName];
  size_t squashedLen_ = 0;
  std::string_view words_[kMaxTokens];
  int count_ = 0;
};

// ---- value shapes ------------------------------------------------------------------------

// Prefix families written by well-known tags, whatever the cookie is called.
int valueFamily(std::string_view v) {
  if (startsWith(v, "GA1.") || startsWith(v, "GS1.") || startsWith(v, "GS2.")) return kValueGoogleAnalytics;
  if (startsWith(v, "GAX1.") || startsWith(v, "GAX2.")) return kValueGoogleOptimize;
  if (startsWith(v, "GCL.")) return kValueGoogleAds;
  if (v.size() > 5 && v[0] == 'f' && v[1] == 'b' && v[2] == '.' && isDigit(v[3]) && v[4] == '.') return kValueMetaPixel;
  size_t m = v.find("MCMID");
  if (m != std::string_view::npos && m + 5 < v.size() && (v[m + 5] == '|' || v[m + 5] == '%')) return kValueAdobeEcid;
  return -1;
}

// A value that identifies a browser: a run of >= 16 id characters (letters, digits, '-', '_')
// mixing letters and digits (UUIDs, hex and base64 ids), or >= 20 hex digits. Plain words,
// numbers and timestamps are not ids.
bool looksLikeId(std::string_view v) {
  size_t run = 0, letters = 0, digits = 0, hex = 0;
  for (size_t i = 0; i <= v.size(); ++i) {
    char c = i < v.size() ? v[i] : '\0';
    if (isAlnum(c) || c == '-' || c == '_') {
      ++run;
      if (isDigit(c)) ++digits;
      else if (isAlpha(c)) ++letters;
      if (isHex(c)) ++hex;
      continue;
    }
    if (run >= 16 && letters >= 2 && digits >= 2) return true;
    if (hex >= 20 && hex + 4 >= run) return true;  // hex with a few separators
    run = letters = digits = hex = 0;
  }
  return false;
}

constexpr int64_t kSixMonths = 180LL * 24 * 3600;

size_t hexRun(std::string_view s, size_t from) {
  size_t i = from;
  while (i < s.size() && isHex(s[i])) ++i;
  return i - from;
}

// A value only the site's own server can mint: a JWT (base64url JSON header "eyJ", payload,
// signature) or a Laravel-encrypted cookie (base64 of {"iv": ...}). Analytics and ad tags write
// their ids from JavaScript and cannot sign or encrypt them with the server's key.
bool isServerToken(std::string_view v) {
  if (startsWith(v, "eyJpdiI6")) return true;  // Laravel EncryptCookies
  if (!startsWith(v, "eyJ")) return false;
  size_t dot = v.find('.');
  return dot != std::string_view::npos && dot >= 10 && v.compare(dot + 1, 3, "eyJ") == 0 &&
         v.find('.', dot + 4) != std::string_view::npos;
}

// ---- name families -----------------------------------------------------------------------
// Evidence is collected in one pass into family bits: whole words and stems (substrings of the
// squashed name). Both lists are packed text to keep the wasm small: a family letter starts each
// family's run of "|"-separated entries.
// Family letters follow the name rules in priority order: A consent, B csrf, C security,
// D load balancer, E cookie test, F advertising, G analytics, H tracking, I session, J auth,
// K cart, L device, M paywall, N locale, O recently viewed; the lowest family found decides.
constexpr uint32_t family(char letter) { return 1u << (letter - 'A'); }
static_assert(kNameRecentlyViewed - kNameConsent == 'O' - 'A', "one family letter per name rule");

// Whole words ("fbSessionId" -> fb, session, id). Consent words: storing the visitor's consent or
// opt-out choice is necessary, whoever sets it. Advertising / analytics / tracking words veto the
// "necessary" families after them (fbSessionId, lead_session_id, visitor_auth are not the site's
// own machinery).
constexpr char kWordList[] =
    "Aprivacy|dnt|ccpa|tcf|cmp|gpp|gpc"
    "Bnonce"
    "Cbot|waf|challenge|fraud"
    "Droute|lb|backend|upstream|server"
    "Fad|ads|adid|campaign|utm|gclid|fbclid|msclkid|dclid|ttclid|gbraid|wbraid|aff|pixel|conversion|lead"
    "|leads|fb|marketing"
    "Gstats|stat|visit|visits|experiment|variant|referrer|referer|landing|rum|perf|performance|metrics"
    "|telemetry|ga|gtm"
    "Htrack|visitor|uid|uuid|vid"
    "Joauth|login|logon|logged|signin|sso|jwt|saml|remember"
    "Lmobile|screen|resolution|touch"
    "Mmeter"
    "Ntz|theme|country|region";

// Stems, found anywhere in the squashed name ("cookie_notice" -> "cookienotice").
constexpr char kStemList[] =
    "Aconsent|gdpr|cookielaw|cookienotice|cookiebanner|cookiebar|cookiepolicy|cookiesaccept|cookieaccept"
    "|acceptcookie|acceptedcookie|cookiewarning|cookiemessage|cookiecompliance|cookiedisclaimer|optout"
    "|donottrack|usprivacy|cookiepref|cookiesettings|cookiechoice"
    "Bcsrf|xsrf|antiforgery|verificationtoken|authenticitytoken"
    "Ccaptcha|antibot|ddos|firewall"
    "Dawselb|awsalb|bigip|balancer|affinity|sticky|haproxy|akavpau|serverid|routeid"
    "Ecookietest|testcookie|cookiecheck|checkcookie|cookiesenabled|cookieenabled|cookiesupport"
    "Fclickid|affiliate|retarget|remarketing|advert"
    "Ganalytics|pageview|heatmap|abtest|lastvisit|firstvisit"
    "Htracking|tracker|visitorid|fingerprint"
    "Jaccesstoken|refreshtoken|idtoken|loggedin|signedin|rememberme|userlogin"
    "Kcart|basket|checkout"
    "Lismobile|viewport|jsenabled|hasjs|devicetype"
    "Mpaywall|metering"
    "Nlang|locale|i18n|currency|timezone|darkmode|colorscheme|fontsize|contrast"
    "Orecentlyview|recentview|lastviewed|viewedprod|recentprod|recentsearch|searchhistory";

constexpr std::string_view kWords(kWordList, sizeof(kWordList) - 1);
constexpr std::string_view kStems(kStemList, sizeof(kStemList) - 1);

// The family of the run that list position `p` lies in.
uint32_t familyAt(std::string_view list, size_t p) {
  while (!isUpper(list[p])) --p;
  return family(list[p]);
}

uint32_t wordFamilies(std::string_view word) {
  uint32_t f = 0;
  if (word.size() < 2) return f;  // no listed word is a single character
  for (size_t p = kWords.find(word); p != std::string_view::npos; p = kWords.find(word, p + 1)) {
    size_t end = p + word.size();
    if (p > 0 && (kWords[p - 1] == '|' || isUpper(kWords[p - 1])) &&
        (end == kWords.size() || kWords[end] == '|' || isUpper(kWords[end])))
      f |= familyAt(kWords, p);
  }
  return f;
}

constexpr unsigned bigram(char a, char b) { return (static_cast<uint8_t>(a) * 31u + static_cast<uint8_t>(b)) & 511u; }

uint32_t stemFamilies(std::string_view squashed) {
  if (squashed.size() < 4) return 0;  // the shortest stems ("cart", "gdpr", "lang") have 4 letters
  uint64_t seen[8] = {};  // the name's letter pairs: most stems are ruled out without a search
  for (size_t i = 0; i + 1 < squashed.size(); ++i) {
    unsigned b = bigram(squashed[i], squashed[i + 1]);
    seen[b >> 6] |= 1ull << (b & 63);
  }
  uint32_t f = 0, current = 0;
  for (size_t from = 0; from < kStems.size();) {
    if (isUpper(kStems[from])) current = family(kStems[from++]);
    size_t to = from;
    while (to < kStems.size() && kStems[to] != '|' && !isUpper(kStems[to])) ++to;
    std::string_view stem(kStems.data() + from, to - from);
    from = to + (to < kStems.size() && kStems[to] == '|');
    if (f & current) continue;
    unsigned b = bigram(stem[0], stem[1]);
    if (!(seen[b >> 6] >> (b & 63) & 1)) continue;
    if (squashed.find(stem) != std::string_view::npos) f |= current;
  }
  return f;
}

// PHPSESSID, JSESSIONID, ASP.NET_SessionId, laravel_session, SESS<hash> (Drupal), sid.
bool isSessionWord(std::string_view t) {
  size_t p = t.find("sess");
  if (p == std::string_view::npos) return t == "sid";
  std::string_view tail(t.data() + p, t.size() - p);
  return p <= 1 || tail == "session" || tail == "sessid" || tail == "sessionid";
}

// Names that are shapes rather than words: Drupal's SESS<hex> / SSESS<hex> session, a name that
// is a whole hex digest (Joomla names its session cookie md5(...)), F5 BIG-IP ASM's TS<hex>.
uint32_t shapeFamilies(std::string_view name, std::string_view lower) {
  size_t n = lower.size();
  size_t sess = startsWith(lower, "ssess") ? 5 : startsWith(lower, "sess") ? 4 : 0;
  if (sess && n - sess >= 16 && hexRun(lower, sess) == n - sess) return family('I');
  if (n >= 32 && n == name.size() && hexRun(lower, 0) == n) {  // a digest mixes digits and letters
    size_t digits = 0;
    for (char c : lower) digits += isDigit(c);
    if (digits && digits < n) return family('I');
  }
  if (startsWith(name, "TS")) {  // TS + 6 or 8 hex digits, optionally _<digits> (TS01a2b3c4_077)
    size_t h = hexRun(lower, 2), end = 2 + h;
    size_t digits = 0;
    if (end + 1 < n && lower[end] == '_')
      while (end + 1 + digits < n && isDigit(lower[end + 1 + digits])) ++digits;
    if ((h == 6 || h == 8) && (end == n || (digits && end + 1 + digits == n))) return family('C');
  }
  return 0;
}

// The categories a consent banner offers: "cookies_analytics=true" or "cookie-marketing=0" records
// the visitor's answer for that category (home-made banners, CMP plugins), not analytics itself.
bool isConsentCategoryWord(std::string_view t) {
  for (std::string_view c : {"analytics", "analytical", "statistics", "marketing", "advertising", "advertisement",
                             "performance", "functional", "necessary", "preferences", "targeting"})
    if (t == c) return true;
  return false;
}

// shortValue: the value is unknown or at most 8 characters (a yes/no answer, not an id).
int nameFamily(const Words& w, std::string_view name, bool shortValue = true) {
  uint32_t f = stemFamilies(w.squashed()) | shapeFamilies(name, w.lower());
  if (shortValue) {
    bool cookieWord = false, categoryWord = false;
    for (int i = 0; i < w.count(); ++i) {
      cookieWord |= w[i] == "cookie" || w[i] == "cookies" || w[i] == "ckies";
      categoryWord |= isConsentCategoryWord(w[i]);
    }
    if (cookieWord && categoryWord) f |= family('A');
  }
  if (w.lower() == "_token") f |= family('B');  // Laravel's CSRF field name
  for (int i = 0; i < w.count(); ++i) {
    std::string_view t = w[i];
    f |= wordFamilies(t);
    if (isSessionWord(t)) f |= family('I');
    if (startsWith(t, "auth") && !startsWith(t, "author")) f |= family('J');
    if (t == "ab" && i + 1 < w.count() && startsWith(w[i + 1], "test")) f |= family('G');
  }
  if (!f) return -1;
  int first = 0;
  while (!(f & 1u)) {
    f >>= 1;
    ++first;
  }
  return kNameConsent + first;
}

bool finish(int rule, Category& category, const char*& ruleName) {
  if (rule < 0) return false;
  category = kRules[rule].category;
  ruleName = kRules[rule].name;
  return true;
}

}  // namespace

bool heuristicRuleCategory(std::string_view rule, Category& category) {
  for (const RuleDef& r : kRules)
    if (rule == r.name) {
      category = r.category;
      return true;
    }
  return false;
}

bool guessCookieCategory(const CookieQuery& q, bool thirdPartyDomain, Category& category, const char*& rule) {
  // 1. Value families: the tag that wrote the value is known, whoever's name it carries.
  if (finish(valueFamily(q.value), category, rule)) return true;
  // 2. Name words describe the site's own machinery: only for first-party cookies (a generic
  //    name on somebody else's domain says nothing about that domain's purpose).
  if (!thirdPartyDomain) {
    Words w(q.name);
    if (finish(nameFamily(w, q.name, q.value.size() <= 8), category, rule)) return true;
    // A server-minted value (JWT, encrypted cookie) on the site's own domain: sign-in or session
    // state the site's server issued, not a tag's identifier.
    if (isServerToken(q.value)) return finish(kValueSignedToken, category, rule);
    // An HttpOnly cookie that ends with the browser session and holds an id: the server's own
    // session (no script, so no tag, can read it; server-side tracking ids are persistent).
    if (q.httpOnly == 1 && q.expirySeconds == 0 && looksLikeId(q.value))
      return finish(kValueServerSession, category, rule);
  }
  // 3. Shape: a browser identifier kept for months, with nothing saying it is necessary.
  if (q.expirySeconds >= kSixMonths && looksLikeId(q.value)) return finish(kValuePersistentId, category, rule);
  return false;
}

}  // namespace consentry
