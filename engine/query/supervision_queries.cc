// Implementation of supervision_queries.h.
#include "engine/query/supervision_queries.h"

#include <algorithm>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "common/time_util.h"
#include "engine/authz.h"
#include "engine/catalog/catalog_validation.h"
#include "engine/projections/catalog_projection.h"
#include "engine/projections/supervision_projection.h"
#include "engine/query/supervision_csv.h"
#include "engine/regions.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

namespace {

constexpr size_t kScanChunk = 1000;

// What the figures are computed from.
struct Inputs {
  std::vector<pb::SupervisionFact> facts;
  std::vector<pb::EntryStateSegment> segments;
  std::vector<pb::Deadline> clocks;
};

struct Period {
  absl::Time start;
  absl::Time end;
  bool Contains(absl::Time t) const { return t >= start && t < end; }
};

// Which recorded attributions a request counts.
struct Filter {
  pb::SupervisionScope scope;
  // Non-empty for a county reviewer's PROVIDER scope: only this region too.
  std::string restrict_region;

  bool Matches(const std::string& organization,
               const std::string& region) const {
    if (!restrict_region.empty() && region != restrict_region) return false;
    switch (scope.kind()) {
      case pb::SUPERVISION_SCOPE_KIND_REGION:
        return region == scope.region();
      case pb::SUPERVISION_SCOPE_KIND_PROVIDER:
        return organization == scope.organization();
      default:
        return true;
    }
  }
};

// Calls `visit` for every row of `prefix` after `start_after` and before
// `stop` (exclusive; empty: to the end of the prefix), in key order.
absl::Status Scan(
    EventStore& store, const std::string& prefix, std::string start_after,
    const std::string& stop,
    const std::function<absl::Status(const std::string&)>& visit) {
  while (true) {
    ASSIGN_OR_RETURN(auto rows,
                     store.ScanProjection(prefix, start_after, kScanChunk));
    for (const auto& [key, value] : rows) {
      if (!stop.empty() && key >= stop) return absl::OkStatus();
      RETURN_IF_ERROR(visit(value));
      start_after = key;
    }
    if (rows.size() < kScanChunk) return absl::OkStatus();
  }
}

template <typename Message>
absl::Status ParseInto(const std::string& value, std::vector<Message>& out) {
  Message m;
  if (!m.ParseFromString(value)) {
    return MakeError(absl::StatusCode::kDataLoss, "PROJECTION_CORRUPT",
                     "a supervision row does not parse", {});
  }
  out.push_back(std::move(m));
  return absl::OkStatus();
}

std::string TimeKey(absl::Time t) {
  return SortableNumber(absl::ToUnixMicros(t), 20);
}

absl::StatusOr<Inputs> Load(EventStore& store, const Period& period) {
  Inputs in;
  const std::string fact_prefix = kStatsFactPrefix;
  RETURN_IF_ERROR(
      Scan(store, fact_prefix, fact_prefix + TimeKey(period.start),
           fact_prefix + TimeKey(period.end),
           [&](const std::string& v) { return ParseInto(v, in.facts); }));
  RETURN_IF_ERROR(
      Scan(store, kStatsEntryPrefix, "", "",
           [&](const std::string& v) { return ParseInto(v, in.segments); }));
  const std::string clock_prefix = kStatsClockPrefix;
  RETURN_IF_ERROR(
      Scan(store, clock_prefix, "", clock_prefix + TimeKey(period.end),
           [&](const std::string& v) { return ParseInto(v, in.clocks); }));
  return in;
}

struct ClockTally {
  pb::ClockStatistics figures;
  std::vector<int64_t> handling_micros;
};

// The figures of one group, accumulated.
class Tally {
 public:
  void AddSegment(const pb::EntryStateSegment& s) {
    ++entries_[{s.attribute(), s.state()}];
  }

  void AddClock(const pb::Deadline& d, const Period& period) {
    ClockTally& c = clocks_[d.kind()];
    const absl::Time start = FromProto(d.start_time());
    if (period.Contains(start)) c.figures.set_started(c.figures.started() + 1);
    const bool met = d.has_met_time();
    const absl::Time met_time = FromProto(d.met_time());
    if (met && period.Contains(met_time)) {
      if (d.late()) {
        c.figures.set_met_late(c.figures.met_late() + 1);
      } else {
        c.figures.set_met_on_time(c.figures.met_on_time() + 1);
      }
      c.handling_micros.push_back(absl::ToInt64Microseconds(met_time - start));
    }
    if (d.has_overdue_time() && period.Contains(FromProto(d.overdue_time()))) {
      c.figures.set_marked_overdue(c.figures.marked_overdue() + 1);
      if (d.kind() == pb::DEADLINE_KIND_DATA_UPDATE) ++overdue_updates_;
    }
    const bool closed_before_end =
        (met && met_time < period.end) ||
        (d.has_cancel_time() && FromProto(d.cancel_time()) < period.end);
    if (start < period.end && !closed_before_end)
      c.figures.set_open_at_end(c.figures.open_at_end() + 1);
  }

  void AddFact(const pb::SupervisionFact& f) {
    pb::SupervisionStatistics& s = stats_;
    switch (f.kind()) {
      case pb::SUPERVISION_FACT_KIND_APPLICATION_SUBMITTED:
        Bump(s.mutable_applications(), &pb::ApplicationStatistics::submitted,
             &pb::ApplicationStatistics::set_submitted);
        break;
      case pb::SUPERVISION_FACT_KIND_APPLICATION_APPROVED:
        Bump(s.mutable_applications(), &pb::ApplicationStatistics::approved,
             &pb::ApplicationStatistics::set_approved);
        break;
      case pb::SUPERVISION_FACT_KIND_APPLICATION_REFUSED:
        Bump(s.mutable_applications(), &pb::ApplicationStatistics::refused,
             &pb::ApplicationStatistics::set_refused);
        for (const std::string& o : f.outcomes()) ++refusals_[o];
        break;
      case pb::SUPERVISION_FACT_KIND_APPLICATION_WITHDRAWN:
        Bump(s.mutable_applications(), &pb::ApplicationStatistics::withdrawn,
             &pb::ApplicationStatistics::set_withdrawn);
        break;
      case pb::SUPERVISION_FACT_KIND_DEMAND_SUBMITTED:
        Bump(s.mutable_demands(), &pb::DemandStatistics::submitted,
             &pb::DemandStatistics::set_submitted);
        break;
      case pb::SUPERVISION_FACT_KIND_DEMAND_ANSWERED_OPENABLE:
        Bump(s.mutable_demands(), &pb::DemandStatistics::answered_openable,
             &pb::DemandStatistics::set_answered_openable);
        break;
      case pb::SUPERVISION_FACT_KIND_DEMAND_ANSWERED_NOT_OPENABLE:
        Bump(s.mutable_demands(), &pb::DemandStatistics::answered_not_openable,
             &pb::DemandStatistics::set_answered_not_openable);
        break;
      case pb::SUPERVISION_FACT_KIND_DEMAND_OPENED:
        Bump(s.mutable_demands(), &pb::DemandStatistics::opened,
             &pb::DemandStatistics::set_opened);
        break;
      case pb::SUPERVISION_FACT_KIND_TAKEDOWN_APPLIED:
        Bump(s.mutable_takedowns(), &pb::TakedownStatistics::applied,
             &pb::TakedownStatistics::set_applied);
        break;
      case pb::SUPERVISION_FACT_KIND_TAKEDOWN_APPROVED:
        Bump(s.mutable_takedowns(), &pb::TakedownStatistics::approved,
             &pb::TakedownStatistics::set_approved);
        break;
      case pb::SUPERVISION_FACT_KIND_TAKEN_DOWN:
        Bump(s.mutable_takedowns(), &pb::TakedownStatistics::taken_down,
             &pb::TakedownStatistics::set_taken_down);
        break;
      case pb::SUPERVISION_FACT_KIND_OBJECTION_FILED:
        Bump(s.mutable_objections(), &pb::ObjectionStatistics::filed,
             &pb::ObjectionStatistics::set_filed);
        break;
      case pb::SUPERVISION_FACT_KIND_OBJECTION_RESOLVED:
        Bump(s.mutable_objections(), &pb::ObjectionStatistics::resolved,
             &pb::ObjectionStatistics::set_resolved);
        for (const std::string& o : f.outcomes()) ++objection_outcomes_[o];
        break;
      case pb::SUPERVISION_FACT_KIND_QUALITY_ASSESSED:
        Bump(s.mutable_quality(), &pb::QualityStatistics::assessed,
             &pb::QualityStatistics::set_assessed);
        for (const std::string& o : f.outcomes()) ++conclusions_[o];
        break;
      default:
        break;
    }
  }

  pb::SupervisionStatistics Finish(const pb::SupervisionScope& scope,
                                   const Period& period) const {
    pb::SupervisionStatistics s = stats_;
    // Every section is present, zero or not.
    s.mutable_applications();
    s.mutable_demands();
    s.mutable_takedowns();
    s.mutable_objections();
    s.mutable_quality();
    *s.mutable_scope() = scope;
    *s.mutable_period_start() = ToProto(period.start);
    *s.mutable_period_end() = ToProto(period.end);
    for (const auto& [key, count] : entries_) {
      pb::EntryCount* e = s.add_entries();
      e->set_attribute(static_cast<pb::OpenAttribute>(key.first));
      e->set_state(static_cast<pb::CatalogEntryState>(key.second));
      e->set_count(count);
    }
    for (const auto& [kind, tally] : clocks_) {
      pb::ClockStatistics c = tally.figures;
      if (c.started() + c.met_on_time() + c.met_late() + c.marked_overdue() +
              c.open_at_end() ==
          0) {
        continue;
      }
      c.set_kind(static_cast<pb::DeadlineKind>(kind));
      std::vector<int64_t> h = tally.handling_micros;
      std::sort(h.begin(), h.end());
      if (!h.empty()) {
        const size_t n = h.size();
        c.set_median_handling_hours(h[(n + 1) / 2 - 1] / 3.6e9);
        c.set_p90_handling_hours(h[(9 * n + 9) / 10 - 1] / 3.6e9);
      }
      *s.add_clocks() = std::move(c);
    }
    for (const auto& [o, n] : refusals_)
      AddCount(s.mutable_applications()->add_refused_by_reason(), o, n);
    for (const auto& [o, n] : objection_outcomes_)
      AddCount(s.mutable_objections()->add_resolved_by_outcome(), o, n);
    for (const auto& [o, n] : conclusions_)
      AddCount(s.mutable_quality()->add_by_conclusion(), o, n);
    s.set_overdue_updates(overdue_updates_);
    return s;
  }

 private:
  template <typename M>
  static void Bump(M* m, int64_t (M::*get)() const, void (M::*set)(int64_t)) {
    (m->*set)((m->*get)() + 1);
  }
  static void AddCount(pb::OutcomeCount* c, const std::string& o, int64_t n) {
    c->set_outcome(o);
    c->set_count(n);
  }

  pb::SupervisionStatistics stats_;
  std::map<std::pair<int, int>, int64_t> entries_;
  std::map<int, ClockTally> clocks_;
  std::map<std::string, int64_t> refusals_;
  std::map<std::string, int64_t> objection_outcomes_;
  std::map<std::string, int64_t> conclusions_;
  int64_t overdue_updates_ = 0;
};

// Groups of an export: the key of an attribution ("" leaves it out).
using GroupKey = std::function<std::string(const std::string& organization,
                                           const std::string& region)>;

std::map<std::string, Tally> Aggregate(const Inputs& in, const Period& period,
                                       const Filter& filter,
                                       const GroupKey& group) {
  std::map<std::string, Tally> tallies;
  auto tally_of = [&](const std::string& organization,
                      const std::string& region) -> Tally* {
    if (!filter.Matches(organization, region)) return nullptr;
    const std::string key = group(organization, region);
    return &tallies[key];
  };
  for (const pb::EntryStateSegment& s : in.segments) {
    // The entry's last combination before the end of the period.
    if (FromProto(s.from_time()) >= period.end) continue;
    if (s.has_to_time() && FromProto(s.to_time()) < period.end) continue;
    if (Tally* t = tally_of(s.organization(), s.region())) t->AddSegment(s);
  }
  for (const pb::Deadline& d : in.clocks) {
    if (Tally* t =
            tally_of(d.responsible_organization(), d.responsible_region())) {
      t->AddClock(d, period);
    }
  }
  for (const pb::SupervisionFact& f : in.facts) {
    if (Tally* t = tally_of(f.organization(), f.region())) t->AddFact(f);
  }
  return tallies;
}

absl::StatusOr<Period> Validate(const pb::SupervisionScope& scope,
                                const google::protobuf::Timestamp* start,
                                const google::protobuf::Timestamp* end,
                                bool breakdown_invalid) {
  std::vector<FieldViolation> v;
  switch (scope.kind()) {
    case pb::SUPERVISION_SCOPE_KIND_CITY:
      if (!scope.region().empty() || !scope.organization().empty())
        v.push_back({"scope", "a CITY scope names no region or organisation"});
      break;
    case pb::SUPERVISION_SCOPE_KIND_REGION:
      if (!IsKnownRegion(scope.region()))
        v.push_back({"scope.region", "not a Jining region code"});
      if (!scope.organization().empty())
        v.push_back({"scope.organization", "must be empty for REGION"});
      break;
    case pb::SUPERVISION_SCOPE_KIND_PROVIDER: {
      const size_t n = Utf8Length(scope.organization());
      if (n < 1 || n > 64)
        v.push_back({"scope.organization", "must be 1-64 characters"});
      if (!scope.region().empty())
        v.push_back({"scope.region", "must be empty for PROVIDER"});
      break;
    }
    default:
      v.push_back({"scope.kind", "required: CITY, REGION or PROVIDER"});
  }
  if (breakdown_invalid)
    v.push_back({"breakdown", "required: PROVIDER or REGION"});
  Period period;
  if (start == nullptr) v.push_back({"period_start", "required"});
  if (end == nullptr) v.push_back({"period_end", "required"});
  if (start != nullptr && end != nullptr) {
    period.start = FromProto(*start);
    period.end = FromProto(*end);
    if (period.end <= period.start) {
      v.push_back({"period_end", "must be after period_start"});
    } else if (period.end - period.start >
               absl::Hours(24) * kMaxSupervisionPeriodDays) {
      v.push_back({"period_end", "the period may cover at most 5 years"});
    }
  }
  if (!v.empty()) return InvalidArgument("STATISTICS_REQUEST_INVALID", v);
  return period;
}

// Who may see which scope; the region a county reviewer's PROVIDER scope is
// narrowed to.
absl::StatusOr<std::string> Authorize(const pb::Actor& actor,
                                      const pb::SupervisionScope& scope) {
  if (IsOverseer(actor)) return std::string();
  if (actor.role() == pb::ROLE_PROVIDER) {
    if (scope.kind() != pb::SUPERVISION_SCOPE_KIND_PROVIDER)
      return RequireRole(actor, pb::ROLE_REVIEWER);
    RETURN_IF_ERROR(RequireOwner(actor, scope.organization()));
    return std::string();
  }
  RETURN_IF_ERROR(RequireRole(actor, pb::ROLE_REVIEWER));
  if (actor.level() == pb::LEVEL_CITY) return std::string();
  switch (scope.kind()) {
    case pb::SUPERVISION_SCOPE_KIND_CITY:
      RETURN_IF_ERROR(RequireReviewerFor(actor, kCityRegion));
      return std::string();
    case pb::SUPERVISION_SCOPE_KIND_REGION:
      RETURN_IF_ERROR(RequireReviewerFor(actor, scope.region()));
      return std::string();
    default:
      return actor.region();
  }
}

// Refuses users and the platform before anything else is looked at.
absl::Status RequireStatisticsRole(const pb::Actor& actor) {
  if (IsOverseer(actor) || actor.role() == pb::ROLE_PROVIDER)
    return ValidateActor(actor);
  return RequireRole(actor, pb::ROLE_REVIEWER);
}

}  // namespace

absl::StatusOr<pb::SupervisionStatistics> SupervisionQueries::Get(
    const pb::Actor& actor,
    const pb::GetSupervisionStatisticsRequest& request) const {
  RETURN_IF_ERROR(RequireStatisticsRole(actor));
  ASSIGN_OR_RETURN(
      Period period,
      Validate(request.scope(),
               request.has_period_start() ? &request.period_start() : nullptr,
               request.has_period_end() ? &request.period_end() : nullptr,
               false));
  ASSIGN_OR_RETURN(std::string restrict_region,
                   Authorize(actor, request.scope()));
  ASSIGN_OR_RETURN(Inputs in, Load(*store_, period));
  const Filter filter{request.scope(), restrict_region};
  std::map<std::string, Tally> tallies = Aggregate(
      in, period, filter,
      [](const std::string&, const std::string&) { return std::string(); });
  return tallies[""].Finish(request.scope(), period);
}

absl::StatusOr<pb::ExportSupervisionStatisticsResponse>
SupervisionQueries::Export(
    const pb::Actor& actor,
    const pb::ExportSupervisionStatisticsRequest& request) const {
  RETURN_IF_ERROR(RequireStatisticsRole(actor));
  const pb::SupervisionBreakdown breakdown = request.breakdown();
  ASSIGN_OR_RETURN(
      Period period,
      Validate(request.scope(),
               request.has_period_start() ? &request.period_start() : nullptr,
               request.has_period_end() ? &request.period_end() : nullptr,
               breakdown != pb::SUPERVISION_BREAKDOWN_PROVIDER &&
                   breakdown != pb::SUPERVISION_BREAKDOWN_REGION));
  ASSIGN_OR_RETURN(std::string restrict_region,
                   Authorize(actor, request.scope()));
  ASSIGN_OR_RETURN(Inputs in, Load(*store_, period));
  const Filter filter{request.scope(), restrict_region};
  const bool by_provider = breakdown == pb::SUPERVISION_BREAKDOWN_PROVIDER;
  std::map<std::string, Tally> tallies =
      Aggregate(in, period, filter,
                [by_provider](const std::string& organization,
                              const std::string& region) {
                  return by_provider ? organization : region;
                });
  // Items with no provider (or region) recorded belong to no row.
  tallies.erase("");
  std::vector<SupervisionCsvRow> rows;
  for (const auto& [group, tally] : tallies) {
    rows.push_back({group, by_provider ? "" : RegionName(group),
                    tally.Finish(request.scope(), period)});
  }
  pb::ExportSupervisionStatisticsResponse response;
  response.set_csv(SupervisionCsv(rows));
  response.set_rows(static_cast<int32_t>(rows.size()));
  return response;
}

}  // namespace opendata
