// Implementation of supervision_projection.h.
#include "engine/projections/supervision_projection.h"

#include <algorithm>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/proto_util.h"
#include "common/time_util.h"
#include "engine/projections/catalog_projection.h"
#include "jining/opendata/v1/applications.pb.h"
#include "jining/opendata/v1/objections.pb.h"
#include "jining/opendata/v1/releases.pb.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

namespace {

// An enum value's name without its type prefix, e.g. "CORRECTED".
std::string Unprefixed(const std::string& name, absl::string_view prefix) {
  absl::string_view view(name);
  if (view.substr(0, prefix.size()) == prefix)
    view.remove_prefix(prefix.size());
  return std::string(view);
}

pb::SupervisionFact EntryFact(pb::SupervisionFactKind kind,
                              const pb::CatalogEntry& catalog,
                              const pb::EventEnvelope& event) {
  pb::SupervisionFact fact;
  fact.set_kind(kind);
  *fact.mutable_time() = event.occurred_at();
  fact.set_stream_id(event.stream_id());
  fact.set_subject_id(catalog.catalog_entry_id());
  fact.set_organization(catalog.provider_organization());
  fact.set_region(catalog.region());
  fact.set_attribute(catalog.content().open_attribute());
  return fact;
}

pb::SupervisionFact ApplicationFact(pb::SupervisionFactKind kind,
                                    const ApplicationAggregate& application,
                                    const pb::EventEnvelope& event) {
  const pb::Application& a = application.application;
  pb::SupervisionFact fact;
  fact.set_kind(kind);
  *fact.mutable_time() = event.occurred_at();
  fact.set_stream_id(event.stream_id());
  fact.set_subject_id(a.application_id());
  fact.set_organization(a.entry().provider_organization());
  fact.set_region(a.entry().region());
  fact.set_attribute(a.entry().open_attribute());
  return fact;
}

pb::SupervisionFact DemandFact(pb::SupervisionFactKind kind,
                               const DemandAggregate& demand,
                               const pb::EventEnvelope& event) {
  const pb::Demand& d = demand.demand;
  pb::SupervisionFact fact;
  fact.set_kind(kind);
  *fact.mutable_time() = event.occurred_at();
  fact.set_stream_id(event.stream_id());
  fact.set_subject_id(d.demand_id());
  fact.set_organization(d.provider_organization());
  fact.set_region(d.region());
  return fact;
}

// The fact an event implies, if any (kind UNSPECIFIED: none).
pb::SupervisionFact FactOf(const pb::CatalogEntry& catalog,
                           const ApplicationAggregate& application,
                           const DemandAggregate& demand,
                           const pb::EventEnvelope& event) {
  const pb::EventPayload& p = event.payload();
  switch (p.event_case()) {
    case pb::EventPayload::kApplicationSubmitted:
      return ApplicationFact(pb::SUPERVISION_FACT_KIND_APPLICATION_SUBMITTED,
                             application, event);
    case pb::EventPayload::kApplicationApproved:
      return ApplicationFact(pb::SUPERVISION_FACT_KIND_APPLICATION_APPROVED,
                             application, event);
    case pb::EventPayload::kApplicationRefused: {
      pb::SupervisionFact fact = ApplicationFact(
          pb::SUPERVISION_FACT_KIND_APPLICATION_REFUSED, application, event);
      std::vector<std::string> kinds;
      for (const pb::RefusalReason& r : p.application_refused().reasons()) {
        kinds.push_back(Unprefixed(pb::RefusalReasonKind_Name(r.kind()),
                                   "REFUSAL_REASON_KIND_"));
      }
      std::sort(kinds.begin(), kinds.end());
      kinds.erase(std::unique(kinds.begin(), kinds.end()), kinds.end());
      for (std::string& k : kinds) fact.add_outcomes(std::move(k));
      return fact;
    }
    case pb::EventPayload::kApplicationWithdrawn:
      return ApplicationFact(pb::SUPERVISION_FACT_KIND_APPLICATION_WITHDRAWN,
                             application, event);
    case pb::EventPayload::kDemandSubmitted:
      return DemandFact(pb::SUPERVISION_FACT_KIND_DEMAND_SUBMITTED, demand,
                        event);
    case pb::EventPayload::kDemandAnsweredOpenable:
      return DemandFact(pb::SUPERVISION_FACT_KIND_DEMAND_ANSWERED_OPENABLE,
                        demand, event);
    case pb::EventPayload::kDemandAnsweredNotOpenable:
      return DemandFact(pb::SUPERVISION_FACT_KIND_DEMAND_ANSWERED_NOT_OPENABLE,
                        demand, event);
    case pb::EventPayload::kDemandEntryLinked:
      return DemandFact(pb::SUPERVISION_FACT_KIND_DEMAND_OPENED, demand, event);
    case pb::EventPayload::kCatalogEntryTakedownRequested:
      return EntryFact(pb::SUPERVISION_FACT_KIND_TAKEDOWN_APPLIED, catalog,
                       event);
    case pb::EventPayload::kCatalogEntryTakedownApproved:
      // Only the last approval, the one that starts the public notice.
      if (!p.catalog_entry_takedown_approved().notice_started()) return {};
      return EntryFact(pb::SUPERVISION_FACT_KIND_TAKEDOWN_APPROVED, catalog,
                       event);
    case pb::EventPayload::kCatalogEntryTakenDown:
      return EntryFact(pb::SUPERVISION_FACT_KIND_TAKEN_DOWN, catalog, event);
    case pb::EventPayload::kCatalogEntryObjectionFiled:
      return EntryFact(pb::SUPERVISION_FACT_KIND_OBJECTION_FILED, catalog,
                       event);
    case pb::EventPayload::kCatalogEntryObjectionAnswered: {
      pb::SupervisionFact fact = EntryFact(
          pb::SUPERVISION_FACT_KIND_OBJECTION_RESOLVED, catalog, event);
      fact.add_outcomes(
          Unprefixed(pb::ObjectionOutcome_Name(
                         p.catalog_entry_objection_answered().outcome()),
                     "OBJECTION_OUTCOME_"));
      return fact;
    }
    case pb::EventPayload::kCatalogEntryQualityAssessed: {
      pb::SupervisionFact fact =
          EntryFact(pb::SUPERVISION_FACT_KIND_QUALITY_ASSESSED, catalog, event);
      fact.add_outcomes(Unprefixed(
          pb::QualityConclusion_Name(
              p.catalog_entry_quality_assessed().assessment().conclusion()),
          "QUALITY_CONCLUSION_"));
      return fact;
    }
    default:
      return {};
  }
}

bool SameCombination(const pb::EntryStateSegment& a,
                     const pb::EntryStateSegment& b) {
  return a.state() == b.state() && a.attribute() == b.attribute() &&
         a.organization() == b.organization() && a.region() == b.region();
}

// Extends the entry's state history with its combination after `event`.
// Several events of one command share a time: the last combination at a time
// replaces the earlier ones, so no stretch lasts no time.
void FoldEntryState(std::vector<pb::EntryStateSegment>& segments,
                    const pb::CatalogEntry& catalog,
                    const pb::EventEnvelope& event) {
  if (catalog.catalog_entry_id().empty()) return;
  pb::EntryStateSegment now;
  now.set_catalog_entry_id(catalog.catalog_entry_id());
  *now.mutable_from_time() = event.occurred_at();
  now.set_state(catalog.state());
  now.set_attribute(catalog.content().open_attribute());
  now.set_organization(catalog.provider_organization());
  now.set_region(catalog.region());
  if (!segments.empty() && SameCombination(segments.back(), now)) return;
  if (!segments.empty() &&
      FromProto(segments.back().from_time()) == FromProto(now.from_time())) {
    segments.pop_back();
    if (!segments.empty()) {
      segments.back().clear_to_time();
      if (SameCombination(segments.back(), now)) return;
    }
  }
  if (!segments.empty()) *segments.back().mutable_to_time() = now.from_time();
  segments.push_back(std::move(now));
}

}  // namespace

void FoldSupervisionLedger(SupervisionLedger& ledger,
                           const pb::CatalogEntry& catalog,
                           const ApplicationAggregate& application,
                           const DemandAggregate& demand,
                           const pb::EventEnvelope& event) {
  pb::SupervisionFact fact = FactOf(catalog, application, demand, event);
  if (fact.kind() != pb::SUPERVISION_FACT_KIND_UNSPECIFIED)
    ledger.facts.push_back(std::move(fact));
  FoldEntryState(ledger.entry_states, catalog, event);
}

ProjectionRows SupervisionRows(const SupervisionLedger& ledger,
                               const DeadlineBook& deadlines) {
  ProjectionRows rows;
  for (size_t n = 0; n < ledger.facts.size(); ++n) {
    const pb::SupervisionFact& f = ledger.facts[n];
    rows[absl::StrCat(
        kStatsFactPrefix,
        SortableNumber(absl::ToUnixMicros(FromProto(f.time())), 20), "/",
        f.stream_id(), "/", SortableNumber(static_cast<int64_t>(n), 6))] =
        SerializeDeterministic(f);
  }
  for (size_t n = 0; n < ledger.entry_states.size(); ++n) {
    rows[absl::StrCat(kStatsEntryPrefix, "catalog-entry/",
                      ledger.entry_states[n].catalog_entry_id(), "/",
                      SortableNumber(static_cast<int64_t>(n), 6))] =
        SerializeDeterministic(ledger.entry_states[n]);
  }
  for (const auto& [id, d] : deadlines) {
    rows[absl::StrCat(
        kStatsClockPrefix,
        SortableNumber(absl::ToUnixMicros(FromProto(d.start_time())), 20), "/",
        id)] = SerializeDeterministic(d);
  }
  return rows;
}

}  // namespace opendata
