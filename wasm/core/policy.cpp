#include "policy.h"

#include "hash.h"
#include "host.h"

namespace consentry {
namespace {

// At most 64 bytes of the input for an error message, control characters replaced, so that each
// problem stays on one line (Engine::configure reports them one per line).
std::string excerpt(std::string_view s) {
  std::string out(s.substr(0, 64));
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  return out;
}

}  // namespace

Policy parsePolicy(std::string_view text, std::vector<std::string>& errors) {
  Policy p;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find(';', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view entry = text.substr(pos, end - pos);
    pos = end + 1;
    if (entry.empty()) continue;
    size_t eq = entry.find('=');
    if (eq == std::string_view::npos) {
      errors.push_back("policy entry without '=': " + excerpt(entry));
      continue;
    }
    std::string_view key = entry.substr(0, eq), value = entry.substr(eq + 1);
    Category c;
    if (key == "unknownCookie" || key == "unknownThirdParty") {
      if (!parseCategory(value, c)) {
        errors.push_back(std::string(key) + ": not a category: " + excerpt(value));
        continue;
      }
      (key == "unknownCookie" ? p.unknownCookie : p.unknownThirdParty) = c;
    } else if (key == "preferences") {
      if (value == "1") p.preferencesEnabled = true;
      else if (value == "0") p.preferencesEnabled = false;
      else errors.push_back("preferences: expected 0 or 1");
    } else if (key == "host" || key == "cookie") {
      size_t colon = value.find(':');
      if (colon == std::string_view::npos || !parseCategory(value.substr(0, colon), c)) {
        errors.push_back(std::string(key) + ": expected <category>:<value>: " + excerpt(value));
        continue;
      }
      std::string_view target = value.substr(colon + 1);
      if (key == "host") {
        std::string host;
        bool isIp = false;
        if (!normalizeHost(target, host, isIp)) {
          errors.push_back("host: invalid host: " + excerpt(target));
          continue;
        }
        p.hosts.push_back({hostHash(host), c});
      } else {
        if (target.empty() || target == "*") {
          errors.push_back("cookie: empty name");
          continue;
        }
        NameOverride o{0, {}, c};
        if (target.back() == '*') {
          for (char ch : target.substr(0, target.size() - 1)) o.prefix.push_back(asciiLower(ch));
        } else {
          o.hash = nameHash(target);
        }
        p.cookies.push_back(std::move(o));
      }
    } else {
      errors.push_back("unknown policy key: " + excerpt(key));
    }
  }
  return p;
}

}  // namespace consentry
