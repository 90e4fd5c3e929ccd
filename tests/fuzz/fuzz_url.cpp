// fuzz_url: parseUrl + Classifier::classifyUrl on arbitrary strings (IDN bytes, IPv6 literals,
// ports, userinfo, percent-encoding, backslashes, odd schemes), and Engine::classifyUrls.
//
// Input: "<pageHost>\n<policy>\n<url>\n<packed declared\turl records...>"
//
// Invariants:
//   parseUrl   Invalid => non-empty error and no host; otherwise no error. Network => a non-empty
//              host with no uppercase ASCII, no '/', '\\', '@', '?', '#', '%', brackets, spaces or
//              control bytes, no empty label, no ':' unless it is an IPv6 literal (then only hex
//              digits, ':' and '.'); isIp without ':' means a dotted quad. Normalising is a fixed
//              point: parseUrl("http://<host>/") gives the same host back.
//   classifyUrl  Invalid => party invalid, the policy's unknownThirdParty category; Local/Relative
//              => mandatory; a Network URL classified as first-party has a host on the page's
//              registrable domain (equal to it or a subdomain of it), and that registrable domain is
//              not a bare public suffix unless host and page are the same; tracker-host / unknown /
//              site-rule reasons are backed by the database / policy.
//   classifyUrls  one output line per record, 7 fields, known category/verdict/reason/party, and
//              an unknown declared category never yields mandatory or an inverted decision.
#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "core/classifier.h"
#include "core/engine.h"
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

bool endsWithLabel(std::string_view host, std::string_view domain) {
  if (host == domain) return true;
  return host.size() > domain.size() && host.substr(host.size() - domain.size()) == domain &&
         host[host.size() - domain.size() - 1] == '.';
}

bool dottedQuad(std::string_view h) {
  int parts = 0, digits = 0;
  for (char c : h) {
    if (c == '.') {
      if (!digits) return false;
      ++parts;
      digits = 0;
    } else if (c >= '0' && c <= '9' && digits < 3) {
      ++digits;
    } else {
      return false;
    }
  }
  return parts == 3 && digits;
}

#define SHOW(s) static_cast<int>((s).size()), (s).data()

void checkParsed(std::string_view url, const UrlInfo& u) {
  if (u.kind == UrlKind::Invalid) {
    FUZZ_CHECK(!u.error.empty(), "Invalid URL without an error: '%.*s'", SHOW(url));
    FUZZ_CHECK(u.host.empty(), "Invalid URL with a host");
    return;
  }
  FUZZ_CHECK(u.error.empty(), "valid URL with error '%s'", u.error.c_str());
  if (u.kind != UrlKind::Network) {
    FUZZ_CHECK(u.host.empty() && !u.isIp, "non-network URL with a host");
    return;
  }
  const std::string& h = u.host;
  FUZZ_CHECK(!h.empty(), "Network URL with an empty host: '%.*s'", SHOW(url));
  bool colon = h.find(':') != std::string::npos;
  for (char ch : h) {
    auto c = static_cast<unsigned char>(ch);
    FUZZ_CHECK(!(c >= 'A' && c <= 'Z'), "uppercase in host '%s'", h.c_str());
    FUZZ_CHECK(c > 0x20 && c != 0x7f, "control byte or space in host '%s' from '%.*s'", h.c_str(), SHOW(url));
    FUZZ_CHECK(std::string_view("/\\@?#%[]").find(ch) == std::string_view::npos, "'%c' in host '%s' from '%.*s'",
               ch, h.c_str(), SHOW(url));
    if (colon) FUZZ_CHECK((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c == ':' || c == '.',
                          "IPv6 host '%s'", h.c_str());
  }
  if (colon) FUZZ_CHECK(u.isIp, "':' in non-IP host '%s' from '%.*s'", h.c_str(), SHOW(url));
  if (u.isIp && !colon) FUZZ_CHECK(dottedQuad(h), "isIp for '%s' from '%.*s'", h.c_str(), SHOW(url));
  if (!colon) {
    FUZZ_CHECK(h.front() != '.' && h.back() != '.' && h.find("..") == std::string::npos,
               "empty label in host '%s' from '%.*s'", h.c_str(), SHOW(url));
    FUZZ_CHECK(h.size() <= 253, "host of %zu bytes", h.size());
  }
  // The path is what the browser will request: rooted, '/' separators, dot segments resolved
  // (or a path rule for "/recaptcha/" would also cover "/recaptcha/../pagead/...").
  const std::string& path = u.path;
  FUZZ_CHECK(!path.empty() && path[0] == '/', "path '%s' from '%.*s'", path.c_str(), SHOW(url));
  FUZZ_CHECK(path.find_first_of("\\?#") == std::string::npos, "path '%s' from '%.*s'", path.c_str(), SHOW(url));
  for (size_t pos = 1; pos <= path.size();) {
    size_t slash = path.find('/', pos);
    if (slash == std::string::npos) slash = path.size();
    std::string_view seg = std::string_view(path).substr(pos, slash - pos);
    FUZZ_CHECK(seg != "." && seg != "..", "dot segment left in path '%s' from '%.*s'", path.c_str(), SHOW(url));
    pos = slash + 1;
  }
  UrlInfo again = parseUrl(colon ? "http://[" + h + "]/" : "http://" + h + "/");
  FUZZ_CHECK(again.kind == UrlKind::Network && again.host == h && again.isIp == u.isIp,
             "host '%s' does not normalise to itself (got '%s')", h.c_str(), again.host.c_str());
}

// Reference for the path a server sees, written the way the standards put it: the browser
// (WHATWG URL) turns '\\' into '/' and resolves segments that are ".", "..", or those with dots
// written "%2e"; the server then decodes percent-encoded unreserved characters (RFC 3986 6.2.2.2).
std::string referencePath(std::string_view raw) {
  auto lower = [](std::string_view s) {
    std::string l;
    for (char ch : s) l.push_back(asciiLower(ch));
    return l;
  };
  std::vector<std::string> segs;
  std::string in(raw);
  for (char& ch : in)
    if (ch == '\\') ch = '/';
  size_t pos = 1;
  while (true) {
    size_t slash = in.find('/', pos);
    bool last = slash == std::string::npos;
    std::string seg = in.substr(pos, last ? std::string::npos : slash - pos), l = lower(seg);
    if (l == ".." || l == ".%2e" || l == "%2e." || l == "%2e%2e") {
      if (!segs.empty()) segs.pop_back();
      if (last) segs.push_back("");
    } else if (l == "." || l == "%2e") {
      if (last) segs.push_back("");
    } else {
      segs.push_back(seg);
    }
    if (last) break;
    pos = slash + 1;
  }
  std::string joined;
  for (const auto& seg : segs) joined += "/" + seg;
  std::string out;
  for (size_t k = 0; k < joined.size(); ++k) {
    if (joined[k] == '%' && k + 2 < joined.size() && isxdigit(static_cast<unsigned char>(joined[k + 1])) &&
        isxdigit(static_cast<unsigned char>(joined[k + 2]))) {
      char d = static_cast<char>(std::stoi(joined.substr(k + 1, 2), nullptr, 16));
      if (isalnum(static_cast<unsigned char>(d)) || d == '-' || d == '.' || d == '_' || d == '~') {
        out.push_back(d);
        k += 2;
        continue;
      }
    }
    out.push_back(joined[k]);
  }
  return out;
}

// `text` used as the path of a URL on a host with path rules: the parsed path must be the
// reference path, and the host classification must be the one for that path.
void checkPath(const Classifier& cls, std::string_view text) {
  std::string p = "/";
  for (char ch : text)
    if (static_cast<unsigned char>(ch) > 0x20 && ch != '?' && ch != '#') p.push_back(ch);
  std::string url = "https://www.google.com" + p;
  UrlInfo u = parseUrl(url);
  FUZZ_CHECK(u.kind == UrlKind::Network, "'%s' did not parse", url.c_str());
  std::string want = referencePath(p);
  FUZZ_CHECK(u.path == want, "path of '%s' is '%s', the server sees '%s'", url.c_str(), u.path.c_str(), want.c_str());
  UrlClassification c = cls.classifyUrl(url, "www.example.com");
  HostMatch m = db().matchHost(HostSuffixes("www.google.com"), want);
  if (c.reason != Reason::SiteRule)
    FUZZ_CHECK(m.found == (c.reason == Reason::TrackerHost) && (!m.found || m.category == c.category),
               "'%s' classified %s/%s", url.c_str(), std::string(categoryName(c.category)).c_str(),
               std::string(reasonName(c.reason)).c_str());
}

void checkClassified(const Classifier& cls, const Policy& policy, std::string_view url, std::string_view pageHost,
                     const UrlInfo& u) {
  UrlClassification c = cls.classifyUrl(url, pageHost);
  switch (u.kind) {
    case UrlKind::Invalid:
      FUZZ_CHECK(c.party == Party::Invalid && c.category == policy.unknownThirdParty &&
                     c.reason == Reason::InvalidInput,
                 "invalid URL classified as %s/%s", std::string(partyName(c.party)).c_str(),
                 std::string(categoryName(c.category)).c_str());
      return;
    case UrlKind::Local:
      FUZZ_CHECK(c.party == Party::Local && c.category == Category::Mandatory && c.reason == Reason::Local, "local");
      return;
    case UrlKind::Relative:
      FUZZ_CHECK(c.party == Party::First && c.category == Category::Mandatory && c.reason == Reason::FirstParty,
                 "relative");
      return;
    case UrlKind::Network: break;
  }
  FUZZ_CHECK(c.host == u.host, "classified host '%s' != parsed host '%s'", c.host.c_str(), u.host.c_str());
  FUZZ_CHECK(c.party == Party::First || c.party == Party::Third, "network URL party %s",
             std::string(partyName(c.party)).c_str());
  if (c.party == Party::First) {
    std::string page;
    bool ip = false;
    FUZZ_CHECK(normalizeHost(pageHost, page, ip), "first-party '%s' on an invalid page host '%.*s'", u.host.c_str(),
               SHOW(pageHost));
    std::string rd(cls.registrableDomain(page));
    FUZZ_CHECK(!rd.empty() && endsWithLabel(page, rd), "registrable domain '%s' of page '%s'", rd.c_str(),
               page.c_str());
    FUZZ_CHECK(endsWithLabel(u.host, rd), "first-party host '%s' is not on '%s' (page '%s', url '%.*s')",
               u.host.c_str(), rd.c_str(), page.c_str(), SHOW(url));
    if (u.host != page && rd.find(':') == std::string::npos) {
      HostSuffixes s(rd);
      FUZZ_CHECK(s.count > db().publicSuffixLabels(s),
                 "'%s' and '%s' called first-party via the public suffix '%s'", u.host.c_str(), page.c_str(),
                 rd.c_str());
    }
  }
  HostSuffixes s(u.host);
  switch (c.reason) {
    case Reason::FirstParty:
      FUZZ_CHECK(c.party == Party::First && c.category == Category::Mandatory, "first-party reason");
      break;
    case Reason::TrackerHost: {
      HostMatch m = db().matchHost(s, u.path);
      FUZZ_CHECK(c.party == Party::Third && m.found && m.category == c.category && m.vendor == c.vendor,
                 "tracker-host reason not backed by the database");
      break;
    }
    case Reason::Unknown:
      FUZZ_CHECK(c.party == Party::Third && c.category == policy.unknownThirdParty, "unknown reason");
      break;
    case Reason::SiteRule: {
      bool backed = false;
      for (const auto& o : policy.hosts)
        for (int k = 0; k < s.count; ++k)
          if (s.hash[k] == o.hash && o.category == c.category) backed = true;
      FUZZ_CHECK(backed, "site-rule reason without a matching host override");
      break;
    }
    default: FUZZ_CHECK(false, "reason %s for a network URL", std::string(reasonName(c.reason)).c_str());
  }
}

std::string_view field(std::string_view line, size_t index) {
  for (size_t i = 0; i < index; ++i) {
    size_t tab = line.find('\t');
    if (tab == std::string_view::npos) return {};
    line.remove_prefix(tab + 1);
  }
  return line.substr(0, line.find('\t'));
}

void checkEngine(std::string_view pageHostRaw, std::string_view policy, std::string_view packed) {
  static Engine engine = [] {
    Engine e;
    FUZZ_CHECK(e.loadDatabase(sampleDbBlob()).empty(), "sample database");
    return e;
  }();
  engine.configure(policy);
  std::string pageHost(pageHostRaw);  // the JS bridge never passes '\t' or '\n' inside a field
  for (char& ch : pageHost)
    if (ch == '\t') ch = ' ';
  std::string out = engine.classifyUrls(pageHost, packed);
  size_t records = packed.empty() ? 0 : 1;
  for (char ch : packed) records += ch == '\n';
  size_t lines = out.empty() && !records ? 0 : 1;
  for (char ch : out) lines += ch == '\n';
  FUZZ_CHECK(lines == records, "%zu output lines for %zu records", lines, records);
  std::string_view rest = out, in = packed;
  for (size_t i = 0; i < records; ++i) {
    std::string_view line = rest.substr(0, rest.find('\n'));
    rest.remove_prefix(std::min(rest.size(), line.size() + 1));
    std::string_view record = in.substr(0, in.find('\n'));
    in.remove_prefix(std::min(in.size(), record.size() + 1));
    size_t tabs = 0;
    for (char ch : line) tabs += ch == '\t';
    FUZZ_CHECK(tabs == 6, "line %zu has %zu fields: '%.*s'", i, tabs + 1, SHOW(line));
    std::string_view cat = field(line, 0), verdict = field(line, 1), reason = field(line, 2), party = field(line, 3);
    FUZZ_CHECK(isCategoryName(cat) && isVerdictName(verdict) && isReasonName(reason), "line '%.*s'", SHOW(line));
    FUZZ_CHECK(party == "first" || party == "third" || party == "local" || party == "invalid", "party '%.*s'",
               SHOW(party));
    size_t tab = record.find('\t');
    std::string_view recordUrl = tab == std::string_view::npos ? std::string_view() : record.substr(tab + 1);
    checkParsed(recordUrl, parseUrl(recordUrl));
    std::string_view declared = field(record, 0);
    bool inverted = false;
    if (!declared.empty() && declared[0] == '!') {
      declared.remove_prefix(1);
      inverted = true;
    }
    Category dc;
    if (!field(record, 0).empty() && !categoryFromText(declared, dc)) {
      FUZZ_CHECK(cat != "mandatory" && reason == "invalid", "unknown declared category '%.*s' gave %.*s/%.*s",
                 SHOW(field(record, 0)), SHOW(cat), SHOW(reason));
      inverted = false;
    }
    // Consent is undecided in this engine: mandatory runs (or is blocked when inverted), the rest waits.
    std::string_view expect = cat == "mandatory" ? (inverted ? "block" : "allow") : "hold";
    FUZZ_CHECK(verdict == expect, "line %zu: '%.*s' for record '%.*s'", i, SHOW(line), SHOW(record));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto f = splitFields(asView(data, size), '\n', 4);
  std::string_view pageHost = f[0], policyText = f[1], url = f[2], packed = f[3];
  std::vector<std::string> errors;
  Policy policy = parsePolicy(policyText, errors);
  Classifier cls(db(), policy);

  UrlInfo u = parseUrl(url);
  checkParsed(url, u);
  checkClassified(cls, policy, url, pageHost, u);
  // The same URL against the page's own host, and the page host as a URL.
  UrlInfo p = parseUrl(pageHost);
  checkParsed(pageHost, p);
  checkClassified(cls, policy, pageHost, url, p);
  checkPath(cls, url);
  checkEngine(pageHost, policyText, packed);
  return 0;
}
