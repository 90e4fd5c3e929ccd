// consentry-fuzz-corpus <dir>: writes the seed corpus of every fuzz target into <dir>/<target>/
// (the committed copy is tests/fuzz/corpus). Seeds that need computed bytes (consent records with
// a valid check, category blobs) come from the real encoder / DbBuilder, so they stay valid when
// the formats change: re-run this and commit the result. Regression seeds for bugs the fuzzers
// found are named regress-*.
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/consent_record.h"
#include "fuzz_common.h"

using namespace consentry;
namespace fs = std::filesystem;

namespace {

fs::path gRoot;
size_t gCount = 0;

void seed(const char* target, const std::string& name, const std::string& bytes) {
  fs::create_directories(gRoot / target);
  std::ofstream out(gRoot / target / name, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  ++gCount;
}

std::string record(uint8_t granted, uint32_t revision, const std::string& id, int64_t first, int64_t last,
                   int64_t expiry, uint8_t signals, const std::string& siteKey) {
  ConsentRecord r;
  r.granted = granted;
  r.revision = revision;
  r.consentId = id;
  r.firstSeconds = first;
  r.lastSeconds = last;
  r.expirySeconds = expiry;
  r.signals = signals;
  std::string s = encodeConsentRecord(r, siteKey);
  if (s.empty()) {
    std::fprintf(stderr, "seed record does not encode\n");
    std::exit(1);
  }
  return s;
}

void consentSeeds() {
  const char* t = "fuzz_consent_record";
  const int64_t now = 1767225600;  // 2026-01-01
  const int64_t year = 365LL * 24 * 3600;
  std::string site = "www.example.com";
  std::string r1 = record(1, 0, "Zx8Kq2vN", now - 100, now - 100, now + year, 0, site);
  std::string r15 = record(15, 7, "c0ns3nt-ID_0123456789abcdefABCDEF-xy", now - 2 * year / 3, now - 10,
                           now + year - 10, 3, site);
  std::string r5 = record(5, 123456789, "abcdefgh", now - 5000, now - 4000, now + 1000, 12, site);
  seed(t, "valid-mandatory-only", "0 0 " + std::to_string(now) + "\n" + site + "\n" + r1);
  seed(t, "valid-all-gpc", "0 7 " + std::to_string(now) + "\n" + site + "\n" + r15);
  seed(t, "valid-analytical-dnt", "0 123456789 " + std::to_string(now) + "\n" + site + "\n" + r5);
  seed(t, "wrong-revision", "0 8 " + std::to_string(now) + "\n" + site + "\n" + r15);
  seed(t, "expired", "0 0 " + std::to_string(now + 2 * year) + "\n" + site + "\n" + r1);
  seed(t, "future", "0 0 " + std::to_string(now - 3 * 24 * 3600) + "\n" + site + "\n" + r1);
  seed(t, "other-site", "0 7 " + std::to_string(now) + "\nshop.example\n" + r15);
  std::string tampered = r1;
  tampered[2] = '3';  // 1.1. -> 1.3. : a grant the check does not cover
  seed(t, "tampered-grant", "0 0 " + std::to_string(now) + "\n" + site + "\n" + tampered);
  seed(t, "tampered-grant-fixed-check", "1 0 " + std::to_string(now) + "\n" + site + "\n" + tampered);
  seed(t, "fixed-check-leading-zero", "1 0 " + std::to_string(now) + "\n" + site + "\n1.01.0.Zx8Kq2vN.1.2.3.0.0");
  seed(t, "fixed-check-granted-16", "1 0 " + std::to_string(now) + "\n" + site + "\n1.16.0.Zx8Kq2vN.1.2.3.0.0");
  seed(t, "fixed-check-big-time", "1 0 100\nk\n1.3.0.abcdefgh.zzzzzzzzzz.zzzzzzzzzzz.zzzzzzzzzzzzz.0.0");
  seed(t, "junk", "0 0 0\n\n1.3.0.abcdefgh.0.1.2.0.x");
  seed(t, "too-many-fields", "1 0 5\nk\n1.1.0.abcdefgh.1.2.3.0.0.0");
  seed(t, "empty", "0 0 0\n\n");
  std::string edge = record(3, 1, "edge_edge", (int64_t{1} << 40) - 3000, (int64_t{1} << 40) - 2000,
                            (int64_t{1} << 40), 0, "k");
  seed(t, "valid-max-time", "0 1 " + std::to_string((int64_t{1} << 40) - 2000) + "\nk\n" + edge);
  // Regressions: `now` at the ends of the int64 range (clock-skew addition overflowed) and
  // JavaScript doubles out of the int64 range (float -> int64 cast was undefined).
  seed(t, "regress-now-int64-max", "0 7 9223372036854775807\n" + site + "\n" + r15);
  seed(t, "regress-now-int64-min", "0 7 -9223372036854775808\n" + site + "\n" + r15);
  seed(t, "regress-now-1e300", "0 7 1e300\n" + site + "\n" + r15);
  seed(t, "regress-now-minus-1e19", "0 7 -1e19\n" + site + "\n" + r15);
  seed(t, "now-inf", "0 7 inf\n" + site + "\n" + r15);
  seed(t, "now-nan", "0 7 nan\n" + site + "\n" + r15);
  // Regression: encode accepted timestamps past 2^40 that decode refuses (a record the site
  // writes but can never read back). Bytes laid out for recordFromBytes() in the target.
  std::string b;
  b += '\x20';                             // shape: first near 2^40, last = first + gap, expiry = last + life
  b += '\x03';                             // granted
  b += std::string("\x01\x00\x00\x00", 4); // revision 1
  b += '\x08';                             // id length 8
  b += "ABCDEFGH";
  b += std::string("\x0a\x00\x00\x00", 4); // first = 2^40 - 10
  b += std::string("\x05\x00\x00\x00", 4); // gap 5
  b += std::string("\xe8\x03\x00\x00", 4); // life 1000 - 50
  b += '\x00';                             // signals
  seed(t, "regress-encode-past-2pow40", b);
}

void blobSeeds() {
  const char* t = "fuzz_category_blob";
  const std::string& blob = fuzz::sampleDbBlob();
  seed(t, "raw-valid", std::string(1, '\0') + blob);
  seed(t, "fixup-valid", std::string(1, '\1') + blob);
  seed(t, "raw-truncated", std::string(1, '\0') + blob.substr(0, 40));
  seed(t, "raw-header-only", std::string(1, '\1') + blob.substr(0, 32));
  seed(t, "fixup-garbage", std::string(1, '\1') + "CSDB\x01\x00\x00\x00" + std::string(24, '\0') + "STRS");
  auto edits = [](std::initializer_list<std::array<uint8_t, 4>> list) {
    std::string s;
    for (const auto& e : list) s.append(reinterpret_cast<const char*>(e.data()), 4);
    return s;
  };
  // {offset lo, offset hi, op, value}: op 0 set, 1 xor, 2 u32 value, 3 u32 0xFFFFFFxx
  seed(t, "mutate-section-count", std::string(1, '\2') + edits({{20, 0, 2, 17}}));
  seed(t, "mutate-dir-offset", std::string(1, '\2') + edits({{36, 0, 3, 0xF0}}));
  seed(t, "mutate-dir-size", std::string(1, '\2') + edits({{40, 0, 2, 3}, {52, 0, 1, 0x08}}));
  seed(t, "mutate-vendor-string", std::string(1, '\2') + edits({{200, 0, 3, 0x00}, {204, 0, 2, 200}}));
  seed(t, "mutate-no-fixup", std::string(1, '\6') + edits({{100, 0, 1, 0x55}}));
  seed(t, "mutate-truncate", std::string(1, '\x0a') + edits({{0, 2, 0, 0}}));
  seed(t, "mutate-version", std::string(1, '\2') + edits({{4, 0, 0, 2}}));
  // The texts blob (bit 4): valid, truncated, another database's checksum, a text ref past the pool.
  const std::string& texts = fuzz::sampleTextsBlob();
  seed(t, "texts-raw-valid", std::string(1, '\x10') + texts);
  seed(t, "texts-raw-truncated", std::string(1, '\x10') + texts.substr(0, 60));
  seed(t, "texts-mutate-database-checksum", std::string(1, '\x12') + edits({{24, 0, 1, 0x01}}));
  seed(t, "texts-mutate-text-ref", std::string(1, '\x12') + edits({{80, 0, 3, 0x00}}));
  // Structure-aware recipes: {op, category, [vendor], storage, ...strings as length + bytes}.
  std::string r;
  r += std::string("\x00\x02\x00", 3) + "\x04" "acme" "\x04" "Acme" "\x00";            // vendor
  r += std::string("\x81\x02\x00\x00", 4) + "\x03" "_id" "\x00" "\x02" "1y";              // exact, vendor 0
  r += std::string("\x02\x03\x01", 3) + "\x04" "_ad_" "\x00";                             // prefix
  r += std::string("\x03\x01\x00", 3) + "\x05" "pk_#*" "\x00";                            // glob
  r += std::string("\x04\x03\x00", 3) + "\x01\x04" "trkr" "\x02";                          // host
  r += std::string("\x05\x00\x00", 3) + "\x00\x02" "co" "\x03\x00";                        // suffix rule
  r += std::string("\x06\x00\x00", 3) + "\x01\x03" "www" "\x03" "\x0arecaptcha/";   // host+path rule
  seed(t, "recipe-small", std::string(1, '\3') + r);
  seed(t, "recipe-psl-text", std::string(1, '\3') + std::string("\x06\x00\x00", 3) + "\x10" "co.uk\n*.ck\n!www.ck" "\x00");
}

void cookieBatchSeeds() {
  const char* t = "fuzz_cookie_batch";
  seed(t, "first-party-mix",
       "shop.example\n\n\n"
       "c\t_ga\t.shop.example\tGA1.2.123456789.1767225600\t63072000\n"
       "c\tsid\tshop.example\tq1w2e3\t0\n"
       "s\ttheme\t\tdark\t-1\n"
       "c\tPHPSESSID\t\tabc\t0\n"
       "c\tcsrftoken\tshop.example\tx\t31449600\n"
       "c\tcart_id\t\t42\t86400\n"
       "c\tlang\t\tde\t");
  seed(t, "decided-analytical",
       "www.example.com\nunknownCookie=analytical;preferences=1;cookie=mandatory:my_*\n5\n"
       "c\t_ga_ABC123\t.example.com\tGS1.1.1767225600.1.0\t63072000\n"
       "c\tmy_pref\t\t1\t\n"
       "c\tzzz_unknown\t\t\t\n"
       "s\t_hjSession_12345\t\t{}\t1800");
  seed(t, "third-party",
       "news.example\n\n15\n"
       "c\tfr\t.facebook.com\tx\t7776000\n"
       "c\tIDE\t.doubleclick.net\tAHWqTUm\t33696000\n"
       "c\tsession\t.tracker.test\t1\t0\n"
       "c\t_fbp\t.news.example\tfb.1.1596403881668.1116446470\t7776000");
  seed(t, "odd-records", "example.com\n\n\n\n\n\tnoname\t\n\t\t\t\t\t\t\t\nc\n\ts\nc\tx\t[::1]:80\t\t99999999999999999\n");
  seed(t, "bad-hosts", "EXAMPLE.com:8080\ncookie=ads:*;unknownCookie=necessary\n1\nc\tuid\ta..b\tv\t-5\nc\tuid\t.\t\t\nc\tuid\t%41.com\t\t");
}

void urlSeeds() {
  const char* t = "fuzz_url";
  seed(t, "tracker",
       "www.example.com\n\nhttps://www.google-analytics.com/analytics.js\n"
       "\thttps://cdn.example.com/app.js\n"
       "analytical\t//connect.facebook.net/en_US/fbevents.js\n"
       "!targeting\t/local.js\n"
       "bogus\thttps://x.test/\n"
       "\tdata:text/javascript,1");
  seed(t, "ipv6-port", "[2001:db8::1]:8443\n\nhttps://[2001:DB8::1]:443/p\n\thttp://[::1]/");
  seed(t, "userinfo", "good.example.com\n\nhttps://user:pw@evil.com@good.example.com/\n");
  seed(t, "userinfo-evil", "good.example.com\n\nhttps://good.example.com@evil.com/x\n");
  seed(t, "backslashes", "example.com\n\nhttps:\\\\\\evil.com\\x\n");
  seed(t, "percent", "example.com\n\nhttps://%65xample.com/\n\thttps://%zz.com/");
  seed(t, "idn", "bücher.de\n\nhttps://www.bücher.de/\n\thttps://xn--bcher-kva.de/");
  seed(t, "psl-private", "alice.github.io\n\nhttps://bob.github.io/x.js\n");
  seed(t, "psl-wildcard", "a.b.kawasaki.jp\n\nhttps://c.b.kawasaki.jp/\n\thttps://city.kawasaki.jp/");
  seed(t, "psl-exception", "www.ck\n\nhttps://x.www.ck/\n\thttps://foo.ck/");
  seed(t, "site-rule", "www.example.com\nhost=mandatory:cdn.example.net;unknownThirdParty=analytical\n"
                       "https://cdn.example.net/lib.js\n\thttps://unknown.test/");
  seed(t, "schemes", "example.com\n\nJavaScript:void(0)\n\tblob:https://example.com/uuid\n\tabout:blank\n"
                     "\tws://socket.example.com:9000/\n\tftp://files.example.org/\n\tmailto:a@b.c");
  seed(t, "ipv4", "192.168.0.1\n\nhttp://192.168.0.1:8080/\n\thttp://10.0.0.1/\n\thttp://1.2.3.4.5/");
  seed(t, "upper-port", "Example.COM.\n\nHTTP://WWW.EXAMPLE.COM:80/\n");
  seed(t, "whitespace", " example.com\n\n \t https://a.b.c/ \n\tht\ttps://split.example/");
  // Regressions: hosts with an empty last label ("a.." kept "a." with its trailing dot) and
  // bracketed non-IPv6 hosts / junk after ']' (both were accepted as hosts).
  seed(t, "regress-trailing-empty-label", "example.com..\n\nhttp://evil.com../\n\thttp://doubleclick.net../");
  seed(t, "path-rules", "www.example.com\n\nhttps://www.google.com/recaptcha/api.js?render=x\n"
                        "\thttps://www.gstatic.com/recaptcha/releases/abc/recaptcha__en.js\n"
                        "\thttps://www.google.com/pagead/1p-conversion/123/\n\thttps://www.google.com/maps/embed?pb=1");
  // Regression: dot segments were left in the path, so "/recaptcha/../pagead/..." matched the
  // mandatory reCAPTCHA path rule while the browser requests the ad-conversion path.
  seed(t, "regress-dot-segments", "www.example.com\n\nhttps://www.google.com/recaptcha/../pagead/1p-conversion/1/\n"
                                  "\thttps://www.google.com/recaptcha/%2E%2e/pagead/x\n"
                                  "\thttps://www.google.com\\recaptcha\\.\\..\\pagead\\x\n"
                                  "\thttps://www.google.com/recaptcha/./x/../../pagead/y?a=/../#/..");
  seed(t, "regress-bracket-not-ipv6", "example.com\n\nhttp://[abc]/\n\thttp://[::1]evil.com/\n\thttp://[1.2.3.4]/");
}

void classifierSeeds() {
  const char* t = "fuzz_classifier";
  seed(t, "ga-value", "\n_ga\nGA1.2.1.1\n.example.com\nwww.example.com\n63072000\nc");
  seed(t, "ga-prefix", "\n_ga_ABC123\nGS1.1\n\nexample.com\n0\nc");
  seed(t, "scoped-exact", "\nsid\nx\nshop.example\nshop.example\n0\nc");
  seed(t, "unscoped-exact-storage", "\nsid\nx\n\nother.example\n0\ns");
  seed(t, "glob", "\n_hjSession_123\n\n\nexample.com\n1800\ns");
  seed(t, "glob-scoped", "\nab12testZ\n\n\nwww.example.com\n\nc");
  seed(t, "tracker-domain", "\nuid\nx\n.doubleclick.net\nnews.example\n\nc");
  seed(t, "heuristic-session", "\nPHPSESSID\nabc\n\nexample.com\n0\nc");
  seed(t, "heuristic-third-party", "\nsession\n1\n.tracker.test\nexample.com\n0\nc");
  seed(t, "heuristic-csrf", "\nXSRF-TOKEN\nx\n\n\n\nc");
  seed(t, "heuristic-meta", "\nanything\nfb.1.1596403881668.1\n.cdn.test\nexample.com\n\na");
  seed(t, "site-rules", "cookie=mandatory:_ga;cookie=preferences:pref_*\n_GA\nGA1.2\n\nexample.com\n\nc");
  seed(t, "site-prefix", "cookie=preferences:pref_*;cookie=ads:PREF_X\nPREF_Xy\n\n\n\n\nc");
  seed(t, "unknown-policy", "unknownCookie=analytical\nzzz\n\n\nexample.com\n\nc");
  seed(t, "empty-name", "unknownCookie=preferences\n\nvalue\n\n\n\nc");
  seed(t, "psl-third-party", "\nuid\n1\n.bob.github.io\nalice.github.io\n\nc");
  // HttpOnly (8th field): a first-party session id only the server can have set, then the same
  // cookie readable by scripts, and a persistent one (server-side tagging ids are persistent).
  seed(t, "httponly-server-session", "\nzqvx\na1b2c3d4e5f6a7b8c9d0\n\nwww.example.com\n0\nc\n1");
  seed(t, "httponly-readable", "\nzqvx\na1b2c3d4e5f6a7b8c9d0\n\nwww.example.com\n0\nc\n0");
  seed(t, "httponly-persistent", "\nzqvx\na1b2c3d4e5f6a7b8c9d0\n\nwww.example.com\n31536000\nc\n1");
}

void policySeeds() {
  const char* t = "fuzz_policy";
  seed(t, "good",
       "unknownCookie=analytical;unknownThirdParty=mandatory;preferences=1;host=mandatory:cdn.example.net;"
       "cookie=preferences:theme_*;cookie=mandatory:sid");
  seed(t, "bad", "unknownCookie=allow;preferences=yes;host=bogus:a.com;cookie=analytical:;x=1;novalue");
  seed(t, "separators", ";;;=;==;unknownCookie=;unknownCookie==targeting");
  seed(t, "case", "UnknownCookie=mandatory;unknownCookie=Analytical;preferences=1;preferences=0");
  seed(t, "aliases", "unknownCookie=necessary;unknownThirdParty=ads;cookie=statistics:_pk_*;cookie=marketing:*");
  seed(t, "hosts", "host=ads:[::1]:80;host=essential:.Example.COM.;host=analytics:a..b;host=targeting:x:y");
  // Regression: an entry holding '\n' made Engine::configure report one problem on two lines.
  seed(t, "regress-newline-in-entry", "unknownCookie=mandatory\nunknownCookie=targeting;x\ny");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s <output dir>\n", argv[0]);
    return 2;
  }
  gRoot = argv[1];
  consentSeeds();
  blobSeeds();
  cookieBatchSeeds();
  urlSeeds();
  classifierSeeds();
  policySeeds();
  std::printf("wrote %zu seeds to %s\n", gCount, gRoot.c_str());
  return 0;
}
