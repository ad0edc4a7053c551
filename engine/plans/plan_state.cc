// Implementation of plan_state.h.
#include "engine/plans/plan_state.h"

#include <algorithm>
#include <map>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "common/errors.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

std::string PlanStream(int32_t year, absl::string_view organization) {
  return absl::StrCat(kPlanStreamPrefix, year, "/", organization);
}

std::string CityPlanStream(int32_t year) {
  return absl::StrCat(kCityPlanStreamPrefix, year);
}

std::string AnnualPlanDeadlineId(int32_t year) {
  return absl::StrCat("annual-plan:", year);
}

absl::Time AnnualPlanDueTime(int32_t year) {
  return EndOfShanghaiDay(absl::CivilDay(year, 5, 31));
}

absl::Status ValidatePlanYear(int32_t year, absl::string_view field) {
  if (year >= kMinPlanYear && year <= kMaxPlanYear) return absl::OkStatus();
  return InvalidArgument(
      "ANNUAL_PLAN_INVALID",
      {{std::string(field), absl::StrCat(kMinPlanYear, "-", kMaxPlanYear)}});
}

namespace {

pb::PlanItem* FindItem(pb::AnnualPlan& plan, const std::string& item_id) {
  for (pb::PlanItem& item : *plan.mutable_items()) {
    if (item.item_id() == item_id) return &item;
  }
  return nullptr;
}

// Replaces the items, keeping the links of items that keep their id.
void ReplaceItems(
    pb::AnnualPlan& plan,
    const google::protobuf::RepeatedPtrField<pb::PlanItem>& items) {
  std::map<std::string, std::vector<std::string>> links;
  for (const pb::PlanItem& old : plan.items()) {
    links[old.item_id()].assign(old.linked_catalog_entry_ids().begin(),
                                old.linked_catalog_entry_ids().end());
  }
  *plan.mutable_items() = items;
  for (pb::PlanItem& item : *plan.mutable_items()) {
    item.clear_linked_catalog_entry_ids();
    for (const std::string& id : links[item.item_id()]) {
      item.add_linked_catalog_entry_ids(id);
    }
  }
}

}  // namespace

void Evolve(PlanState& state, const pb::EventEnvelope& event) {
  const pb::EventPayload& p = event.payload();
  pb::AnnualPlan& plan = state.plan;
  state.version = event.stream_version();
  switch (p.event_case()) {
    case pb::EventPayload::kAnnualPlanSubmitted: {
      const auto& e = p.annual_plan_submitted();
      plan.set_year(e.year());
      plan.set_provider_organization(e.provider_organization());
      plan.set_level(e.level());
      plan.set_region(e.region());
      plan.set_state(pb::ANNUAL_PLAN_STATE_SUBMITTED);
      plan.set_submissions(e.submission());
      ReplaceItems(plan, e.items());
      *plan.mutable_submit_time() = event.occurred_at();
      plan.set_revision_of_approved(e.revision_of_approved());
      break;
    }
    case pb::EventPayload::kAnnualPlanApproved:
      plan.set_state(pb::ANNUAL_PLAN_STATE_APPROVED);
      *plan.mutable_review_time() = event.occurred_at();
      plan.clear_return_reasons();
      plan.clear_item_reasons();
      break;
    case pb::EventPayload::kAnnualPlanReturned: {
      const auto& e = p.annual_plan_returned();
      plan.set_state(pb::ANNUAL_PLAN_STATE_RETURNED);
      *plan.mutable_review_time() = event.occurred_at();
      plan.set_return_reasons(e.reasons());
      *plan.mutable_item_reasons() = e.item_reasons();
      break;
    }
    case pb::EventPayload::kPlanItemLinked: {
      const auto& e = p.plan_item_linked();
      pb::PlanItem* item = FindItem(plan, e.item_id());
      if (item == nullptr) break;
      std::vector<std::string> ids(item->linked_catalog_entry_ids().begin(),
                                   item->linked_catalog_entry_ids().end());
      ids.push_back(e.catalog_entry_id());
      std::sort(ids.begin(), ids.end());
      ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
      item->clear_linked_catalog_entry_ids();
      for (std::string& id : ids)
        item->add_linked_catalog_entry_ids(std::move(id));
      break;
    }
    case pb::EventPayload::kPlanItemUnlinked: {
      const auto& e = p.plan_item_unlinked();
      pb::PlanItem* item = FindItem(plan, e.item_id());
      if (item == nullptr) break;
      auto* ids = item->mutable_linked_catalog_entry_ids();
      ids->erase(std::remove(ids->begin(), ids->end(), e.catalog_entry_id()),
                 ids->end());
      break;
    }
    default:
      return;
  }
  plan.set_version(event.stream_version());
  *plan.mutable_update_time() = event.occurred_at();
}

void Evolve(CityPlanState& state, const pb::EventEnvelope& event) {
  const pb::EventPayload& p = event.payload();
  pb::CityPlan& city = state.city_plan;
  state.version = event.stream_version();
  city.set_version(event.stream_version());
  FoldDeadlines(state.deadlines, event);
  switch (p.event_case()) {
    case pb::EventPayload::kAnnualPlanYearOpened:
      city.set_year(p.annual_plan_year_opened().year());
      city.set_state(pb::CITY_PLAN_STATE_OPEN);
      *city.mutable_open_time() = event.occurred_at();
      *city.mutable_due_time() = p.annual_plan_year_opened().due_time();
      break;
    case pb::EventPayload::kCityPlanPublished: {
      const auto& e = p.city_plan_published();
      city.set_state(pb::CITY_PLAN_STATE_PUBLISHED);
      city.set_revision(e.revision());
      *city.mutable_publish_time() = event.occurred_at();
      if (e.revision() == 1) city.set_late(e.late());
      *city.mutable_sections() = e.sections();
      break;
    }
    case pb::EventPayload::kDeadlineOverdue:
      if (p.deadline_overdue().deadline_id() ==
          AnnualPlanDeadlineId(city.year())) {
        city.set_overdue(true);
      }
      break;
    default:
      break;
  }
}

}  // namespace opendata
