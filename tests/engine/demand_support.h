// Helpers of the demand tests (decider and pipeline): the requester, the
// provider, a complete valid form, the entry facts, command builders, and a
// fixture that decides demand commands and folds what they record.
// Header-only; not thread-safe.
#ifndef OPENDATA_TESTS_ENGINE_DEMAND_SUPPORT_H_
#define OPENDATA_TESTS_ENGINE_DEMAND_SUPPORT_H_

#include <optional>
#include <string>
#include <vector>

#include "catch2/catch.hpp"
#include "engine/demands/demand_decider.h"
#include "engine/demands/demand_state.h"
#include "tests/engine/test_support.h"

namespace opendata::engine_test::demands {

using absl::StatusCode;

inline constexpr char kDemandId[] = "dm-zhang-1";
inline constexpr char kCallId[] = "call-2026-health";
inline constexpr char kOrg[] = "rc-wsj";

// Submitted Monday 2 March 2026; 5 working days: Tue 3 ... Mon 9 March.
inline const absl::Time kSubmit = Shanghai(2026, 3, 2, 10, 0, 0);
inline const absl::Time kPass = Shanghai(2026, 3, 3, 10, 0, 0);
inline const absl::Time kForward = Shanghai(2026, 3, 3, 11, 0, 0);
inline const absl::Time kAnswer = Shanghai(2026, 3, 4, 10, 0, 0);
inline const absl::Time kLink = Shanghai(2026, 3, 20, 10, 0, 0);

inline pb::Actor Requester(const std::string& subject = "u-zhang") {
  pb::Actor a = PlainUser();
  a.set_subject(subject);
  a.set_person_kind(pb::PERSON_KIND_NATURAL);
  a.set_display_name("张三");
  a.set_real_name_verified(true);
  return a;
}

inline pb::Actor Owner() { return CountyProvider("370811", kOrg); }

inline pb::Actor System() {
  pb::Actor a;
  a.set_subject("system");
  a.set_role(pb::ROLE_SYSTEM);
  a.set_auth_method(pb::AUTH_METHOD_SYSTEM);
  return a;
}

inline pb::DemandForm ValidDemandForm() {
  pb::DemandForm f;
  f.set_resource_name("社区诊所名录");
  f.set_service_mode(pb::SERVICE_MODE_API);
  f.set_owning_department(kOrg);
  f.add_data_items("诊所名称");
  f.add_data_items("地址");
  f.mutable_coverage()->set_region_scope("任城区");
  f.mutable_coverage()->set_time_start("2025-01-01");
  f.mutable_coverage()->set_time_end("2025-12-31");
  f.set_phone("+86-537-1234567");
  f.set_email("zhang@example.org");
  f.set_reason("为居民提供就近诊所查询");
  f.set_use_start_date("2026-04-01");
  f.set_use_end_date("2026-12-31");
  f.add_scenarios("诊所导航");
  f.add_scenarios("社区规划");
  return f;
}

inline pb::Command Submit(const pb::DemandForm& form,
                          const std::string& call = "") {
  pb::Command c;
  auto* s = c.mutable_submit_demand();
  s->set_demand_id(kDemandId);
  *s->mutable_form() = form;
  s->set_call_id(call);
  return c;
}

inline pb::Command Pass() {
  pb::Command c;
  c.mutable_pass_demand_formal_review()->set_demand_id(kDemandId);
  return c;
}

inline pb::Command Fail(const std::vector<pb::DemandDefect>& defects) {
  pb::Command c;
  auto* f = c.mutable_fail_demand_formal_review();
  f->set_demand_id(kDemandId);
  for (const auto& d : defects) *f->add_defects() = d;
  f->set_remark("请补充");
  return c;
}

inline pb::DemandDefect Defect(pb::DemandDefectKind kind,
                               const std::string& text) {
  pb::DemandDefect d;
  d.set_kind(kind);
  d.set_field("form.data_items");
  d.set_text(text);
  return d;
}

inline pb::Command Forward(const std::string& org = "") {
  pb::Command c;
  c.mutable_forward_demand()->set_demand_id(kDemandId);
  c.mutable_forward_demand()->set_provider_organization(org);
  return c;
}

inline pb::Command Openable(const std::string& entry = "") {
  pb::Command c;
  auto* a = c.mutable_answer_demand();
  a->set_demand_id(kDemandId);
  a->set_answer(pb::DEMAND_ANSWER_OPENABLE);
  a->set_planned_catalog_entry_id(entry);
  return c;
}

inline pb::Command NotOpenable(pb::DemandRefusalKind kind,
                               const std::string& text) {
  pb::Command c;
  auto* a = c.mutable_answer_demand();
  a->set_demand_id(kDemandId);
  a->set_answer(pb::DEMAND_ANSWER_NOT_OPENABLE);
  auto* r = a->add_reasons();
  r->set_kind(kind);
  r->set_text(text);
  return c;
}

inline pb::Command Link(const std::string& entry = "rc-wsj-clinics") {
  pb::Command c;
  c.mutable_link_demand_entry()->set_demand_id(kDemandId);
  c.mutable_link_demand_entry()->set_catalog_entry_id(entry);
  return c;
}

inline pb::Command Withdraw() {
  pb::Command c;
  c.mutable_withdraw_demand()->set_demand_id(kDemandId);
  return c;
}

inline pb::Command Overdue(const std::string& deadline_id) {
  pb::Command c;
  c.mutable_mark_deadline_overdue()->set_stream_id(DemandStream(kDemandId));
  c.mutable_mark_deadline_overdue()->set_deadline_id(deadline_id);
  return c;
}

inline pb::EntryFacts Entry(
    pb::CatalogEntryState state = pb::CATALOG_ENTRY_STATE_PUBLISHED,
    const std::string& owner = kOrg) {
  pb::EntryFacts e;
  e.set_catalog_entry_id("rc-wsj-clinics");
  e.set_name("社区诊所名录");
  e.set_provider_organization(owner);
  e.set_level(pb::LEVEL_COUNTY);
  e.set_region("370811");
  e.set_state(state);
  e.set_open_attribute(pb::OPEN_ATTRIBUTE_UNCONDITIONAL);
  e.set_entry_version(3);
  return e;
}

inline pb::DemandCall OpenCall(absl::Time start, absl::Time end) {
  pb::DemandCall call;
  call.set_call_id(kCallId);
  call.set_state(pb::DEMAND_CALL_STATE_OPEN);
  *call.mutable_start_time() = ToProto(start);
  *call.mutable_end_time() = ToProto(end);
  return call;
}

inline void Check(const absl::StatusOr<std::vector<pb::EventPayload>>& result,
                  StatusCode code, const std::string& reason) {
  REQUIRE_FALSE(result.ok());
  CheckError(result.status(), code, reason);
}

// Decides demand commands against a folded state and folds what a successful
// decision records, as the pipeline would.
class DemandFixture {
 public:
  absl::StatusOr<std::vector<pb::EventPayload>> Decide(
      const pb::Command& command, const pb::Actor& actor, absl::Time now,
      const DemandInputs& inputs = {}) {
    return DecideDemand(state_, command, Context(actor, now), RealCalendar(),
                        inputs);
  }

  std::vector<pb::EventPayload> Apply(const pb::Command& command,
                                      const pb::Actor& actor, absl::Time now,
                                      const DemandInputs& inputs = {}) {
    absl::StatusOr<std::vector<pb::EventPayload>> events =
        Decide(command, actor, now, inputs);
    INFO(events.status().ToString());
    REQUIRE(events.ok());
    for (const pb::EventPayload& payload : *events) {
      pb::EventEnvelope envelope;
      envelope.set_stream_id(DemandStream(kDemandId));
      envelope.set_stream_version(state_.version + 1);
      *envelope.mutable_actor() = actor;
      *envelope.mutable_occurred_at() = ToProto(now);
      *envelope.mutable_payload() = payload;
      Evolve(state_, envelope);
    }
    return *events;
  }

  const DemandAggregate& state() const { return state_; }
  const pb::Demand& demand() const { return state_.demand; }
  const pb::Deadline& clock(const std::string& id) const {
    return state_.deadlines.at(id);
  }

 private:
  DemandAggregate state_;
};

enum class Stage { kSubmitted, kPassed, kForwarded, kOpening };

inline void Reach(DemandFixture& f, Stage stage) {
  f.Apply(Submit(ValidDemandForm()), Requester(), kSubmit);
  if (stage == Stage::kSubmitted) return;
  f.Apply(Pass(), CityReviewer(), kPass);
  if (stage == Stage::kPassed) return;
  f.Apply(Forward(), CityReviewer(), kForward);
  if (stage == Stage::kForwarded) return;
  f.Apply(Openable(), Owner(), kAnswer);
}

inline pb::Command OpenCallCommand(absl::Time start, absl::Time end) {
  pb::Command c;
  auto* o = c.mutable_open_demand_call();
  o->set_call_id(kCallId);
  o->set_title("2026年医疗卫生数据需求征集");
  o->set_description("征集医疗卫生领域的数据开放需求");
  o->add_domains("医疗卫生");
  *o->mutable_start_time() = ToProto(start);
  *o->mutable_end_time() = ToProto(end);
  return c;
}

inline pb::Command CloseCallCommand(const std::string& reason) {
  pb::Command c;
  c.mutable_close_demand_call()->set_call_id(kCallId);
  c.mutable_close_demand_call()->set_reason(reason);
  return c;
}

}  // namespace opendata::engine_test::demands

#endif  // OPENDATA_TESTS_ENGINE_DEMAND_SUPPORT_H_
