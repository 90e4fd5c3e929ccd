#include "host.h"

#include "hash.h"

namespace consentry {
namespace {

int hexDigit(char h) {
  if (h >= '0' && h <= '9') return h - '0';
  h = asciiLower(h);
  return h >= 'a' && h <= 'f' ? h - 'a' + 10 : -1;
}

// The path the server will see, for path-scoped rules: percent-encoded unreserved characters
// decoded (RFC 3986 6.2.2.2: "%70agead" is "pagead", "%2e" is "."), then "." and ".." segments
// resolved as the browser does before sending. Without this "/recaptcha/../pagead/x" matched the
// "/recaptcha/" rule while the browser requests "/pagead/x". `raw` starts with '/'.
// Both passes write through a pointer into a buffer sized up front: this runs once per URL, and
// in the wasm build (-Oz) every push_back or operator[] is an out-of-line call.
std::string normalizePath(std::string_view raw) {
  const char* r = raw.data();
  const size_t n = raw.size();
  // Paths up to 512 bytes (nearly all) are worked on the stack: no allocation, no zero-filling.
  char stackIn[512], stackOut[513];
  std::string heapIn, heapOut;
  char* w = n <= sizeof(stackIn) ? stackIn : (heapIn.resize(n), &heapIn[0]);
  size_t len = 0;
  for (size_t i = 0; i < n; ++i) {
    char c = r[i] == '\\' ? '/' : r[i];
    if (c == '%' && i + 2 < n && hexDigit(r[i + 1]) >= 0 && hexDigit(r[i + 2]) >= 0) {
      char d = static_cast<char>(hexDigit(r[i + 1]) * 16 + hexDigit(r[i + 2]));
      if (isAlpha(d) || isDigit(d) || d == '-' || d == '.' || d == '_' || d == '~') {
        w[len++] = d;
        i += 2;
        continue;
      }
    }
    w[len++] = c;
  }
  // Resolving segments never lengthens the path: each kept segment is copied with the '/' before
  // it, a "." or ".." segment is dropped (a last one leaves its '/').
  char* o = len + 1 <= sizeof(stackOut) ? stackOut : (heapOut.resize(len + 1), &heapOut[0]);
  size_t olen = 0;
  for (size_t pos = 1;;) {
    size_t slash = pos;
    while (slash < len && w[slash] != '/') ++slash;
    const bool last = slash >= len;  // then slash == len
    const size_t segLen = slash - pos;  // pos <= len always
    const char* seg = w + pos;
    if (segLen == 2 && seg[0] == '.' && seg[1] == '.') {
      while (olen > 0 && o[olen - 1] != '/') --olen;
      if (olen > 0) --olen;  // the '/' before the dropped segment
      if (last) o[olen++] = '/';
    } else if (segLen == 1 && seg[0] == '.') {
      if (last) o[olen++] = '/';
    } else {
      o[olen++] = '/';
      for (size_t k = 0; k < segLen; ++k) o[olen + k] = seg[k];
      olen += segLen;
    }
    if (last) break;
    pos = slash + 1;
  }
  return std::string(o, olen);
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
  // Raw pointers for the per-character scans (see parseUrl).
  size_t colon = std::string_view::npos;
  const char* hp = in.data();
  const size_t hn = in.size();
  for (size_t i = 0; i < hn; ++i)
    if (hp[i] == ':') { colon = i; break; }
  if (colon != std::string_view::npos) {
    for (size_t i = colon + 1; i < hn; ++i)
      if (!isDigit(hp[i])) return false;
    in = in.substr(0, colon);
  }
  if (!in.empty() && in.back() == '.') in.remove_suffix(1);
  if (in.empty() || in.size() > 253) return false;
  char prev = '.';
  for (const char *p = in.data(), *e = p + in.size(); p != e; ++p) {
    const char c = *p;
    unsigned char u = static_cast<unsigned char>(c);
    bool ok = isAlpha(c) || isDigit(c) || c == '-' || c == '_' || c == '.' || u >= 0x80;
    if (!ok) return false;
    if (c == '.' && prev == '.') return false;  // empty label
    prev = c;
  }
  if (prev == '.') return false;  // empty last label: "a.." is not "a." (only one trailing dot is allowed)
  out.resize(in.size());
  char* o = &out[0];
  const char* src = in.data();
  for (size_t i = 0, n = in.size(); i < n; ++i) o[i] = asciiLower(src[i]);
  isIp = looksLikeIpv4(out);
  return true;
}

UrlInfo parseUrl(std::string_view url) {
  UrlInfo info;
  // Browsers strip leading/trailing C0 controls and spaces, and remove tabs/newlines inside.
  while (!url.empty() && static_cast<unsigned char>(url.front()) <= 0x20) url.remove_prefix(1);
  while (!url.empty() && static_cast<unsigned char>(url.back()) <= 0x20) url.remove_suffix(1);
  // Scans go through raw pointers: string_view's operator[] and iterators stay out of line in
  // the wasm build (-Oz), and this runs once per URL.
  std::string cleaned;
  bool hasBreaks = false;
  for (const char *c = url.data(), *e = c + url.size(); c != e; ++c) hasBreaks |= (*c == '\t' || *c == '\r' || *c == '\n');
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
  bool hasScheme = false, special = false;
  size_t i = 0;
  if (isAlpha(url[0])) {
    const char* u = url.data();
    const size_t un = url.size();
    while (i < un && (isAlpha(u[i]) || isDigit(u[i]) || u[i] == '+' || u[i] == '-' || u[i] == '.')) ++i;
    if (i < un && u[i] == ':') {
      hasScheme = true;
      char lower[5];  // the special schemes are at most 5 letters
      if (i <= sizeof(lower)) {
        for (size_t k = 0; k < i; ++k) lower[k] = asciiLower(u[k]);
        std::string_view scheme(lower, i);
        special = scheme == "http" || scheme == "https" || scheme == "ws" || scheme == "wss" || scheme == "ftp";
      }
      rest = url.substr(i + 1);
    }
  }
  if (hasScheme) {
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
  const char* rp = rest.data();
  const size_t rn = rest.size();
  size_t end = 0;
  while (end < rn && !isSlash(rp[end]) && rp[end] != '?' && rp[end] != '#') ++end;
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
        int hi = k + 2 < authority.size() ? hexDigit(authority[k + 1]) : -1;
        int lo = k + 2 < authority.size() ? hexDigit(authority[k + 2]) : -1;
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
  while (pathEnd < rn && rp[pathEnd] != '?' && rp[pathEnd] != '#') ++pathEnd;
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
