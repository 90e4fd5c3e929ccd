// The only Embind file: exposes consentry::Engine's batched methods to JavaScript. Everything
// crosses the boundary as one packed string per call (see wasm/core/engine.h for the formats).
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cstdarg>
#include <cstdint>
#include <cstdio>

#include "core/engine.h"

// Embind's __getTypeName (system/lib/embind/bind.cpp), built as here without unbound type
// names, names a type with sprintf(buffer, "%p", type), which -Oz compiled into musl's integer-
// only siprintf: that one call linked the whole of musl's printf (printf_core and its helpers,
// about 2.4 KB of the wasm's gzip), which nothing else here uses. This siprintf writes that one
// format and refuses any other (-1, an empty string), so a future caller cannot silently get
// something other than musl's output from it. JavaScript only asks for a type's name to word an
// error about an unregistered type. (The wasm's size budget, CMakeLists.txt, would fail the
// build if printf came back.)
extern "C" int siprintf(char* out, const char* format, ...) {
  out[0] = 0;
  if (format[0] != '%' || format[1] != 'p' || format[2]) return -1;
  va_list args;
  va_start(args, format);
  auto value = reinterpret_cast<uintptr_t>(va_arg(args, void*));
  va_end(args);
  char digits[2 * sizeof value];
  int n = 0;
  do digits[n++] = "0123456789abcdef"[value & 15]; while ((value >>= 4) != 0);
  out[0] = '0';
  out[1] = 'x';
  for (int i = 0; i < n; ++i) out[2 + i] = digits[n - 1 - i];
  out[2 + n] = 0;
  return 2 + n;
}

namespace {

consentry::Engine& engine() {
  static consentry::Engine e;
  return e;
}

std::string loadDatabase(const std::string& bytes) { return engine().loadDatabase(bytes); }
std::string loadTexts(const std::string& bytes) { return engine().loadTexts(bytes); }
std::string configure(const std::string& policy) { return engine().configure(policy); }
void setConsent(bool decided, int granted) { engine().setConsent(decided, static_cast<uint8_t>(granted & 0x0F)); }
// The two batch calls answer with a view of the engine's output buffer (valid until its next
// call; the bridge decodes it at once): no copy into a returned std::string, and no
// byte-by-byte scan of it in Embind's JavaScript, which decoding a std::string costs.
emscripten::val view(const std::string& out) {
  return emscripten::val(emscripten::typed_memory_view(out.size(), reinterpret_cast<const uint8_t*>(out.data())));
}
emscripten::val classifyCookies(const std::string& pageHost, const std::string& packed) {
  return view(engine().classifyCookies(pageHost, packed));
}
emscripten::val classifyUrls(const std::string& pageHost, const std::string& packed) {
  return view(engine().classifyUrls(pageHost, packed));
}
std::string describe(const std::string& packed) { return engine().describe(packed); }
std::string registrableDomains(const std::string& packed) { return engine().registrableDomains(packed); }
std::string decodeConsent(const std::string& value, const std::string& siteKey, int revision, double now) {
  return engine().decodeConsent(value, siteKey, revision < 0 ? 0xFFFFFFFFu : static_cast<uint32_t>(revision), now);
}
std::string encodeConsent(const std::string& fields, const std::string& siteKey) {
  return engine().encodeConsent(fields, siteKey);
}
std::string info() { return engine().info(); }

}  // namespace

EMSCRIPTEN_BINDINGS(consentry) {
  emscripten::function("loadDatabase", &loadDatabase);
  emscripten::function("loadTexts", &loadTexts);
  emscripten::function("configure", &configure);
  emscripten::function("setConsent", &setConsent);
  emscripten::function("classifyCookies", &classifyCookies);
  emscripten::function("classifyUrls", &classifyUrls);
  emscripten::function("describe", &describe);
  emscripten::function("registrableDomains", &registrableDomains);
  emscripten::function("decodeConsent", &decodeConsent);
  emscripten::function("encodeConsent", &encodeConsent);
  emscripten::function("info", &info);
}
