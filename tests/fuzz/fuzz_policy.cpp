// fuzz_policy: parsePolicy (and Engine::configure) on arbitrary text. The policy string is built
// by the JS side from the validated site config, but whatever arrives must never fail open.
//
// Input: the policy text.
//
// Invariants, against an independent reading of the grammar in policy.h:
//   * unknownCookie / unknownThirdParty keep the strict default (targeting) unless a well-formed
//     "unknownCookie=<category>" / "unknownThirdParty=<category>" entry is present (the last one
//     wins); preferences stays off unless "preferences=1" is the last well-formed preferences entry
//   * host and cookie overrides are exactly the well-formed entries, in order, with the right
//     category, hash and prefix (nothing extra is granted by garbage)
//   * every non-empty entry is either accepted or reported by exactly one error, and
//     Engine::configure reports one problem per line.
#include <string>
#include <vector>

#include "core/engine.h"
#include "core/hash.h"
#include "core/host.h"
#include "core/policy.h"
#include "fuzz_common.h"

using namespace consentry;
using namespace consentry::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text = asView(data, size);
  std::vector<std::string> errors;
  Policy p = parsePolicy(text, errors);

  Policy want;  // defaults: strict
  size_t entries = 0, accepted = 0;
  std::string_view rest = text;
  while (true) {
    size_t semi = rest.find(';');
    std::string_view entry = rest.substr(0, semi);
    if (!entry.empty()) {
      ++entries;
      size_t eq = entry.find('=');
      std::string_view key = eq == std::string_view::npos ? entry : entry.substr(0, eq);
      std::string_view value = eq == std::string_view::npos ? std::string_view() : entry.substr(eq + 1);
      Category c;
      if (eq == std::string_view::npos) {
        // no '=': an error
      } else if (key == "unknownCookie" || key == "unknownThirdParty") {
        if (categoryFromText(value, c)) {
          (key == "unknownCookie" ? want.unknownCookie : want.unknownThirdParty) = c;
          ++accepted;
        }
      } else if (key == "preferences") {
        if (value == "0" || value == "1") {
          want.preferencesEnabled = value == "1";
          ++accepted;
        }
      } else if (key == "host" || key == "cookie") {
        size_t colon = value.find(':');
        if (colon != std::string_view::npos && categoryFromText(value.substr(0, colon), c)) {
          std::string_view target = value.substr(colon + 1);
          if (key == "host") {
            std::string h;
            bool ip = false;
            if (normalizeHost(target, h, ip)) {
              want.hosts.push_back({hostHash(h), c});
              ++accepted;
            }
          } else if (!target.empty() && target != "*") {
            NameOverride o{0, {}, c};
            if (target.back() == '*') {
              for (char ch : target.substr(0, target.size() - 1)) o.prefix.push_back(asciiLower(ch));
            } else {
              o.hash = nameHash(target);
            }
            want.cookies.push_back(o);
            ++accepted;
          }
        }
      }
    }
    if (semi == std::string_view::npos) break;
    rest.remove_prefix(semi + 1);
  }

  auto name = [](Category c) { return std::string(categoryName(c)); };
  FUZZ_CHECK(p.unknownCookie == want.unknownCookie, "unknownCookie %s, expected %s", name(p.unknownCookie).c_str(),
             name(want.unknownCookie).c_str());
  FUZZ_CHECK(p.unknownThirdParty == want.unknownThirdParty, "unknownThirdParty %s, expected %s",
             name(p.unknownThirdParty).c_str(), name(want.unknownThirdParty).c_str());
  FUZZ_CHECK(p.preferencesEnabled == want.preferencesEnabled, "preferences %d, expected %d", p.preferencesEnabled,
             want.preferencesEnabled);
  FUZZ_CHECK(p.hosts.size() == want.hosts.size(), "%zu host overrides, expected %zu", p.hosts.size(),
             want.hosts.size());
  for (size_t i = 0; i < p.hosts.size(); ++i)
    FUZZ_CHECK(p.hosts[i].hash == want.hosts[i].hash && p.hosts[i].category == want.hosts[i].category,
               "host override %zu", i);
  FUZZ_CHECK(p.cookies.size() == want.cookies.size(), "%zu cookie overrides, expected %zu", p.cookies.size(),
             want.cookies.size());
  for (size_t i = 0; i < p.cookies.size(); ++i) {
    const auto &a = p.cookies[i], &b = want.cookies[i];
    FUZZ_CHECK(a.hash == b.hash && a.prefix == b.prefix && a.category == b.category, "cookie override %zu", i);
    FUZZ_CHECK(a.prefix.empty() == (a.hash != 0), "cookie override %zu is neither exact nor prefix", i);
  }
  FUZZ_CHECK(errors.size() == entries - accepted, "%zu errors for %zu rejected entries", errors.size(),
             entries - accepted);
  for (const auto& e : errors) FUZZ_CHECK(!e.empty(), "empty error message");

  static Engine engine;
  std::string report = engine.configure(text);
  size_t lines = report.empty() ? 0 : 1;
  for (char c : report) lines += c == '\n';
  FUZZ_CHECK(lines == errors.size(), "Engine::configure reports %zu lines for %zu problems", lines, errors.size());
  return 0;
}
