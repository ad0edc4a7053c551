// Tests of grpcurl-style header parsing.
// Thread-safety: single-threaded tests (they set environment variables).
#include "tools/rpc/headers.h"

#include <stdlib.h>

#include <catch2/catch.hpp>

namespace opendata::rpc {
namespace {

TEST_CASE("Headers are split at the first colon, trimmed and lowercased",
          "[rpc][headers]") {
  absl::StatusOr<Metadata> metadata = ParseHeaders(
      {"Authorization:  Bearer a:b ", "x-flag", "", "X-Dup: 1", "x-dup:2"},
      false);
  REQUIRE(metadata.ok());
  CHECK(*metadata == Metadata{{"authorization", "Bearer a:b"},
                              {"x-flag", ""},
                              {"x-dup", "1"},
                              {"x-dup", "2"}});
}

TEST_CASE("Binary headers are base64-decoded when possible", "[rpc][headers]") {
  absl::StatusOr<Metadata> metadata = ParseHeaders(
      {"a-bin: aGVsbG8=", "b-bin: aGVsbG8", "c-bin: not base64!"}, false);
  REQUIRE(metadata.ok());
  CHECK(*metadata == Metadata{{"a-bin", "hello"},
                              {"b-bin", "hello"},
                              {"c-bin", "not base64!"}});
}

TEST_CASE("Environment variables expand only when asked", "[rpc][headers]") {
  setenv("OPENDATA_RPC_TEST_TOKEN", "s3cret", 1);
  unsetenv("OPENDATA_RPC_TEST_MISSING");
  absl::StatusOr<Metadata> expanded = ParseHeaders(
      {"authorization: Bearer ${OPENDATA_RPC_TEST_TOKEN}", "x-a: ${} $x"},
      true);
  REQUIRE(expanded.ok());
  CHECK(*expanded ==
        Metadata{{"authorization", "Bearer s3cret"}, {"x-a", "${} $x"}});

  absl::StatusOr<Metadata> literal =
      ParseHeaders({"x-a: ${OPENDATA_RPC_TEST_TOKEN}"}, false);
  REQUIRE(literal.ok());
  CHECK(literal->front().second == "${OPENDATA_RPC_TEST_TOKEN}");

  absl::StatusOr<Metadata> missing =
      ParseHeaders({"x-a: ${OPENDATA_RPC_TEST_MISSING}"}, true);
  CHECK(missing.status().message() ==
        "header \"x-a: ${OPENDATA_RPC_TEST_MISSING}\" refers to missing "
        "environment variable \"OPENDATA_RPC_TEST_MISSING\"");
}

TEST_CASE("Invalid names and values are rejected", "[rpc][headers]") {
  CHECK(absl::IsInvalidArgument(ParseHeaders({"bad name: x"}, false).status()));
  CHECK(absl::IsInvalidArgument(ParseHeaders({": x"}, false).status()));
  CHECK(absl::IsInvalidArgument(
      ParseHeaders({"x-a: caf\xc3\xa9"}, false).status()));
}

}  // namespace
}  // namespace opendata::rpc
