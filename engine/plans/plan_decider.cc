// Implementation of plan_decider.h for a provider's plan (DecidePlan); the city
// plan is decided in city_plan_decider.cc.
#include "engine/plans/plan_decider.h"

#include <algorithm>
#include <set>
#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "engine/authz.h"
#include "engine/catalog/catalog_validation.h"
#include "engine/plans/plan_rules.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

namespace {

using Events = std::vector<pb::EventPayload>;

bool IsItemId(absl::string_view id) {
  bool ok = !id.empty() && id.size() <= 64;
  for (char c : id) {
    ok = ok && (absl::ascii_islower(static_cast<unsigned char>(c)) ||
                absl::ascii_isdigit(static_cast<unsigned char>(c)) || c == '-');
  }
  return ok;
}

void CheckLength(std::vector<FieldViolation>& v, const std::string& field,
                 const std::string& text, size_t max) {
  const size_t n = Utf8Length(text);
  if (n == 0 || n > max)
    v.push_back({field, absl::StrCat("1-", max, " characters")});
}

void CheckItem(std::vector<FieldViolation>& v, const pb::PlanItem& item,
               const std::string& at, int32_t year) {
  if (!IsItemId(item.item_id()))
    v.push_back({at + ".item_id", "1-64 characters of [a-z0-9-]"});
  CheckLength(v, at + ".name", item.name(), 100);
  CheckLength(v, at + ".description", item.description(), 1000);
  CheckLength(v, at + ".domain", item.domain(), 50);
  if (item.planned_attribute() != pb::OPEN_ATTRIBUTE_UNCONDITIONAL &&
      item.planned_attribute() != pb::OPEN_ATTRIBUTE_CONDITIONAL) {
    v.push_back({at + ".planned_attribute", "UNCONDITIONAL or CONDITIONAL"});
  }
  absl::CivilDay day;
  if (!IsIsoDate(item.planned_open_date()) ||
      !absl::ParseCivilTime(item.planned_open_date(), &day) ||
      day.year() != year) {
    v.push_back({at + ".planned_open_date",
                 absl::StrCat("a date YYYY-MM-DD in ", year)});
  }
  std::set<int> modes;
  if (item.service_modes_size() == 0)
    v.push_back({at + ".service_modes", "at least one"});
  for (int m = 0; m < item.service_modes_size(); ++m) {
    const int mode = item.service_modes(m);
    if (mode == pb::SERVICE_MODE_UNSPECIFIED ||
        !pb::ServiceMode_IsValid(mode) || !modes.insert(mode).second) {
      v.push_back({absl::StrCat(at, ".service_modes[", m, "]"),
                   "a known mode, not UNSPECIFIED, not repeated"});
    }
  }
  if (item.linked_catalog_entry_ids_size() > 0) {
    v.push_back({at + ".linked_catalog_entry_ids",
                 "output only: link entries with LinkPlanItem"});
  }
}

absl::Status ValidateSubmission(const pb::SubmitAnnualPlan& c) {
  std::vector<FieldViolation> v;
  if (c.year() < kMinPlanYear || c.year() > kMaxPlanYear)
    v.push_back({"year", absl::StrCat(kMinPlanYear, "-", kMaxPlanYear)});
  if (c.items_size() == 0 || c.items_size() > kMaxPlanItems)
    v.push_back({"items", absl::StrCat("1-", kMaxPlanItems, " items")});
  std::set<std::string> ids;
  for (int i = 0; i < c.items_size(); ++i) {
    const std::string at = absl::StrCat("items[", i, "]");
    CheckItem(v, c.items(i), at, c.year());
    if (!ids.insert(c.items(i).item_id()).second)
      v.push_back({at + ".item_id", "duplicate item id"});
  }
  if (v.empty()) return absl::OkStatus();
  return InvalidArgument("ANNUAL_PLAN_INVALID", std::move(v));
}

// The plan's items without their links, to compare with a submission.
bool SameItems(const pb::AnnualPlan& plan, const pb::SubmitAnnualPlan& c) {
  if (plan.items_size() != c.items_size()) return false;
  for (int i = 0; i < c.items_size(); ++i) {
    pb::PlanItem stored = plan.items(i);
    stored.clear_linked_catalog_entry_ids();
    if (stored.SerializeAsString() != c.items(i).SerializeAsString())
      return false;
  }
  return true;
}

absl::StatusOr<Events> Submit(const PlanState& s, const pb::SubmitAnnualPlan& c,
                              const CommandContext& ctx) {
  RETURN_IF_ERROR(RequireRole(ctx.actor, pb::ROLE_PROVIDER));
  RETURN_IF_ERROR(ValidateSubmission(c));
  RETURN_IF_ERROR(RequireOwner(ctx.actor, c.provider_organization()));
  const pb::AnnualPlanState state = s.plan.state();
  if (state == pb::ANNUAL_PLAN_STATE_SUBMITTED) {
    return PlanWrongState(s, "ANNUAL_PLAN_UNDER_REVIEW",
                          "the plan waits for the city reviewer");
  }
  if (state == pb::ANNUAL_PLAN_STATE_APPROVED && SameItems(s.plan, c) &&
      s.plan.level() == ctx.actor.level() &&
      s.plan.region() == ctx.actor.region()) {
    return Events{};
  }
  pb::EventPayload p;
  auto* e = p.mutable_annual_plan_submitted();
  e->set_year(c.year());
  e->set_provider_organization(c.provider_organization());
  e->set_level(ctx.actor.level());
  e->set_region(ctx.actor.region());
  e->set_submission(s.plan.submissions() + 1);
  *e->mutable_items() = c.items();
  e->set_revision_of_approved(state == pb::ANNUAL_PLAN_STATE_APPROVED);
  return Events{p};
}

// The city reviewer acting on a submitted plan.
absl::Status CheckReview(const PlanState& s, int32_t year,
                         const std::string& organization,
                         const CommandContext& ctx) {
  RETURN_IF_ERROR(RequireCityReviewer(ctx.actor));
  RETURN_IF_ERROR(ValidatePlanYear(year, "year"));
  if (!s.exists()) return PlanNotFound(year, organization);
  if (s.plan.state() != pb::ANNUAL_PLAN_STATE_SUBMITTED) {
    return PlanWrongState(s, "ANNUAL_PLAN_NOT_SUBMITTED",
                          "only a submitted plan can be reviewed");
  }
  return absl::OkStatus();
}

absl::StatusOr<Events> Approve(const PlanState& s,
                               const pb::ApproveAnnualPlan& c,
                               const CommandContext& ctx) {
  RETURN_IF_ERROR(CheckReview(s, c.year(), c.provider_organization(), ctx));
  pb::EventPayload p;
  p.mutable_annual_plan_approved()->set_submission(s.plan.submissions());
  return Events{p};
}

absl::Status ValidateReturn(const PlanState& s, const pb::ReturnAnnualPlan& c) {
  std::vector<FieldViolation> v;
  if (Utf8Length(c.reasons()) > kMaxPlanReasonText) {
    v.push_back({"reasons",
                 absl::StrCat("at most ", kMaxPlanReasonText, " characters")});
  }
  if (c.reasons().empty() && c.item_reasons_size() == 0)
    v.push_back({"reasons", "give reasons or item_reasons"});
  std::set<std::string> known;
  for (const pb::PlanItem& item : s.plan.items()) known.insert(item.item_id());
  std::set<std::string> seen;
  for (int i = 0; i < c.item_reasons_size(); ++i) {
    const std::string at = absl::StrCat("item_reasons[", i, "]");
    const pb::PlanItemReason& r = c.item_reasons(i);
    if (!known.count(r.item_id()))
      v.push_back({at + ".item_id", "not an item of the plan"});
    if (!seen.insert(r.item_id()).second)
      v.push_back({at + ".item_id", "repeated item"});
    CheckLength(v, at + ".reason", r.reason(), kMaxPlanReasonText);
  }
  if (v.empty()) return absl::OkStatus();
  return InvalidArgument("ANNUAL_PLAN_INVALID", std::move(v));
}

absl::StatusOr<Events> Return(const PlanState& s, const pb::ReturnAnnualPlan& c,
                              const CommandContext& ctx) {
  RETURN_IF_ERROR(CheckReview(s, c.year(), c.provider_organization(), ctx));
  RETURN_IF_ERROR(ValidateReturn(s, c));
  pb::EventPayload p;
  auto* e = p.mutable_annual_plan_returned();
  e->set_submission(s.plan.submissions());
  e->set_reasons(c.reasons());
  *e->mutable_item_reasons() = c.item_reasons();
  return Events{p};
}

absl::StatusOr<Events> Link(const PlanState& s, const pb::LinkPlanItem& c,
                            const CommandContext& ctx) {
  RETURN_IF_ERROR(RequireRole(ctx.actor, pb::ROLE_PROVIDER));
  std::vector<FieldViolation> v;
  if (c.year() < kMinPlanYear || c.year() > kMaxPlanYear)
    v.push_back({"year", absl::StrCat(kMinPlanYear, "-", kMaxPlanYear)});
  if (!IsItemId(c.item_id()))
    v.push_back({"item_id", "1-64 characters of [a-z0-9-]"});
  if (!ValidateCatalogEntryId(c.catalog_entry_id(), "catalog_entry_id").ok()) {
    v.push_back({"catalog_entry_id",
                 "3-64 characters of [a-z0-9-], starting with a letter"});
  }
  if (!v.empty()) return InvalidArgument("PLAN_LINK_INVALID", std::move(v));
  RETURN_IF_ERROR(RequireOwner(ctx.actor, c.provider_organization()));
  if (!s.exists()) return PlanNotFound(c.year(), c.provider_organization());
  const pb::PlanItem* item = nullptr;
  for (const pb::PlanItem& i : s.plan.items()) {
    if (i.item_id() == c.item_id()) item = &i;
  }
  if (item == nullptr) {
    return MakeError(absl::StatusCode::kNotFound, "PLAN_ITEM_NOT_FOUND",
                     absl::StrCat("the plan has no item ", c.item_id()),
                     {{"item_id", c.item_id()}});
  }
  const auto& links = item->linked_catalog_entry_ids();
  const bool linked = std::find(links.begin(), links.end(),
                                c.catalog_entry_id()) != links.end();
  if (linked != c.unlink()) return Events{};
  pb::EventPayload p;
  if (c.unlink()) {
    p.mutable_plan_item_unlinked()->set_item_id(c.item_id());
    p.mutable_plan_item_unlinked()->set_catalog_entry_id(c.catalog_entry_id());
    return Events{p};
  }
  if (links.size() >= kMaxPlanItemLinks) {
    return MakeError(
        absl::StatusCode::kFailedPrecondition, "PLAN_ITEM_LINKS_FULL",
        absl::StrCat("an item links at most ", kMaxPlanItemLinks, " entries"),
        {{"item_id", c.item_id()}});
  }
  p.mutable_plan_item_linked()->set_item_id(c.item_id());
  p.mutable_plan_item_linked()->set_catalog_entry_id(c.catalog_entry_id());
  return Events{p};
}

}  // namespace

absl::StatusOr<Events> DecidePlan(const PlanState& state,
                                  const pb::Command& command,
                                  const CommandContext& ctx) {
  switch (command.command_case()) {
    case pb::Command::kSubmitAnnualPlan:
      return Submit(state, command.submit_annual_plan(), ctx);
    case pb::Command::kApproveAnnualPlan:
      return Approve(state, command.approve_annual_plan(), ctx);
    case pb::Command::kReturnAnnualPlan:
      return Return(state, command.return_annual_plan(), ctx);
    case pb::Command::kLinkPlanItem:
      return Link(state, command.link_plan_item(), ctx);
    default:
      return InvalidArgument("COMMAND_INVALID",
                             {{"command", "not an annual plan command"}});
  }
}

}  // namespace opendata
