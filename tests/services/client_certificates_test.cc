// Unit tests of services/auth/client_certificates.h: a valid mapping gives the
// mapped actor with AUTH_METHOD_MTLS; an unknown subject is
// CERTIFICATE_NOT_MAPPED; every rule of the file refuses the whole file,
// naming the entry. Thread-safety: single-threaded tests.
#include "services/auth/client_certificates.h"

#include <catch2/catch.hpp>
#include <fstream>

#include "common/errors.h"
#include "tests/services/temp_dir.h"

namespace opendata::testing {
namespace {

namespace pb = ::jining::opendata::v1;

constexpr char kValid[] = R"pb(
  entries {
    subject: "CN=jn-gaj-gateway,O=jn-gaj"
    actor {
      subject: "sys:jn-gaj-gateway"
      role: ROLE_PROVIDER
      organization: "jn-gaj"
      level: LEVEL_CITY
      region: "3708"
    }
  }
  entries {
    subject: "CN=rc-dsjj-sync,O=rc-dsjj"
    actor {
      subject: "sys:rc-dsjj-sync"
      role: ROLE_REVIEWER
      organization: "rc-dsjj"
      level: LEVEL_COUNTY
      region: "370811"
      display_name: "任城区大数据中心同步"
    }
  }
)pb";

// The one field violation of a refused file.
FieldViolation OnlyViolation(const absl::Status& status) {
  INFO(status.ToString());
  CHECK(status.code() == absl::StatusCode::kInvalidArgument);
  CHECK(ErrorReason(status) == "CLIENT_CERT_MAP_INVALID");
  std::vector<FieldViolation> violations = FieldViolations(status);
  REQUIRE(violations.size() == 1);
  return violations[0];
}

// kValid's first entry with `replace` spliced over `from`.
std::string Edited(const std::string& from, const std::string& replace) {
  std::string text = kValid;
  const size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), replace);
}

TEST_CASE("client certificate map gives the mapped actor",
          "[services][transport][client_certificates]") {
  absl::StatusOr<auth::ClientCertificateMap> map =
      auth::ClientCertificateMap::FromText(kValid);
  INFO(map.status().ToString());
  REQUIRE(map.ok());
  CHECK(map->size() == 2);
  absl::StatusOr<pb::Actor> actor = map->ActorFor("CN=rc-dsjj-sync,O=rc-dsjj");
  REQUIRE(actor.ok());
  CHECK(actor->subject() == "sys:rc-dsjj-sync");
  CHECK(actor->role() == pb::ROLE_REVIEWER);
  CHECK(actor->organization() == "rc-dsjj");
  CHECK(actor->level() == pb::LEVEL_COUNTY);
  CHECK(actor->region() == "370811");
  CHECK(actor->auth_method() == pb::AUTH_METHOD_MTLS);

  // Subjects are compared exactly.
  for (const char* other : {"CN=jn-gaj-gateway", "O=jn-gaj,CN=jn-gaj-gateway",
                            "cn=jn-gaj-gateway,o=jn-gaj", ""}) {
    INFO(other);
    absl::StatusOr<pb::Actor> unmapped = map->ActorFor(other);
    CHECK(unmapped.status().code() == absl::StatusCode::kUnauthenticated);
    CHECK(ErrorReason(unmapped.status()) == "CERTIFICATE_NOT_MAPPED");
  }
  // An empty map maps nothing.
  CHECK(ErrorReason(auth::ClientCertificateMap()
                        .ActorFor("CN=jn-gaj-gateway,O=jn-gaj")
                        .status()) == "CERTIFICATE_NOT_MAPPED");
}

TEST_CASE("client certificate map refuses a bad entry naming it",
          "[services][transport][client_certificates]") {
  struct Case {
    const char* name;
    std::string text;
    const char* field;
  };
  const Case cases[] = {
      {"citizens never come by certificate",
       Edited("role: ROLE_PROVIDER", "role: ROLE_USER"),
       "entries[0].actor.role"},
      {"no SYSTEM role", Edited("role: ROLE_PROVIDER", "role: ROLE_SYSTEM"),
       "entries[0].actor.role"},
      {"role required", Edited("role: ROLE_PROVIDER", ""),
       "entries[0].actor.role"},
      {"level required", Edited("level: LEVEL_CITY", ""),
       "entries[0].actor.level"},
      {"city region is 4 digits",
       Edited("region: \"3708\"", "region: \"370811\""),
       "entries[0].actor.region"},
      {"county region is 6 digits",
       Edited("region: \"370811\"", "region: \"3708\""),
       "entries[1].actor.region"},
      {"actor subject required", Edited("subject: \"sys:jn-gaj-gateway\"", ""),
       "entries[0].actor.subject"},
      {"organization required", Edited("organization: \"jn-gaj\"", ""),
       "entries[0].actor.organization"},
      {"auth method is the server's",
       Edited("region: \"3708\"",
              "region: \"3708\" auth_method: AUTH_METHOD_JWT_HS256"),
       "entries[0].actor"},
      {"certificate subject required",
       Edited("subject: \"CN=jn-gaj-gateway,O=jn-gaj\"", ""),
       "entries[0].subject"},
      {"no duplicate subjects",
       Edited("subject: \"CN=rc-dsjj-sync,O=rc-dsjj\"",
              "subject: \"CN=jn-gaj-gateway,O=jn-gaj\""),
       "entries[1].subject"},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    const absl::Status status =
        auth::ClientCertificateMap::FromText(c.text).status();
    const FieldViolation violation = OnlyViolation(status);
    CHECK(violation.field == c.field);
  }
  // The message says which subject the entry has.
  const absl::Status user =
      auth::ClientCertificateMap::FromText(
          Edited("role: ROLE_PROVIDER", "role: ROLE_USER"))
          .status();
  CHECK_THAT(std::string(user.message()),
             Catch::Contains("CN=jn-gaj-gateway,O=jn-gaj"));
}

TEST_CASE("client certificate map files must be readable and parse",
          "[services][transport][client_certificates]") {
  TempDir dir;
  const std::string path = dir.File("certs.textproto");
  {
    std::ofstream out(path);
    out << "entries { subjec: \"x\" }";
  }
  const absl::Status unparsable =
      auth::ClientCertificateMap::Load(path).status();
  CHECK(unparsable.code() == absl::StatusCode::kInvalidArgument);
  CHECK(ErrorReason(unparsable) == "CLIENT_CERT_MAP_UNPARSABLE");
  CHECK_THAT(std::string(unparsable.message()), Catch::Contains(path));

  const absl::Status missing =
      auth::ClientCertificateMap::Load(dir.File("missing.textproto")).status();
  CHECK(missing.code() == absl::StatusCode::kFailedPrecondition);
  CHECK(ErrorReason(missing) == "CLIENT_CERT_MAP_UNREADABLE");

  {
    std::ofstream out(path);
    out << kValid;
  }
  absl::StatusOr<auth::ClientCertificateMap> loaded =
      auth::ClientCertificateMap::Load(path);
  REQUIRE(loaded.ok());
  CHECK(loaded->size() == 2);
}

}  // namespace
}  // namespace opendata::testing
