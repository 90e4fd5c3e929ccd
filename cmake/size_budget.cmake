# Fails the build when FILE, gzip-compressed, is larger than BUDGET bytes.
find_program(GZIP gzip REQUIRED)
execute_process(COMMAND ${GZIP} -9 -c ${FILE} OUTPUT_FILE ${FILE}.gz RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "size budget: gzip failed on ${FILE}")
endif()
file(SIZE ${FILE} raw)
file(SIZE ${FILE}.gz gz)
file(REMOVE ${FILE}.gz)
if(gz GREATER BUDGET)
  message(FATAL_ERROR "size budget: ${FILE} is ${gz} bytes gzip (${raw} raw), budget ${BUDGET}. "
                      "Shrink it, or raise CONSENTRY_WASM_BUDGET_BYTES with a reason in README.md.")
endif()
message(STATUS "size budget: ${FILE} ${gz} bytes gzip (${raw} raw) <= ${BUDGET}")
