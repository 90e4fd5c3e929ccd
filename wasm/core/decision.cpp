#include "decision.h"

namespace consentry {

std::string_view verdictName(Verdict v) {
  switch (v) {
    case Verdict::Allow: return "allow";
    case Verdict::Block: return "block";
    case Verdict::Hold: return "hold";
  }
  return "hold";
}

Verdict decide(Category category, bool inverted, const ConsentState& state, const Policy& policy) {
  if (category == Category::Preferences && !policy.preferencesEnabled) category = Category::Analytical;
  if (category == Category::Mandatory) return inverted ? Verdict::Block : Verdict::Allow;
  if (!state.decided) return Verdict::Hold;
  bool granted = (state.granted & categoryBit(category)) != 0;
  if (inverted) granted = !granted;
  return granted ? Verdict::Allow : Verdict::Block;
}

}  // namespace consentry
