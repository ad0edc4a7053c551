// Shared helpers of the release and open-list engine tests (Art. 8, 12): the
// upkeep clock events (data update, quality assessment) a publication, a
// release and an assessment record, command builders for releases and
// assessments, and the published history of an entry with its clocks.
// Header-only; pure functions.
#ifndef OPENDATA_TESTS_ENGINE_RELEASE_SUPPORT_H_
#define OPENDATA_TESTS_ENGINE_RELEASE_SUPPORT_H_

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "tests/engine/test_support.h"

namespace opendata::engine_test {

// A well-formed SHA-256: 64 lowercase hexadecimal characters.
inline constexpr char kSha[] =
    "5b1e0bd6f4f9f3b2c0c3a6a8b7c1d9e2f0a1b2c3d4e5f60718293a4b5c6d7e8f";

inline std::string UpdateClockId(const std::string& id, int n) {
  return absl::StrCat("data-update:", id, ":", n);
}

inline std::string AssessmentClockId(const std::string& id, int n) {
  return absl::StrCat("quality-assessment:", id, ":", n);
}

// The DeadlineStarted of the n-th data-update clock of entry `id` owned by
// `owner`: responsible the owner's organisation, calendar-date (0 working
// days).
inline pb::EventPayload UpdateClockStarted(const std::string& id, int n,
                                           const pb::Actor& owner,
                                           absl::Time start, absl::Time due) {
  pb::EventPayload p;
  pb::Deadline* d = p.mutable_deadline_started()->mutable_deadline();
  d->set_deadline_id(UpdateClockId(id, n));
  d->set_kind(pb::DEADLINE_KIND_DATA_UPDATE);
  d->set_stream_id("catalog-entry/" + id);
  d->set_subject_id(id);
  d->set_responsible_role(pb::ROLE_PROVIDER);
  d->set_responsible_organization(owner.organization());
  d->set_responsible_region(owner.region());
  *d->mutable_start_time() = ToProto(start);
  *d->mutable_due_time() = ToProto(due);
  d->set_state(pb::DEADLINE_STATE_OPEN);
  return p;
}

// The DeadlineStarted of the n-th quality-assessment clock of entry `id` of
// `region`: any reviewer of the region, calendar-date.
inline pb::EventPayload AssessmentClockStarted(const std::string& id, int n,
                                               const std::string& region,
                                               absl::Time start,
                                               absl::Time due) {
  pb::EventPayload p;
  pb::Deadline* d = p.mutable_deadline_started()->mutable_deadline();
  d->set_deadline_id(AssessmentClockId(id, n));
  d->set_kind(pb::DEADLINE_KIND_QUALITY_ASSESSMENT);
  d->set_stream_id("catalog-entry/" + id);
  d->set_subject_id(id);
  d->set_responsible_role(pb::ROLE_REVIEWER);
  d->set_responsible_region(region);
  *d->mutable_start_time() = ToProto(start);
  *d->mutable_due_time() = ToProto(due);
  d->set_state(pb::DEADLINE_STATE_OPEN);
  return p;
}

inline pb::EventPayload ClockMet(const std::string& deadline_id, bool late) {
  pb::EventPayload p;
  p.mutable_deadline_met()->set_deadline_id(deadline_id);
  p.mutable_deadline_met()->set_late(late);
  return p;
}

inline pb::EventPayload ClockCancelled(const std::string& deadline_id,
                                       const std::string& reason) {
  pb::EventPayload p;
  p.mutable_deadline_cancelled()->set_deadline_id(deadline_id);
  p.mutable_deadline_cancelled()->set_reason(reason);
  return p;
}

inline pb::Command ReleaseCommand(const std::string& id,
                                  const std::string& version,
                                  const std::string& sha = kSha) {
  pb::Command c;
  auto* r = c.mutable_record_release();
  r->set_catalog_entry_id(id);
  r->set_version_label(version);
  r->set_rows(1200);
  r->set_bytes(48000);
  r->set_sha256(sha);
  r->set_format("CSV");
  r->set_notes("按月更新");
  return c;
}

// The CatalogEntryReleaseRecorded of ReleaseCommand(id, version) as release
// `n` by `owner` at `at`.
inline pb::EventPayload Released(int n, const std::string& version,
                                 const pb::Actor& owner, absl::Time at) {
  pb::EventPayload p;
  pb::Release* r =
      p.mutable_catalog_entry_release_recorded()->mutable_release();
  r->set_number(n);
  r->set_version_label(version);
  r->set_rows(1200);
  r->set_bytes(48000);
  r->set_sha256(kSha);
  r->set_format("CSV");
  r->set_notes("按月更新");
  *r->mutable_release_time() = ToProto(at);
  *r->mutable_recorded_by() = owner;
  return p;
}

inline pb::Command AssessCommand(
    const std::string& id,
    pb::QualityRating timeliness = pb::QUALITY_RATING_MINOR_ISSUES) {
  pb::Command c;
  auto* a = c.mutable_record_quality_assessment();
  a->set_catalog_entry_id(id);
  a->set_authenticity(pb::QUALITY_RATING_GOOD);
  a->set_completeness(pb::QUALITY_RATING_GOOD);
  a->set_accuracy(pb::QUALITY_RATING_GOOD);
  a->set_timeliness(timeliness);
  a->set_availability(pb::QUALITY_RATING_GOOD);
  a->set_findings("部分站点更新滞后两周");
  a->set_conclusion(pb::QUALITY_CONCLUSION_NEEDS_IMPROVEMENT);
  return c;
}

// The CatalogEntryQualityAssessed of AssessCommand(id) as assessment `n`.
inline pb::EventPayload Assessed(int n, const pb::Actor& reviewer,
                                 absl::Time at) {
  pb::EventPayload p;
  pb::QualityAssessment* a =
      p.mutable_catalog_entry_quality_assessed()->mutable_assessment();
  a->set_number(n);
  a->set_authenticity(pb::QUALITY_RATING_GOOD);
  a->set_completeness(pb::QUALITY_RATING_GOOD);
  a->set_accuracy(pb::QUALITY_RATING_GOOD);
  a->set_timeliness(pb::QUALITY_RATING_MINOR_ISSUES);
  a->set_availability(pb::QUALITY_RATING_GOOD);
  a->set_findings("部分站点更新滞后两周");
  a->set_conclusion(pb::QUALITY_CONCLUSION_NEEDS_IMPROVEMENT);
  *a->mutable_assess_time() = ToProto(at);
  *a->mutable_assessed_by() = reviewer;
  return p;
}

}  // namespace opendata::engine_test

#endif  // OPENDATA_TESTS_ENGINE_RELEASE_SUPPORT_H_
