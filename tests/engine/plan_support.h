// Helpers of the annual plan and organisation profile tests: plan items,
// responsible persons, command builders for every plan and profile command, and
// folding recorded payloads into the aggregates' states (stream versions 1..n,
// as recorded by a given actor at a given time). Header-only; not thread-safe.
#ifndef OPENDATA_TESTS_ENGINE_PLAN_SUPPORT_H_
#define OPENDATA_TESTS_ENGINE_PLAN_SUPPORT_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "catch2/catch.hpp"
#include "common/time_util.h"
#include "engine/organizations/organization_state.h"
#include "engine/plans/plan_state.h"
#include "jining/opendata/v1/commands.pb.h"
#include "jining/opendata/v1/events.pb.h"
#include "tests/engine/test_support.h"

namespace opendata::engine_test {

// A valid plan item planned to open on `date`.
inline pb::PlanItem PlanItemOf(const std::string& id,
                               const std::string& date = "2026-09-01") {
  pb::PlanItem item;
  item.set_item_id(id);
  item.set_name("公交线路实时到站信息");
  item.set_description("全市公交车辆实时到站预测数据");
  item.set_domain("交通出行");
  item.set_planned_attribute(pb::OPEN_ATTRIBUTE_UNCONDITIONAL);
  item.set_planned_open_date(date);
  item.add_service_modes(pb::SERVICE_MODE_API);
  return item;
}

inline pb::Command SubmitPlanCommand(int year, const std::string& org,
                                     const std::vector<pb::PlanItem>& items) {
  pb::Command command;
  auto* c = command.mutable_submit_annual_plan();
  c->set_year(year);
  c->set_provider_organization(org);
  for (const pb::PlanItem& item : items) *c->add_items() = item;
  return command;
}

inline pb::Command ApprovePlanCommand(int year, const std::string& org) {
  pb::Command command;
  command.mutable_approve_annual_plan()->set_year(year);
  command.mutable_approve_annual_plan()->set_provider_organization(org);
  return command;
}

inline pb::Command ReturnPlanCommand(
    int year, const std::string& org, const std::string& reasons,
    const std::vector<std::pair<std::string, std::string>>& item_reasons = {}) {
  pb::Command command;
  auto* c = command.mutable_return_annual_plan();
  c->set_year(year);
  c->set_provider_organization(org);
  c->set_reasons(reasons);
  for (const auto& [item, reason] : item_reasons) {
    auto* r = c->add_item_reasons();
    r->set_item_id(item);
    r->set_reason(reason);
  }
  return command;
}

inline pb::Command LinkCommand(int year, const std::string& org,
                               const std::string& item,
                               const std::string& entry, bool unlink = false) {
  pb::Command command;
  auto* c = command.mutable_link_plan_item();
  c->set_year(year);
  c->set_provider_organization(org);
  c->set_item_id(item);
  c->set_catalog_entry_id(entry);
  c->set_unlink(unlink);
  return command;
}

inline pb::Command OpenYearCommand(int year) {
  pb::Command command;
  command.mutable_open_annual_plan_year()->set_year(year);
  return command;
}

inline pb::Command PublishCityCommand(int year) {
  pb::Command command;
  command.mutable_publish_city_plan()->set_year(year);
  return command;
}

// 王敏, the contact person of an organisation.
inline pb::ResponsiblePerson PersonOf(
    const std::string& name = "王敏",
    pb::ResponsibleDuty duty = pb::RESPONSIBLE_DUTY_CONTACT) {
  pb::ResponsiblePerson p;
  p.set_name(name);
  p.set_position("数据开放科科长");
  p.set_phone("+86-537-2345678");
  p.set_email("wang.min@jining.gov.cn");
  p.set_duty(duty);
  return p;
}

inline pb::Command SetPersonsCommand(
    const std::string& org, const std::vector<pb::ResponsiblePerson>& persons) {
  pb::Command command;
  auto* c = command.mutable_set_responsible_persons();
  c->set_organization(org);
  for (const pb::ResponsiblePerson& p : persons) *c->add_persons() = p;
  return command;
}

// Folds `events` into `state`, as recorded by `actor` at `at` on `stream`.
template <typename State>
void FoldInto(State& state, const std::string& stream,
              const std::vector<pb::EventPayload>& events,
              const pb::Actor& actor = pb::Actor(),
              absl::Time at = absl::UnixEpoch()) {
  for (const pb::EventPayload& payload : events) {
    pb::EventEnvelope envelope;
    envelope.set_stream_id(stream);
    envelope.set_stream_version(state.version + 1);
    *envelope.mutable_actor() = actor;
    *envelope.mutable_occurred_at() = ToProto(at);
    *envelope.mutable_payload() = payload;
    Evolve(state, envelope);
  }
}

// The events of a decision that must have succeeded.
inline std::vector<pb::EventPayload> MustDecide(
    const absl::StatusOr<std::vector<pb::EventPayload>>& decided) {
  INFO("status: " << decided.status().ToString());
  REQUIRE(decided.ok());
  return *decided;
}

}  // namespace opendata::engine_test

#endif  // OPENDATA_TESTS_ENGINE_PLAN_SUPPORT_H_
