// Decider tests of submitting a catalog entry for formal review: every
// submission rule of submission_rules.cc (required fields, Art. 7 conditions
// and legal basis, Art. 10 desensitisation, Art. 24 security review) reported
// all at once, who may submit and when, the review deadline computed from the
// real 2026 calendar and stored in the event (hand-computed from domain.md
// section 7, including a provisional deadline running into unloaded 2027), the
// DeadlineStarted of the review clock recorded with every submission (same due
// time, id "catalog-review:<entry>:<submission>"), and the fields changed since
// the last notice on a resubmission.
#include <string>
#include <vector>

#include "catch2/catch.hpp"
#include "tests/engine/test_support.h"

namespace opendata::engine_test {
namespace {

using absl::StatusCode;

// Monday 2 March 2026 10:00 (a global, so no Catch2 assertion inside).
const absl::Time kNow = Shanghai(2026, 3, 2, 10, 0, 0);
constexpr char kId[] = "jn-jtj-bus-lines";

// Submits an entry created with `content` by the city provider at kNow.
DeciderFixture SubmitWith(const pb::CatalogEntryContent& content) {
  DeciderFixture f;
  f.Given({Created(kId, CityProvider(), content)});
  f.When(SubmitCommand(kId), Context(CityProvider(), kNow));
  return f;
}

// ---------------------------------------------------------------- accepted

TEST_CASE("submit: a complete entry starts the 2 working day formal review",
          "[decider][submit]") {
  DeciderFixture f = SubmitWith(ValidContent());
  // Monday 2 March 2026: day 1 is Tuesday 3, day 2 Wednesday 4 March.
  f.ThenEvents(SubmittedWithClock(kId, "3708", 1, kNow,
                                  At("2026-03-04T23:59:59+08:00")));
}

TEST_CASE("submit: CONDITIONAL data with typed fair conditions is accepted",
          "[decider][submit]") {
  DeciderFixture f = SubmitWith(ConditionalContent());
  f.ThenEvents(SubmittedWithClock(kId, "3708", 1, kNow,
                                  At("2026-03-04T23:59:59+08:00")));
}

TEST_CASE("submit: NOT_OPEN data citing its legal basis is accepted",
          "[decider][submit]") {
  pb::CatalogEntryContent content = ValidContent();
  content.set_open_attribute(pb::OPEN_ATTRIBUTE_NOT_OPEN);
  content.set_legal_basis("《中华人民共和国个人信息保护法》第二十八条");
  DeciderFixture f = SubmitWith(content);
  f.ThenEvents(SubmittedWithClock(kId, "3708", 1, kNow,
                                  At("2026-03-04T23:59:59+08:00")));
}

// ---------------------------------------------------------------- deadlines

struct DeadlineCase {
  const char* why;
  const char* submitted;
  const char* due;
  bool provisional;
};

TEST_CASE("submit: the review deadline follows the working-day calendar",
          "[decider][submit][deadline]") {
  // Worked out by hand from domain.md section 7 (2026: New Year 1-3 Jan,
  // working Sun 4 Jan; Spring Festival 15-23 Feb, working Sat 14 and Sat 28
  // Feb; Qingming 4-6 Apr; National Day 1-7 Oct, working Sat 10 Oct). The
  // start day is never counted; the deadline is 23:59:59 Asia/Shanghai of the
  // 2nd working day after it.
  const DeadlineCase c = GENERATE(
      DeadlineCase{"Fri 13 Feb: day 1 make-up Sat 14, 15-23 holidays, day 2 "
                   "Tue 24",
                   "2026-02-13T10:00:00+08:00", "2026-02-24T23:59:59+08:00",
                   false},
      DeadlineCase{"Thu 12 Feb: day 1 Fri 13, day 2 the make-up Sat 14",
                   "2026-02-12T10:00:00+08:00", "2026-02-14T23:59:59+08:00",
                   false},
      DeadlineCase{"on the make-up Sat 14 Feb itself: not counted; Tue 24, "
                   "Wed 25",
                   "2026-02-14T09:00:00+08:00", "2026-02-25T23:59:59+08:00",
                   false},
      DeadlineCase{"plain Saturday 7 Feb: Mon 9, Tue 10",
                   "2026-02-07T09:00:00+08:00", "2026-02-10T23:59:59+08:00",
                   false},
      DeadlineCase{"Wed 31 Dec 2025: 1-3 Jan holidays, make-up Sun 4 Jan, Mon "
                   "5 Jan",
                   "2025-12-31T16:00:00+08:00", "2026-01-05T23:59:59+08:00",
                   false},
      DeadlineCase{"Thu 2 Apr: Fri 3, Qingming 4-6 Apr, Tue 7",
                   "2026-04-02T10:00:00+08:00", "2026-04-07T23:59:59+08:00",
                   false},
      DeadlineCase{"Wed 30 Sep: National Day 1-7 Oct, Thu 8, Fri 9",
                   "2026-09-30T10:00:00+08:00", "2026-10-09T23:59:59+08:00",
                   false},
      DeadlineCase{"Thu 5 Mar 23:30 Shanghai: Fri 6, Mon 9",
                   "2026-03-05T23:30:00+08:00", "2026-03-09T23:59:59+08:00",
                   false},
      DeadlineCase{"Thu 5 Mar 00:30 Shanghai is still 4 Mar in UTC: the "
                   "Shanghai day counts",
                   "2026-03-04T16:30:00Z", "2026-03-09T23:59:59+08:00", false},
      DeadlineCase{"Tue 29 Dec: Wed 30, Thu 31, all in loaded 2026",
                   "2026-12-29T10:00:00+08:00", "2026-12-31T23:59:59+08:00",
                   false},
      DeadlineCase{"Wed 30 Dec: Thu 31, then Fri 1 Jan 2027 (not loaded)",
                   "2026-12-30T10:00:00+08:00", "2027-01-01T23:59:59+08:00",
                   true},
      DeadlineCase{"Thu 31 Dec: Fri 1 Jan and Mon 4 Jan 2027 (not loaded)",
                   "2026-12-31T10:00:00+08:00", "2027-01-04T23:59:59+08:00",
                   true});
  INFO(c.why);
  DeciderFixture f;
  f.Given({Created(kId, CityProvider(), ValidContent())});
  f.When(SubmitCommand(kId), Context(CityProvider(), At(c.submitted)));
  f.ThenEvents(SubmittedWithClock(kId, "3708", 1, At(c.submitted), At(c.due),
                                  c.provisional));
}

TEST_CASE("submit: the deadline is stored as a literal instant",
          "[decider][submit][deadline]") {
  DeciderFixture f;
  f.Given({Created(kId, CityProvider(), ValidContent())});
  f.When(SubmitCommand(kId),
         Context(CityProvider(), At("2026-02-13T10:00:00+08:00")));
  REQUIRE(f.result().ok());
  REQUIRE(f.result()->size() == 2);
  const auto& submitted = f.result()->front().catalog_entry_submitted();
  // 2026-02-24T23:59:59+08:00 == 2026-02-24T15:59:59Z.
  CHECK(submitted.review_due_time().seconds() == 1771948799);
  CHECK(submitted.review_due_time().nanos() == 0);
  CHECK_FALSE(submitted.review_due_provisional());
  // The clock carries the same instant, and the start it was computed from.
  REQUIRE(f.result()->back().has_deadline_started());
  const pb::Deadline& clock = f.result()->back().deadline_started().deadline();
  CHECK(clock.deadline_id() == "catalog-review:jn-jtj-bus-lines:1");
  CHECK(clock.due_time().seconds() == 1771948799);
  CHECK(clock.due_time().nanos() == 0);
  // 2026-02-13T10:00:00+08:00 == 2026-02-13T02:00:00Z.
  CHECK(clock.start_time().seconds() == 1770948000);
  CHECK(clock.working_days() == 2);
  CHECK_FALSE(clock.provisional());
}

TEST_CASE("submit: the review clock is for the reviewers of the entry's region",
          "[decider][submit][deadline]") {
  const absl::Time now = At("2026-03-02T10:00:00+08:00");
  DeciderFixture f;
  f.Given({Created(kId, CountyProvider("370883", "zc-wsj"), ValidContent())});
  f.When(SubmitCommand(kId), Context(CountyProvider("370883", "zc-wsj"), now));
  f.ThenEvents(SubmittedWithClock(kId, "370883", 1, now,
                                  At("2026-03-04T23:59:59+08:00")));
  const pb::Deadline& clock = f.result()->back().deadline_started().deadline();
  CHECK(clock.kind() == pb::DEADLINE_KIND_CATALOG_FORMAL_REVIEW);
  CHECK(clock.responsible_role() == pb::ROLE_REVIEWER);
  CHECK(clock.responsible_region() == "370883");
  CHECK(clock.responsible_organization().empty());
  CHECK(clock.stream_id() == "catalog-entry/jn-jtj-bus-lines");
  CHECK(clock.subject_id() == "jn-jtj-bus-lines");
  CHECK(clock.state() == pb::DEADLINE_STATE_OPEN);
}

// ---------------------------------------------------------------- rules

TEST_CASE("submit: each broken submission rule is named with its subject",
          "[decider][submit][rules]") {
  pb::CatalogEntryContent content = ValidContent();
  std::vector<std::string> expected;
  SECTION("CONDITIONAL without conditions") {
    content.set_open_attribute(pb::OPEN_ATTRIBUTE_CONDITIONAL);
    expected = {"ART7_CONDITION_REQUIRED @ content.conditions"};
  }
  SECTION("conditions on registered capital and on local companies") {
    content = ConditionalContent();
    auto* capital = content.add_conditions();
    capital->set_kind(pb::CONDITION_KIND_TECHNICAL_CAPABILITY);
    capital->set_description("申请单位注册资本不低于1000万元");
    auto* local = content.add_conditions();
    local->set_kind(pb::CONDITION_KIND_CREDIT_REQUIREMENT);
    local->set_description("仅限本地企业申请");
    expected = {
        "ART7_DISCRIMINATORY_CONDITION @ content.conditions[2].description",
        "ART7_DISCRIMINATORY_CONDITION @ content.conditions[3].description"};
  }
  SECTION("a scale condition written in English, any case") {
    content = ConditionalContent();
    content.mutable_conditions(0)->set_description(
        "Applicants need a Registered Capital of 10M CNY");
    expected = {
        "ART7_DISCRIMINATORY_CONDITION @ content.conditions[0].description"};
  }
  SECTION("conditions on UNCONDITIONAL data") {
    content = ConditionalContent();
    content.set_open_attribute(pb::OPEN_ATTRIBUTE_UNCONDITIONAL);
    expected = {"ART7_CONDITIONS_ONLY_FOR_CONDITIONAL @ content.conditions"};
  }
  SECTION("NOT_OPEN without legal basis") {
    content.set_open_attribute(pb::OPEN_ATTRIBUTE_NOT_OPEN);
    expected = {"ART7_LEGAL_BASIS_REQUIRED @ content.legal_basis"};
  }
  SECTION("a sensitive field without a desensitisation rule") {
    content.mutable_data_dictionary(1)->set_sensitive(true);
    expected = {"ART10_DESENSITISATION_REQUIRED @ content.data_dictionary[1]"};
  }
  SECTION("a desensitisation rule naming an unknown field") {
    auto* rule = content.add_desensitisation_rules();
    rule->set_field_name("id_card_no");
    rule->set_method(pb::DESENSITISATION_METHOD_HASH);
    expected = {
        "DESENSITISATION_RULE_UNKNOWN_FIELD @ "
        "content.desensitisation_rules[1].field_name"};
  }
  SECTION("no security review") {
    content.clear_security_review();
    expected = {"ART24_SECURITY_REVIEW_REQUIRED @ content.security_review"};
  }
  SECTION("a security review without its conclusion") {
    content.mutable_security_review()->clear_conclusion();
    expected = {"ART24_SECURITY_REVIEW_REQUIRED @ content.security_review"};
  }
  SECTION("a security review that did not pass") {
    content.mutable_security_review()->set_passed(false);
    expected = {
        "ART24_SECURITY_REVIEW_NOT_PASSED @ content.security_review.passed"};
  }
  SECTION("a dictionary field without description") {
    content.mutable_data_dictionary(2)->clear_description();
    expected = {"CONTENT_REQUIRED @ content.data_dictionary[2].description"};
  }
  SECTION("every required field missing") {
    content = pb::CatalogEntryContent();
    expected = {"ART24_SECURITY_REVIEW_REQUIRED @ content.security_review",
                "CONTENT_REQUIRED @ content.coverage.region_scope",
                "CONTENT_REQUIRED @ content.coverage.time_start",
                "CONTENT_REQUIRED @ content.data_dictionary",
                "CONTENT_REQUIRED @ content.data_format",
                "CONTENT_REQUIRED @ content.description",
                "CONTENT_REQUIRED @ content.domain",
                "CONTENT_REQUIRED @ content.name",
                "CONTENT_REQUIRED @ content.open_attribute",
                "CONTENT_REQUIRED @ content.service_modes",
                "CONTENT_REQUIRED @ content.source_department",
                "CONTENT_REQUIRED @ content.update_frequency"};
  }
  DeciderFixture f = SubmitWith(content);
  f.ThenError(StatusCode::kFailedPrecondition, "SUBMISSION_INCOMPLETE");
  CHECK(f.Rules() == expected);
}

TEST_CASE("submit: all broken rules are reported at once",
          "[decider][submit][rules]") {
  SECTION("a CONDITIONAL entry") {
    pb::CatalogEntryContent content = ValidContent();
    content.set_open_attribute(
        pb::OPEN_ATTRIBUTE_CONDITIONAL);  // No conditions.
    content.clear_domain();
    content.mutable_data_dictionary(0)->set_sensitive(true);  // No rule.
    content.mutable_desensitisation_rules(0)->set_field_name("phone");
    content.mutable_security_review()->set_passed(false);
    DeciderFixture f = SubmitWith(content);
    f.ThenError(StatusCode::kFailedPrecondition, "SUBMISSION_INCOMPLETE");
    CHECK(f.Rules() ==
          std::vector<std::string>{
              "ART10_DESENSITISATION_REQUIRED @ content.data_dictionary[0]",
              "ART10_DESENSITISATION_REQUIRED @ content.data_dictionary[2]",
              "ART24_SECURITY_REVIEW_NOT_PASSED @ "
              "content.security_review.passed",
              "ART7_CONDITION_REQUIRED @ content.conditions",
              "CONTENT_REQUIRED @ content.domain",
              "DESENSITISATION_RULE_UNKNOWN_FIELD @ "
              "content.desensitisation_rules[0].field_name"});
  }
  SECTION("a NOT_OPEN entry with discriminatory conditions") {
    pb::CatalogEntryContent content = ConditionalContent();
    content.set_open_attribute(pb::OPEN_ATTRIBUTE_NOT_OPEN);
    content.mutable_conditions(1)->set_description("限本地注册的企业");
    content.mutable_coverage()->clear_time_start();
    content.mutable_security_review()->clear_reviewed_by();
    DeciderFixture f = SubmitWith(content);
    f.ThenError(StatusCode::kFailedPrecondition, "SUBMISSION_INCOMPLETE");
    CHECK(f.Rules() ==
          std::vector<std::string>{
              "ART24_SECURITY_REVIEW_REQUIRED @ content.security_review",
              "ART7_CONDITIONS_ONLY_FOR_CONDITIONAL @ content.conditions",
              "ART7_DISCRIMINATORY_CONDITION @ "
              "content.conditions[1].description",
              "ART7_LEGAL_BASIS_REQUIRED @ content.legal_basis",
              "CONTENT_REQUIRED @ content.coverage.time_start"});
  }
}

// ---------------------------------------------------------------- who, when

TEST_CASE("submit: only the owning provider may submit",
          "[decider][submit][authz]") {
  DeciderFixture f;
  f.Given({Created(kId, CityProvider("jn-jtj"), ValidContent())});
  SECTION("another organisation") {
    f.When(SubmitCommand(kId), Context(CityProvider("jn-gaj"), kNow));
    f.ThenError(StatusCode::kPermissionDenied, "NOT_ENTRY_OWNER");
  }
  SECTION("a reviewer") {
    f.When(SubmitCommand(kId), Context(CityReviewer(), kNow));
    f.ThenError(StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED");
  }
}

TEST_CASE("submit: a missing entry is NOT_FOUND", "[decider][submit]") {
  DeciderFixture f;
  f.Given({});
  f.When(SubmitCommand(kId), Context(CityProvider(), kNow));
  f.ThenError(StatusCode::kNotFound, "CATALOG_ENTRY_NOT_FOUND");
}

TEST_CASE("submit: an entry under review or published cannot be submitted",
          "[decider][submit]") {
  std::vector<pb::EventPayload> history = {
      Created(kId, CityProvider(), ValidContent()),
      Submitted(1, At("2026-03-04T23:59:59+08:00"))};
  SECTION("under review") {}
  SECTION("published") { history.push_back(Published(1)); }
  DeciderFixture f;
  f.Given(history);
  f.When(SubmitCommand(kId), Context(CityProvider(), kNow));
  f.ThenError(StatusCode::kFailedPrecondition, "CATALOG_ENTRY_NOT_SUBMITTABLE");
}

// ---------------------------------------------------------------- resubmit

TEST_CASE("submit: a resubmission records the fields changed since the notice",
          "[decider][submit][notice]") {
  const absl::Time due1 = At("2026-03-04T23:59:59+08:00");
  pb::CatalogEntryContent renamed = ValidContent();
  renamed.set_name("济宁市公交线路与站点信息");
  DeciderFixture f;
  f.Given({Created(kId, CityProvider(), ValidContent())});
  f.Given(SubmittedWithClock(kId, "3708", 1, kNow, due1));
  f.Given({Returned(1, {MakeDefect("description", "描述过于简单")}),
           ReviewClockMet(kId, 1), Edited(renamed, {"name"})});
  // Thursday 5 March: Friday 6 and Monday 9 March.
  f.When(SubmitCommand(kId),
         Context(CityProvider(), At("2026-03-05T09:00:00+08:00")));
  f.ThenEvents(
      SubmittedWithClock(kId, "3708", 2, At("2026-03-05T09:00:00+08:00"),
                         At("2026-03-09T23:59:59+08:00"), false, {"name"}));
  // Each submission has its own clock; the first one stays met.
  REQUIRE(f.state().deadlines.size() == 1);
  CHECK(f.state().deadlines.at("catalog-review:jn-jtj-bus-lines:1").state() ==
        pb::DEADLINE_STATE_MET);
}

TEST_CASE("submit: an unchanged resubmission records no changed fields",
          "[decider][submit][notice]") {
  DeciderFixture f;
  f.Given({Created(kId, CityProvider(), ValidContent())});
  f.Given(SubmittedWithClock(kId, "3708", 1, kNow,
                             At("2026-03-04T23:59:59+08:00")));
  f.Given({Returned(1, {MakeDefect("description", "描述过于简单")}),
           ReviewClockMet(kId, 1)});
  f.When(SubmitCommand(kId), Context(CityProvider(), kNow));
  f.ThenEvents(SubmittedWithClock(kId, "3708", 2, kNow,
                                  At("2026-03-04T23:59:59+08:00")));
}

TEST_CASE("submit: changes are measured against the content the notice judged",
          "[decider][submit][notice]") {
  pb::CatalogEntryContent renamed = ValidContent();
  renamed.set_name("临时名称");
  pb::CatalogEntryContent final_content = ValidContent();  // Name back.
  final_content.set_description("全市公交线路、站点、首末班时间及票价");
  final_content.set_data_format("JSON");
  DeciderFixture f;
  f.Given({Created(kId, CityProvider(), ValidContent())});
  f.Given(SubmittedWithClock(kId, "3708", 1, kNow,
                             At("2026-03-04T23:59:59+08:00")));
  f.Given({Returned(1, {MakeDefect("description", "描述过于简单")}),
           ReviewClockMet(kId, 1), Edited(renamed, {"name"}),
           Edited(final_content, {"data_format", "description", "name"})});
  f.When(SubmitCommand(kId), Context(CityProvider(), kNow));
  f.ThenEvents(SubmittedWithClock(kId, "3708", 2, kNow,
                                  At("2026-03-04T23:59:59+08:00"), false,
                                  {"data_format", "description"}));
}

TEST_CASE("submit: a later notice becomes the new baseline",
          "[decider][submit][notice]") {
  pb::CatalogEntryContent v2 = ValidContent();
  v2.set_name("济宁市公交线路与站点信息");
  pb::CatalogEntryContent v3 = v2;
  v3.set_domain("城市建设");
  DeciderFixture f;
  f.Given({Created(kId, CityProvider(), ValidContent())});
  f.Given(SubmittedWithClock(kId, "3708", 1, kNow,
                             At("2026-03-04T23:59:59+08:00")));
  f.Given({Returned(1, {MakeDefect("description", "描述过于简单")}),
           ReviewClockMet(kId, 1), Edited(v2, {"name"})});
  // Resubmitted Wednesday 4 March: Thursday 5 and Friday 6 March.
  f.Given(SubmittedWithClock(kId, "3708", 2, At("2026-03-04T10:00:00+08:00"),
                             At("2026-03-06T23:59:59+08:00"), false, {"name"}));
  f.Given({Returned(2, {MakeDefect("name", "名称不规范")}),
           ReviewClockMet(kId, 2), Edited(v3, {"domain"})});
  f.When(SubmitCommand(kId), Context(CityProvider(), kNow));
  f.ThenEvents(SubmittedWithClock(kId, "3708", 3, kNow,
                                  At("2026-03-04T23:59:59+08:00"), false,
                                  {"domain"}));
  CHECK(f.state().submissions == 2);
  CHECK(f.state().deadlines.size() == 2);
}

}  // namespace
}  // namespace opendata::engine_test
