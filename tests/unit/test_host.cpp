#include <catch2/catch.hpp>

#include "core/hash.h"
#include "core/host.h"

using namespace consentry;

TEST_CASE("parseUrl extracts and normalises hosts", "[host]") {
  struct Case { const char* url; UrlKind kind; const char* host; };
  const Case cases[] = {
      {"https://www.Google-Analytics.com/analytics.js", UrlKind::Network, "www.google-analytics.com"},
      {"//connect.facebook.net/en_US/fbevents.js", UrlKind::Network, "connect.facebook.net"},
      {"HTTP://user:pw@Example.COM:8080/x?y#z", UrlKind::Network, "example.com"},
      {"https://[2001:DB8::1]:443/p", UrlKind::Network, "2001:db8::1"},
      {"https://example.com./", UrlKind::Network, "example.com"},
      {"https:\\\\evil.com\\x", UrlKind::Network, "evil.com"},
      {"  https://a.b.c/ ", UrlKind::Network, "a.b.c"},
      {"ht\ntps://split.example/", UrlKind::Network, "split.example"},
      {"https://%65xample.com/", UrlKind::Network, "example.com"},
      {"https://bücher.de/", UrlKind::Network, "bücher.de"},
      {"/js/app.js", UrlKind::Relative, ""},
      {"app.js", UrlKind::Relative, ""},
      {"", UrlKind::Relative, ""},
      {"data:text/javascript,alert(1)", UrlKind::Local, ""},
      {"javascript:void(0)", UrlKind::Local, ""},
      {"blob:https://example.com/uuid", UrlKind::Local, ""},
      {"https://", UrlKind::Invalid, ""},
      {"https://exa mple.com/", UrlKind::Invalid, ""},
      {"https://a..b/", UrlKind::Invalid, ""},
      {"https://%zz.com/", UrlKind::Invalid, ""},
      {"https://example.com:80a/", UrlKind::Invalid, ""},
  };
  for (const auto& c : cases) {
    INFO(c.url);
    UrlInfo u = parseUrl(c.url);
    CHECK(u.kind == c.kind);
    CHECK(u.host == c.host);
    if (u.kind == UrlKind::Invalid) CHECK_FALSE(u.error.empty());
  }
}

TEST_CASE("parseUrl normalises the path the server sees: unreserved escapes decoded, dot segments resolved", "[host]") {
  struct Case { const char* url; const char* path; };
  const Case cases[] = {
      {"https://a.example", "/"},
      {"https://a.example/", "/"},
      {"https://a.example/x/", "/x/"},
      {"https://a.example/recaptcha/../pagead/x?q=/../#/..", "/pagead/x"},
      {"https://a.example/%70agead/%2e%2E/a/./b/.", "/a/b/"},
      {"https://a.example/a/b/..", "/a/"},
      {"https://a.example/..", "/"},
      {"https://a.example/../../x", "/x"},
      {"https://a.example\\a\\.\\b", "/a/b"},
      {"https://a.example/%2F%zz%41", "/%2F%zzA"},  // '/' stays encoded, a bad escape stays as is
  };
  for (const auto& c : cases) {
    INFO(c.url);
    UrlInfo u = parseUrl(c.url);
    CHECK(u.kind == UrlKind::Network);
    CHECK(u.path == c.path);
  }
  // Paths past the 512-byte stack buffers take the heap: the same result.
  std::string seg(300, 'x'), longUrl = "https://a.example/" + seg + "/%79/./" + seg + "/../" + seg + "/..";
  UrlInfo u = parseUrl(longUrl);
  CHECK(u.path == "/" + seg + "/y/");
  std::string dots = "https://a.example";
  for (int i = 0; i < 300; ++i) dots += "/.";
  CHECK(parseUrl(dots).path == "/");
}

TEST_CASE("HostSuffixes hashes each label suffix right to left, longest first", "[host]") {
  HostSuffixes s("a.b.example.com");
  REQUIRE(s.count == 4);
  CHECK(s.suffix(0) == "a.b.example.com");
  CHECK(s.suffix(2) == "example.com");
  CHECK(s.suffix(3) == "com");
  for (int i = 0; i < s.count; ++i) CHECK(s.hash[i] == hostHash(s.suffix(i)));
  CHECK(HostSuffixes("").count == 0);
  CHECK(HostSuffixes("localhost").count == 1);
}

TEST_CASE("normalizeHost", "[host]") {
  std::string out;
  bool ip = false;
  CHECK(normalizeHost(".Example.com", out, ip));
  CHECK(out == "example.com");
  CHECK_FALSE(ip);
  CHECK(normalizeHost("127.0.0.1:8080", out, ip));
  CHECK(out == "127.0.0.1");
  CHECK(ip);
  CHECK_FALSE(normalizeHost("a b", out, ip));
  CHECK_FALSE(normalizeHost("", out, ip));
  CHECK_FALSE(normalizeHost(std::string(300, 'a'), out, ip));
}
