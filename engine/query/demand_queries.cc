// Implementation of demand_queries.h.
#include "engine/query/demand_queries.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "engine/authz.h"
#include "engine/demands/demand_decider.h"
#include "engine/demands/demand_state.h"
#include "engine/personal_info/personal_fields.h"
#include "engine/projections/application_projection.h"
#include "engine/projections/demand_projection.h"
#include "engine/query/page_token.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

namespace {

// Rows read per scan when counting or listing calls.
constexpr size_t kBatch = 500;

absl::Status NotFound(const std::string& id) {
  return MakeError(absl::StatusCode::kNotFound, "DEMAND_NOT_FOUND",
                   absl::StrCat("no demand ", id), {{"demand_id", id}});
}

absl::Status CallNotFound(const std::string& id) {
  return MakeError(absl::StatusCode::kNotFound, "DEMAND_CALL_NOT_FOUND",
                   absl::StrCat("no call ", id), {{"call_id", id}});
}

absl::Status Corrupt(const std::string& key) {
  return MakeError(absl::StatusCode::kDataLoss, "PROJECTION_CORRUPT",
                   absl::StrCat("projection row ", key, " does not parse"),
                   {{"key", key}});
}

}  // namespace

bool MaySeeDemand(const pb::Actor& actor, const pb::Demand& demand) {
  if (IsOverseer(actor)) return true;
  switch (actor.role()) {
    case pb::ROLE_USER:
      return actor.subject() == demand.requester().subject();
    case pb::ROLE_PROVIDER:
      return !demand.provider_organization().empty() &&
             RequireOwner(actor, demand.provider_organization()).ok();
    case pb::ROLE_REVIEWER:
      return IsReviewerFor(actor, demand.region());
    default:
      return false;
  }
}

absl::Status DemandQueries::Reveal(const pb::Actor& actor,
                                   pb::Demand& demand) const {
  if (cipher_ == nullptr) return absl::OkStatus();
  const PersonalView view = MaySeeDemand(actor, demand) && !IsOverseer(actor)
                                ? PersonalView::kClear
                                : PersonalView::kMasked;
  return RevealDemandContact(*demand.mutable_form(),
                             demand.requester().subject(), view, *cipher_);
}

absl::StatusOr<pb::Demand> DemandQueries::Get(
    const pb::Actor& actor, const std::string& demand_id) const {
  RETURN_IF_ERROR(ValidateDemandId(demand_id, "demand_id"));
  const std::string key = DemandRowKey(demand_id);
  ASSIGN_OR_RETURN(std::optional<std::string> row, store_->GetProjection(key));
  if (!row.has_value()) return NotFound(demand_id);
  pb::Demand demand;
  if (!demand.ParseFromString(*row)) return Corrupt(key);
  if (!MaySeeDemand(actor, demand)) return NotFound(demand_id);
  RETURN_IF_ERROR(Reveal(actor, demand));
  return demand;
}

absl::StatusOr<DemandPage> DemandQueries::ListOwn(
    const pb::Actor& actor, int page_size,
    const std::string& page_token) const {
  RETURN_IF_ERROR(RequireRole(actor, pb::ROLE_USER));
  return Page(actor,
              absl::StrCat(kDemandByUserPrefix, KeyPart(actor.subject()), "/"),
              page_size, page_token);
}

absl::StatusOr<DemandPage> DemandQueries::ListQueue(
    const pb::Actor& actor, int page_size,
    const std::string& page_token) const {
  RETURN_IF_ERROR(RequireRole(actor, pb::ROLE_REVIEWER));
  return Page(actor,
              absl::StrCat(kDemandByRegionPrefix, KeyPart(actor.region()), "/"),
              page_size, page_token);
}

absl::StatusOr<DemandPage> DemandQueries::ListForwarded(
    const pb::Actor& actor, int page_size,
    const std::string& page_token) const {
  RETURN_IF_ERROR(RequireRole(actor, pb::ROLE_PROVIDER));
  return Page(
      actor,
      absl::StrCat(kDemandByProviderPrefix, KeyPart(actor.organization()), "/"),
      page_size, page_token);
}

absl::StatusOr<DemandPage> DemandQueries::Page(
    const pb::Actor& actor, const std::string& prefix, int page_size,
    const std::string& page_token) const {
  ASSIGN_OR_RETURN(const int size, ResolvePageSize(page_size));
  const std::string filter = absl::StrCat("demands|", prefix);
  ASSIGN_OR_RETURN(std::string after, DecodePageToken(filter, page_token));
  ASSIGN_OR_RETURN(
      auto rows,
      store_->ScanProjection(prefix, after, static_cast<size_t>(size) + 1));
  DemandPage page;
  for (size_t i = 0; i < rows.size() && static_cast<int>(i) < size; ++i) {
    const std::string id = rows[i].first.substr(rows[i].first.rfind('/') + 1);
    const std::string key = DemandRowKey(id);
    ASSIGN_OR_RETURN(std::optional<std::string> row,
                     store_->GetProjection(key));
    after = rows[i].first;
    if (!row.has_value()) continue;
    pb::Demand demand;
    if (!demand.ParseFromString(*row)) return Corrupt(key);
    if (!MaySeeDemand(actor, demand)) continue;
    RETURN_IF_ERROR(Reveal(actor, demand));
    page.demands.push_back(std::move(demand));
  }
  if (rows.size() > static_cast<size_t>(size)) {
    page.next_page_token = EncodePageToken(filter, after);
  }
  return page;
}

absl::Status DemandQueries::Complete(pb::DemandCall& call,
                                     absl::Time now) const {
  const std::string prefix = DemandsOfCallPrefix(call.call_id());
  int64_t count = 0;
  std::string after;
  while (true) {
    ASSIGN_OR_RETURN(auto rows, store_->ScanProjection(prefix, after, kBatch));
    count += static_cast<int64_t>(rows.size());
    if (!rows.empty()) after = rows.back().first;
    if (rows.size() < kBatch) break;
  }
  call.set_demand_count(count);
  call.set_accepting(CallAccepts(call, now));
  return absl::OkStatus();
}

absl::StatusOr<pb::DemandCall> DemandQueries::GetCall(
    const std::string& call_id, absl::Time now) const {
  RETURN_IF_ERROR(ValidateDemandCallId(call_id, "call_id"));
  const std::string key = DemandCallRowKey(call_id);
  ASSIGN_OR_RETURN(std::optional<std::string> row, store_->GetProjection(key));
  if (!row.has_value()) return CallNotFound(call_id);
  pb::DemandCall call;
  if (!call.ParseFromString(*row)) return Corrupt(key);
  RETURN_IF_ERROR(Complete(call, now));
  return call;
}

absl::StatusOr<DemandCallPage> DemandQueries::ListCalls(
    absl::Time now, int page_size, const std::string& page_token) const {
  ASSIGN_OR_RETURN(const int size, ResolvePageSize(page_size));
  const std::string filter = "demand-calls";
  ASSIGN_OR_RETURN(const std::string after,
                   DecodePageToken(filter, page_token));
  // Calls are few (a handful a year): all are read and ordered by
  // "<0 accepting | 1 not>/<id>", the key the page token carries.
  std::vector<std::pair<std::string, pb::DemandCall>> calls;
  std::string scanned;
  while (true) {
    ASSIGN_OR_RETURN(auto rows, store_->ScanProjection(kDemandCallRowPrefix,
                                                       scanned, kBatch));
    for (const auto& [key, value] : rows) {
      pb::DemandCall call;
      if (!call.ParseFromString(value)) return Corrupt(key);
      const std::string order =
          absl::StrCat(CallAccepts(call, now) ? "0/" : "1/", call.call_id());
      calls.emplace_back(order, std::move(call));
      scanned = key;
    }
    if (rows.size() < kBatch) break;
  }
  std::sort(calls.begin(), calls.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  DemandCallPage page;
  std::string last;
  for (auto& [order, call] : calls) {
    if (!after.empty() && order <= after) continue;
    if (static_cast<int>(page.calls.size()) == size) {
      page.next_page_token = EncodePageToken(filter, last);
      break;
    }
    RETURN_IF_ERROR(Complete(call, now));
    page.calls.push_back(std::move(call));
    last = order;
  }
  return page;
}

}  // namespace opendata
