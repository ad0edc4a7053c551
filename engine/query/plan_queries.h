// PlanQueries: reads of the plan projection for QueryService, with each
// item's fulfilment computed now from the catalog projection (an item is
// fulfilled when a linked entry of the plan's organisation is PUBLISHED with an
// UNCONDITIONAL or CONDITIONAL attribute). Visibility: a provider sees its own
// organisation's plans; auditors, operators and the city reviewer see all, a
// county reviewer those of its own county's providers; the
// published city plan is public to any authenticated caller (before
// publication only reviewers, auditors and operators see the open year).
//
// Thread-safety: all methods are const reads of the store and safe from any
// thread; so is ReadYearPlans.
#ifndef OPENDATA_ENGINE_QUERY_PLAN_QUERIES_H_
#define OPENDATA_ENGINE_QUERY_PLAN_QUERIES_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "jining/opendata/v1/common.pb.h"
#include "jining/opendata/v1/plans.pb.h"
#include "storage/event_store.h"

namespace opendata {

struct PlanListFilter {
  int32_t year = 0;  // 0: any
  jining::opendata::v1::AnnualPlanState state =
      jining::opendata::v1::ANNUAL_PLAN_STATE_UNSPECIFIED;
  int page_size = 0;       // 0: default
  std::string page_token;  // empty: first page
};

struct PlanPage {
  std::vector<jining::opendata::v1::AnnualPlan> plans;
  std::string next_page_token;  // empty: last page
};

struct PlanReport {
  jining::opendata::v1::AnnualPlan plan;
  jining::opendata::v1::PlanFulfilment fulfilment;
};

struct CityPlanReport {
  jining::opendata::v1::CityPlan city_plan;
  jining::opendata::v1::PlanFulfilment fulfilment;
};

class PlanQueries {
 public:
  // `store` must outlive this object.
  explicit PlanQueries(EventStore* store) : store_(store) {}

  // The plan of `organization` (empty: the actor's) in `year`, with
  // fulfilment. NOT_FOUND (ANNUAL_PLAN_NOT_FOUND); PERMISSION_DENIED
  // (ROLE_NOT_ALLOWED for users, NOT_ENTRY_OWNER for another provider's plan,
  // OUTSIDE_JURISDICTION for a county reviewer and another county's plan);
  // INVALID_ARGUMENT for a bad year or organisation.
  absl::StatusOr<PlanReport> Get(const jining::opendata::v1::Actor& actor,
                                 int32_t year,
                                 const std::string& organization) const;

  // Plans by year then organisation (a provider: its own only; a county
  // reviewer: its own county's).
  // INVALID_ARGUMENT (FILTER_INVALID, PAGE_TOKEN_INVALID, page size);
  // PERMISSION_DENIED (ROLE_NOT_ALLOWED) for users.
  absl::StatusOr<PlanPage> List(const jining::opendata::v1::Actor& actor,
                                const PlanListFilter& filter) const;

  // The city plan of `year` with the fulfilment of all its items, using the
  // links the providers keep on their plans now. NOT_FOUND
  // (CITY_PLAN_NOT_FOUND) if the year is not open, or not published and the
  // actor is not a reviewer, auditor or operator.
  absl::StatusOr<CityPlanReport> GetCity(
      const jining::opendata::v1::Actor& actor, int32_t year) const;

 private:
  // Fulfilment of `items` of `organization`'s plan.
  absl::Status AddFulfilment(
      const std::string& organization,
      const google::protobuf::RepeatedPtrField<jining::opendata::v1::PlanItem>&
          items,
      jining::opendata::v1::PlanFulfilment& out) const;

  EventStore* store_;
};

// Every provider plan of `year` in the projection, in organisation order (the
// input the pipeline hands to PublishCityPlan). DATA_LOSS for a corrupt row.
absl::StatusOr<std::vector<jining::opendata::v1::AnnualPlan>> ReadYearPlans(
    EventStore& store, int32_t year);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_QUERY_PLAN_QUERIES_H_
