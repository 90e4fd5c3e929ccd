// What a site owner configures about things the database does not know, and site-specific
// overrides. Parsed from a compact "key=value;key=value" string that the JS side builds from the
// validated config (parsePolicy never fails open: bad parts are reported and ignored).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "categories.h"

namespace consentry {

struct HostOverride {
  uint64_t hash;  // hostHash(host): matches the host and its subdomains
  Category category;
};

struct NameOverride {
  uint64_t hash;  // nameHash(name) for exact names
  std::string prefix;  // non-empty: prefix rule instead
  Category category;
};

struct Policy {
  Category unknownCookie = Category::Targeting;      // strict default: needs the strictest consent
  Category unknownThirdParty = Category::Targeting;  // same for unknown third-party hosts
  bool preferencesEnabled = false;  // off: preferences items need the analytical grant
  std::vector<HostOverride> hosts;  // site's own declarations, checked before the database
  std::vector<NameOverride> cookies;
};

// Grammar: entries separated by ';', each "key=value":
//   unknownCookie=mandatory|preferences|analytical|targeting
//   unknownThirdParty=mandatory|preferences|analytical|targeting
//   preferences=0|1
//   host=<category>:<host>        (repeatable)
//   cookie=<category>:<name>      (repeatable; a trailing '*' makes it a prefix)
// Unknown keys and bad values are collected in `errors` and leave the strict default in place.
Policy parsePolicy(std::string_view text, std::vector<std::string>& errors);

}  // namespace consentry
