// The stored consent record (the value of the consent cookie), encoded as cookie-safe text:
//
//   1.<granted>.<revision>.<consentId>.<first>.<last>.<expiry>.<signals>.<check>
//
//   1          format version
//   granted    decimal 4-bit category mask (bit 0, mandatory, always set)
//   revision   decimal config revision (0..999999999)
//   consentId  8..36 chars of [A-Za-z0-9_-], random per visitor, for the site's consent log
//   first,last base-36 Unix seconds of the first and latest choice
//   expiry     base-36 Unix seconds after which the record is void
//   signals    decimal bits: 1 GPC seen, 2 GPC honoured, 4 DNT seen, 8 DNT honoured
//   check      base-36 FNV-1a 32 over "<siteKey>|" + everything before ".<check>"
//
// The check binds the record to the site (another site's Consentry cookie on a shared parent
// domain does not validate) and catches truncation and corruption; it is not a secret (visitors
// may of course change their own choice). Anything that fails validation is "no consent": the
// visitor is asked again. A mirror of decode lives in js-glue/src/store.js for the synchronous
// bootstrap; tests/fixtures/consent-records.tsv keeps both in agreement.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace consentry {

constexpr int64_t kMaxRecordLifetimeSeconds = 396LL * 24 * 3600;  // 13 months
constexpr int64_t kClockSkewSeconds = 24 * 3600;
constexpr size_t kMaxRecordLength = 200;

struct ConsentRecord {
  uint8_t granted = 1;
  uint32_t revision = 0;
  std::string consentId;
  int64_t firstSeconds = 0, lastSeconds = 0, expirySeconds = 0;
  uint8_t signals = 0;
};

enum SignalBits : uint8_t { kGpcSeen = 1, kGpcHonoured = 2, kDntSeen = 4, kDntHonoured = 8 };

struct DecodeResult {
  bool valid = false;
  std::string error;  // why the record was rejected (empty when valid)
  ConsentRecord record;
};

// Returns "" when the record cannot be encoded (invalid fields); never a partial record.
std::string encodeConsentRecord(const ConsentRecord& r, std::string_view siteKey);
DecodeResult decodeConsentRecord(std::string_view text, std::string_view siteKey, uint32_t expectedRevision,
                                 int64_t nowSeconds);

}  // namespace consentry
