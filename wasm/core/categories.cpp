#include "categories.h"

namespace consentry {

std::string_view categoryName(Category c) {
  switch (c) {
    case Category::Mandatory: return "mandatory";
    case Category::Preferences: return "preferences";
    case Category::Analytical: return "analytical";
    case Category::Targeting: return "targeting";
  }
  return "mandatory";
}

bool parseCategory(std::string_view t, Category& out) {
  if (t == "mandatory" || t == "necessary" || t == "essential") { out = Category::Mandatory; return true; }
  if (t == "preferences" || t == "functionality") { out = Category::Preferences; return true; }
  if (t == "analytical" || t == "analytics" || t == "statistics") { out = Category::Analytical; return true; }
  if (t == "targeting" || t == "marketing" || t == "advertising" || t == "ads") { out = Category::Targeting; return true; }
  return false;
}

}  // namespace consentry
