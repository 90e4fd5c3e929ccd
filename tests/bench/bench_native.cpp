// Native throughput of the batched engine (the same calls the wasm exports), on the workload
// written by tests/bench/make-workload.mjs. Prints numbers; asserts nothing.
//   consentry-bench <blob> <cookies.tsv> <urls.tsv> <pageHost>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/engine.h"

namespace {

std::string readFile(const char* path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

template <typename Fn>
double bestSecondsOf(int rounds, Fn fn) {
  double best = 1e9;
  for (int r = 0; r < rounds; ++r) {
    auto t0 = std::chrono::steady_clock::now();
    fn();
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    best = std::min(best, s);
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 5) {
    std::fprintf(stderr, "usage: consentry-bench <blob> <cookies.tsv> <urls.tsv> <pageHost>\n");
    return 2;
  }
  consentry::Engine engine;
  std::string err = engine.loadDatabase(readFile(argv[1]));
  if (!err.empty()) {
    std::fprintf(stderr, "%s\n", err.c_str());
    return 1;
  }
  std::string cookies = readFile(argv[2]), urls = readFile(argv[3]);
  std::string page = argv[4];
  size_t nc = static_cast<size_t>(std::count(cookies.begin(), cookies.end(), '\n')) + 1;
  size_t nu = static_cast<size_t>(std::count(urls.begin(), urls.end(), '\n')) + 1;
  engine.setConsent(true, 5);
  size_t sink = 0;
  double tc = bestSecondsOf(15, [&] { sink += engine.classifyCookies(page, cookies).size(); });
  double tu = bestSecondsOf(15, [&] { sink += engine.classifyUrls(page, urls).size(); });
  std::printf("native  cookies: %9.0f /s  (%zu per batch, best of 15: %.2f ms)\n", nc / tc, nc, tc * 1e3);
  std::printf("native  urls:    %9.0f /s  (%zu per batch, best of 15: %.2f ms)\n", nu / tu, nu, tu * 1e3);
  return sink == 0;
}
