// Authentication at the gRPC edge: calls without a valid bearer token (missing,
// not a bearer header, garbage, expired on the fake clock, signed with another
// key, wrong issuer) are UNAUTHENTICATED with the ErrorInfo reason naming the
// problem, and nothing is written.
#include <catch2/catch.hpp>

#include "services/auth/key_file.h"
#include "tests/services/catalog_samples.h"
#include "tests/services/platform_fixture.h"
#include "tests/services/status_details.h"

namespace opendata::testing {
namespace {

struct BadCredential {
  std::string name;
  std::string authorization;
  std::string reason;
};

// A key the server does not know.
std::string OtherKey(const TempDir& dir) {
  const std::string path = dir.File("other.key");
  REQUIRE(auth::GenerateKeyFile(path, /*overwrite=*/false).ok());
  absl::StatusOr<std::string> key = auth::ReadKeyFile(path);
  REQUIRE(key.ok());
  return *key;
}

TEST_CASE("calls without a valid token are UNAUTHENTICATED and write nothing",
          "[services][authentication]") {
  PlatformFixture f;
  TempDir scratch;
  // Minted now, for one hour; expired once the clock has moved two hours on.
  const std::string short_lived = f.Bearer(kGajProvider, absl::Hours(1));
  const std::string other_key = BearerSignedWith(
      OtherKey(scratch), kGajProvider, f.clock().Now(), absl::Hours(24));
  f.clock().Advance(absl::Hours(2));
  const std::vector<BadCredential> cases = {
      {"no authorization header", "", "TOKEN_MISSING"},
      {"not a bearer header",
       "Basic emhhbmcud2VpOnNlY3JldA==", "TOKEN_MISSING"},
      {"garbage token", "Bearer not-a-jwt", "TOKEN_MALFORMED"},
      {"expired token", short_lived, "TOKEN_EXPIRED"},
      {"token signed with another key", other_key, "TOKEN_BAD_SIGNATURE"},
  };

  for (const BadCredential& bad : cases) {
    INFO(bad.name);
    pb::CreateCatalogEntryRequest create;
    create.set_request_id("auth-create-1");
    create.set_catalog_entry_id("jn-gaj-001");
    *create.mutable_content() = ConditionalContent();
    const grpc::Status created = f.Create(bad.authorization, create);
    INFO(Describe(created));
    CHECK(created.error_code() == grpc::StatusCode::UNAUTHENTICATED);
    CHECK(DetailsMatchCode(created));
    CHECK(ErrorDomain(created) == "opendata.jining.gov.cn");
    CHECK(ErrorReason(created) == bad.reason);

    const grpc::Status read = f.Get(bad.authorization, "jn-gaj-001");
    CHECK(read.error_code() == grpc::StatusCode::UNAUTHENTICATED);
    CHECK(ErrorReason(read) == bad.reason);

    const grpc::Status listed = f.List(bad.authorization, {});
    CHECK(listed.error_code() == grpc::StatusCode::UNAUTHENTICATED);
    CHECK(ErrorReason(listed) == bad.reason);
  }

  // Nothing was written: the entry does not exist, and the first event
  // recorded after start-up (the platform records the shipped calendar years
  // itself) directly follows the start-up head.
  const grpc::Status missing = f.Get(f.Bearer(kGajProvider), "jn-gaj-001");
  CHECK(missing.error_code() == grpc::StatusCode::NOT_FOUND);
  CHECK(ErrorReason(missing) == "CATALOG_ENTRY_NOT_FOUND");
  CHECK(f.RecordedHead() == f.startup_head());
  CHECK(f.ProbeSequence() == f.startup_head() + 1);

  // The same request id still works with a valid token (the refused calls did
  // not consume it).
  pb::CreateCatalogEntryRequest create;
  create.set_request_id("auth-create-1");
  create.set_catalog_entry_id("jn-gaj-001");
  *create.mutable_content() = ConditionalContent();
  pb::CreateCatalogEntryResponse created;
  REQUIRE_OK(f.Create(f.Bearer(kGajProvider), create, &created));
  CHECK_FALSE(created.receipt().replayed());
  CHECK(created.receipt().first_sequence() == f.startup_head() + 2);
}

TEST_CASE("a token is refused from the second its validity ends",
          "[services][authentication]") {
  PlatformFixture f;
  const std::string token = f.Bearer(kGajProvider, absl::Minutes(10));
  REQUIRE_OK(f.List(token, {}));
  // The verifier allows 60 s of clock skew past exp.
  f.clock().Advance(absl::Minutes(10) + absl::Seconds(59));
  REQUIRE_OK(f.List(token, {}));
  f.clock().Advance(absl::Seconds(1));
  const grpc::Status expired = f.List(token, {});
  CHECK(expired.error_code() == grpc::StatusCode::UNAUTHENTICATED);
  CHECK(ErrorReason(expired) == "TOKEN_EXPIRED");
}

TEST_CASE("a token for a region the platform does not know is ACTOR_INVALID",
          "[services][authentication]") {
  PlatformFixture f;
  const Identity unknown_county{"nobody", "PROVIDER", "xx-gaj",
                                "COUNTY", "379999",   ""};
  pb::CreateCatalogEntryRequest create;
  create.set_request_id("actor-create-1");
  create.set_catalog_entry_id("xx-gaj-001");
  *create.mutable_content() = UnconditionalContent();
  const grpc::Status refused = f.Create(f.Bearer(unknown_county), create);
  INFO(Describe(refused));
  CHECK(refused.error_code() == grpc::StatusCode::PERMISSION_DENIED);
  CHECK(ErrorReason(refused) == "ACTOR_INVALID");
  CHECK(f.RecordedHead() == f.startup_head());
  CHECK(f.ProbeSequence() == f.startup_head() + 1);
}

}  // namespace
}  // namespace opendata::testing
