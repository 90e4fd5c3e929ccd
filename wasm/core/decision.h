// The one decision every script, iframe, pixel, request and cookie write goes through.
#pragma once
#include <cstdint>
#include <string_view>

#include "categories.h"
#include "policy.h"

namespace consentry {

enum class Verdict : uint8_t { Allow, Block, Hold };
std::string_view verdictName(Verdict v);

struct ConsentState {
  bool decided = false;  // a valid consent record exists for the current revision
  uint8_t granted = kMandatoryBit;
};

// `inverted` is the "!category" markup: run only when that category is refused.
// Until the visitor has decided, everything that needs consent is held (never run, never lost).
// With preferences switched off for the site, preferences items need the analytical grant.
Verdict decide(Category category, bool inverted, const ConsentState& state, const Policy& policy);

}  // namespace consentry
