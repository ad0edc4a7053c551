// Implementation of plan_queries.h.
#include "engine/query/plan_queries.h"

#include <map>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "engine/authz.h"
#include "engine/organizations/organization_state.h"
#include "engine/plans/plan_state.h"
#include "engine/projections/catalog_projection.h"
#include "engine/projections/plan_projection.h"
#include "engine/query/page_token.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

namespace {

// Rows read per scan while filling a page.
constexpr size_t kScanBatch = 256;

absl::Status Corrupt(const std::string& key) {
  return MakeError(absl::StatusCode::kDataLoss, "PROJECTION_CORRUPT",
                   absl::StrCat("projection row ", key, " does not parse"),
                   {{"key", key}});
}

template <typename Message>
absl::StatusOr<std::optional<Message>> LoadRow(EventStore& store,
                                               const std::string& key) {
  ASSIGN_OR_RETURN(std::optional<std::string> row, store.GetProjection(key));
  if (!row.has_value()) return std::optional<Message>();
  Message message;
  if (!message.ParseFromString(*row)) return Corrupt(key);
  return std::optional<Message>(std::move(message));
}

// Reviewers, auditors and operators see every draft city plan.
bool SeesAllPlans(const pb::Actor& actor) {
  return actor.role() == pb::ROLE_REVIEWER || IsOverseer(actor);
}

// Whether `actor` may read `plan` once it passed RequirePlanReader: auditors,
// operators, the city reviewer and the reviewer of the plan's county (a county
// reviewer never reads another county's items); providers read their own
// organisation's plan only (checked before loading).
bool SeesPlan(const pb::Actor& actor, const pb::AnnualPlan& plan) {
  if (actor.role() != pb::ROLE_REVIEWER) return true;
  return IsReviewerFor(actor, plan.region());
}

absl::Status RequirePlanReader(const pb::Actor& actor) {
  if (actor.role() == pb::ROLE_PROVIDER || SeesAllPlans(actor))
    return absl::OkStatus();
  return MakeError(absl::StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED",
                   "plans are read by providers, reviewers, auditors and "
                   "operators",
                   {{"role", pb::Role_Name(actor.role())}});
}

bool Fulfils(const pb::CatalogEntry& entry, const std::string& organization) {
  const pb::OpenAttribute a = entry.content().open_attribute();
  return entry.provider_organization() == organization &&
         entry.state() == pb::CATALOG_ENTRY_STATE_PUBLISHED &&
         (a == pb::OPEN_ATTRIBUTE_UNCONDITIONAL ||
          a == pb::OPEN_ATTRIBUTE_CONDITIONAL);
}

}  // namespace

absl::StatusOr<std::vector<pb::AnnualPlan>> ReadYearPlans(EventStore& store,
                                                          int32_t year) {
  const std::string prefix = absl::StrCat(kPlanRowPrefix, year, "/");
  std::vector<pb::AnnualPlan> plans;
  std::string after;
  while (true) {
    ASSIGN_OR_RETURN(auto rows,
                     store.ScanProjection(prefix, after, kScanBatch));
    for (const auto& [key, value] : rows) {
      pb::AnnualPlan plan;
      if (!plan.ParseFromString(value)) return Corrupt(key);
      plans.push_back(std::move(plan));
    }
    if (rows.size() < kScanBatch) break;
    after = rows.back().first;
  }
  return plans;
}

absl::Status PlanQueries::AddFulfilment(
    const std::string& organization,
    const google::protobuf::RepeatedPtrField<pb::PlanItem>& items,
    pb::PlanFulfilment& out) const {
  for (const pb::PlanItem& item : items) {
    pb::PlanItemFulfilment* f = out.add_items();
    f->set_item_id(item.item_id());
    f->set_provider_organization(organization);
    for (const std::string& id : item.linked_catalog_entry_ids()) {
      ASSIGN_OR_RETURN(
          std::optional<pb::CatalogEntry> entry,
          LoadRow<pb::CatalogEntry>(*store_, kCatalogEntryRowPrefix + id));
      if (entry.has_value() && Fulfils(*entry, organization))
        f->add_fulfilling_catalog_entry_ids(id);
    }
    f->set_fulfilled(f->fulfilling_catalog_entry_ids_size() > 0);
    out.set_item_count(out.item_count() + 1);
    out.set_fulfilled_count(out.fulfilled_count() + (f->fulfilled() ? 1 : 0));
  }
  out.set_fulfilled_percent(
      out.item_count() == 0 ? 0.0
                            : 100.0 * out.fulfilled_count() / out.item_count());
  return absl::OkStatus();
}

absl::StatusOr<PlanReport> PlanQueries::Get(
    const pb::Actor& actor, int32_t year,
    const std::string& organization) const {
  RETURN_IF_ERROR(RequirePlanReader(actor));
  const std::string org =
      organization.empty() ? actor.organization() : organization;
  RETURN_IF_ERROR(ValidatePlanYear(year, "year"));
  RETURN_IF_ERROR(ValidateOrganizationId(org, "provider_organization"));
  if (!SeesAllPlans(actor)) RETURN_IF_ERROR(RequireOwner(actor, org));
  ASSIGN_OR_RETURN(std::optional<pb::AnnualPlan> plan,
                   LoadRow<pb::AnnualPlan>(*store_, PlanRowKey(year, org)));
  if (!plan.has_value()) {
    return MakeError(
        absl::StatusCode::kNotFound, "ANNUAL_PLAN_NOT_FOUND",
        absl::StrCat(org, " has no plan for ", year),
        {{"year", absl::StrCat(year)}, {"provider_organization", org}});
  }
  if (actor.role() == pb::ROLE_REVIEWER)
    RETURN_IF_ERROR(RequireReviewerFor(actor, plan->region()));
  PlanReport report;
  report.plan = *std::move(plan);
  RETURN_IF_ERROR(AddFulfilment(org, report.plan.items(), report.fulfilment));
  return report;
}

absl::StatusOr<PlanPage> PlanQueries::List(const pb::Actor& actor,
                                           const PlanListFilter& f) const {
  RETURN_IF_ERROR(RequirePlanReader(actor));
  ASSIGN_OR_RETURN(int page_size, ResolvePageSize(f.page_size));
  if (!pb::AnnualPlanState_IsValid(f.state))
    return InvalidArgument("FILTER_INVALID", {{"state", "unknown value"}});
  if (f.year != 0) RETURN_IF_ERROR(ValidatePlanYear(f.year, "year"));
  const bool own_only = !SeesAllPlans(actor);
  std::string prefix;
  if (own_only) {
    RETURN_IF_ERROR(
        ValidateOrganizationId(actor.organization(), "provider_organization"));
    prefix = absl::StrCat(kPlanByOrgPrefix, actor.organization(), "/",
                          f.year == 0 ? "" : absl::StrCat(f.year));
  } else {
    prefix = absl::StrCat(kPlanRowPrefix,
                          f.year == 0 ? "" : absl::StrCat(f.year, "/"));
  }
  const std::string filter_key =
      absl::StrCat("plans|", f.year, "|", f.state, "|", actor.subject());
  ASSIGN_OR_RETURN(std::string after,
                   DecodePageToken(filter_key, f.page_token));
  if (!after.empty() && after.rfind(prefix, 0) != 0)
    return DecodePageToken(filter_key, "x").status();
  PlanPage page;
  bool more = false;
  while (static_cast<int>(page.plans.size()) < page_size) {
    ASSIGN_OR_RETURN(auto rows,
                     store_->ScanProjection(prefix, after, kScanBatch));
    for (const auto& [key, value] : rows) {
      after = key;
      std::optional<pb::AnnualPlan> plan;
      if (own_only) {
        const std::string year = key.substr(key.rfind('/') + 1);
        ASSIGN_OR_RETURN(plan,
                         LoadRow<pb::AnnualPlan>(
                             *store_, absl::StrCat(kPlanRowPrefix, year, "/",
                                                   actor.organization())));
      } else {
        plan.emplace();
        if (!plan->ParseFromString(value)) return Corrupt(key);
      }
      if (!plan.has_value() || !SeesPlan(actor, *plan) ||
          (f.state != pb::ANNUAL_PLAN_STATE_UNSPECIFIED &&
           plan->state() != f.state)) {
        continue;
      }
      page.plans.push_back(*std::move(plan));
      if (static_cast<int>(page.plans.size()) == page_size) break;
    }
    more = rows.size() == kScanBatch ||
           static_cast<int>(page.plans.size()) == page_size;
    if (rows.size() < kScanBatch) break;
  }
  if (more && !after.empty())
    page.next_page_token = EncodePageToken(filter_key, after);
  return page;
}

absl::StatusOr<CityPlanReport> PlanQueries::GetCity(const pb::Actor& actor,
                                                    int32_t year) const {
  RETURN_IF_ERROR(ValidatePlanYear(year, "year"));
  ASSIGN_OR_RETURN(std::optional<pb::CityPlan> city,
                   LoadRow<pb::CityPlan>(*store_, CityPlanRowKey(year)));
  if (!city.has_value() || (city->state() != pb::CITY_PLAN_STATE_PUBLISHED &&
                            !SeesAllPlans(actor))) {
    return MakeError(absl::StatusCode::kNotFound, "CITY_PLAN_NOT_FOUND",
                     absl::StrCat("no city plan of ", year),
                     {{"year", absl::StrCat(year)}});
  }
  CityPlanReport report;
  report.city_plan = *std::move(city);
  for (const pb::CityPlanSection& section : report.city_plan.sections()) {
    const std::string& org = section.provider_organization();
    ASSIGN_OR_RETURN(std::optional<pb::AnnualPlan> current,
                     LoadRow<pb::AnnualPlan>(*store_, PlanRowKey(year, org)));
    std::map<std::string, const pb::PlanItem*> linked;
    if (current.has_value()) {
      for (const pb::PlanItem& item : current->items())
        linked[item.item_id()] = &item;
    }
    google::protobuf::RepeatedPtrField<pb::PlanItem> items = section.items();
    for (pb::PlanItem& item : items) {
      auto it = linked.find(item.item_id());
      if (it != linked.end())
        *item.mutable_linked_catalog_entry_ids() =
            it->second->linked_catalog_entry_ids();
    }
    RETURN_IF_ERROR(AddFulfilment(org, items, report.fulfilment));
  }
  return report;
}

}  // namespace opendata
