// consentry-dbc: compiles the human-editable category sources (categories/sources/*.json, schema
// in categories/SCHEMA.md) and the Public Suffix List into the two immutable blobs:
//   core (the compact default the browser gets) and full (every source).
// Any malformed source fails the build with "file:line: reason".
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "core/category_db.h"
#include "core/host.h"

namespace fs = std::filesystem;
using nlohmann::json;
using consentry::Category;
using consentry::DbBuilder;
using consentry::StorageKind;

namespace {

struct SourceError {
  std::string where;
  std::string why;
};

std::string readFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw SourceError{p.string(), "cannot read file"};
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Line (1-based) where each element of each top-level array starts: lines[key][index].
std::map<std::string, std::vector<int>> elementLines(const std::string& text) {
  std::map<std::string, std::vector<int>> out;
  int depth = 0, line = 1;
  bool inString = false, escaped = false;
  std::string lastString, currentKey;
  std::string buf;
  bool expectValue = true;  // at depth 2: the next non-space char starts an element
  for (char c : text) {
    if (c == '\n') ++line;
    if (inString) {
      if (escaped) { escaped = false; buf.push_back(c); continue; }
      if (c == '\\') { escaped = true; continue; }
      if (c == '"') { inString = false; lastString = buf; } else buf.push_back(c);
      continue;
    }
    if (depth == 2 && expectValue && c != ' ' && c != '\n' && c != '\r' && c != '\t' && c != ']') {
      out[currentKey].push_back(line);
      expectValue = false;
    }
    switch (c) {
      case '"': inString = true; buf.clear(); break;
      case ':': if (depth == 1) currentKey = lastString; break;
      case '{': case '[': ++depth; if (depth == 2) expectValue = true; break;
      case '}': case ']': --depth; break;
      case ',': if (depth == 2) expectValue = true; break;
      default: break;
    }
  }
  return out;
}

Category categoryOf(const json& v, const std::string& field) {
  Category c;
  if (!v.is_string()) throw std::runtime_error(field + ": expected a category string");
  std::string s = v.get<std::string>();
  if (s != "mandatory" && s != "preferences" && s != "analytical" && s != "targeting")
    throw std::runtime_error(field + ": unknown category \"" + s + "\" (mandatory, preferences, analytical, targeting)");
  consentry::parseCategory(s, c);
  return c;
}

std::string optString(const json& e, const char* key, size_t maxLen = 1000) {
  auto it = e.find(key);
  if (it == e.end() || it->is_null()) return "";
  if (!it->is_string()) throw std::runtime_error(std::string(key) + ": expected a string");
  std::string s = it->get<std::string>();
  if (s.size() > maxLen) throw std::runtime_error(std::string(key) + ": longer than " + std::to_string(maxLen));
  // Names, ids and texts travel in the engine's packed text (tab and newline separated).
  for (unsigned char c : s)
    if (c < 0x20 || c == 0x7f) throw std::runtime_error(std::string(key) + ": control character (tab, newline...)");
  return s;
}

void checkKeys(const json& e, std::initializer_list<const char*> allowed) {
  if (!e.is_object()) throw std::runtime_error("expected an object");
  for (auto it = e.begin(); it != e.end(); ++it) {
    bool ok = false;
    for (const char* a : allowed) ok = ok || it.key() == a;
    if (!ok) throw std::runtime_error("unknown field \"" + it.key() + "\"");
  }
}

std::string normalizedHost(const std::string& h) {
  std::string out;
  bool ip = false;
  if (h.empty() || h.front() == '.' || !consentry::normalizeHost(h, out, ip) || out != h)
    throw std::runtime_error("host \"" + h + "\" is not a lowercase bare host name");
  return out;
}

struct Source {
  fs::path path;
  std::string text;
  json doc;
  bool core = true;
  std::map<std::string, std::vector<int>> lines;
};

struct Builders {
  DbBuilder core, full;
  std::map<std::string, uint16_t> vendorCore, vendorFull;
};

template <typename Fn>
void eachEntry(const Source& s, const char* key, Fn fn) {
  auto it = s.doc.find(key);
  if (it == s.doc.end()) return;
  if (!it->is_array()) throw SourceError{s.path.string() + ":1", std::string(key) + ": expected an array"};
  auto lineIt = s.lines.find(key);
  for (size_t i = 0; i < it->size(); ++i) {
    int line = (lineIt != s.lines.end() && i < lineIt->second.size()) ? lineIt->second[i] : 1;
    try {
      fn((*it)[i]);
    } catch (const std::exception& e) {
      throw SourceError{s.path.string() + ":" + std::to_string(line), std::string(key) + "[" + std::to_string(i) + "]: " + e.what()};
    }
  }
}

uint16_t vendorRef(const json& e, const std::map<std::string, uint16_t>& ids) {
  std::string v = optString(e, "vendor", 100);
  if (v.empty()) return consentry::kNoVendor;
  auto it = ids.find(v);
  if (it == ids.end()) throw std::runtime_error("vendor \"" + v + "\" is not defined in any source");
  return it->second;
}

void compileSource(const Source& s, Builders& b, bool vendorsPass) {
  if (vendorsPass) {
    eachEntry(s, "vendors", [&](const json& e) {
      checkKeys(e, {"id", "name", "category", "purpose", "privacyUrl"});
      std::string id = optString(e, "id", 100), name = optString(e, "name", 200);
      if (id.empty() || name.empty()) throw std::runtime_error("vendor needs id and name");
      for (char c : id)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
          throw std::runtime_error("vendor id \"" + id + "\" must be lowercase kebab-case");
      if (b.vendorFull.count(id)) throw std::runtime_error("vendor id \"" + id + "\" defined twice");
      Category c = categoryOf(e.value("category", json()), "category");
      std::string purpose = optString(e, "purpose", 400);
      optString(e, "privacyUrl", 500);
      b.vendorFull[id] = b.full.addVendor(id, name, c, purpose);
      b.vendorCore[id] = b.core.addVendor(id, name, c, purpose);
    });
    return;
  }
  auto both = [&](auto&& fn) {
    fn(b.full, b.vendorFull);
    if (s.core) fn(b.core, b.vendorCore);
  };
  eachEntry(s, "cookies", [&](const json& e) {
    checkKeys(e, {"name", "match", "category", "vendor", "domain", "storage", "purpose", "retention"});
    std::string name = optString(e, "name", 200);
    if (name.empty()) throw std::runtime_error("cookie needs a name");
    std::string match = optString(e, "match", 10);
    if (match.empty()) match = "exact";
    if (match != "exact" && match != "prefix" && match != "glob")
      throw std::runtime_error("match must be exact, prefix or glob");
    if (match == "glob" && name.find_first_of("*#") == std::string::npos)
      throw std::runtime_error("glob pattern has no '*' or '#'");
    Category c = categoryOf(e.value("category", json()), "category");
    std::string domain = optString(e, "domain", 253);
    if (!domain.empty()) domain = normalizedHost(domain);
    std::string storage = optString(e, "storage", 10);
    StorageKind sk = StorageKind::Any;
    if (storage == "cookie") sk = StorageKind::Cookie;
    else if (storage == "storage") sk = StorageKind::Storage;
    else if (!storage.empty() && storage != "any") throw std::runtime_error("storage must be cookie, storage or any");
    std::string purpose = optString(e, "purpose", 400), retention = optString(e, "retention", 100);
    both([&](DbBuilder& db, const std::map<std::string, uint16_t>& ids) {
      uint16_t v = vendorRef(e, ids);
      // The compact browser blob keeps retention but not per-cookie purpose texts (the vendor's
      // purpose stands in for them); the full blob keeps both.
      std::string p = (&db == &b.full || v == consentry::kNoVendor) ? purpose : std::string();
      if (match == "glob") db.addGlob(name, domain, c, v, sk, p, retention);
      else db.addCookie(name, match == "prefix", domain, c, v, sk, p, retention);
    });
  });
  eachEntry(s, "hosts", [&](const json& e) {
    checkKeys(e, {"host", "path", "category", "vendor"});
    std::string host = normalizedHost(optString(e, "host", 253));
    std::string path = optString(e, "path", 200);
    if (!path.empty() && (path[0] != '/' || path.find_first_of("?#*") != std::string::npos))
      throw std::runtime_error("path must be a plain path prefix starting with '/'");
    Category c = categoryOf(e.value("category", json()), "category");
    both([&](DbBuilder& db, const std::map<std::string, uint16_t>& ids) {
      if (path.empty()) db.addHost(host, c, vendorRef(e, ids));
      else db.addHostPath(host, path, c, vendorRef(e, ids));
    });
  });
  eachEntry(s, "hostLists", [&](const json& e) {
    checkKeys(e, {"category", "vendor", "hosts"});
    Category c = categoryOf(e.value("category", json()), "category");
    auto hosts = e.find("hosts");
    if (hosts == e.end() || !hosts->is_array()) throw std::runtime_error("hosts: expected an array");
    std::vector<std::string> list;
    for (const auto& h : *hosts) {
      if (!h.is_string()) throw std::runtime_error("hosts: expected strings");
      list.push_back(normalizedHost(h.get<std::string>()));
    }
    both([&](DbBuilder& db, const std::map<std::string, uint16_t>& ids) {
      uint16_t v = vendorRef(e, ids);
      for (const auto& h : list) db.addHost(h, c, v);
    });
  });
}

void writeFile(const fs::path& p, const std::vector<uint8_t>& bytes) {
  std::ofstream out(p, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw SourceError{p.string(), "cannot write"};
}

int usage() {
  std::cerr << "usage: consentry-dbc --sources DIR --psl FILE --version-file FILE --out-core FILE --out-full FILE\n"
               "                     [--out-core-texts FILE] [--out-full-texts FILE]   (each blob's purposes and retention)\n"
               "                     [--core-psl-labels N]   (default 2: the compact blob keeps PSL rules of <= N labels)\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string sources, psl, versionFile, outCore, outFull, outCoreTexts, outFullTexts;
  int corePslLabels = 2;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--sources") sources = next();
    else if (a == "--psl") psl = next();
    else if (a == "--version-file") versionFile = next();
    else if (a == "--out-core") outCore = next();
    else if (a == "--out-full") outFull = next();
    else if (a == "--out-core-texts") outCoreTexts = next();
    else if (a == "--out-full-texts") outFullTexts = next();
    else if (a == "--core-psl-labels") corePslLabels = std::atoi(next().c_str());
    else return usage();
  }
  if (sources.empty() || psl.empty() || versionFile.empty() || outCore.empty() || outFull.empty()) return usage();
  try {
    std::string versionText = readFile(versionFile);
    uint32_t dataVersion = static_cast<uint32_t>(std::strtoul(versionText.c_str(), nullptr, 10));
    if (dataVersion == 0) throw SourceError{versionFile + ":1", "expected a positive number (yyyymmdd)"};

    std::vector<Source> list;
    for (const auto& entry : fs::directory_iterator(sources))
      if (entry.path().extension() == ".json") list.push_back({entry.path(), "", json(), true, {}});
    if (list.empty()) throw SourceError{sources, "no *.json sources"};
    // curated.json first (its entries win over imported ones), then by name: deterministic.
    std::sort(list.begin(), list.end(), [](const Source& a, const Source& b) {
      bool ca = a.path.filename() == "curated.json", cb = b.path.filename() == "curated.json";
      if (ca != cb) return ca;
      return a.path.filename() < b.path.filename();
    });
    for (auto& s : list) {
      s.text = readFile(s.path);
      try {
        s.doc = json::parse(s.text);
      } catch (const json::parse_error& e) {
        // e.byte is the 1-based offset of the error: turn it into a line number.
        size_t upto = std::min<size_t>(e.byte, s.text.size());
        int line = 1 + static_cast<int>(std::count(s.text.begin(), s.text.begin() + static_cast<long>(upto), '\n'));
        throw SourceError{s.path.string() + ":" + std::to_string(line), std::string("JSON syntax error: ") + e.what()};
      }
      if (!s.doc.is_object()) throw SourceError{s.path.string() + ":1", "expected a JSON object"};
      try {
        checkKeys(s.doc, {"about", "license", "tier", "vendors", "cookies", "hosts", "hostLists", "$schema"});
        std::string tier = optString(s.doc, "tier", 10);
        if (tier != "core" && tier != "full") throw std::runtime_error("tier must be \"core\" or \"full\"");
        s.core = tier == "core";
        if (optString(s.doc, "license", 100).empty()) throw std::runtime_error("license is required");
      } catch (const std::runtime_error& e) {
        throw SourceError{s.path.string() + ":1", e.what()};
      }
      s.lines = elementLines(s.text);
    }
    Builders b;
    for (const auto& s : list) compileSource(s, b, true);
    for (const auto& s : list) compileSource(s, b, false);
    std::string pslText = readFile(psl);
    size_t pslFull = b.full.addPublicSuffixList(pslText, 0);
    size_t pslCore = b.core.addPublicSuffixList(pslText, corePslLabels);
    auto core = b.core.build(dataVersion, false);
    auto full = b.full.build(dataVersion, true);
    auto coreTexts = b.core.buildTexts(core), fullTexts = b.full.buildTexts(full);
    writeFile(outCore, core);
    writeFile(outFull, full);
    if (!outCoreTexts.empty()) writeFile(outCoreTexts, coreTexts);
    if (!outFullTexts.empty()) writeFile(outFullTexts, fullTexts);
    std::printf("consentry-dbc: core %zu bytes + %zu of texts (%zu vendors, %zu cookie rules, %zu hosts, %zu suffix rules)\n",
                core.size(), coreTexts.size(), b.core.vendorCount(), b.core.cookieCount(), b.core.hostCount(), pslCore);
    std::printf("consentry-dbc: full %zu bytes + %zu of texts (%zu vendors, %zu cookie rules, %zu hosts, %zu suffix rules)\n",
                full.size(), fullTexts.size(), b.full.vendorCount(), b.full.cookieCount(), b.full.hostCount(), pslFull);
  } catch (const SourceError& e) {
    std::fprintf(stderr, "%s: error: %s\n", e.where.c_str(), e.why.c_str());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "consentry-dbc: error: %s\n", e.what());
    return 1;
  }
  return 0;
}
