// Key encodings: big-endian order, stream head and index keys, chain head
// values.
// Single-threaded tests of pure functions.
#include "storage/keys.h"

#include "catch2/catch.hpp"

namespace opendata::storage_keys {
namespace {

TEST_CASE("sequence keys sort numerically", "[keys]") {
  CHECK(EncodeUint64(1).size() == 8);
  CHECK(EncodeUint64(255) < EncodeUint64(256));
  CHECK(EncodeUint64(0x0100000000000000ULL) >
        EncodeUint64(0x00ffffffffffffffULL));
  CHECK(DecodeUint64(EncodeUint64(0x0123456789abcdefULL)) ==
        0x0123456789abcdefULL);
  CHECK_FALSE(DecodeUint64("1234567").has_value());
}

TEST_CASE("stream keys parse back and heads sort first", "[keys]") {
  const std::string head = StreamHeadKey("catalog-entry/1");
  const std::string v1 = StreamIndexKey("catalog-entry/1", 1);
  const std::string v300 = StreamIndexKey("catalog-entry/1", 300);
  CHECK(head < v1);
  CHECK(v1 < v300);
  CHECK(v300 < StreamHeadKey("catalog-entry/10"));
  auto parsed = ParseStreamKey(v300);
  REQUIRE(parsed.has_value());
  CHECK(parsed->stream_id == "catalog-entry/1");
  CHECK(parsed->version == 300);
  auto parsed_head = ParseStreamKey(head);
  REQUIRE(parsed_head.has_value());
  CHECK_FALSE(parsed_head->version.has_value());
  CHECK_FALSE(ParseStreamKey("no-separator").has_value());
  CHECK_FALSE(ParseStreamKey(std::string("a\0xyz", 5)).has_value());
  CHECK_FALSE(ParseStreamKey(StreamIndexKey("a", 0)).has_value());
}

TEST_CASE("chain head values round-trip", "[keys]") {
  const std::string hash(32, '\x7f');
  auto head = DecodeChainHead(EncodeChainHead(42, hash));
  REQUIRE(head.has_value());
  CHECK(head->last_sequence == 42);
  CHECK(head->hash == hash);
  CHECK_FALSE(DecodeChainHead("short").has_value());
}

}  // namespace
}  // namespace opendata::storage_keys
