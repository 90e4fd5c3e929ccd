// ASCII character classes and case folding for the parsers and hashes (names, hosts, URLs,
// cookie values). Always inlined: under -Oz (the wasm build) each would otherwise stay a call,
// one per byte of every name, host and value looked at.
#pragma once

namespace consentry {

[[gnu::always_inline]] constexpr char asciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }
[[gnu::always_inline]] constexpr bool isLower(char c) { return c >= 'a' && c <= 'z'; }
[[gnu::always_inline]] constexpr bool isUpper(char c) { return c >= 'A' && c <= 'Z'; }
[[gnu::always_inline]] constexpr bool isDigit(char c) { return c >= '0' && c <= '9'; }
[[gnu::always_inline]] constexpr bool isAlpha(char c) { return isLower(c) || isUpper(c); }
[[gnu::always_inline]] constexpr bool isAlnum(char c) { return isAlpha(c) || isDigit(c); }
[[gnu::always_inline]] constexpr bool isHex(char c) { return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

}  // namespace consentry
