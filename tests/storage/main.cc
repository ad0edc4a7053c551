// Catch2 main for storage_test. Single-threaded.
#define CATCH_CONFIG_MAIN
#include "catch2/catch.hpp"
