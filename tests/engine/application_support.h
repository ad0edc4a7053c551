// Helpers of the conditional application tests (engine and pipeline): the
// applicant, the entry facts, a complete valid form, the credit registry's
// answer, command builders, and a fixture that decides application commands
// and folds what they record. Header-only; not thread-safe.
#ifndef OPENDATA_TESTS_ENGINE_APPLICATION_SUPPORT_H_
#define OPENDATA_TESTS_ENGINE_APPLICATION_SUPPORT_H_

#include <optional>
#include <string>
#include <vector>

#include "catch2/catch.hpp"
#include "engine/applications/application_decider.h"
#include "engine/applications/application_state.h"
#include "tests/engine/test_support.h"

namespace opendata::engine_test {

inline constexpr char kAppId[] = "app-zhang-1";
inline constexpr char kAppEntry[] = "rc-wsj-clinics";

// The owner of the entry: 任城区卫健局 (a county provider of 370811).
inline pb::Actor AppOwner() { return CountyProvider("370811", "rc-wsj"); }

// A real-name verified natural person.
inline pb::Actor Applicant(const std::string& subject = "u-zhang") {
  pb::Actor a = PlainUser();
  a.set_subject(subject);
  a.set_person_kind(pb::PERSON_KIND_NATURAL);
  a.set_real_name_verified(true);
  return a;
}

// A real-name verified legal person (a company).
inline pb::Actor CompanyApplicant() {
  pb::Actor a = Applicant("u-company");
  a.set_person_kind(pb::PERSON_KIND_LEGAL);
  a.set_organization("91370800MA3C000000");
  return a;
}

// The entry's content: CONDITIONAL with two conditions, offering API and FILE.
inline pb::CatalogEntryContent AppFactsContent() {
  pb::CatalogEntryContent c = ConditionalContent();
  c.clear_service_modes();
  c.add_service_modes(pb::SERVICE_MODE_API);
  c.add_service_modes(pb::SERVICE_MODE_FILE);
  return c;
}

// The facts of the published entry.
inline pb::EntryFacts AppFacts() {
  pb::CatalogEntry entry;
  entry.set_catalog_entry_id(kAppEntry);
  entry.set_provider_organization("rc-wsj");
  entry.set_level(pb::LEVEL_COUNTY);
  entry.set_region("370811");
  entry.set_state(pb::CATALOG_ENTRY_STATE_PUBLISHED);
  entry.set_version(4);
  *entry.mutable_content() = AppFactsContent();
  return FactsOf(entry);
}

// A complete form for a natural person: API, use 10 March - 30 June 2026,
// both conditions answered.
inline pb::ApplicationForm ValidForm() {
  pb::ApplicationForm f;
  f.set_service_mode(pb::SERVICE_MODE_API);
  f.mutable_coverage()->set_region_scope("任城区");
  f.mutable_coverage()->set_time_start("2025-01-01");
  f.mutable_coverage()->set_time_end("2025-12-31");
  auto* a = f.mutable_applicant();
  a->set_name("张三");
  a->set_contact("张三");
  a->set_id_number("370811199001011234");
  a->set_phone("+86-537-1234567");
  a->set_address("济宁市任城区某路1号");
  f.set_service_name("社区诊所导航");
  f.set_service_domain("医疗卫生");
  f.set_use_start_date("2026-03-10");
  f.set_use_end_date("2026-06-30");
  f.add_scenarios("为居民提供就近诊所查询");
  f.add_scenarios("统计诊所分布供社区规划参考");
  auto* s = f.mutable_standards();
  s->set_service_scope("任城区居民");
  s->set_user_count(5000);
  s->set_concurrency(50);
  s->set_response_time_ms(500);
  f.set_expected_benefits("方便群众就医");
  f.set_security_commitment_acknowledged(true);
  auto* proof = f.add_proofs();
  proof->set_title("数据安全管理制度");
  proof->set_sha256(std::string(64, 'a'));
  proof->set_uri("https://example.org/proof.pdf");
  auto* answer0 = f.add_condition_answers();
  answer0->set_condition_index(0);
  answer0->set_answer("场景见申请书");
  auto* answer1 = f.add_condition_answers();
  answer1->set_condition_index(1);
  answer1->set_answer("已建立数据安全管理制度");
  return f;
}

// The registry's answer: not listed (or listed on `list`).
inline pb::CreditCheck Credit(absl::Time at,
                              pb::CreditList list = pb::CREDIT_LIST_UNSPECIFIED,
                              const std::string& party = "u-zhang") {
  pb::CreditCheck c;
  c.add_parties(party);
  c.set_source("local-registry");
  *c.mutable_check_time() = ToProto(at);
  if (list != pb::CREDIT_LIST_UNSPECIFIED) {
    c.set_listed(true);
    c.set_list(list);
    c.set_listed_party(party);
  }
  return c;
}

inline pb::Command SubmitApp(const pb::ApplicationForm& form,
                             const pb::CreditCheck& credit,
                             const std::string& id = kAppId) {
  pb::Command c;
  auto* s = c.mutable_submit_application();
  s->set_application_id(id);
  s->set_catalog_entry_id(kAppEntry);
  *s->mutable_form() = form;
  *s->mutable_credit_check() = credit;
  return c;
}

inline pb::Command PassFormal(const std::string& id = kAppId) {
  pb::Command c;
  c.mutable_pass_application_formal_review()->set_application_id(id);
  return c;
}

inline pb::Command Approve(int days = 30, int months = 6,
                           const std::string& id = kAppId) {
  pb::Command c;
  auto* a = c.mutable_approve_application();
  a->set_application_id(id);
  a->set_destruction_days(days);
  a->set_destruction_method("删除并覆写");
  a->set_result_report_months(months);
  return c;
}

inline pb::Command Sign(const std::string& id = kAppId) {
  pb::Command c;
  c.mutable_sign_agreement()->set_application_id(id);
  return c;
}

inline pb::Command Overdue(const std::string& deadline_id,
                           const std::string& id = kAppId) {
  pb::Command c;
  c.mutable_mark_deadline_overdue()->set_stream_id(ApplicationStream(id));
  c.mutable_mark_deadline_overdue()->set_deadline_id(deadline_id);
  return c;
}

// The system actor of the scheduler.
inline pb::Actor System() {
  pb::Actor a;
  a.set_subject("system");
  a.set_role(pb::ROLE_SYSTEM);
  a.set_auth_method(pb::AUTH_METHOD_SYSTEM);
  return a;
}

// Decides application commands against a folded state; Apply folds what a
// successful decision records, as the pipeline would.
class AppFixture {
 public:
  absl::StatusOr<std::vector<pb::EventPayload>> Decide(
      const pb::Command& command, const pb::Actor& actor, absl::Time now,
      const std::optional<pb::EntryFacts>& facts = AppFacts()) {
    return DecideApplication(state_, command, Context(actor, now),
                             RealCalendar(), facts);
  }

  // Folds one recorded event (e.g. a calendar load's DeadlineRevised).
  void Given(const pb::EventPayload& payload, absl::Time at) {
    pb::EventEnvelope envelope;
    envelope.set_stream_id(ApplicationStream(kAppId));
    envelope.set_stream_version(state_.version + 1);
    *envelope.mutable_occurred_at() = ToProto(at);
    *envelope.mutable_payload() = payload;
    Evolve(state_, envelope);
  }

  // Decides, requires success, and folds the events.
  std::vector<pb::EventPayload> Apply(const pb::Command& command,
                                      const pb::Actor& actor, absl::Time now) {
    absl::StatusOr<std::vector<pb::EventPayload>> events =
        Decide(command, actor, now);
    INFO(events.status().ToString());
    REQUIRE(events.ok());
    for (const pb::EventPayload& payload : *events) {
      pb::EventEnvelope envelope;
      envelope.set_stream_id(ApplicationStream(kAppId));
      envelope.set_stream_version(state_.version + 1);
      *envelope.mutable_actor() = actor;
      *envelope.mutable_occurred_at() = ToProto(now);
      *envelope.mutable_payload() = payload;
      Evolve(state_, envelope);
    }
    return *events;
  }

  const ApplicationAggregate& state() const { return state_; }
  const pb::Application& app() const { return state_.application; }

 private:
  ApplicationAggregate state_;
};

}  // namespace opendata::engine_test

#endif  // OPENDATA_TESTS_ENGINE_APPLICATION_SUPPORT_H_
