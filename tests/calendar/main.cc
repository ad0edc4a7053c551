// Catch2 main of calendar_test. Single-threaded test runner.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
