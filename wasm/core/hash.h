// FNV-1a hashes used for every keyed table in the category blob. Names are hashed lowercased;
// hosts are hashed right to left (reversed bytes) so that one pass over a host yields the hash of
// each of its label suffixes ("com", "example.com", "www.example.com").
#pragma once
#include <cstdint>
#include <string_view>

#include "ascii.h"

namespace consentry {

constexpr uint64_t kFnvOffset64 = 1469598103934665603ull;
constexpr uint64_t kFnvPrime64 = 1099511628211ull;
constexpr uint32_t kFnvOffset32 = 2166136261u;
constexpr uint32_t kFnvPrime32 = 16777619u;

// Always inlined, like ascii.h: under -Oz it would otherwise stay a call per byte hashed.
[[gnu::always_inline]] inline uint64_t fnv64Step(uint64_t h, char c) {
  return (h ^ static_cast<uint8_t>(c)) * kFnvPrime64;
}

// Hash of a name, ASCII-lowercased. Never returns 0 (0 means "no scope" in the tables).
inline uint64_t nameHash(std::string_view s) {
  uint64_t h = kFnvOffset64;
  for (char c : s) h = fnv64Step(h, asciiLower(c));
  return h ? h : 1;
}

// Hash of a host suffix, computed over its bytes from right to left (lowercased).
inline uint64_t hostHash(std::string_view host) {
  uint64_t h = kFnvOffset64;
  for (size_t i = host.size(); i-- > 0;) h = fnv64Step(h, asciiLower(host[i]));
  return h ? h : 1;
}

inline uint32_t fnv32(std::string_view s, uint32_t h = kFnvOffset32) {
  for (char c : s) h = (h ^ static_cast<uint8_t>(c)) * kFnvPrime32;
  return h;
}

}  // namespace consentry
