// Decider tests of creating and editing catalog entries (catalog_decider.h,
// catalog_validation.h ValidateCatalogEntryId/ValidateContentFormat) and the
// actor rules of authz.h they rely on (ValidateActor, RequireRole,
// RequireOwner), written as given events / when command / then events or
// error.
#include <string>
#include <vector>

#include "catch2/catch.hpp"
#include "engine/authz.h"
#include "engine/catalog/catalog_validation.h"
#include "tests/engine/test_support.h"

namespace opendata::engine_test {
namespace {

using absl::StatusCode;

const absl::Time kNow = Shanghai(2026, 3, 2, 10, 0, 0);  // Monday.
constexpr char kId[] = "jn-jtj-bus-lines";

std::string Repeat(const std::string& unit, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += unit;
  return out;
}

// ---------------------------------------------------------------- create

TEST_CASE("create: a city provider creates a draft owned by its organisation",
          "[decider][create]") {
  DeciderFixture f;
  f.Given({});
  f.When(CreateCommand(kId, ValidContent()), Context(CityProvider(), kNow));
  f.ThenEvents({Created(kId, CityProvider(), ValidContent())});
}

TEST_CASE("create: a county provider's entry carries its level and region",
          "[decider][create]") {
  const pb::Actor provider = CountyProvider("370881", "qf-wlj");  // 曲阜市.
  DeciderFixture f;
  f.Given({});
  f.When(CreateCommand(kId, ValidContent()), Context(provider, kNow));
  f.ThenEvents({Created(kId, provider, ValidContent())});
  REQUIRE(f.result().ok());
  const auto& created = f.result()->front().catalog_entry_created();
  CHECK(created.level() == pb::LEVEL_COUNTY);
  CHECK(created.region() == "370881");
  CHECK(created.provider_organization() == "qf-wlj");
}

TEST_CASE("create: a draft may be incomplete", "[decider][create]") {
  pb::CatalogEntryContent partial;
  partial.set_name("济宁市公交线路信息");
  DeciderFixture f;
  f.Given({});
  f.When(CreateCommand(kId, partial), Context(CityProvider(), kNow));
  f.ThenEvents({Created(kId, CityProvider(), partial)});
}

TEST_CASE("create: an existing entry is ALREADY_EXISTS", "[decider][create]") {
  DeciderFixture f;
  f.Given({Created(kId, CityProvider(), ValidContent())});
  f.When(CreateCommand(kId, ValidContent()), Context(CityProvider(), kNow));
  f.ThenError(StatusCode::kAlreadyExists, "CATALOG_ENTRY_EXISTS");
}

TEST_CASE("create: a malformed entry id is refused", "[decider][create]") {
  const std::string id = GENERATE(
      std::string(""), std::string("ab"), std::string("Jn-gaj-001"),
      std::string("1jn-gaj"), std::string("-jn-gaj"), std::string("jn_gaj_001"),
      std::string("jn gaj"), std::string("jn-公安"), std::string(65, 'a'));
  DeciderFixture f;
  f.Given({});
  f.When(CreateCommand(id, ValidContent()), Context(CityProvider(), kNow));
  INFO("id: " << id);
  f.ThenError(StatusCode::kInvalidArgument, "CATALOG_ENTRY_ID_INVALID");
  CHECK(f.Fields() == std::vector<std::string>{"catalog_entry_id"});
}

TEST_CASE("create: ids of 3 and of 64 characters are accepted",
          "[decider][create]") {
  const std::string id = GENERATE(std::string("a-1"), std::string(64, 'z'));
  DeciderFixture f;
  f.Given({});
  f.When(CreateCommand(id, ValidContent()), Context(CityProvider(), kNow));
  f.ThenEvents({Created(id, CityProvider(), ValidContent())});
}

TEST_CASE("create: only a provider may create", "[decider][create][authz]") {
  const pb::Actor actor = GENERATE(CityReviewer(), CountyReviewer("370811"),
                                   PlainUser(), Auditor());
  DeciderFixture f;
  f.Given({});
  f.When(CreateCommand(kId, ValidContent()), Context(actor, kNow));
  INFO("role: " << pb::Role_Name(actor.role()));
  f.ThenError(StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED");
  CHECK(ErrorMetadata(f.result().status()).at("required_role") ==
        "ROLE_PROVIDER");
}

TEST_CASE("create: an inconsistent provider identity is ACTOR_INVALID",
          "[decider][create][authz]") {
  pb::Actor actor = CityProvider();
  SECTION("COUNTY level with the city region 3708") {
    actor.set_level(pb::LEVEL_COUNTY);
    actor.set_region("3708");
  }
  SECTION("CITY level with a county region") {
    actor.set_level(pb::LEVEL_CITY);
    actor.set_region("370811");
  }
  SECTION("COUNTY level with a region outside Jining") {
    actor.set_level(pb::LEVEL_COUNTY);
    actor.set_region("370102");  // 济南市历下区.
  }
  SECTION("no level") { actor.set_level(pb::LEVEL_UNSPECIFIED); }
  SECTION("no organisation") { actor.clear_organization(); }
  SECTION("no subject") { actor.clear_subject(); }
  DeciderFixture f;
  f.Given({});
  f.When(CreateCommand(kId, ValidContent()), Context(actor, kNow));
  f.ThenError(StatusCode::kPermissionDenied, "ACTOR_INVALID");
}

TEST_CASE("create: content format violations name every bad field by path",
          "[decider][create][validation]") {
  pb::CatalogEntryContent content = ValidContent();
  std::vector<std::string> expected;
  SECTION("duplicate field name in the data dictionary") {
    content.mutable_data_dictionary(1)->set_name("line_no");
    expected = {"content.data_dictionary[1].name"};
  }
  SECTION("dates that are not ISO dates or do not exist") {
    content.mutable_coverage()->set_time_start("2026-02-30");
    content.mutable_coverage()->set_time_end("2026/03/01");
    content.mutable_security_review()->set_review_date("20260120");
    expected = {"content.coverage.time_end", "content.coverage.time_start",
                "content.security_review.review_date"};
  }
  SECTION("coverage ending before it starts") {
    content.mutable_coverage()->set_time_start("2025-06-01");
    content.mutable_coverage()->set_time_end("2025-05-31");
    expected = {"content.coverage.time_end"};
  }
  SECTION("control characters") {
    content.set_name("公交\x01线路");
    content.mutable_data_dictionary(0)->set_description("线路\x1b编号");
    expected = {"content.data_dictionary[0].description", "content.name"};
  }
  SECTION("a name of 101 Chinese characters") {
    content.set_name(Repeat("济", 101));
    expected = {"content.name"};
  }
  SECTION("a name of 101 ASCII characters") {
    content.set_name(std::string(101, 'n'));
    expected = {"content.name"};
  }
  SECTION("unknown enum values and missing typed values") {
    content.set_open_attribute(static_cast<pb::OpenAttribute>(42));
    content.set_update_frequency(static_cast<pb::UpdateFrequency>(99));
    content.add_service_modes(pb::SERVICE_MODE_FILE);
    content.add_service_modes(pb::SERVICE_MODE_UNSPECIFIED);
    content.add_conditions();  // No kind, no description.
    content.mutable_data_dictionary(2)->set_type(pb::FIELD_TYPE_UNSPECIFIED);
    content.mutable_desensitisation_rules(0)->set_method(
        pb::DESENSITISATION_METHOD_UNSPECIFIED);
    expected = {"content.conditions[0].description",
                "content.conditions[0].kind",
                "content.data_dictionary[2].type",
                "content.desensitisation_rules[0].method",
                "content.open_attribute",
                "content.service_modes[2]",
                "content.service_modes[3]",
                "content.update_frequency"};
  }
  SECTION("an unnamed dictionary field and two rules for one field") {
    content.mutable_data_dictionary(0)->clear_name();
    *content.add_desensitisation_rules() = content.desensitisation_rules(0);
    expected = {"content.data_dictionary[0].name",
                "content.desensitisation_rules[1].field_name"};
  }
  SECTION("texts over their limits") {
    content.set_description(Repeat("述", 2001));
    content.set_domain(Repeat("域", 51));
    content.mutable_coverage()->set_region_scope(Repeat("区", 201));
    content.mutable_desensitisation_rules(0)->set_parameter(
        std::string(201, '*'));
    content.mutable_security_review()->set_conclusion(Repeat("论", 1001));
    expected = {"content.coverage.region_scope", "content.description",
                "content.desensitisation_rules[0].parameter", "content.domain",
                "content.security_review.conclusion"};
  }
  DeciderFixture f;
  f.Given({});
  f.When(CreateCommand(kId, content), Context(CityProvider(), kNow));
  f.ThenError(StatusCode::kInvalidArgument, "CONTENT_INVALID");
  CHECK(f.Fields() == expected);
}

TEST_CASE("create: length limits count characters not bytes",
          "[decider][create][validation]") {
  pb::CatalogEntryContent content = ValidContent();
  content.set_name(Repeat("济", 100));  // 300 bytes of UTF-8.
  REQUIRE(content.name().size() == 300);
  DeciderFixture f;
  f.Given({});
  f.When(CreateCommand(kId, content), Context(CityProvider(), kNow));
  f.ThenEvents({Created(kId, CityProvider(), content)});
  CHECK(Utf8Length(content.name()) == 100);
}

TEST_CASE("create: newlines and tabs are not control characters",
          "[decider][create][validation]") {
  pb::CatalogEntryContent content = ValidContent();
  content.set_description("第一行\n第二行\t制表");
  DeciderFixture f;
  f.Given({});
  f.When(CreateCommand(kId, content), Context(CityProvider(), kNow));
  f.ThenEvents({Created(kId, CityProvider(), content)});
}

// ---------------------------------------------------------------- edit

TEST_CASE(
    "edit: the owner replaces the content and the changed fields are "
    "recorded",
    "[decider][edit]") {
  pb::CatalogEntryContent next = ValidContent();
  next.set_name("济宁市公交线路及站点信息");
  next.set_description("全市公交线路、站点、首末班时间及票价");
  next.mutable_coverage()->set_time_end("2025-12-31");
  DeciderFixture f;
  f.Given({Created(kId, CityProvider(), ValidContent())});
  f.When(EditCommand(kId, next), Context(CityProvider(), kNow));
  f.ThenEvents({Edited(next, {"coverage", "description", "name"})});
}

TEST_CASE("edit: a returned entry can be edited", "[decider][edit]") {
  pb::CatalogEntryContent next = ValidContent();
  next.set_domain("城市建设");
  DeciderFixture f;
  f.Given({Created(kId, CityProvider(), ValidContent()),
           Submitted(1, Shanghai(2026, 3, 4, 23, 59, 59)),
           Returned(1, {MakeDefect("domain", "所属领域应为城市建设")})});
  f.When(EditCommand(kId, next), Context(CityProvider(), kNow));
  f.ThenEvents({Edited(next, {"domain"})});
}

TEST_CASE("edit: identical content records nothing", "[decider][edit]") {
  DeciderFixture f;
  f.Given({Created(kId, CityProvider(), ValidContent())});
  f.When(EditCommand(kId, ValidContent()), Context(CityProvider(), kNow));
  f.ThenNoEvents();
}

TEST_CASE("edit: another organisation's provider is NOT_ENTRY_OWNER",
          "[decider][edit][authz]") {
  const pb::Actor other =
      GENERATE(CityProvider("jn-jtj"), CountyProvider("370811"));
  pb::CatalogEntryContent next = ValidContent();
  next.set_name("改名");
  DeciderFixture f;
  f.Given({Created(kId, CityProvider("jn-gaj"), ValidContent())});
  f.When(EditCommand(kId, next), Context(other, kNow));
  f.ThenError(StatusCode::kPermissionDenied, "NOT_ENTRY_OWNER");
  CHECK(ErrorMetadata(f.result().status()).at("owner") == "jn-gaj");
}

TEST_CASE("edit: a reviewer may not edit", "[decider][edit][authz]") {
  DeciderFixture f;
  f.Given({Created(kId, CityProvider(), ValidContent())});
  f.When(EditCommand(kId, ValidContent()), Context(CityReviewer(), kNow));
  f.ThenError(StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED");
}

TEST_CASE("edit: an entry under review or published is not editable",
          "[decider][edit]") {
  const absl::Time due = Shanghai(2026, 3, 4, 23, 59, 59);
  std::vector<pb::EventPayload> history = {
      Created(kId, CityProvider(), ValidContent()), Submitted(1, due)};
  SECTION("under review") {}
  SECTION("published") { history.push_back(Published(1)); }
  pb::CatalogEntryContent next = ValidContent();
  next.set_name("改名");
  DeciderFixture f;
  f.Given(history);
  f.When(EditCommand(kId, next), Context(CityProvider(), kNow));
  f.ThenError(StatusCode::kFailedPrecondition, "CATALOG_ENTRY_NOT_EDITABLE");
}

TEST_CASE("edit: a missing entry is NOT_FOUND", "[decider][edit]") {
  DeciderFixture f;
  f.Given({});
  f.When(EditCommand(kId, ValidContent()), Context(CityProvider(), kNow));
  f.ThenError(StatusCode::kNotFound, "CATALOG_ENTRY_NOT_FOUND");
}

TEST_CASE("edit: malformed content is refused as for create",
          "[decider][edit][validation]") {
  pb::CatalogEntryContent next = ValidContent();
  next.mutable_data_dictionary(2)->set_name("station");
  DeciderFixture f;
  f.Given({Created(kId, CityProvider(), ValidContent())});
  f.When(EditCommand(kId, next), Context(CityProvider(), kNow));
  f.ThenError(StatusCode::kInvalidArgument, "CONTENT_INVALID");
  CHECK(f.Fields() ==
        std::vector<std::string>{"content.data_dictionary[2].name"});
}

TEST_CASE("decider: a command that is not a catalog command is refused",
          "[decider]") {
  DeciderFixture f;
  f.Given({});
  f.When(pb::Command(), Context(CityProvider(), kNow));
  f.ThenError(StatusCode::kInvalidArgument, "COMMAND_INVALID");
  CHECK(CatalogEntryIdOf(pb::Command()).empty());
  CHECK(CatalogEntryIdOf(SubmitCommand(kId)) == kId);
}

// ---------------------------------------------------------------- authz.h

TEST_CASE("authz: ValidateActor accepts consistent identities", "[authz]") {
  const pb::Actor actor = GENERATE(
      CityProvider(), CountyProvider("370811"), CountyProvider("370892"),
      CityReviewer(), CountyReviewer("370830"), PlainUser(), Auditor());
  INFO(actor.ShortDebugString());
  CHECK(ValidateActor(actor).ok());
}

TEST_CASE("authz: ValidateActor refuses incomplete identities", "[authz]") {
  pb::Actor actor = CityReviewer();
  SECTION("no role") { actor.set_role(pb::ROLE_UNSPECIFIED); }
  SECTION("reviewer without organisation") { actor.clear_organization(); }
  SECTION("county reviewer with the city code") {
    actor.set_level(pb::LEVEL_COUNTY);
  }
  SECTION("user without subject") {
    actor = PlainUser();
    actor.clear_subject();
  }
  CheckError(ValidateActor(actor), StatusCode::kPermissionDenied,
             "ACTOR_INVALID");
}

TEST_CASE("authz: RequireRole and RequireOwner", "[authz]") {
  CHECK(RequireRole(CityProvider(), pb::ROLE_PROVIDER).ok());
  CheckError(RequireRole(PlainUser(), pb::ROLE_PROVIDER),
             StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED");
  CHECK(RequireOwner(CityProvider("jn-gaj"), "jn-gaj").ok());
  CheckError(RequireOwner(CityProvider("jn-jtj"), "jn-gaj"),
             StatusCode::kPermissionDenied, "NOT_ENTRY_OWNER");
  CheckError(RequireOwner(CityReviewer(), "jn-dsjj"),
             StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED");
}

}  // namespace
}  // namespace opendata::engine_test
