// Catch2 main of services_test: integration tests of the gRPC services against
// an in-process PlatformServer.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
