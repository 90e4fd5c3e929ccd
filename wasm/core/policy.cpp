#include "policy.h"

#include "hash.h"
#include "host.h"

namespace consentry {

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
      errors.push_back("policy entry without '=': " + std::string(entry.substr(0, 64)));
      continue;
    }
    std::string_view key = entry.substr(0, eq), value = entry.substr(eq + 1);
    Category c;
    if (key == "unknownCookie" || key == "unknownThirdParty") {
      if (!parseCategory(value, c)) {
        errors.push_back(std::string(key) + ": not a category: " + std::string(value.substr(0, 64)));
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
        errors.push_back(std::string(key) + ": expected <category>:<value>: " + std::string(value.substr(0, 64)));
        continue;
      }
      std::string_view target = value.substr(colon + 1);
      if (key == "host") {
        std::string host;
        bool isIp = false;
        if (!normalizeHost(target, host, isIp)) {
          errors.push_back("host: invalid host: " + std::string(target.substr(0, 64)));
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
      errors.push_back("unknown policy key: " + std::string(key.substr(0, 64)));
    }
  }
  return p;
}

}  // namespace consentry
