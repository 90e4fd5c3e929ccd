// Consent categories and the bit masks that carry a set of them.
// Order is fixed (it is part of the blob and consent-record formats): mandatory=0,
// preferences=1, analytical=2, targeting=3. A granted set is a 4-bit mask; bit 0 is always set.
#pragma once
#include <cstdint>
#include <string_view>

namespace consentry {

enum class Category : uint8_t { Mandatory = 0, Preferences = 1, Analytical = 2, Targeting = 3 };
constexpr int kCategoryCount = 4;
constexpr uint8_t kMandatoryBit = 1;
constexpr uint8_t kAllCategoriesMask = 0x0F;

constexpr uint8_t categoryBit(Category c) { return static_cast<uint8_t>(1u << static_cast<uint8_t>(c)); }

std::string_view categoryName(Category c);
// Accepts "mandatory", "preferences", "analytical", "targeting" and the aliases other consent
// managers use in their markup ("necessary", "functional"(=mandatory in OCD terms is NOT accepted
// here), "statistics", "marketing", "analytics", "ads"). Returns false for anything else.
bool parseCategory(std::string_view text, Category& out);

}  // namespace consentry
