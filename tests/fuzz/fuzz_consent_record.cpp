// fuzz_consent_record: the consent cookie decoder (decodeConsentRecord and Engine::decodeConsent,
// which JavaScript calls with the raw cookie value and a double `now`) and the encoder.
//
// Input: "<flags> <revision> <now>\n<siteKey>\n<record text...>"
//   flags bit 0: before decoding, replace the record's last '.'-field with the correct check for
//                the rest (the harness computes it), so mutations reach the field parsers instead
//                of stopping at the check.
//   revision:    expected config revision (decimal, wraps to 32 bits)
//   now:         decimal seconds for decodeConsentRecord (saturating), and the same token parsed
//                as a double (strtod: "1e300", "inf", "nan" ...) for Engine::decodeConsent.
// The whole input is also read as bytes to build a ConsentRecord for the encode->decode round trip.
//
// Invariants:
//   * decode valid  => granted has bit 0 and is <= 15, revision == expected, the record is live at
//                      `now`, and encode(record, siteKey) gives back exactly the input text (so the
//                      decoder never returns a grant its input did not encode)
//   * decode invalid => an error is given and the result carries no grant beyond mandatory
//   * Engine::decodeConsent says "valid" only when decodeConsentRecord does, with the same fields
//   * encode(r) is non-empty exactly when r meets the documented field rules, is at most
//     kMaxRecordLength long, and decode(encode(r)) at now = r.lastSeconds is valid and equal
//     field by field; Engine::encodeConsent of the same fields gives the same text.
#include <cmath>
#include <cstdlib>
#include <string>

#include "core/consent_record.h"
#include "core/engine.h"
#include "core/hash.h"
#include "fuzz_common.h"

using namespace consentry;
using namespace consentry::fuzz;

namespace {

std::string base36(uint64_t v) {
  static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  std::string s;
  do {
    s.insert(s.begin(), digits[v % 36]);
    v /= 36;
  } while (v);
  return s;
}

uint32_t checkOf(std::string_view siteKey, std::string_view payload) {
  return fnv32(payload, fnv32("|", fnv32(siteKey)));
}

bool idOk(const std::string& id) {
  if (id.size() < 8 || id.size() > 36) return false;
  for (char c : id)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
      return false;
  return true;
}

// The field rules of consent_record.h, written out independently. Timestamps must also fit the
// decoder's range (base-36 values up to 2^40), or the encoder would write a record that never
// decodes.
bool documentedValid(const ConsentRecord& r) {
  const int64_t maxTime = int64_t{1} << 40;
  return (r.granted & 1) && r.granted <= 15 && r.revision <= 999999999u && idOk(r.consentId) &&
         r.firstSeconds > 0 && r.lastSeconds >= r.firstSeconds && r.expirySeconds > r.lastSeconds &&
         r.expirySeconds <= maxTime && r.expirySeconds - r.lastSeconds <= kMaxRecordLifetimeSeconds &&
         r.signals <= 15;
}

bool sameRecord(const ConsentRecord& a, const ConsentRecord& b) {
  return a.granted == b.granted && a.revision == b.revision && a.consentId == b.consentId &&
         a.firstSeconds == b.firstSeconds && a.lastSeconds == b.lastSeconds && a.expirySeconds == b.expirySeconds &&
         a.signals == b.signals;
}

// How Engine::decodeConsent is documented to turn JavaScript's double into seconds: non-finite
// values count as 0, finite values are truncated and clamped to the int64 range.
int64_t engineNow(double now) {
  if (!std::isfinite(now)) return 0;
  if (now >= 9223372036854775807.0) return std::numeric_limits<int64_t>::max();
  if (now <= -9223372036854775808.0) return std::numeric_limits<int64_t>::min();
  return static_cast<int64_t>(now);
}

void checkDecode(std::string_view text, std::string_view siteKey, uint32_t revision, int64_t now) {
  DecodeResult d = decodeConsentRecord(text, siteKey, revision, now);
  if (!d.valid) {
    FUZZ_CHECK(!d.error.empty(), "invalid record without a reason");
    FUZZ_CHECK(d.record.granted == 1, "rejected record carries granted=%u", d.record.granted);
    return;
  }
  const ConsentRecord& r = d.record;
  FUZZ_CHECK(d.error.empty(), "valid record with error '%s'", d.error.c_str());
  FUZZ_CHECK((r.granted & 1) && r.granted <= 15, "granted mask %u", r.granted);
  FUZZ_CHECK(r.revision == revision, "revision %u, expected %u", r.revision, revision);
  FUZZ_CHECK(r.signals <= 15, "signals %u", r.signals);
  FUZZ_CHECK(documentedValid(r), "decoded record breaks the field rules");
  FUZZ_CHECK(r.expirySeconds > now, "expired record accepted");
  FUZZ_CHECK(static_cast<__int128>(r.lastSeconds) <= static_cast<__int128>(now) + kClockSkewSeconds,
             "record from the future accepted");
  std::string again = encodeConsentRecord(r, siteKey);
  FUZZ_CHECK(again == text, "encode(decode(x)) != x:\n  in:  '%.*s'\n  out: '%s'", static_cast<int>(text.size()),
             text.data(), again.c_str());
}

void checkEngineDecode(std::string_view text, std::string_view siteKey, uint32_t revision, double nowD) {
  static Engine engine;
  std::string out = engine.decodeConsent(text, siteKey, revision, nowD);
  bool valid = out.rfind("valid\t", 0) == 0;
  FUZZ_CHECK(valid || out.rfind("invalid\t", 0) == 0, "engine output '%s'", out.c_str());
  DecodeResult d = decodeConsentRecord(text, siteKey, revision, engineNow(nowD));
  FUZZ_CHECK(valid == d.valid, "engine says %s, decoder says %s (now %g)", valid ? "valid" : "invalid",
             d.valid ? "valid" : "invalid", nowD);
  if (!valid) return;
  const ConsentRecord& c = d.record;
  std::string expect = "valid\t" + std::to_string(c.granted) + "\t" + std::to_string(c.revision) + "\t" + c.consentId +
                       "\t" + std::to_string(c.firstSeconds) + "\t" + std::to_string(c.lastSeconds) + "\t" +
                       std::to_string(c.expirySeconds) + "\t" + std::to_string(c.signals);
  FUZZ_CHECK(out == expect, "engine '%s' != decoder '%s'", out.c_str(), expect.c_str());
}

int64_t wrappingAdd(int64_t a, int64_t b) {  // two's-complement wrap, no UB in the harness itself
  return static_cast<int64_t>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b));
}

// A record from raw bytes, biased so that roughly half of them are encodable.
ConsentRecord recordFromBytes(ByteReader& in) {
  static const char idChars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-";
  ConsentRecord r;
  uint8_t shape = in.u8();
  r.granted = static_cast<uint8_t>(in.u8() & ((shape & 1) ? 0xFF : 0x0F));
  if (!(shape & 2)) r.granted |= 1;
  r.revision = in.u32();
  if (!(shape & 4)) r.revision %= 1000000000u;
  size_t idLen = in.u8() % 40;
  for (size_t i = 0; i < idLen; ++i) {
    uint8_t b = in.u8();
    r.consentId.push_back((shape & 8) && (b & 0x80) ? static_cast<char>(b) : idChars[b % 64]);
  }
  switch ((shape >> 4) & 3) {
    case 0: r.firstSeconds = 1500000000 + static_cast<int64_t>(in.u32()); break;
    case 1: r.firstSeconds = static_cast<int64_t>(in.u64()); break;  // anything, negative included
    case 2: r.firstSeconds = (int64_t{1} << 40) - static_cast<int64_t>(in.u32() % 100000000); break;
    default: r.firstSeconds = static_cast<int64_t>(in.u64() >> (in.u8() % 64)); break;
  }
  int64_t gap = static_cast<int64_t>(in.u32() % 100000000);
  r.lastSeconds = (shape & 64) ? static_cast<int64_t>(in.u64()) : wrappingAdd(r.firstSeconds, gap);
  int64_t life = static_cast<int64_t>(in.u32() % static_cast<uint32_t>(kMaxRecordLifetimeSeconds + 100)) - 50;
  r.expirySeconds = (shape & 128) ? static_cast<int64_t>(in.u64()) : wrappingAdd(r.lastSeconds, life);
  r.signals = static_cast<uint8_t>(in.u8() & 31);
  return r;
}

void checkRoundTrip(const ConsentRecord& r, std::string_view siteKey) {
  std::string text = encodeConsentRecord(r, siteKey);
  bool should = documentedValid(r);
  FUZZ_CHECK(!text.empty() == should, "encode %s a record the field rules %s (first %lld last %lld expiry %lld)",
             text.empty() ? "refused" : "accepted", should ? "allow" : "forbid",
             static_cast<long long>(r.firstSeconds), static_cast<long long>(r.lastSeconds),
             static_cast<long long>(r.expirySeconds));
  if (text.empty()) return;
  FUZZ_CHECK(text.size() <= kMaxRecordLength, "encoded record is %zu bytes", text.size());
  DecodeResult d = decodeConsentRecord(text, siteKey, r.revision, r.lastSeconds);
  FUZZ_CHECK(d.valid, "decode(encode(r)) rejected: %s ('%s')", d.error.c_str(), text.c_str());
  FUZZ_CHECK(sameRecord(d.record, r), "decode(encode(r)) differs from r ('%s')", text.c_str());

  // The JS-facing encoder takes the same fields as text.
  static Engine engine;
  std::string packed = std::to_string(r.granted) + "\t" + std::to_string(r.revision) + "\t" + r.consentId + "\t" +
                       std::to_string(r.firstSeconds) + "\t" + std::to_string(r.lastSeconds) + "\t" +
                       std::to_string(r.expirySeconds) + "\t" + std::to_string(r.signals);
  std::string viaEngine = engine.encodeConsent(packed, siteKey);
  FUZZ_CHECK(viaEngine.empty() || viaEngine == text, "Engine::encodeConsent '%s' != '%s'", viaEngine.c_str(),
             text.c_str());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input = asView(data, size);
  auto lines = splitFields(input, '\n', 3);
  auto head = splitFields(lines[0], ' ', 3);
  unsigned flags = parseU32Wrapping(head[0]);
  uint32_t revision = parseU32Wrapping(head[1]);
  int64_t now = parseI64Saturating(head[2]);
  std::string nowText(head[2].substr(0, 64));
  double nowD = std::strtod(nowText.c_str(), nullptr);
  std::string_view siteKey = lines[1];
  std::string text(lines[2]);

  if ((flags & 1) && text.find('.') != std::string::npos) {
    size_t dot = text.rfind('.');
    text = text.substr(0, dot + 1) + base36(checkOf(siteKey, std::string_view(text).substr(0, dot)));
  }
  checkDecode(text, siteKey, revision, now);
  checkEngineDecode(text, siteKey, revision, nowD);

  ByteReader bytes(data, size);
  checkRoundTrip(recordFromBytes(bytes), siteKey);
  return 0;
}
