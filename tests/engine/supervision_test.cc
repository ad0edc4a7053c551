// Tests of the supervision statistics (Art. 22): a small city (the city and
// two counties, four providers, entries of each attribute, reviews on time
// and late, applications approved, refused and withdrawn, demands answered
// and opened, a takedown, an objection, an overdue update, quality findings)
// written as recorded events with the rows the pipeline would write; every
// figure asserted exactly for city, region and provider scopes and for a
// period that excludes some events; a brute-force cross-check against an
// independent fold of the raw events over many scopes and periods; the CSV
// export byte for byte against a golden file; rebuild == incremental for the
// new rows; authorization and validation refusals.
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "engine/query/supervision_csv.h"
#include "engine/query/supervision_queries.h"
#include "engine/replay/rebuild.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/message_differencer.h"
#include "tests/engine/supervision_support.h"

namespace opendata::engine_test {
namespace {

using absl::StatusCode;

// A provider whose id needs CSV quoting (a comma and a double quote).
constexpr char kOddOrg[] = R"(zc-"ws",j)";

absl::Time T(int month, int day, int hour = 10, int minute = 0,
             int second = 0) {
  return Shanghai(2026, month, day, hour, minute, second);
}

std::string Entry(const std::string& id) { return "catalog-entry/" + id; }

// The history of the city, in log order.
void WriteCity(LogWriter& w) {
  const auto rev = pb::ROLE_REVIEWER;
  const auto prov = pb::ROLE_PROVIDER;
  // e4: 邹城市, published in January; taken down in March.
  w.Emit(
      Entry("e4"), T(1, 5),
      {EntryCreated("e4", kOddOrg, "370883", pb::OPEN_ATTRIBUTE_UNCONDITIONAL),
       EntrySubmitted(1)});
  w.Emit(Entry("e4"), T(1, 6),
         {EntryPublished(1),
          ClockStarted("data-update:e4:1", pb::DEADLINE_KIND_DATA_UPDATE,
                       Entry("e4"), prov, kOddOrg, "370883", T(1, 6),
                       T(4, 6, 23, 59, 59))});
  // e1: the city's, published in February; its update clock goes overdue.
  w.Emit(
      Entry("e1"), T(2, 10),
      {EntryCreated("e1", "jn-gaj", "3708", pb::OPEN_ATTRIBUTE_UNCONDITIONAL),
       EntrySubmitted(1),
       ClockStarted("catalog-review:e1:1",
                    pb::DEADLINE_KIND_CATALOG_FORMAL_REVIEW, Entry("e1"), rev,
                    "", "3708", T(2, 10), T(2, 12, 23, 59, 59))});
  w.Emit(Entry("e1"), T(2, 11),
         {EntryPublished(1), ClockMet("catalog-review:e1:1", false),
          ClockStarted("data-update:e1:1", pb::DEADLINE_KIND_DATA_UPDATE,
                       Entry("e1"), prov, "jn-gaj", "3708", T(2, 11),
                       T(3, 11, 23, 59, 59))});
  w.Emit("application/a3", T(2, 20),
         {AppSubmitted("a3", "e1", "jn-gaj", "3708")});
  w.Emit("demand/d3", T(2, 25), {DemandSubmittedEvent("d3", "370883")});
  // March.
  w.Emit("demand/d1", T(3, 2, 9), {DemandSubmittedEvent("d1", "370811")});
  w.Emit(
      Entry("e2"), T(3, 2),
      {EntryCreated("e2", "rc-wsj", "370811", pb::OPEN_ATTRIBUTE_CONDITIONAL),
       EntrySubmitted(1),
       ClockStarted("catalog-review:e2:1",
                    pb::DEADLINE_KIND_CATALOG_FORMAL_REVIEW, Entry("e2"), rev,
                    "", "370811", T(3, 2), T(3, 4, 23, 59, 59))});
  w.Emit("demand/d1", T(3, 3, 9), {DemandForwardedTo("rc-wsj")});
  w.Emit(Entry("e3"), T(3, 3),
         {EntryCreated("e3", "rc-jtj", "370811", pb::OPEN_ATTRIBUTE_NOT_OPEN),
          EntrySubmitted(1),
          ClockStarted("catalog-review:e3:1",
                       pb::DEADLINE_KIND_CATALOG_FORMAL_REVIEW, Entry("e3"),
                       rev, "", "370811", T(3, 3), T(3, 5, 23, 59, 59))});
  w.Emit("application/a3", T(3, 3), {AppWithdrawn()});
  w.Emit("demand/d2", T(3, 4, 9), {DemandSubmittedEvent("d2", "3708")});
  w.Emit(Entry("e3"), T(3, 4, 16),
         {EntryReturned(1), ClockMet("catalog-review:e3:1", false)});
  w.Emit(Entry("e4"), T(3, 5), {TakedownRequested(1)});
  w.Emit("demand/d1", T(3, 5, 9), {DemandOpenable()});
  w.Emit("demand/d2", T(3, 5, 9), {DemandForwardedTo("jn-gaj")});
  w.Emit(Entry("e2"), T(3, 6),
         {EntryPublished(1), ClockMet("catalog-review:e2:1", true)});
  w.Emit(Entry("e4"), T(3, 6), {TakedownApproved(1, pb::LEVEL_COUNTY, false)});
  w.Emit(Entry("e2"), T(3, 9), {ObjectionFiled(1)});
  w.Emit(
      Entry("e4"), T(3, 9),
      {TakedownApproved(1, pb::LEVEL_CITY, true),
       ClockStarted("takedown-notice:e4:1", pb::DEADLINE_KIND_TAKEDOWN_NOTICE,
                    Entry("e4"), pb::ROLE_SYSTEM, "", "370883", T(3, 9),
                    T(3, 23, 23, 59, 59))});
  w.Emit(Entry("e1"), T(3, 10, 9),
         {QualityAssessed(1, pb::QUALITY_CONCLUSION_SATISFACTORY)});
  w.Emit("application/a1", T(3, 10),
         {AppSubmitted("a1", "e2", "rc-wsj", "370811"),
          ClockStarted("application-formal-review:a1",
                       pb::DEADLINE_KIND_APPLICATION_FORMAL_REVIEW,
                       "application/a1", rev, "", "370811", T(3, 10),
                       T(3, 17, 23, 59, 59))});
  w.Emit("application/a1", T(3, 11),
         {ClockMet("application-formal-review:a1", false),
          ClockStarted("application-provider-review:a1",
                       pb::DEADLINE_KIND_APPLICATION_PROVIDER_REVIEW,
                       "application/a1", prov, "rc-wsj", "370811", T(3, 11),
                       T(3, 25, 23, 59, 59))});
  w.Emit(Entry("e1"), T(3, 12, 0, 0, 1), {ClockOverdue("data-update:e1:1")});
  w.Emit("application/a2", T(3, 12),
         {AppSubmitted("a2", "e2", "rc-wsj", "370811")});
  w.Emit(Entry("e4"), T(3, 15),
         {QualityAssessed(1, pb::QUALITY_CONCLUSION_UNSATISFACTORY)});
  w.Emit("demand/d2", T(3, 18), {DemandNotOpenable()});
  w.Emit("application/a1", T(3, 20),
         {AppApproved(), ClockMet("application-provider-review:a1", false)});
  w.Emit(Entry("e2"), T(3, 20),
         {ObjectionAnswered(1, pb::OBJECTION_OUTCOME_CORRECTED)});
  w.Emit(Entry("e4"), T(3, 24),
         {ClockMet("takedown-notice:e4:1", false), TakenDown(1),
          ClockCancelled("data-update:e4:1")});
  w.Emit("application/a2", T(3, 25),
         {AppRefused({pb::REFUSAL_REASON_KIND_CONDITION_NOT_MET,
                      pb::REFUSAL_REASON_KIND_SECURITY_CAPABILITY_INSUFFICIENT,
                      pb::REFUSAL_REASON_KIND_CONDITION_NOT_MET})});
  w.Emit("demand/d1", T(3, 26), {DemandLinked("e2")});
  w.Emit("application/a4", T(3, 30),
         {AppSubmitted("a4", "e1", "jn-gaj", "3708")});
  // April.
  w.Emit("application/a4", T(4, 2),
         {AppRefused({pb::REFUSAL_REASON_KIND_OTHER})});
  w.Emit(
      Entry("e5"), T(4, 2),
      {EntryCreated("e5", "jn-gaj", "3708", pb::OPEN_ATTRIBUTE_CONDITIONAL)});
  w.Emit(Entry("e1"), T(4, 3, 9), {TakedownRequested(1)});
}

class City {
 public:
  City() {
    absl::StatusOr<std::unique_ptr<RocksEventStore>> store =
        RocksEventStore::Open(dir_.path() + "/db", RocksEventStoreOptions());
    REQUIRE(store.ok());
    store_ = *std::move(store);
    writer_ = std::make_unique<LogWriter>(*store_);
    WriteCity(*writer_);
    queries_ = std::make_unique<SupervisionQueries>(store_.get());
  }

  absl::StatusOr<pb::SupervisionStatistics> Get(const pb::Actor& actor,
                                                const pb::SupervisionScope& s,
                                                absl::Time from,
                                                absl::Time to) const {
    pb::GetSupervisionStatisticsRequest r;
    *r.mutable_scope() = s;
    *r.mutable_period_start() = ToProto(from);
    *r.mutable_period_end() = ToProto(to);
    return queries_->Get(actor, r);
  }

  pb::SupervisionStatistics MustGet(const pb::SupervisionScope& s,
                                    absl::Time from, absl::Time to) const {
    absl::StatusOr<pb::SupervisionStatistics> out = Get(Auditor(), s, from, to);
    INFO(out.status().ToString());
    REQUIRE(out.ok());
    return *out;
  }

  RocksEventStore& store() { return *store_; }
  const SupervisionQueries& queries() const { return *queries_; }
  const std::vector<pb::EventEnvelope>& log() const { return writer_->log(); }

 private:
  TempDir dir_;
  std::unique_ptr<RocksEventStore> store_;
  std::unique_ptr<LogWriter> writer_;
  std::unique_ptr<SupervisionQueries> queries_;
};

pb::SupervisionScope CityScope() {
  pb::SupervisionScope s;
  s.set_kind(pb::SUPERVISION_SCOPE_KIND_CITY);
  return s;
}

pb::SupervisionScope RegionScope(const std::string& region) {
  pb::SupervisionScope s;
  s.set_kind(pb::SUPERVISION_SCOPE_KIND_REGION);
  s.set_region(region);
  return s;
}

pb::SupervisionScope ProviderScope(const std::string& org) {
  pb::SupervisionScope s;
  s.set_kind(pb::SUPERVISION_SCOPE_KIND_PROVIDER);
  s.set_organization(org);
  return s;
}

// `text` (the figures, without scope and period) completed with them.
pb::SupervisionStatistics Expected(const std::string& text,
                                   const pb::SupervisionScope& scope,
                                   absl::Time from, absl::Time to) {
  pb::SupervisionStatistics s;
  REQUIRE(google::protobuf::TextFormat::ParseFromString(text, &s));
  *s.mutable_scope() = scope;
  *s.mutable_period_start() = ToProto(from);
  *s.mutable_period_end() = ToProto(to);
  return s;
}

void CheckSame(const pb::SupervisionStatistics& actual,
               const pb::SupervisionStatistics& expected) {
  INFO("actual:\n"
       << actual.DebugString() << "expected:\n"
       << expected.DebugString());
  CHECK(google::protobuf::util::MessageDifferencer::Equals(actual, expected));
}

const absl::Time kMarch = T(3, 1, 0);
const absl::Time kApril = T(4, 1, 0);

// March's reviewer clocks. Every review that month was of a 任城区 item, so the
// city and 任城区 report the same clocks.
const std::string kMarchReviewClocks = R"pb(
  clocks {
    kind: DEADLINE_KIND_CATALOG_FORMAL_REVIEW
    started: 2
    met_on_time: 1
    met_late: 1
    median_handling_hours: 30
    p90_handling_hours: 96
  }
  clocks {
    kind: DEADLINE_KIND_APPLICATION_FORMAL_REVIEW
    started: 1
    met_on_time: 1
    median_handling_hours: 24
    p90_handling_hours: 24
  }
  clocks {
    kind: DEADLINE_KIND_APPLICATION_PROVIDER_REVIEW
    started: 1
    met_on_time: 1
    median_handling_hours: 216
    p90_handling_hours: 216
  }
)pb";

TEST_CASE("supervision: every figure of the city in March", "[supervision]") {
  City city;
  CheckSame(
      city.MustGet(CityScope(), kMarch, kApril),
      Expected(R"pb(
                     entries {
                       attribute: OPEN_ATTRIBUTE_UNCONDITIONAL
                       state: CATALOG_ENTRY_STATE_PUBLISHED
                       count: 1
                     }
                     entries {
                       attribute: OPEN_ATTRIBUTE_UNCONDITIONAL
                       state: CATALOG_ENTRY_STATE_TAKEN_DOWN
                       count: 1
                     }
                     entries {
                       attribute: OPEN_ATTRIBUTE_CONDITIONAL
                       state: CATALOG_ENTRY_STATE_PUBLISHED
                       count: 1
                     }
                     entries {
                       attribute: OPEN_ATTRIBUTE_NOT_OPEN
                       state: CATALOG_ENTRY_STATE_RETURNED
                       count: 1
                     }
                   )pb" +
                   kMarchReviewClocks + R"pb(
                 clocks {
                   kind: DEADLINE_KIND_TAKEDOWN_NOTICE
                   started: 1
                   met_on_time: 1
                   median_handling_hours: 360
                   p90_handling_hours: 360
                 }
                 clocks {
                   kind: DEADLINE_KIND_DATA_UPDATE
                   marked_overdue: 1
                   open_at_end: 1
                 }
                 applications {
                   submitted: 3
                   approved: 1
                   refused: 1
                   withdrawn: 1
                   refused_by_reason { outcome: "CONDITION_NOT_MET" count: 1 }
                   refused_by_reason {
                     outcome: "SECURITY_CAPABILITY_INSUFFICIENT"
                     count: 1
                   }
                 }
                 demands {
                   submitted: 2
                   answered_openable: 1
                   answered_not_openable: 1
                   opened: 1
                 }
                 takedowns { applied: 1 approved: 1 taken_down: 1 }
                 objections {
                   filed: 1
                   resolved: 1
                   resolved_by_outcome { outcome: "CORRECTED" count: 1 }
                 }
                 overdue_updates: 1
                 quality {
                   assessed: 2
                   by_conclusion { outcome: "SATISFACTORY" count: 1 }
                   by_conclusion { outcome: "UNSATISFACTORY" count: 1 }
                 }
               )pb",
               CityScope(), kMarch, kApril));
}

TEST_CASE("supervision: a county and a provider in March", "[supervision]") {
  City city;
  CheckSame(
      city.MustGet(RegionScope("370811"), kMarch, kApril),
      Expected(R"pb(
                     entries {
                       attribute: OPEN_ATTRIBUTE_CONDITIONAL
                       state: CATALOG_ENTRY_STATE_PUBLISHED
                       count: 1
                     }
                     entries {
                       attribute: OPEN_ATTRIBUTE_NOT_OPEN
                       state: CATALOG_ENTRY_STATE_RETURNED
                       count: 1
                     }
                   )pb" +
                   kMarchReviewClocks + R"pb(
                 applications {
                   submitted: 2
                   approved: 1
                   refused: 1
                   refused_by_reason { outcome: "CONDITION_NOT_MET" count: 1 }
                   refused_by_reason {
                     outcome: "SECURITY_CAPABILITY_INSUFFICIENT"
                     count: 1
                   }
                 }
                 demands { submitted: 1 answered_openable: 1 opened: 1 }
                 takedowns {}
                 objections {
                   filed: 1
                   resolved: 1
                   resolved_by_outcome { outcome: "CORRECTED" count: 1 }
                 }
                 quality {}
               )pb",
               RegionScope("370811"), kMarch, kApril));
  // The city's provider: its update clock; reviewer clocks belong to no
  // provider; a demand counts for it once forwarded to it.
  CheckSame(city.MustGet(ProviderScope("jn-gaj"), kMarch, kApril),
            Expected(R"pb(
                       entries {
                         attribute: OPEN_ATTRIBUTE_UNCONDITIONAL
                         state: CATALOG_ENTRY_STATE_PUBLISHED
                         count: 1
                       }
                       clocks {
                         kind: DEADLINE_KIND_DATA_UPDATE
                         marked_overdue: 1
                         open_at_end: 1
                       }
                       applications { submitted: 1 withdrawn: 1 }
                       demands { answered_not_openable: 1 }
                       takedowns {}
                       objections {}
                       overdue_updates: 1
                       quality {
                         assessed: 1
                         by_conclusion { outcome: "SATISFACTORY" count: 1 }
                       }
                     )pb",
                     ProviderScope("jn-gaj"), kMarch, kApril));
}

TEST_CASE("supervision: February excludes the March events", "[supervision]") {
  City city;
  const absl::Time feb = T(2, 1, 0);
  CheckSame(
      city.MustGet(CityScope(), feb, kMarch),
      Expected(
          R"pb(
            entries {
              attribute: OPEN_ATTRIBUTE_UNCONDITIONAL
              state: CATALOG_ENTRY_STATE_PUBLISHED
              count: 2
            }
            clocks {
              kind: DEADLINE_KIND_CATALOG_FORMAL_REVIEW
              started: 1
              met_on_time: 1
              median_handling_hours: 24
              p90_handling_hours: 24
            }
            clocks { kind: DEADLINE_KIND_DATA_UPDATE started: 1 open_at_end: 2 }
            applications { submitted: 1 }
            demands { submitted: 1 }
            takedowns {}
            objections {}
            quality {}
          )pb",
          CityScope(), feb, kMarch));
}

// ------------------------------------------------ brute-force cross-check

// The figures folded directly from the raw events, independently of the
// projection: per stream the attribution as the events set it, per clock its
// times, and the events of the period counted one by one.
pb::SupervisionStatistics Oracle(const std::vector<pb::EventEnvelope>& log,
                                 const pb::SupervisionScope& scope,
                                 absl::Time from, absl::Time to) {
  struct Who {
    std::string org, region;
    int attribute = 0, state = 0;
  };
  struct Clock {
    pb::Deadline d;
    std::optional<absl::Time> met, overdue, cancelled;
    bool late = false;
  };
  auto in_scope = [&](const std::string& org, const std::string& region) {
    if (scope.kind() == pb::SUPERVISION_SCOPE_KIND_REGION)
      return region == scope.region();
    if (scope.kind() == pb::SUPERVISION_SCOPE_KIND_PROVIDER)
      return org == scope.organization();
    return true;
  };
  std::map<std::string, Who> who;           // by stream
  std::map<std::string, Who> state_at_end;  // entries, by stream
  std::map<std::string, Clock> clocks;      // by deadline id
  std::map<std::string, int64_t> counts, refused, outcomes, conclusions;
  for (const pb::EventEnvelope& e : log) {
    const absl::Time t = FromProto(e.occurred_at());
    const pb::EventPayload& p = e.payload();
    Who& w = who[e.stream_id()];
    if (p.has_catalog_entry_created()) {
      w.org = p.catalog_entry_created().provider_organization();
      w.region = p.catalog_entry_created().region();
      w.attribute = p.catalog_entry_created().content().open_attribute();
      w.state = pb::CATALOG_ENTRY_STATE_DRAFT;
    }
    if (p.has_catalog_entry_submitted())
      w.state = pb::CATALOG_ENTRY_STATE_SUBMITTED;
    if (p.has_catalog_entry_published())
      w.state = pb::CATALOG_ENTRY_STATE_PUBLISHED;
    if (p.has_catalog_entry_returned())
      w.state = pb::CATALOG_ENTRY_STATE_RETURNED;
    if (p.has_catalog_entry_taken_down())
      w.state = pb::CATALOG_ENTRY_STATE_TAKEN_DOWN;
    if (p.has_application_submitted()) {
      w.org = p.application_submitted().entry().provider_organization();
      w.region = p.application_submitted().entry().region();
    }
    if (p.has_demand_submitted()) w.region = p.demand_submitted().region();
    if (p.has_demand_forwarded())
      w.org = p.demand_forwarded().provider_organization();
    if (p.has_deadline_started()) {
      clocks[p.deadline_started().deadline().deadline_id()].d =
          p.deadline_started().deadline();
    }
    if (p.has_deadline_met()) {
      clocks[p.deadline_met().deadline_id()].met = t;
      clocks[p.deadline_met().deadline_id()].late = p.deadline_met().late();
    }
    if (p.has_deadline_overdue())
      clocks[p.deadline_overdue().deadline_id()].overdue = t;
    if (p.has_deadline_cancelled())
      clocks[p.deadline_cancelled().deadline_id()].cancelled = t;
    if (absl::StartsWith(e.stream_id(), "catalog-entry/") && t < to)
      state_at_end[e.stream_id()] = w;
    if (t < from || t >= to || !in_scope(w.org, w.region)) continue;
    if (p.has_application_submitted()) ++counts["app.submitted"];
    if (p.has_application_approved()) ++counts["app.approved"];
    if (p.has_application_withdrawn()) ++counts["app.withdrawn"];
    if (p.has_application_refused()) {
      ++counts["app.refused"];
      std::set<std::string> kinds;
      for (const auto& r : p.application_refused().reasons())
        kinds.insert(pb::RefusalReasonKind_Name(r.kind()).substr(20));
      for (const std::string& k : kinds) ++refused[k];
    }
    if (p.has_demand_submitted()) ++counts["demand.submitted"];
    if (p.has_demand_answered_openable()) ++counts["demand.openable"];
    if (p.has_demand_answered_not_openable()) ++counts["demand.not_openable"];
    if (p.has_demand_entry_linked()) ++counts["demand.opened"];
    if (p.has_catalog_entry_takedown_requested()) ++counts["td.applied"];
    if (p.has_catalog_entry_takedown_approved() &&
        p.catalog_entry_takedown_approved().notice_started())
      ++counts["td.approved"];
    if (p.has_catalog_entry_taken_down()) ++counts["td.taken_down"];
    if (p.has_catalog_entry_objection_filed()) ++counts["obj.filed"];
    if (p.has_catalog_entry_objection_answered()) {
      ++counts["obj.resolved"];
      ++outcomes[pb::ObjectionOutcome_Name(
                     p.catalog_entry_objection_answered().outcome())
                     .substr(18)];
    }
    if (p.has_catalog_entry_quality_assessed()) {
      ++counts["quality"];
      ++conclusions
          [pb::QualityConclusion_Name(
               p.catalog_entry_quality_assessed().assessment().conclusion())
               .substr(19)];
    }
  }
  pb::SupervisionStatistics s;
  *s.mutable_scope() = scope;
  *s.mutable_period_start() = ToProto(from);
  *s.mutable_period_end() = ToProto(to);
  std::map<std::pair<int, int>, int64_t> entries;
  for (const auto& [stream, w] : state_at_end) {
    if (in_scope(w.org, w.region)) ++entries[{w.attribute, w.state}];
  }
  for (const auto& [key, n] : entries) {
    auto* e = s.add_entries();
    e->set_attribute(static_cast<pb::OpenAttribute>(key.first));
    e->set_state(static_cast<pb::CatalogEntryState>(key.second));
    e->set_count(n);
  }
  std::map<int, pb::ClockStatistics> by_kind;
  std::map<int, std::vector<int64_t>> handling;
  auto within = [&](absl::Time t) { return t >= from && t < to; };
  for (const auto& [id, c] : clocks) {
    if (!in_scope(c.d.responsible_organization(), c.d.responsible_region()))
      continue;
    pb::ClockStatistics& k = by_kind[c.d.kind()];
    const absl::Time start = FromProto(c.d.start_time());
    if (within(start)) k.set_started(k.started() + 1);
    if (c.met && within(*c.met)) {
      if (c.late)
        k.set_met_late(k.met_late() + 1);
      else
        k.set_met_on_time(k.met_on_time() + 1);
      handling[c.d.kind()].push_back(absl::ToInt64Microseconds(*c.met - start));
    }
    if (c.overdue && within(*c.overdue)) {
      k.set_marked_overdue(k.marked_overdue() + 1);
      if (c.d.kind() == pb::DEADLINE_KIND_DATA_UPDATE)
        s.set_overdue_updates(s.overdue_updates() + 1);
    }
    if (start < to && !(c.met && *c.met < to) &&
        !(c.cancelled && *c.cancelled < to))
      k.set_open_at_end(k.open_at_end() + 1);
  }
  for (auto& [kind, k] : by_kind) {
    if (k.started() + k.met_on_time() + k.met_late() + k.marked_overdue() +
            k.open_at_end() ==
        0)
      continue;
    k.set_kind(static_cast<pb::DeadlineKind>(kind));
    std::vector<int64_t>& h = handling[kind];
    std::sort(h.begin(), h.end());
    if (!h.empty()) {
      // Nearest rank: the smallest value with at least 50% / 90% at or below.
      size_t m = 0, p = 0;
      while ((m + 1) * 2 < h.size()) ++m;
      while ((p + 1) * 10 < h.size() * 9) ++p;
      k.set_median_handling_hours(h[m] / 3.6e9);
      k.set_p90_handling_hours(h[p] / 3.6e9);
    }
    *s.add_clocks() = k;
  }
  auto* a = s.mutable_applications();
  a->set_submitted(counts["app.submitted"]);
  a->set_approved(counts["app.approved"]);
  a->set_refused(counts["app.refused"]);
  a->set_withdrawn(counts["app.withdrawn"]);
  for (const auto& [o, n] : refused) {
    auto* c = a->add_refused_by_reason();
    c->set_outcome(o);
    c->set_count(n);
  }
  auto* d = s.mutable_demands();
  d->set_submitted(counts["demand.submitted"]);
  d->set_answered_openable(counts["demand.openable"]);
  d->set_answered_not_openable(counts["demand.not_openable"]);
  d->set_opened(counts["demand.opened"]);
  s.mutable_takedowns()->set_applied(counts["td.applied"]);
  s.mutable_takedowns()->set_approved(counts["td.approved"]);
  s.mutable_takedowns()->set_taken_down(counts["td.taken_down"]);
  s.mutable_objections()->set_filed(counts["obj.filed"]);
  s.mutable_objections()->set_resolved(counts["obj.resolved"]);
  for (const auto& [o, n] : outcomes) {
    auto* c = s.mutable_objections()->add_resolved_by_outcome();
    c->set_outcome(o);
    c->set_count(n);
  }
  s.mutable_quality()->set_assessed(counts["quality"]);
  for (const auto& [o, n] : conclusions) {
    auto* c = s.mutable_quality()->add_by_conclusion();
    c->set_outcome(o);
    c->set_count(n);
  }
  return s;
}

TEST_CASE("supervision: the query agrees with a brute-force fold of the log",
          "[supervision]") {
  City city;
  const std::vector<pb::SupervisionScope> scopes = {CityScope(),
                                                    RegionScope("3708"),
                                                    RegionScope("370811"),
                                                    RegionScope("370883"),
                                                    RegionScope("370812"),
                                                    ProviderScope("jn-gaj"),
                                                    ProviderScope("rc-wsj"),
                                                    ProviderScope("rc-jtj"),
                                                    ProviderScope(kOddOrg)};
  const std::vector<std::pair<absl::Time, absl::Time>> periods = {
      {T(1, 1, 0), T(2, 1, 0)},
      {T(2, 1, 0), kMarch},
      {kMarch, kApril},
      {kApril, T(5, 1, 0)},
      {T(3, 5, 0), T(3, 20, 0)},
      {T(1, 1, 0), T(5, 1, 0)},
      {T(3, 24), T(3, 24, 10, 0, 1)},
      {T(3, 4, 16), T(3, 6)},
      {T(3, 12, 0, 0, 1), T(3, 25)}};
  int compared = 0;
  for (const pb::SupervisionScope& scope : scopes) {
    for (const auto& [from, to] : periods) {
      INFO(scope.ShortDebugString()
           << " " << absl::FormatTime(from) << " - " << absl::FormatTime(to));
      CheckSame(city.MustGet(scope, from, to),
                Oracle(city.log(), scope, from, to));
      ++compared;
    }
  }
  CHECK(compared == 81);
}

// --------------------------------------------------------------- CSV export

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in.good());
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST_CASE("supervision: CSV fields are quoted as RFC 4180 says",
          "[supervision]") {
  CHECK(CsvField("rc-wsj") == "rc-wsj");
  CHECK(CsvField("任城区") == "任城区");
  CHECK(CsvField(kOddOrg) == R"("zc-""ws"",j")");
  CHECK(CsvField("a\r\nb") == "\"a\r\nb\"");
  const std::vector<std::string> columns = SupervisionCsvColumns();
  REQUIRE(columns.size() > 5);
  CHECK(columns[0] == "group");
  CHECK(std::set<std::string>(columns.begin(), columns.end()).size() ==
        columns.size());
}

TEST_CASE(
    "supervision: the March bulletin per provider matches the golden file",
    "[supervision]") {
  City city;
  pb::ExportSupervisionStatisticsRequest r;
  *r.mutable_scope() = CityScope();
  *r.mutable_period_start() = ToProto(kMarch);
  *r.mutable_period_end() = ToProto(kApril);
  r.set_breakdown(pb::SUPERVISION_BREAKDOWN_PROVIDER);
  absl::StatusOr<pb::ExportSupervisionStatisticsResponse> out =
      city.queries().Export(CityReviewer(), r);
  INFO(out.status().ToString());
  REQUIRE(out.ok());
  CHECK(out->rows() == 4);
  const std::string golden =
      ReadFile(std::string(OPENDATA_TEST_DATA_DIR) + "/supervision_march.csv");
  CHECK(out->csv() == golden);
  CHECK(out->csv().substr(0, 3) == "\xEF\xBB\xBF");

  // Per region: 3708, 370811, 370883, with their names.
  r.set_breakdown(pb::SUPERVISION_BREAKDOWN_REGION);
  out = city.queries().Export(Auditor(), r);
  REQUIRE(out.ok());
  CHECK(out->rows() == 3);
  CHECK(absl::StrContains(out->csv(), "\r\n370811,任城区,city,"));
  CHECK(absl::StrContains(out->csv(), "\r\n370883,邹城市,city,"));
}

// ------------------------------------------------- rebuild == incremental

TEST_CASE("supervision: rebuilt rows equal the rows written incrementally",
          "[supervision]") {
  City city;
  absl::StatusOr<ProjectionRows> rebuilt = RebuildProjections(city.store());
  REQUIRE(rebuilt.ok());
  auto stored = city.store().ScanProjection("", "", 1000000);
  REQUIRE(stored.ok());
  ProjectionRows stored_rows(stored->begin(), stored->end());
  int stats_rows = 0;
  for (const auto& [key, value] : stored_rows)
    stats_rows += absl::StartsWith(key, "stats/") ? 1 : 0;
  // 10 entry-state segments of 5 entries, 8 clocks and 22 facts.
  CHECK(stats_rows == 40);
  CHECK(*rebuilt == stored_rows);
}

// ----------------------------------------------------- who may ask what

TEST_CASE("supervision: who may see which scope", "[supervision]") {
  City city;
  auto get = [&](const pb::Actor& actor, const pb::SupervisionScope& scope) {
    return city.Get(actor, scope, kMarch, kApril);
  };
  CHECK(get(Auditor(), CityScope()).ok());
  CHECK(get(Operator(), RegionScope("370883")).ok());
  CHECK(get(CityReviewer(), ProviderScope("rc-wsj")).ok());
  CheckError(get(PlainUser(), ProviderScope("rc-wsj")).status(),
             StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED");
  // A provider: its own organisation only.
  const pb::Actor gaj = CityProvider("jn-gaj");
  CHECK(get(gaj, ProviderScope("jn-gaj")).ok());
  CheckError(get(gaj, ProviderScope("rc-wsj")).status(),
             StatusCode::kPermissionDenied, "NOT_ENTRY_OWNER");
  CheckError(get(gaj, CityScope()).status(), StatusCode::kPermissionDenied,
             "ROLE_NOT_ALLOWED");
  // A county reviewer: its region and the providers in it.
  const pb::Actor rc = CountyReviewer("370811");
  CHECK(get(rc, RegionScope("370811")).ok());
  CheckError(get(rc, RegionScope("370883")).status(),
             StatusCode::kPermissionDenied, "OUTSIDE_JURISDICTION");
  CheckError(get(rc, RegionScope("3708")).status(),
             StatusCode::kPermissionDenied, "OUTSIDE_JURISDICTION");
  CheckError(get(rc, CityScope()).status(), StatusCode::kPermissionDenied,
             "OUTSIDE_JURISDICTION");
  absl::StatusOr<pb::SupervisionStatistics> own =
      get(rc, ProviderScope("rc-wsj"));
  REQUIRE(own.ok());
  CheckSame(*own, city.MustGet(ProviderScope("rc-wsj"), kMarch, kApril));
  // Another county's provider asked by this reviewer: nothing of it is in
  // 370811, so every figure is zero.
  absl::StatusOr<pb::SupervisionStatistics> other =
      get(rc, ProviderScope(kOddOrg));
  REQUIRE(other.ok());
  CHECK(other->entries().empty());
  CHECK(other->clocks().empty());
  CHECK(other->takedowns().taken_down() == 0);
  CHECK(city.MustGet(ProviderScope(kOddOrg), kMarch, kApril)
            .takedowns()
            .taken_down() == 1);
}

TEST_CASE("supervision: bad requests name each field", "[supervision]") {
  City city;
  pb::GetSupervisionStatisticsRequest r;
  absl::Status s = city.queries().Get(Auditor(), r).status();
  CheckError(s, StatusCode::kInvalidArgument, "STATISTICS_REQUEST_INVALID");
  CHECK(ViolationFields(s) ==
        std::vector<std::string>{"period_end", "period_start", "scope.kind"});
  s = city.Get(Auditor(), RegionScope("9999"), kApril, kMarch).status();
  CheckError(s, StatusCode::kInvalidArgument, "STATISTICS_REQUEST_INVALID");
  CHECK(ViolationFields(s) ==
        std::vector<std::string>{"period_end", "scope.region"});
  s = city.Get(Auditor(), ProviderScope(""), kMarch,
               kMarch + absl::Hours(24 * 1828))
          .status();
  CHECK(ViolationFields(s) ==
        std::vector<std::string>{"period_end", "scope.organization"});
  pb::SupervisionScope mixed = CityScope();
  mixed.set_region("370811");
  s = city.Get(Auditor(), mixed, kMarch, kApril).status();
  CHECK(ViolationFields(s) == std::vector<std::string>{"scope"});
  CHECK(
      city.Get(Auditor(), CityScope(), kMarch, kMarch + absl::Hours(24 * 1827))
          .ok());
  pb::ExportSupervisionStatisticsRequest e;
  *e.mutable_scope() = CityScope();
  *e.mutable_period_start() = ToProto(kMarch);
  *e.mutable_period_end() = ToProto(kApril);
  s = city.queries().Export(Auditor(), e).status();
  CheckError(s, StatusCode::kInvalidArgument, "STATISTICS_REQUEST_INVALID");
  CHECK(ViolationFields(s) == std::vector<std::string>{"breakdown"});
  // Users are refused before their request is looked at.
  CheckError(city.queries().Get(PlainUser(), r).status(),
             StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED");
}

}  // namespace
}  // namespace opendata::engine_test
