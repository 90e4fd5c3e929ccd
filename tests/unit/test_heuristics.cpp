// The cookie heuristics (wasm/core/cookie_heuristics.cpp): every rule family, the order between
// families, first- vs third-party, the shapes that must NOT fire, and their place behind the
// database. docs/classification.md lists the same rules; the last test keeps the two in sync.
#include <catch2/catch.hpp>
#include <regex>
#include <string>

#include "core/classifier.h"
#include "test_support.h"

using namespace consentry;

namespace {

struct Guess {
  bool fired = false;
  Category category = Category::Targeting;
  std::string rule;
};

Guess guess(std::string_view name, std::string_view value = "", int64_t expiry = -1, bool thirdParty = false) {
  CookieQuery q;
  q.name = name;
  q.value = value;
  q.expirySeconds = expiry;
  Guess g;
  const char* rule = "";
  g.fired = guessCookieCategory(q, thirdParty, g.category, rule);
  g.rule = rule;
  return g;
}

void expectRule(std::string_view name, const std::string& rule, Category cat, std::string_view value = "",
                int64_t expiry = -1, bool thirdParty = false) {
  INFO("name '" << std::string(name) << "' value '" << std::string(value) << "' expiry " << expiry
                << (thirdParty ? " third-party" : ""));
  Guess g = guess(name, value, expiry, thirdParty);
  REQUIRE(g.fired);
  CHECK(g.rule == rule);
  CHECK(g.category == cat);
}

void expectNone(std::string_view name, std::string_view value = "", int64_t expiry = -1, bool thirdParty = false) {
  INFO("name '" << std::string(name) << "' value '" << std::string(value) << "' expiry " << expiry);
  Guess g = guess(name, value, expiry, thirdParty);
  CHECK_FALSE(g.fired);
  CHECK(g.rule.empty());
}

constexpr int64_t kYear = 365LL * 24 * 3600;

}  // namespace

TEST_CASE("value:google-analytics / google-optimize / google-ads / meta-pixel / adobe-ecid", "[heuristics][value]") {
  expectRule("xyz_custom", "value:google-analytics", Category::Analytical, "GA1.2.1665828706.1613227617", kYear);
  expectRule("ga4_copy", "value:google-analytics", Category::Analytical, "GS1.1.1700000000.1.0.1700000000.0.0.0");
  expectRule("ga4_copy", "value:google-analytics", Category::Analytical, "GS2.1.s1700000000$o1$g0");
  expectRule("exp", "value:google-optimize", Category::Analytical, "GAX1.2.bjpJx_76R66mVwJNO-91wQ.18710.0");
  expectRule("clk", "value:google-ads", Category::Targeting, "GCL.1700000000.Cj0KCQiAhc");
  expectRule("px", "value:meta-pixel", Category::Targeting, "fb.1.1700000000000.1234567890");
  expectRule("px", "value:meta-pixel", Category::Targeting, "fb.2.1700000000000.AbCdEf");
  expectRule("ecid", "value:adobe-ecid", Category::Analytical, "MCMID|12345678901234567890");
  expectRule("amcv_copy", "value:adobe-ecid", Category::Analytical, "-1303530583%7CMCIDTS%7C19000%7CMCMID%7C1234");
  // Third-party cookies too: the value says which tag wrote it.
  expectRule("partner", "value:meta-pixel", Category::Targeting, "fb.1.1700000000000.1", 0, true);
  expectRule("partner", "value:google-analytics", Category::Analytical, "GA1.2.1.2", 0, true);
  // Near misses are not families.
  expectNone("x", "fb.x.1700000000000");
  expectNone("x", "GA1");
  expectNone("x", "ga1.2.3.4");
  expectNone("x", "MCMID");
  // The value family beats the name: a renamed GA cookie called *_session is still analytics.
  expectRule("shop_session", "value:google-analytics", Category::Analytical, "GA1.2.3.4");
}

TEST_CASE("name:consent - storing the choice is necessary, ads words or not", "[heuristics][name]") {
  for (const char* n : {"site_cookie_consent", "cookieConsentGiven", "gdpr_accepted", "cookie_notice_dismissed",
                        "CookieBanner-closed", "cookiebar", "cookies_accepted_v2", "acceptCookies", "ads_optout",
                        "user_privacy_choice", "dnt", "ccpa_flag", "tcf_string", "my_cmp_state", "donottrack",
                        "cookie_settings", "cookiepreferences", "__gpp", "__gpp_sid", "gpc_signal"})
    expectRule(n, "name:consent", Category::Mandatory);
  // A banner's per-category answer: cookie(s) + a category word, with a yes/no value.
  for (const char* n : {"cookies_analytics", "cookie-marketing", "ckies_statistics", "CookiesPerformance",
                        "necessary_cookies", "cookie_advertising", "cookies-functional"})
    for (const char* v : {"true", "0", "allow", ""}) expectRule(n, "name:consent", Category::Mandatory, v, kYear);
  // With an id-like value it is not an answer; without a cookie word it is not a banner's.
  expectRule("analytics_cookie", "name:analytics", Category::Analytical, "3a7f2d1e-aaaa-bbbb-cccc-0123456789ab", kYear);
  expectRule("marketing_id", "name:advertising", Category::Targeting, "1", kYear);
  expectRule("page_analytics", "name:analytics", Category::Analytical, "1", kYear);
}

TEST_CASE("name:csrf / name:security / name:load-balancer / name:cookie-test", "[heuristics][name]") {
  for (const char* n : {"app_csrf", "XSRF-TOKEN-APP", "_token", "__Host-antiforgery", "form_verificationToken",
                        "authenticity_token", "oidc_nonce", "AADNonce.forms"})
    expectRule(n, "name:csrf", Category::Mandatory);
  for (const char* n : {"login_captcha", "bot_check", "waf_token", "ddos_guard", "challenge_passed", "fraud_sid"})
    expectRule(n, "name:security", Category::Mandatory);
  for (const char* n : {"sticky_node", "my_lb", "X-Backend", "SERVER", "route", "app_affinity", "haproxy_srv",
                        "BIGipServerpool_web", "upstream"})
    expectRule(n, "name:load-balancer", Category::Mandatory);
  for (const char* n : {"cookietest", "test_cookie", "cookie_check", "CookiesEnabled", "cookie-support"})
    expectRule(n, "name:cookie-test", Category::Mandatory);
}

TEST_CASE("name:session: server session ids, vetoed by measurement words", "[heuristics][name]") {
  for (const char* n : {"portal_SID", "sid", "MYAPPSESSID", "shop_session", "ASP.NET_SessionId", "sess",
                        "SESS0123456789abcdef0123456789abcd", "SSESS0123456789abcdef", "laravelsession",
                        "WcmsSsoLastCheckSessionState"})
    expectRule(n, "name:session", Category::Mandatory, "k9f8j3h2", 0);
  // Session ids of measurement or ads are not the site's session.
  expectRule("fbSessionId", "name:advertising", Category::Targeting, "396d2522-0eb2-44cc-910e-647d51e64b94", 1800);
  expectRule("lead_session_id", "name:advertising", Category::Targeting);
  expectRule("ga_session", "name:analytics", Category::Analytical);
  expectRule("visitor_session", "name:tracking", Category::Targeting);
  // "sess" inside another word does not count.
  expectNone("assessment_step");
}

TEST_CASE("name shapes: Drupal SESS<hex>, hex-digest names, F5 TS<hex>", "[heuristics][name][shape]") {
  // Drupal: SESS / SSESS (HTTPS) + the hash of the cookie domain, also when the hash starts with a letter.
  for (const char* n : {"SESSabcdef0123456789abcdef01234567", "SSESSf00dfeedbeef4242deadbeef0000aa",
                        "sessdeadbeefdeadbeef"})
    expectRule(n, "name:session", Category::Mandatory, "k9f8j3h2", 0);
  // Joomla names its session cookie with an md5 hex digest; longer digests too.
  expectRule("49960de5880e8c687434170f6476605b", "name:session", Category::Mandatory, "lfpsc155y5kyjl45fkf4vfbq", 0);
  expectRule("49960DE5880E8C687434170F6476605B49960DE5", "name:session", Category::Mandatory);
  // F5 BIG-IP ASM: TS + 6 or 8 hex digits, optionally _<digits>; case-sensitive "TS".
  for (const char* n : {"TSa1b2c3d4", "TS0a1b2c", "TSa1b2c3d4_077", "TS01ffffff_28"})
    expectRule(n, "name:security", Category::Mandatory, "01a2b3c4d5", 0);
  // Near misses stay unknown.
  for (const char* n : {"TSa1b2c3d", "TSa1b2c3d4e", "TSa1b2c3d4_", "TSa1b2c3d4_x1", "tsa1b2c3d4", "TSxyzabc",
                        "49960de5880e8c687434170f6476605",  // 31 hex digits
                        "SESSabcdef0123456",                // 13 hex digits after SESS
                        "SESSxyz0123456789abcdef0",
                        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",  // hex letters only: not a digest
                        "012345678901234567890123456789012345"})
    expectNone(n, "1", 0);
}

TEST_CASE("value:signed-token: a JWT or server-encrypted value on a first-party cookie", "[heuristics][value]") {
  const char* jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6";
  const char* laravel = "eyJpdiI6IlhnbUtYZm13aE53ZTNiV3RLUkl6K3c9PSIsInZhbHVlIjoi";
  expectRule("app_state", "value:signed-token", Category::Mandatory, jwt, 3600);
  expectRule("app_state", "value:signed-token", Category::Mandatory, jwt, kYear);  // beats value:persistent-id
  expectRule("qz", "value:signed-token", Category::Mandatory, laravel, 7200);
  // Third-party: the site's server did not mint it.
  expectNone("app_state", jwt, 3600, true);
  // Name evidence comes first (an ad id in a JWT is still an ad id).
  expectRule("ad_token", "name:advertising", Category::Targeting, jwt, 3600);
  // Not a signed token: plain base64 JSON, a header without payload, a value that merely starts with eyJ.
  expectNone("prefs", "eyJ0aGVtZSI6ImRhcmsifQ", 3600);
  expectNone("prefs", "eyJhbGciOiJIUzI1NiJ9.abc.def", 3600);
  expectNone("prefs", "eyJ.eyJ.x", 3600);
}

TEST_CASE("value:server-session: an HttpOnly session cookie holding an id, only where HttpOnly is known",
          "[heuristics][value]") {
  auto g = [](std::string_view name, std::string_view value, int64_t expiry, int8_t httpOnly, bool thirdParty) {
    CookieQuery q;
    q.name = name;
    q.value = value;
    q.expirySeconds = expiry;
    q.httpOnly = httpOnly;
    Guess out;
    const char* rule = "";
    out.fired = guessCookieCategory(q, thirdParty, out.category, rule);
    out.rule = rule;
    return out;
  };
  for (const char* v : {"lfpsc155y5kyjl45fkf4vfbq", "dc180121b263a213fe9063612b91ad", "3a7f2d1e-aaaa-bbbb-cccc-0123456789ab"}) {
    INFO(v);
    Guess r = g("zq_state", v, 0, 1, false);
    REQUIRE(r.fired);
    CHECK(r.rule == "value:server-session");
    CHECK(r.category == Category::Mandatory);
  }
  // Unknown HttpOnly (the browser), readable by scripts, persistent, not an id, third-party: no.
  CHECK_FALSE(g("zq_state", "lfpsc155y5kyjl45fkf4vfbq", 0, -1, false).fired);
  CHECK_FALSE(g("zq_state", "lfpsc155y5kyjl45fkf4vfbq", 0, 0, false).fired);
  CHECK_FALSE(g("zq_state", "lfpsc155y5kyjl45fkf4vfbq", 3600, 1, false).fired);
  CHECK_FALSE(g("zq_state", "lfpsc155y5kyjl45fkf4vfbq", -1, 1, false).fired);
  CHECK_FALSE(g("zq_state", "true", 0, 1, false).fired);
  CHECK_FALSE(g("zq_state", "lfpsc155y5kyjl45fkf4vfbq", 0, 1, true).fired);
  // Name evidence first: a tracker's id stays the tracker's, HttpOnly or not.
  Guess r = g("visitor_uid", "lfpsc155y5kyjl45fkf4vfbq", 0, 1, false);
  CHECK(r.rule == "name:tracking");
  CHECK(r.category == Category::Targeting);
}

TEST_CASE("name:auth / name:cart / name:device / name:paywall", "[heuristics][name]") {
  for (const char* n : {"shop_remember_me", "isLoggedIn", "auth_state", "sso_token", "jwt", "access_token",
                        "refreshToken", "login", "oauth_state", "SignedIn"})
    expectRule(n, "name:auth", Category::Mandatory);
  expectNone("author_name");  // an author is not authentication
  expectNone("authorized_dealer_page");
  for (const char* n : {"cart_token", "shopBasket", "checkout_step", "minicart"})
    expectRule(n, "name:cart", Category::Mandatory);
  for (const char* n : {"is_mobile", "dnn_IsMobile", "viewport_width", "screen_resolution", "hasJS", "mobile"})
    expectRule(n, "name:device", Category::Mandatory);
  expectRule("mobile_ad_id", "name:advertising", Category::Targeting);  // an ad id, whatever the device
  for (const char* n : {"article_meter", "WcmsPaywall", "paywall_count", "metering_state"})
    expectRule(n, "name:paywall", Category::Mandatory);
}

TEST_CASE("name:locale / name:recently-viewed (preferences)", "[heuristics][name]") {
  for (const char* n : {"site_lang", "language", "publicvn#lang", "i18n_redirected", "preferred_currency",
                        "user_timezone", "theme", "darkMode", "country", "store_region", "tz", "fontSize"})
    expectRule(n, "name:locale", Category::Preferences);
  for (const char* n : {"recentSearches", "recently_viewed_items", "lastViewed", "search_history"})
    expectRule(n, "name:recently-viewed", Category::Preferences);
}

TEST_CASE("name:advertising / name:analytics / name:tracking (need consent)", "[heuristics][name]") {
  for (const char* n : {"gclid", "utm_campaign_store", "aff_id", "ad_click", "conversion_pixel", "fbclid_store",
                        "msclkid", "affiliateRef", "partner_clickid"})
    expectRule(n, "name:advertising", Category::Targeting);
  for (const char* n : {"pageviews_count", "ab_test_group", "experiment_bucket", "last_visit", "site_stats",
                        "rum_sample", "heatmapEnabled", "landing_page_url"})
    expectRule(n, "name:analytics", Category::Analytical);
  for (const char* n : {"shop_visitor_id", "tracking_id", "device_uuid", "user_uid", "__smVID", "fingerprint"})
    expectRule(n, "name:tracking", Category::Targeting);
}

TEST_CASE("name rules are for first-party cookies only", "[heuristics][party]") {
  for (const char* n : {"session", "consent", "csrftoken_x", "lang", "cart", "is_mobile", "visitor_id"})
    expectNone(n, "abc", 0, true);
}

TEST_CASE("value:persistent-id: an id kept for 6+ months with no name evidence", "[heuristics][value]") {
  expectRule("zq", "value:persistent-id", Category::Targeting, "3a7f2d1e-aaaa-bbbb-cccc-0123456789ab", kYear);
  expectRule("zq", "value:persistent-id", Category::Targeting, "9a53f0d9e706422b9c179353524ade3e", kYear);
  expectRule("zq", "value:persistent-id", Category::Targeting, "O62rtuT8bX7LPBcmQz0jppMx", kYear);
  expectRule("zq", "value:persistent-id", Category::Targeting, "3a7f2d1e-aaaa-bbbb-cccc-0123456789ab", kYear, true);
  // Not persistent enough, or not an id.
  expectNone("zq", "3a7f2d1e-aaaa-bbbb-cccc-0123456789ab", 86400);
  expectNone("zq", "3a7f2d1e-aaaa-bbbb-cccc-0123456789ab", 0);
  expectNone("zq", "3a7f2d1e-aaaa-bbbb-cccc-0123456789ab", -1);
  expectNone("zq", "1613227394475", kYear);                      // a timestamp
  expectNone("zq", "https://shop.example/landing/page", kYear);  // words
  expectNone("zq", "q8w7e6r5t4", kYear);                         // too short
  expectNone("zq", "true", kYear);
  // Name evidence wins over the value shape.
  expectRule("shop_session", "name:session", Category::Mandatory, "3a7f2d1e-aaaa-bbbb-cccc-0123456789ab", kYear);
}

TEST_CASE("names nothing knows: the policy decides", "[heuristics]") {
  for (const char* n : {"mystery_thing", "qson", "beaker_lp", "x", "__zz", "WebStoryShowCount"}) expectNone(n, "1", 0);
}

TEST_CASE("odd input: long names, non-ASCII, separators only, empty", "[heuristics][robust]") {
  std::string longName(500, 'a');
  longName += "_session";  // beyond the 96 characters judged
  expectNone(longName);
  std::string longSession = "session" + std::string(500, 'x');
  expectRule(longSession, "name:session", Category::Mandatory);
  expectNone("___---...");
  expectNone("");
  expectNone("\xc3\xa9t\xc3\xa9");  // "été"
  expectRule("pr\xc3\xa9" "f_lang", "name:locale", Category::Preferences);
  std::string manyWords;
  for (int i = 0; i < 40; ++i) manyWords += "w_";
  manyWords += "session";  // past the 16 words kept
  expectNone(manyWords);
  expectNone("x", std::string(10000, '-'), kYear);
}

TEST_CASE("heuristicRuleCategory knows every rule and nothing else", "[heuristics]") {
  Category c;
  CHECK(heuristicRuleCategory("name:session", c));
  CHECK(c == Category::Mandatory);
  CHECK(heuristicRuleCategory("name:locale", c));
  CHECK(c == Category::Preferences);
  CHECK(heuristicRuleCategory("value:persistent-id", c));
  CHECK(c == Category::Targeting);
  CHECK_FALSE(heuristicRuleCategory("", c));
  CHECK_FALSE(heuristicRuleCategory("name:nonsense", c));
}

TEST_CASE("heuristics come after the database and the tracker host, before the policy", "[heuristics][classifier]") {
  Engine& e = test::coreEngine();
  e.configure("");
  Classifier cls = e.classifier();
  auto classify = [&](std::string_view name, std::string_view domain, std::string_view value, int64_t expiry) {
    CookieQuery q;
    q.name = name;
    q.domain = domain;
    q.pageHost = "www.shop.example";
    q.value = value;
    q.expirySeconds = expiry;
    return cls.classifyCookie(q);
  };
  // A database name beats any value family.
  Classification c = classify("_ga", ".shop.example", "fb.1.1700000000000.1", kYear);
  CHECK(c.reason == Reason::Exact);
  CHECK(c.category == Category::Analytical);
  // A known tracker domain beats the heuristics for a third-party cookie.
  c = classify("session_x", ".doubleclick.net", "3a7f2d1e-aaaa-bbbb-cccc-0123456789ab", kYear);
  CHECK(c.reason == Reason::TrackerHost);
  CHECK(c.category == Category::Targeting);
  // ... but a database name rule beats the host, also on a tracker's domain: the name rule is
  // the more specific knowledge (a generic necessary name there is a known trade-off, see
  // docs/classification.md, "Order of evidence").
  c = classify("JSESSIONID", ".doubleclick.net", "2a22e5720708021d", 0);
  CHECK(c.reason == Reason::Exact);
  CHECK(c.category == Category::Mandatory);
  c = classify("OptanonConsent", ".doubleclick.net", "isGpcEnabled=0", kYear);
  CHECK(c.reason == Reason::Exact);
  CHECK(c.category == Category::Mandatory);
  c = classify("_ga", ".doubleclick.net", "GA1.2.1.2", kYear);
  CHECK(c.reason == Reason::Exact);
  CHECK(c.category == Category::Analytical);
  // Heuristic: the rule name travels with the classification.
  c = classify("portal_SID", "", "abc", 0);
  CHECK(c.reason == Reason::Heuristic);
  CHECK(std::string(c.rule) == "name:session");
  CHECK(c.category == Category::Mandatory);
  // Nothing: the policy for unknown cookies, no rule.
  c = classify("mystery_thing", "", "1", 0);
  CHECK(c.reason == Reason::Unknown);
  CHECK(std::string(c.rule).empty());
  CHECK(c.category == Category::Targeting);
  e.configure("unknownCookie=analytical");
  c = e.classifier().classifyCookie([] {
    CookieQuery q;
    q.name = "mystery_thing";
    q.pageHost = "www.shop.example";
    return q;
  }());
  CHECK(c.reason == Reason::Unknown);
  CHECK(c.category == Category::Analytical);
  e.configure("");
}

TEST_CASE("golden cookies.tsv: heuristic rows name their rule", "[heuristics][golden]") {
  auto f = test::readFixture("cookies.tsv");
  Engine& e = test::coreEngine();
  e.configure("");
  Classifier cls = e.classifier();
  int heuristicRows = 0;
  for (size_t i = 0; i < f.rows.size(); ++i) {
    if (f.get(i, "reason") != "heuristic") continue;
    ++heuristicRows;
    INFO("cookies.tsv line " << f.lines[i] << " (" << f.get(i, "name") << ")");
    std::string name = f.get(i, "name"), domain = f.get(i, "domain"), value = f.get(i, "value");
    std::string expiry = f.get(i, "expiry"), page = f.get(i, "page");
    CookieQuery q;
    q.name = name;
    q.domain = domain;
    q.pageHost = page;
    q.value = value;
    q.expirySeconds = expiry.empty() ? -1 : std::stoll(expiry);
    q.storage = f.get(i, "kind") == "storage" ? StorageKind::Storage : StorageKind::Cookie;
    Classification c = cls.classifyCookie(q);
    REQUIRE_FALSE(f.get(i, "rule").empty());
    CHECK(std::string(c.rule) == f.get(i, "rule"));
  }
  CHECK(heuristicRows >= 25);
}

TEST_CASE("docs/classification.md lists exactly the implemented rules", "[heuristics][docs]") {
  std::string doc = test::readFile(std::string(CONSENTRY_SOURCE_DIR) + "/docs/classification.md");
  REQUIRE_FALSE(doc.empty());
  // Table rows: | `name:session` | what it matches | mandatory | why |
  std::regex row(R"(\|\s*`((?:name|value):[a-z-]+)`\s*\|[^|\n]*\|\s*(mandatory|preferences|analytical|targeting)\s*\|)");
  int rows = 0;
  for (auto it = std::sregex_iterator(doc.begin(), doc.end(), row); it != std::sregex_iterator(); ++it) {
    ++rows;
    std::string rule = (*it)[1], category = (*it)[2];
    INFO("docs rule " << rule);
    Category c;
    REQUIRE(heuristicRuleCategory(rule, c));
    CHECK(std::string(categoryName(c)) == category);
  }
  CHECK(rows == 23);
}
