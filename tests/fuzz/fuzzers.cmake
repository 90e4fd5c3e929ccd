# Included by the top-level CMakeLists.txt when CONSENTRY_FUZZ=ON (and nothing else is built):
# one libFuzzer executable per parser, core and targets instrumented with ASan + UBSan, UB fatal.
#   cmake -G Ninja -S . -B build/fuzz -DCMAKE_CXX_COMPILER=clang++-14 -DCONSENTRY_FUZZ=ON
# scripts/test-hardening.sh builds this and runs every target for a bounded time.
if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR "CONSENTRY_FUZZ needs clang with libFuzzer (Debian: clang-14 libclang-rt-14-dev); "
                      "configure with -DCMAKE_CXX_COMPILER=clang++-14")
endif()
include(${CMAKE_SOURCE_DIR}/tests/fuzz/targets.cmake)

set(CONSENTRY_FUZZ_FLAGS -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -g)
target_compile_options(consentry_core PRIVATE -fsanitize=fuzzer-no-link ${CONSENTRY_FUZZ_FLAGS} -Wall -Wextra -Wno-mismatched-tags)

enable_testing()
foreach(t IN LISTS CONSENTRY_FUZZ_TARGETS)
  add_executable(${t} ${CMAKE_SOURCE_DIR}/tests/fuzz/${t}.cpp)
  target_compile_options(${t} PRIVATE -fsanitize=fuzzer ${CONSENTRY_FUZZ_FLAGS} -Wall -Wextra -Wno-mismatched-tags)
  target_link_options(${t} PRIVATE -fsanitize=fuzzer,address,undefined)
  target_link_libraries(${t} PRIVATE consentry_core)
  # -runs=0: execute every seed once (regression check), no fuzzing.
  add_test(NAME ${t}-seeds COMMAND ${t} -runs=0 ${CMAKE_SOURCE_DIR}/tests/fuzz/corpus/${t})
endforeach()

# Writes the generated part of the seed corpus (tests/fuzz/make_corpus.cpp).
add_executable(consentry-fuzz-corpus ${CMAKE_SOURCE_DIR}/tests/fuzz/make_corpus.cpp)
target_compile_options(consentry-fuzz-corpus PRIVATE ${CONSENTRY_FUZZ_FLAGS})
target_link_options(consentry-fuzz-corpus PRIVATE -fsanitize=address,undefined)
target_link_libraries(consentry-fuzz-corpus PRIVATE consentry_core)
