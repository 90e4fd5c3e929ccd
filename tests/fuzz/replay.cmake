# Included by the top-level CMakeLists.txt in the native build: each fuzz target body linked with
# replay_main.cpp instead of libFuzzer, and a ctest that replays its committed seed corpus
# (regression seeds included). Works with g++ and clang, with or without CONSENTRY_SANITIZE.
include(${CMAKE_SOURCE_DIR}/tests/fuzz/targets.cmake)
foreach(t IN LISTS CONSENTRY_FUZZ_TARGETS)
  add_executable(${t}-replay ${CMAKE_SOURCE_DIR}/tests/fuzz/${t}.cpp ${CMAKE_SOURCE_DIR}/tests/fuzz/replay_main.cpp)
  target_link_libraries(${t}-replay PRIVATE consentry_core)
  add_test(NAME ${t}-corpus COMMAND ${t}-replay ${CMAKE_SOURCE_DIR}/tests/fuzz/corpus/${t})
endforeach()
