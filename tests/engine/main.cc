// Catch2 main of engine_test. Single-threaded test runner (individual tests
// start their own threads).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
