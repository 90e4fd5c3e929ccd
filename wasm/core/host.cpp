#include "host.h"

#include "hash.h"

namespace consentry {
namespace {

bool isAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool isDigit(char c) { return c >= '0' && c <= '9'; }

int hexDigit(char h) {
  if (h >= '0' && h <= '9') return h - '0';
  h = asciiLower(h);
  return h >= 'a' && h <= 'f' ? h - 'a' + 10 : -1;
}

// The path the server will see, for path-scoped rules: percent-encoded unreserved characters
// decoded (RFC 3986 6.2.2.2: "%70agead" is "pagead", "%2e" is "."), then "." and ".." segments
// resolved as the browser does before sending. Without this "/recaptcha/../pagead/x" matched the
// "/recaptcha/" rule while the browser requests "/pagead/x". `raw` starts with '/'.
std::string normalizePath(std::string_view raw) {
  std::string p;
  p.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i] == '\\' ? '/' : raw[i];
    if (c == '%' && i + 2 < raw.size() && hexDigit(raw[i + 1]) >= 0 && hexDigit(raw[i + 2]) >= 0) {
      char d = static_cast<char>(hexDigit(raw[i + 1]) * 16 + hexDigit(raw[i + 2]));
      if (isAlpha(d) || isDigit(d) || d == '-' || d == '.' || d == '_' || d == '~') {
        p.push_back(d);
        i += 2;
        continue;
      }
    }
    p.push_back(c);
  }
  std::string out;
  out.reserve(p.size());
  for (size_t pos = 1;;) {
    size_t slash = p.find('/', pos);
    bool last = slash == std::string::npos;
    std::string_view seg = std::string_view(p).substr(pos, last ? std::string::npos : slash - pos);
    if (seg == "..") {
      out.resize(out.empty() ? 0 : out.rfind('/'));
      if (last) out.push_back('/');
    } else if (seg == ".") {
      if (last) out.push_back('/');
    } else {
      out.push_back('/');
      out.append(seg);
    }
    if (last) break;
    pos = slash + 1;
  }
  return out;
}

bool looksLikeIpv4(std::string_view h) {
  int dots = 0, digitsInPart = 0;
  for (char c : h) {
    if (c == '.') {
      if (digitsInPart == 0) return false;
      ++dots;
      digitsInPart = 0;
    } else if (isDigit(c)) {
      if (++digitsInPart > 3) return false;
    } else {
      return false;
    }
  }
  return dots == 3 && digitsInPart > 0;
}

}  // namespace

bool normalizeHost(std::string_view in, std::string& out, bool& isIp) {
  out.clear();
  isIp = false;
  if (!in.empty() && in.front() == '.') in.remove_prefix(1);
  if (!in.empty() && in.front() == '[') {  // IPv6 literal, possibly with a port after ']'
    size_t close = in.find(']');
    if (close == std::string_view::npos || close < 2) return false;
    std::string_view inner = in.substr(1, close - 1);
    // An IPv6 address always has a ':', and only a port may follow the ']' ("[abc]" and
    // "[::1]evil.com" are not hosts).
    if (inner.find(':') == std::string_view::npos) return false;
    std::string_view after = in.substr(close + 1);
    if (!after.empty() && after.front() != ':') return false;
    for (size_t i = 1; i < after.size(); ++i)
      if (!isDigit(after[i])) return false;
    for (char c : inner) {
      if (!(isDigit(c) || (asciiLower(c) >= 'a' && asciiLower(c) <= 'f') || c == ':' || c == '.')) return false;
    }
    out.reserve(inner.size());
    for (char c : inner) out.push_back(asciiLower(c));
    isIp = true;
    return true;
  }
  size_t colon = std::string_view::npos;
  for (size_t i = 0; i < in.size(); ++i)
    if (in[i] == ':') { colon = i; break; }
  if (colon != std::string_view::npos) {
    for (size_t i = colon + 1; i < in.size(); ++i)
      if (!isDigit(in[i])) return false;
    in = in.substr(0, colon);
  }
  if (!in.empty() && in.back() == '.') in.remove_suffix(1);
  if (in.empty() || in.size() > 253) return false;
  char prev = '.';
  for (char c : in) {
    unsigned char u = static_cast<unsigned char>(c);
    bool ok = isAlpha(c) || isDigit(c) || c == '-' || c == '_' || c == '.' || u >= 0x80;
    if (!ok) return false;
    if (c == '.' && prev == '.') return false;  // empty label
    prev = c;
  }
  if (prev == '.') return false;  // empty last label: "a.." is not "a." (only one trailing dot is allowed)
  out.resize(in.size());
  for (size_t i = 0; i < in.size(); ++i) out[i] = asciiLower(in[i]);
  isIp = looksLikeIpv4(out);
  return true;
}

UrlInfo parseUrl(std::string_view url) {
  UrlInfo info;
  // Browsers strip leading/trailing C0 controls and spaces, and remove tabs/newlines inside.
  while (!url.empty() && static_cast<unsigned char>(url.front()) <= 0x20) url.remove_prefix(1);
  while (!url.empty() && static_cast<unsigned char>(url.back()) <= 0x20) url.remove_suffix(1);
  std::string cleaned;
  bool hasBreaks = false;
  for (char c : url) hasBreaks |= (c == '\t' || c == '\r' || c == '\n');
  if (hasBreaks) {
    for (char c : url)
      if (c != '\t' && c != '\r' && c != '\n') cleaned.push_back(c);
    url = cleaned;
  }
  if (url.empty()) {
    info.kind = UrlKind::Relative;
    return info;
  }
  // Backslashes act like slashes in special URLs.
  auto isSlash = [](char c) { return c == '/' || c == '\\'; };

  std::string_view rest = url;
  std::string scheme;
  size_t i = 0;
  if (isAlpha(url[0])) {
    while (i < url.size() && (isAlpha(url[i]) || isDigit(url[i]) || url[i] == '+' || url[i] == '-' || url[i] == '.')) ++i;
    if (i < url.size() && url[i] == ':') {
      for (size_t k = 0; k < i; ++k) scheme.push_back(asciiLower(url[k]));
      rest = url.substr(i + 1);
    }
  }
  if (!scheme.empty()) {
    bool special = scheme == "http" || scheme == "https" || scheme == "ws" || scheme == "wss" || scheme == "ftp";
    if (!special) {
      // data:, blob: (made by the page itself), javascript:, about:, mailto: ... reach no host.
      info.kind = UrlKind::Local;
      return info;
    }
    // Special schemes: any number of slashes before the authority.
    while (!rest.empty() && isSlash(rest.front())) rest.remove_prefix(1);
  } else {
    if (rest.size() >= 2 && isSlash(rest[0]) && isSlash(rest[1])) {
      rest.remove_prefix(2);  // protocol-relative
    } else {
      info.kind = UrlKind::Relative;
      return info;
    }
  }
  size_t end = 0;
  while (end < rest.size() && !isSlash(rest[end]) && rest[end] != '?' && rest[end] != '#') ++end;
  std::string_view authority = rest.substr(0, end);
  size_t at = authority.rfind('@');
  if (at != std::string_view::npos) authority = authority.substr(at + 1);
  if (authority.empty()) {
    info.error = "URL has no host";
    return info;
  }
  // Percent-encoded hosts are decoded by browsers; decode the simple ASCII cases.
  std::string decoded;
  if (authority.find('%') != std::string_view::npos) {
    for (size_t k = 0; k < authority.size(); ++k) {
      char c = authority[k];
      if (c == '%') {
        auto hex = [](char h) -> int {
          if (h >= '0' && h <= '9') return h - '0';
          h = asciiLower(h);
          if (h >= 'a' && h <= 'f') return h - 'a' + 10;
          return -1;
        };
        int hi = k + 2 < authority.size() ? hex(authority[k + 1]) : -1;
        int lo = k + 2 < authority.size() ? hex(authority[k + 2]) : -1;
        if (hi < 0 || lo < 0) {
          info.error = "bad percent-encoding in host";
          return info;
        }
        decoded.push_back(static_cast<char>(hi * 16 + lo));
        k += 2;
        continue;
      }
      decoded.push_back(c);
    }
    authority = decoded;
  }
  if (!normalizeHost(authority, info.host, info.isIp)) {
    info.host.clear();
    info.error = "invalid host";
    return info;
  }
  size_t pathEnd = end;
  while (pathEnd < rest.size() && rest[pathEnd] != '?' && rest[pathEnd] != '#') ++pathEnd;
  if (pathEnd > end) {
    info.path = normalizePath(rest.substr(end, pathEnd - end));
  } else {
    info.path = "/";
  }
  info.kind = UrlKind::Network;
  return info;
}

HostSuffixes::HostSuffixes(std::string_view h) : host(h) {
  // One right-to-left pass: the running hash at each label boundary is the hash of that suffix.
  uint32_t rev[kMaxLabels];
  uint64_t revHash[kMaxLabels];
  int n = 0;
  uint64_t acc = kFnvOffset64;
  for (size_t i = h.size(); i-- > 0;) {
    if (h[i] == '.' && n < kMaxLabels) {
      rev[n] = static_cast<uint32_t>(i + 1);
      revHash[n] = acc ? acc : 1;
      ++n;
    }
    acc = fnv64Step(acc, asciiLower(h[i]));
  }
  if (!h.empty() && n < kMaxLabels) {
    rev[n] = 0;
    revHash[n] = acc ? acc : 1;
    ++n;
  }
  count = n;
  for (int k = 0; k < n; ++k) {  // longest suffix first
    start[k] = rev[n - 1 - k];
    hash[k] = revHash[n - 1 - k];
  }
}

}  // namespace consentry
