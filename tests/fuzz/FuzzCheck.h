#pragma once

#include <cstdio>
#include <cstdlib>

// A property a fuzz target asserts on every input, beyond "does not crash".
// When it fails, the abort makes libFuzzer save the input as a crash, exactly
// as a sanitizer report would; it is checked in every build type, unlike
// Q_ASSERT.
#define FUZZ_CHECK(condition)                                                                                                              \
    do {                                                                                                                                   \
        if (!(condition)) {                                                                                                                \
            std::fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__, __LINE__, #condition);                                          \
            std::abort();                                                                                                                  \
        }                                                                                                                                  \
    } while (false)
