# The fuzz targets (tests/fuzz/<name>.cpp, seed corpus in tests/fuzz/corpus/<name>/).
set(CONSENTRY_FUZZ_TARGETS
    fuzz_consent_record
    fuzz_category_blob
    fuzz_cookie_batch
    fuzz_url
    fuzz_classifier
    fuzz_policy)
