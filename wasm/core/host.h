// Host and URL handling: extracting the host from any URL a page can request, normalising it,
// and splitting it into label suffixes (most specific first) with their right-to-left hashes.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace consentry {

enum class UrlKind : uint8_t {
  Network,   // has a host: http(s), ws(s), protocol-relative
  Relative,  // no scheme, no authority: same origin as the page
  Local,     // data:, blob:, about:, javascript: ... no network request to a third party
  Invalid,   // could not be parsed; callers must fail closed
};

struct UrlInfo {
  UrlKind kind = UrlKind::Invalid;
  std::string host;   // normalised: lowercase, no brackets, no trailing dot, no port
  std::string path;   // Network URLs: the path ("/" when empty), without query or fragment
  bool isIp = false;  // IPv4 or IPv6 literal
  std::string error;  // set when kind == Invalid
};

// Parses a URL as found in src/href attributes and request APIs. Never throws.
UrlInfo parseUrl(std::string_view url);

// Normalises a bare host (cookie Domain attribute, page hostname): strips one leading '.',
// a trailing '.', brackets and port; lowercases. Returns false (and leaves `out` empty) when the
// host has characters no host can have.
bool normalizeHost(std::string_view in, std::string& out, bool& isIp);

constexpr int kMaxLabels = 32;

// The label suffixes of a host, longest (the host itself) first.
// For "a.b.example.com": "a.b.example.com", "b.example.com", "example.com", "com".
struct HostSuffixes {
  int count = 0;
  uint32_t start[kMaxLabels];   // byte offset where each suffix starts in the host
  uint64_t hash[kMaxLabels];    // hostHash() of each suffix
  std::string_view host;

  explicit HostSuffixes(std::string_view h);
  std::string_view suffix(int i) const { return host.substr(start[i]); }
};

}  // namespace consentry
