// fuzz_cookie_batch: Engine::classifyCookies, the batched boundary JavaScript calls with the
// page's cookies and storage keys packed as text (this covers the cookie-string parsing done on
// the C++ side).
//
// Input: "<pageHost>\n<policy>\n<consent>\n<packed records...>"
//   policy:  the compact policy string given to Engine::configure
//   consent: "" = undecided, otherwise decided with granted mask = the decimal value
//   packed:  what JS passes: records separated by '\n', fields "kind\tname\tdomain\tvalue\texpiry"
//
// Invariants: exactly one output line per input record (records counted the way engine.cpp counts
// them: none for "", else one more than the number of '\n'); each line has the 7 documented
// fields; the category is one of the four names, the verdict one of allow/block/hold and it
// agrees with the consent state (mandatory allowed, anything else held until decided, then allowed
// only when granted); the reason is a known one and is "invalid" exactly when the name is empty;
// the detail id is empty or an index into the database. Engine::describe on the same packed text
// gives one 3-field line per record.
#include <algorithm>
#include <string>
#include <vector>

#include "core/engine.h"
#include "fuzz_common.h"

using namespace consentry;
using namespace consentry::fuzz;

namespace {

Engine& engine() {
  static Engine e = [] {
    Engine x;
    std::string err = x.loadDatabase(sampleDbBlob());
    FUZZ_CHECK(err.empty(), "sample database: %s", err.c_str());
    err = x.loadTexts(sampleTextsBlob());  // describe reads the purposes and retention texts
    FUZZ_CHECK(err.empty(), "sample texts: %s", err.c_str());
    return x;
  }();
  return e;
}

std::string_view field(std::string_view line, size_t index) {
  for (size_t i = 0; i < index; ++i) {
    size_t tab = line.find('\t');
    if (tab == std::string_view::npos) return {};
    line.remove_prefix(tab + 1);
  }
  return line.substr(0, line.find('\t'));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto f = splitFields(asView(data, size), '\n', 4);
  std::string_view pageHost = f[0], policy = f[1], consent = f[2], packed = f[3];
  Engine& e = engine();
  e.configure(policy);
  bool decided = !consent.empty();
  uint8_t granted = static_cast<uint8_t>(((decided ? parseU32Wrapping(consent) : 0) & 0x0F) | 1);
  e.setConsent(decided, granted);
  bool prefs = e.policy().preferencesEnabled;
  size_t details = e.db().counts().details;

  std::string out = e.classifyCookies(pageHost, packed);

  size_t records = packed.empty() ? 0 : 1;
  for (char c : packed) records += c == '\n';
  std::vector<std::string_view> lines;
  if (!out.empty() || records) {
    std::string_view rest = out;
    while (true) {
      size_t nl = rest.find('\n');
      lines.push_back(rest.substr(0, nl));
      if (nl == std::string_view::npos) break;
      rest.remove_prefix(nl + 1);
    }
  }
  FUZZ_CHECK(lines.size() == records, "%zu output lines for %zu records", lines.size(), records);

  std::string_view in = packed;
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view record = in.substr(0, in.find('\n'));
    in.remove_prefix(std::min(in.size(), record.size() + 1));
    std::string_view line = lines[i];
    size_t tabs = 0;
    for (char c : line) tabs += c == '\t';
    FUZZ_CHECK(tabs == 6, "line %zu has %zu fields: '%.*s'", i, tabs + 1, static_cast<int>(line.size()), line.data());
    std::string_view category = field(line, 0), verdict = field(line, 1), reason = field(line, 2);
    std::string_view detail = field(line, 6);
    FUZZ_CHECK(isCategoryName(category), "line %zu: category '%.*s'", i, static_cast<int>(category.size()),
               category.data());
    FUZZ_CHECK(isVerdictName(verdict), "line %zu: verdict '%.*s'", i, static_cast<int>(verdict.size()), verdict.data());
    FUZZ_CHECK(isReasonName(reason), "line %zu: reason '%.*s'", i, static_cast<int>(reason.size()), reason.data());

    Category c;
    FUZZ_CHECK(categoryFromText(category, c), "category");
    if (c == Category::Preferences && !prefs) c = Category::Analytical;
    std::string_view expected = c == Category::Mandatory ? "allow"
                                : !decided                ? "hold"
                                : (granted >> static_cast<int>(c)) & 1 ? "allow"
                                                                       : "block";
    FUZZ_CHECK(verdict == expected, "line %zu: %.*s is %.*s, expected %.*s (decided %d, granted %u)", i,
               static_cast<int>(category.size()), category.data(), static_cast<int>(verdict.size()), verdict.data(),
               static_cast<int>(expected.size()), expected.data(), decided, granted);

    bool emptyName = field(record, 1).empty();
    FUZZ_CHECK(emptyName == (reason == "invalid"), "line %zu: reason '%.*s' for name '%.*s'", i,
               static_cast<int>(reason.size()), reason.data(), static_cast<int>(field(record, 1).size()),
               field(record, 1).data());
    if (!detail.empty()) {
      uint64_t d = 0;
      for (char ch : detail) {
        FUZZ_CHECK(ch >= '0' && ch <= '9' && d < (uint64_t{1} << 40), "detail id '%.*s'",
                   static_cast<int>(detail.size()), detail.data());
        d = d * 10 + static_cast<uint64_t>(ch - '0');
      }
      FUZZ_CHECK(d < details, "detail id %llu of %zu", static_cast<unsigned long long>(d), details);
    }
  }

  // Engine::describe takes the same kind of packed text ("v<vendor>" / "d<detail>" lines) from
  // JS: one "name\tpurpose\tretention" line per record, whatever the records hold.
  std::string described = e.describe(packed);
  size_t describedLines = described.empty() && !records ? 0 : 1, describedTabs = 0;
  for (char c : described) {
    describedLines += c == '\n';
    describedTabs += c == '\t';
  }
  FUZZ_CHECK(describedLines == records && describedTabs == 2 * records, "describe: %zu lines, %zu tabs for %zu records",
             describedLines, describedTabs, records);
  return 0;
}
