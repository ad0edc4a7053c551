// Catch2 main for the auth tests.
// Thread-safety: not applicable (test entry point).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
