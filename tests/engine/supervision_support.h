// Support for the supervision statistics tests (Art. 22): a log writer that
// appends hand-made events to a real RocksEventStore with the projection rows
// the pipeline would write (DiffRows of StreamRows before and after folding),
// and the builders of the events a small city's history needs. Header-only;
// not thread-safe.
#ifndef OPENDATA_TESTS_ENGINE_SUPERVISION_SUPPORT_H_
#define OPENDATA_TESTS_ENGINE_SUPERVISION_SUPPORT_H_

#include <map>
#include <string>
#include <vector>

#include "engine/pipeline/envelopes.h"
#include "engine/projections/stream_view.h"
#include "tests/engine/test_support.h"

namespace opendata::engine_test {

// Appends events stream by stream, as commands would, keeping every envelope.
class LogWriter {
 public:
  explicit LogWriter(EventStore& store) : store_(store) {}

  // One command's events on `stream` at `time`.
  void Emit(const std::string& stream, absl::Time time,
            const std::vector<pb::EventPayload>& payloads) {
    StreamView& view = views_[stream];
    const ProjectionRows before = StreamRows(view);
    StreamAppend append;
    append.stream_id = stream;
    uint64_t sequence = store_.LastSequence();
    for (const pb::EventPayload& payload : payloads) {
      pb::EventEnvelope e;
      // What the store and the pipeline stamp, so that the rows folded here
      // are those a rebuild from the stored envelopes folds.
      e.set_sequence(++sequence);
      e.set_stream_version(++versions_[stream]);
      e.set_event_type(EventTypeOf(payload));
      e.set_stream_id(stream);
      *e.mutable_occurred_at() = ToProto(time);
      *e.mutable_actor() = Auditor();
      *e.mutable_payload() = payload;
      FoldStreamView(view, e);
      append.events.push_back(e);
      log_.push_back(e);
    }
    AppendRequest request;
    request.streams.push_back(std::move(append));
    request.projection = DiffRows(before, StreamRows(view));
    absl::StatusOr<AppendOutcome> outcome = store_.Append(std::move(request));
    INFO(outcome.status().ToString());
    REQUIRE(outcome.ok());
  }

  const std::vector<pb::EventEnvelope>& log() const { return log_; }

 private:
  EventStore& store_;
  std::map<std::string, StreamView> views_;
  std::map<std::string, int64_t> versions_;
  std::vector<pb::EventEnvelope> log_;
};

// ------------------------------------------------------------ event builders

inline pb::EventPayload EntryCreated(const std::string& id,
                                     const std::string& org,
                                     const std::string& region,
                                     pb::OpenAttribute attribute) {
  pb::EventPayload p;
  auto* e = p.mutable_catalog_entry_created();
  e->set_catalog_entry_id(id);
  e->set_provider_organization(org);
  e->set_level(region == "3708" ? pb::LEVEL_CITY : pb::LEVEL_COUNTY);
  e->set_region(region);
  *e->mutable_content() = ValidContent();
  e->mutable_content()->set_open_attribute(attribute);
  return p;
}

inline pb::EventPayload EntrySubmitted(int submission) {
  pb::EventPayload p;
  p.mutable_catalog_entry_submitted()->set_submission(submission);
  return p;
}

inline pb::EventPayload EntryPublished(int submission) {
  pb::EventPayload p;
  p.mutable_catalog_entry_published()->set_submission(submission);
  return p;
}

inline pb::EventPayload EntryReturned(int submission) {
  pb::EventPayload p;
  p.mutable_catalog_entry_returned()->set_submission(submission);
  return p;
}

// A clock started at `start`, due at `due`.
inline pb::EventPayload ClockStarted(const std::string& id,
                                     pb::DeadlineKind kind,
                                     const std::string& stream, pb::Role role,
                                     const std::string& org,
                                     const std::string& region,
                                     absl::Time start, absl::Time due) {
  pb::EventPayload p;
  pb::Deadline* d = p.mutable_deadline_started()->mutable_deadline();
  d->set_deadline_id(id);
  d->set_kind(kind);
  d->set_stream_id(stream);
  d->set_subject_id(id.substr(id.find(':') + 1));
  d->set_responsible_role(role);
  d->set_responsible_organization(org);
  d->set_responsible_region(region);
  *d->mutable_start_time() = ToProto(start);
  d->set_working_days(2);
  *d->mutable_due_time() = ToProto(due);
  d->set_state(pb::DEADLINE_STATE_OPEN);
  return p;
}

inline pb::EventPayload ClockMet(const std::string& id, bool late) {
  pb::EventPayload p;
  p.mutable_deadline_met()->set_deadline_id(id);
  p.mutable_deadline_met()->set_late(late);
  return p;
}

inline pb::EventPayload ClockOverdue(const std::string& id) {
  pb::EventPayload p;
  p.mutable_deadline_overdue()->set_deadline_id(id);
  return p;
}

inline pb::EventPayload ClockCancelled(const std::string& id) {
  pb::EventPayload p;
  p.mutable_deadline_cancelled()->set_deadline_id(id);
  p.mutable_deadline_cancelled()->set_reason("entry taken down");
  return p;
}

inline pb::EventPayload TakedownRequested(int n) {
  pb::EventPayload p;
  p.mutable_catalog_entry_takedown_requested()->set_takedown(n);
  p.mutable_catalog_entry_takedown_requested()->set_reasons("职责调整");
  return p;
}

inline pb::EventPayload TakedownApproved(int n, pb::Level step,
                                         bool notice_started) {
  pb::EventPayload p;
  auto* e = p.mutable_catalog_entry_takedown_approved();
  e->set_takedown(n);
  e->set_step(step);
  e->set_notice_started(notice_started);
  return p;
}

inline pb::EventPayload TakenDown(int n) {
  pb::EventPayload p;
  p.mutable_catalog_entry_taken_down()->set_takedown(n);
  return p;
}

inline pb::EventPayload QualityAssessed(int n, pb::QualityConclusion c) {
  pb::EventPayload p;
  auto* a = p.mutable_catalog_entry_quality_assessed()->mutable_assessment();
  a->set_number(n);
  a->set_findings("抽查");
  a->set_conclusion(c);
  return p;
}

inline pb::EventPayload ObjectionFiled(int n) {
  pb::EventPayload p;
  p.mutable_catalog_entry_objection_filed()->set_objection(n);
  p.mutable_catalog_entry_objection_filed()->set_kind(pb::OBJECTION_KIND_ERROR);
  return p;
}

inline pb::EventPayload ObjectionAnswered(int n, pb::ObjectionOutcome o) {
  pb::EventPayload p;
  p.mutable_catalog_entry_objection_answered()->set_objection(n);
  p.mutable_catalog_entry_objection_answered()->set_outcome(o);
  return p;
}

inline pb::EventPayload AppSubmitted(const std::string& id,
                                     const std::string& entry,
                                     const std::string& org,
                                     const std::string& region) {
  pb::EventPayload p;
  auto* e = p.mutable_application_submitted();
  e->set_application_id(id);
  e->mutable_entry()->set_catalog_entry_id(entry);
  e->mutable_entry()->set_provider_organization(org);
  e->mutable_entry()->set_region(region);
  e->mutable_entry()->set_open_attribute(pb::OPEN_ATTRIBUTE_CONDITIONAL);
  return p;
}

inline pb::EventPayload AppApproved() {
  pb::EventPayload p;
  p.mutable_application_approved();
  return p;
}

inline pb::EventPayload AppRefused(
    const std::vector<pb::RefusalReasonKind>& kinds) {
  pb::EventPayload p;
  for (pb::RefusalReasonKind k : kinds) {
    auto* r = p.mutable_application_refused()->add_reasons();
    r->set_kind(k);
    r->set_text("不符合条件");
  }
  return p;
}

inline pb::EventPayload AppWithdrawn() {
  pb::EventPayload p;
  p.mutable_application_withdrawn()->set_from_state(
      pb::APPLICATION_STATE_SUBMITTED);
  return p;
}

inline pb::EventPayload DemandSubmittedEvent(const std::string& id,
                                             const std::string& region) {
  pb::EventPayload p;
  p.mutable_demand_submitted()->set_demand_id(id);
  p.mutable_demand_submitted()->set_region(region);
  return p;
}

inline pb::EventPayload DemandForwardedTo(const std::string& org) {
  pb::EventPayload p;
  p.mutable_demand_forwarded()->set_provider_organization(org);
  return p;
}

inline pb::EventPayload DemandOpenable() {
  pb::EventPayload p;
  p.mutable_demand_answered_openable()->set_planned_catalog_entry_id("x-1");
  return p;
}

inline pb::EventPayload DemandNotOpenable() {
  pb::EventPayload p;
  p.mutable_demand_answered_not_openable();
  return p;
}

inline pb::EventPayload DemandLinked(const std::string& entry) {
  pb::EventPayload p;
  p.mutable_demand_entry_linked()->mutable_entry()->set_catalog_entry_id(entry);
  return p;
}

}  // namespace opendata::engine_test

#endif  // OPENDATA_TESTS_ENGINE_SUPERVISION_SUPPORT_H_
