// consentry-cli: the native command-line face of the core.
//   consentry-cli classify [--db FILE | --full] [--policy TEXT] < lines.jsonl > out.jsonl
//     Each input line is a JSON object: a cookie ("name", "domain", "site", optional "path",
//     "updates": [{"value", "expiry", "session", "http_only"}...], optional "storage": true for a
//     storage key; only the first update is used, "http_only" where the caller knows it)
//     or a URL ("url", "site"). The line is written back with "category" and "reason" added
//     (plus "rule" for heuristics, "vendor" when known, "party" for URLs). An input "category"
//     (a label) is kept as "labelled_category".
//     Bad lines: "line N: reason" on stderr; processing continues; exit status 1 if any.
//   consentry-cli info [--db FILE | --full]
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "core/classifier.h"
#include "core/host.h"
#include "core/engine.h"

#ifndef CONSENTRY_DEFAULT_DB
#define CONSENTRY_DEFAULT_DB "consentry-core.cdb"
#endif
#ifndef CONSENTRY_FULL_DB
#define CONSENTRY_FULL_DB "consentry-full.cdb"
#endif

using nlohmann::ordered_json;

namespace {

int usage() {
  std::cerr << "usage:\n"
               "  consentry-cli classify [--db FILE | --full] [--policy TEXT] < in.jsonl > out.jsonl\n"
               "  consentry-cli info [--db FILE | --full]\n"
               "The default database is the compact one the browser gets by default:\n  " CONSENTRY_DEFAULT_DB "\n";
  return 2;
}

std::string hostOf(const std::string& site) {
  // "site" may be a bare host or a URL.
  if (site.find("://") == std::string::npos) return site;
  consentry::UrlInfo u = consentry::parseUrl(site);
  return u.host;
}

std::string stringField(const ordered_json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return "";
  if (!it->is_string()) throw std::runtime_error(std::string("\"") + key + "\" must be a string");
  return it->get<std::string>();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage();
  std::string command = argv[1];
  std::string dbPath = CONSENTRY_DEFAULT_DB, policy;
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--db" && i + 1 < argc) dbPath = argv[++i];
    else if (a == "--full") dbPath = CONSENTRY_FULL_DB;
    else if (a == "--policy" && i + 1 < argc) policy = argv[++i];
    else return usage();
  }
  std::ifstream dbFile(dbPath, std::ios::binary);
  if (!dbFile) {
    std::cerr << "consentry-cli: cannot read category database " << dbPath << "\n";
    return 2;
  }
  std::stringstream bytes;
  bytes << dbFile.rdbuf();
  consentry::Engine engine;
  std::string error = engine.loadDatabase(bytes.str());
  if (!error.empty()) {
    std::cerr << "consentry-cli: " << dbPath << ": " << error << "\n";
    return 2;
  }
  std::string policyErrors = engine.configure(policy);
  if (!policyErrors.empty()) std::cerr << "consentry-cli: policy: " << policyErrors << "\n";

  if (command == "info") {
    std::cout << engine.info() << "\n";
    return 0;
  }
  if (command != "classify") return usage();

  consentry::Classifier cls = engine.classifier();
  const consentry::CategoryDb& db = engine.db();
  std::string line;
  long lineNo = 0;
  int status = 0;
  std::ios::sync_with_stdio(false);
  while (std::getline(std::cin, line)) {
    ++lineNo;
    if (line.empty() || line.find_first_not_of(" \t\r") == std::string::npos) continue;
    try {
      ordered_json j = ordered_json::parse(line);
      if (!j.is_object()) throw std::runtime_error("expected a JSON object");
      std::string site = hostOf(stringField(j, "site"));
      // Labelled data (e.g. cookieblock-crawl/dev.jsonl) carries its own "category": keep it as
      // "labelled_category" so our "category" does not destroy the label.
      if (j.contains("category")) {
        j["labelled_category"] = j["category"];
        j.erase("category");
      }
      if (j.contains("url")) {
        auto c = cls.classifyUrl(stringField(j, "url"), site);
        j["category"] = std::string(consentry::categoryName(c.category));
        j["reason"] = std::string(consentry::reasonName(c.reason));
        j["party"] = std::string(consentry::partyName(c.party));
        if (c.vendor != consentry::kNoVendor) j["vendor"] = std::string(db.vendorName(c.vendor));
      } else {
        consentry::CookieQuery q;
        std::string name = stringField(j, "name");
        if (name.empty()) throw std::runtime_error("needs \"name\" (a cookie) or \"url\"");
        std::string domain = stringField(j, "domain");
        std::string value;
        q.expirySeconds = -1;
        auto updates = j.find("updates");
        if (updates != j.end()) {
          if (!updates->is_array()) throw std::runtime_error("\"updates\" must be an array");
          if (!updates->empty()) {
            const auto& u = updates->front();
            if (!u.is_object()) throw std::runtime_error("\"updates\" entries must be objects");
            if (u.contains("value") && u["value"].is_string()) value = u["value"].get<std::string>();
            if (u.contains("http_only") && u["http_only"].is_boolean()) q.httpOnly = u["http_only"].get<bool>() ? 1 : 0;
            if (u.value("session", false)) q.expirySeconds = 0;
            else if (u.contains("expiry") && u["expiry"].is_number()) q.expirySeconds = u["expiry"].get<int64_t>();
          }
        }
        if (j.value("storage", false)) q.storage = consentry::StorageKind::Storage;
        q.name = name;
        q.domain = domain;
        q.pageHost = site;
        q.value = value;
        auto c = cls.classifyCookie(q);
        j["category"] = std::string(consentry::categoryName(c.category));
        j["reason"] = std::string(consentry::reasonName(c.reason));
        if (*c.rule) j["rule"] = c.rule;
        if (c.vendor != consentry::kNoVendor) j["vendor"] = std::string(db.vendorName(c.vendor));
      }
      std::cout << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    } catch (const std::exception& e) {
      std::cerr << "line " << lineNo << ": " << e.what() << "\n";
      status = 1;
    }
  }
  return status;
}
