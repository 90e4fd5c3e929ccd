// The batched boundary. Every call takes many items packed as text (records separated by '\n',
// fields by '\t') and returns packed results in the same order, one line per input record, so a
// page pays one boundary crossing per batch, not per cookie or per field. wasm/bindings.cpp
// exposes exactly these methods; the native CLI and tests call them directly.
//
//   classifyCookies  in:  kind \t name \t domain \t value \t expirySeconds    (kind: c cookie, s storage)
//                    out: category \t verdict \t reason \t rule \t vendorId \t vendorName \t detailId
//   classifyUrls     in:  declared \t url      (declared: "", "<category>" or "!<category>", aliases ok)
//                    out: category \t verdict \t reason \t party \t host \t vendorId \t vendorName
//   describe         in:  v<vendorIndex> | V<vendorId> | d<detailId>
//                    out: name \t purpose \t retention   (purpose and retention come from the
//                         texts blob, loadTexts: empty until it is loaded)
//   registrableDomains in: one host or URL per line
//                    out: its registrable domain (eTLD+1), "" when it has no host
//   decodeConsent    out: "valid" \t granted \t revision \t id \t first \t last \t expiry \t signals
//                         or "invalid" \t reason
//   encodeConsent    in:  granted \t revision \t id \t first \t last \t expiry \t signals
//                    out: the record, or "" when a field is invalid
// Input fields must not contain '\t' or '\n' (the JS bridge replaces them with spaces).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "category_db.h"
#include "classifier.h"
#include "decision.h"
#include "policy.h"

namespace consentry {

class Engine {
 public:
  // "" on success, else the reason. A failed load leaves the engine with no database: nothing
  // matches, so every third-party item falls to the (strict) unknown policy.
  std::string loadDatabase(std::string_view bytes);
  // "" on success, else the reason: the texts blob of the loaded database (describe's purposes
  // and retention). Without it everything else works and those fields are empty.
  std::string loadTexts(std::string_view bytes);
  // Returns the policy's problems, one per line ("" when clean). Bad entries are ignored.
  std::string configure(std::string_view policyText);
  void setConsent(bool decided, uint8_t granted);

  const std::string& classifyCookies(std::string_view pageHost, std::string_view packed);
  const std::string& classifyUrls(std::string_view pageHost, std::string_view packed);
  const std::string& describe(std::string_view packed);
  const std::string& registrableDomains(std::string_view packed);
  std::string decodeConsent(std::string_view value, std::string_view siteKey, uint32_t revision, double nowSeconds);
  std::string encodeConsent(std::string_view packedFields, std::string_view siteKey);
  std::string info() const;

  const CategoryDb& db() const { return db_; }
  const Policy& policy() const { return policy_; }
  Classifier classifier() const { return Classifier(db_, policy_); }

 private:
  CategoryDb db_;
  Policy policy_;
  ConsentState consent_;
  std::string out_;
};

// Splits "a\tb\tc" into at most N fields (missing ones are empty). Used by the engine and CLI.
template <size_t N>
void splitFields(std::string_view line, std::string_view (&fields)[N]) {
  size_t pos = 0;
  for (size_t i = 0; i < N; ++i) {
    if (pos > line.size()) { fields[i] = {}; continue; }
    size_t tab = (i + 1 == N) ? std::string_view::npos : line.find('\t', pos);
    fields[i] = line.substr(pos, tab == std::string_view::npos ? std::string_view::npos : tab - pos);
    pos = tab == std::string_view::npos ? line.size() + 1 : tab + 1;
  }
}

}  // namespace consentry
