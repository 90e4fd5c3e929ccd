#include "consent_record.h"

#include "hash.h"

namespace consentry {
namespace {

constexpr int64_t kMaxTimestamp = int64_t{1} << 40;  // largest base-36 timestamp decode accepts

bool idCharOk(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

std::string toBase36(uint64_t v) {
  static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  std::string s;
  do {
    s.insert(s.begin(), digits[v % 36]);
    v /= 36;
  } while (v);
  return s;
}

// Strict unsigned parse: no sign, no leading zeros (except "0"), no overflow past `max`.
bool parseUnsigned(std::string_view s, int base, uint64_t max, uint64_t& out) {
  if (s.empty() || s.size() > 20) return false;
  if (s.size() > 1 && s[0] == '0') return false;
  uint64_t v = 0;
  for (char c : s) {
    int d;
    if (c >= '0' && c <= '9') d = c - '0';
    else if (c >= 'a' && c <= 'z') d = c - 'a' + 10;
    else return false;
    if (d >= base) return false;
    if (v > (max - static_cast<uint64_t>(d)) / static_cast<uint64_t>(base)) return false;
    v = v * static_cast<uint64_t>(base) + static_cast<uint64_t>(d);
  }
  out = v;
  return true;
}

uint32_t recordCheck(std::string_view siteKey, std::string_view payload) {
  uint32_t h = fnv32(siteKey);
  h = fnv32("|", h);
  return fnv32(payload, h);
}

bool fieldsValid(const ConsentRecord& r, std::string& error) {
  if ((r.granted & 1) == 0 || r.granted > 15) return error = "granted mask out of range", false;
  if (r.revision > 999999999u) return error = "revision out of range", false;
  if (r.consentId.size() < 8 || r.consentId.size() > 36) return error = "consent id length", false;
  for (char c : r.consentId)
    if (!idCharOk(c)) return error = "consent id character", false;
  if (r.firstSeconds <= 0 || r.lastSeconds < r.firstSeconds || r.expirySeconds <= r.lastSeconds)
    return error = "timestamps out of order", false;
  if (r.expirySeconds - r.lastSeconds > kMaxRecordLifetimeSeconds) return error = "lifetime over 13 months", false;
  // decode reads timestamps up to 2^40 only: never write a record that cannot be read back.
  if (r.expirySeconds > kMaxTimestamp) return error = "timestamp out of range", false;
  if (r.signals > 15) return error = "signals out of range", false;
  return true;
}

}  // namespace

std::string encodeConsentRecord(const ConsentRecord& r, std::string_view siteKey) {
  std::string error;
  if (!fieldsValid(r, error)) return "";
  std::string payload = "1." + std::to_string(r.granted) + "." + std::to_string(r.revision) + "." + r.consentId +
                        "." + toBase36(static_cast<uint64_t>(r.firstSeconds)) + "." +
                        toBase36(static_cast<uint64_t>(r.lastSeconds)) + "." +
                        toBase36(static_cast<uint64_t>(r.expirySeconds)) + "." + std::to_string(r.signals);
  return payload + "." + toBase36(recordCheck(siteKey, payload));
}

DecodeResult decodeConsentRecord(std::string_view text, std::string_view siteKey, uint32_t expectedRevision,
                                 int64_t nowSeconds) {
  DecodeResult res;
  auto fail = [&](const char* why) {
    res = DecodeResult();
    res.error = why;
    return res;
  };
  if (text.empty()) return fail("no record");
  if (text.size() > kMaxRecordLength) return fail("record too long");
  std::string_view f[9];
  size_t n = 0, pos = 0;
  while (true) {
    size_t dot = text.find('.', pos);
    if (n == 9) return fail("too many fields");
    f[n++] = text.substr(pos, dot == std::string_view::npos ? std::string_view::npos : dot - pos);
    if (dot == std::string_view::npos) break;
    pos = dot + 1;
  }
  if (n != 9) return fail("wrong number of fields");
  if (f[0] != "1") return fail("unknown format version");
  size_t checkAt = text.size() - f[8].size() - 1;
  uint64_t check = 0;
  if (!parseUnsigned(f[8], 36, 0xFFFFFFFFull, check)) return fail("bad check field");
  if (static_cast<uint32_t>(check) != recordCheck(siteKey, text.substr(0, checkAt)))
    return fail("check mismatch (tampered, truncated or another site's record)");
  uint64_t granted, revision, first, last, expiry, signals;
  if (!parseUnsigned(f[1], 10, 15, granted)) return fail("bad granted field");
  if (!parseUnsigned(f[2], 10, 999999999, revision)) return fail("bad revision field");
  const uint64_t maxTime = static_cast<uint64_t>(kMaxTimestamp);
  if (!parseUnsigned(f[4], 36, maxTime, first) || !parseUnsigned(f[5], 36, maxTime, last) ||
      !parseUnsigned(f[6], 36, maxTime, expiry))
    return fail("bad timestamp field");
  if (!parseUnsigned(f[7], 10, 15, signals)) return fail("bad signals field");
  ConsentRecord r;
  r.granted = static_cast<uint8_t>(granted);
  r.revision = static_cast<uint32_t>(revision);
  r.consentId = std::string(f[3]);
  r.firstSeconds = static_cast<int64_t>(first);
  r.lastSeconds = static_cast<int64_t>(last);
  r.expirySeconds = static_cast<int64_t>(expiry);
  r.signals = static_cast<uint8_t>(signals);
  std::string error;
  if (!fieldsValid(r, error)) {
    res.error = error;
    return res;
  }
  if (r.revision != expectedRevision) return fail("config revision changed");
  if (r.expirySeconds <= nowSeconds) return fail("expired");
  if (r.lastSeconds > nowSeconds + kClockSkewSeconds) return fail("timestamp in the future");
  res.valid = true;
  res.record = std::move(r);
  return res;
}

}  // namespace consentry
