// Shared helpers of the engine tests: actors of every role and level, the real
// shipped working-day calendar, Asia/Shanghai times, a complete submittable
// catalog entry, command and event builders (including the formal-review clock
// events a submission and a review record beside the catalog events), the
// given/when/then fixture of the decider tests, status inspection (reason,
// violations) and, for the pipeline and query tests, a harness over a real
// RocksEventStore in a fresh temporary directory. Header-only; nothing here is
// thread-safe unless stated.
#ifndef OPENDATA_TESTS_ENGINE_TEST_SUPPORT_H_
#define OPENDATA_TESTS_ENGINE_TEST_SUPPORT_H_

#include <stdlib.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "catch2/catch.hpp"
#include "common/errors.h"
#include "common/time_util.h"
#include "engine/calendar/calendar_file.h"
#include "engine/calendar/working_calendar.h"
#include "engine/calendar_source.h"
#include "engine/catalog/catalog_decider.h"
#include "engine/catalog/catalog_state.h"
#include "engine/command_context.h"
#include "engine/pipeline/command_pipeline.h"
#include "engine/query/catalog_queries.h"
#include "jining/opendata/v1/catalog.pb.h"
#include "jining/opendata/v1/commands.pb.h"
#include "jining/opendata/v1/deadlines.pb.h"
#include "jining/opendata/v1/events.pb.h"
#include "storage/rocks_event_store.h"

namespace opendata::engine_test {

namespace pb = ::jining::opendata::v1;

// ---------------------------------------------------------------- actors

inline pb::Actor MakeActor(const std::string& subject, pb::Role role,
                           const std::string& organization, pb::Level level,
                           const std::string& region) {
  pb::Actor actor;
  actor.set_subject(subject);
  actor.set_role(role);
  actor.set_organization(organization);
  actor.set_level(level);
  actor.set_region(region);
  actor.set_auth_method(pb::AUTH_METHOD_JWT_HS256);
  return actor;
}

// A provider of the city (市公安局 unless another organisation is named).
inline pb::Actor CityProvider(const std::string& organization = "jn-gaj") {
  return MakeActor("p-" + organization, pb::ROLE_PROVIDER, organization,
                   pb::LEVEL_CITY, "3708");
}

// A provider of a county (任城区 unless another region is named).
inline pb::Actor CountyProvider(const std::string& region = "370811",
                                const std::string& organization = "") {
  const std::string org =
      organization.empty() ? "county-" + region + "-ws" : organization;
  return MakeActor("p-" + org, pb::ROLE_PROVIDER, org, pb::LEVEL_COUNTY,
                   region);
}

// The city big-data bureau (市大数据局).
inline pb::Actor CityReviewer() {
  return MakeActor("r-city", pb::ROLE_REVIEWER, "jn-dsjj", pb::LEVEL_CITY,
                   "3708");
}

// The big-data department of a county.
inline pb::Actor CountyReviewer(const std::string& region) {
  return MakeActor("r-" + region, pb::ROLE_REVIEWER, "dsj-" + region,
                   pb::LEVEL_COUNTY, region);
}

// A real-name verified natural person.
inline pb::Actor PlainUser() {
  pb::Actor actor;
  actor.set_subject("u-zhang");
  actor.set_role(pb::ROLE_USER);
  actor.set_auth_method(pb::AUTH_METHOD_JWT_HS256);
  return actor;
}

inline pb::Actor Auditor() {
  pb::Actor actor;
  actor.set_subject("a-audit");
  actor.set_role(pb::ROLE_AUDITOR);
  return actor;
}

// A platform operator (loads and corrects the working-day calendar).
inline pb::Actor Operator() {
  pb::Actor actor;
  actor.set_subject("o-ops");
  actor.set_role(pb::ROLE_OPERATOR);
  actor.set_organization("jn-dsjj");
  actor.set_auth_method(pb::AUTH_METHOD_JWT_HS256);
  return actor;
}

// ---------------------------------------------------------------- time

// A civil time in Asia/Shanghai.
inline absl::Time Shanghai(int year, int month, int day, int hour = 0,
                           int minute = 0, int second = 0) {
  return absl::FromCivil(
      absl::CivilSecond(year, month, day, hour, minute, second),
      ShanghaiTimeZone());
}

// An RFC 3339 time written out literally, e.g. "2026-02-24T23:59:59+08:00".
inline absl::Time At(const std::string& rfc3339) {
  absl::Time t;
  std::string error;
  const bool parsed = absl::ParseTime(absl::RFC3339_full, rfc3339, &t, &error);
  INFO(rfc3339 << ": " << error);
  REQUIRE(parsed);
  return t;
}

// The calendar shipped in engine/calendar/data (2025 and 2026 loaded; 2027
// not), loaded once with ReadCalendarDir.
inline const WorkingCalendar& RealCalendar() {
  static const WorkingCalendar* const calendar = [] {
    absl::StatusOr<std::vector<pb::CalendarYear>> years =
        ReadCalendarDir(OPENDATA_CALENDAR_DATA_DIR);
    INFO(years.status().ToString());
    REQUIRE(years.ok());
    auto* loaded = new WorkingCalendar();
    for (const pb::CalendarYear& year : *years) {
      const absl::Status status = loaded->AddYear(year);
      INFO(status.ToString());
      REQUIRE(status.ok());
    }
    REQUIRE(loaded->HasYear(2026));
    REQUIRE_FALSE(loaded->HasYear(2027));
    return loaded;
  }();
  return *calendar;
}

// ---------------------------------------------------------------- content

// A complete catalog entry that meets every submission rule: UNCONDITIONAL,
// one sensitive field with its masking rule, a passed security review.
inline pb::CatalogEntryContent ValidContent() {
  pb::CatalogEntryContent c;
  c.set_name("济宁市公交线路信息");
  c.set_description("全市公交线路、站点及首末班时间");
  c.set_source_department("市交通运输局公交管理科");
  c.set_domain("交通出行");
  c.set_data_format("CSV");
  c.mutable_coverage()->set_region_scope("济宁市全市");
  c.mutable_coverage()->set_time_start("2024-01-01");
  c.set_open_attribute(pb::OPEN_ATTRIBUTE_UNCONDITIONAL);
  c.set_update_frequency(pb::UPDATE_FREQUENCY_MONTHLY);
  c.add_service_modes(pb::SERVICE_MODE_FILE);
  c.add_service_modes(pb::SERVICE_MODE_API);
  auto* line = c.add_data_dictionary();
  line->set_name("line_no");
  line->set_type(pb::FIELD_TYPE_STRING);
  line->set_description("线路编号");
  auto* station = c.add_data_dictionary();
  station->set_name("station");
  station->set_type(pb::FIELD_TYPE_STRING);
  station->set_description("站点名称");
  auto* phone = c.add_data_dictionary();
  phone->set_name("driver_phone");
  phone->set_type(pb::FIELD_TYPE_STRING);
  phone->set_description("驾驶员联系电话");
  phone->set_sensitive(true);
  auto* rule = c.add_desensitisation_rules();
  rule->set_field_name("driver_phone");
  rule->set_method(pb::DESENSITISATION_METHOD_MASK);
  rule->set_parameter("3-4");
  auto* review = c.mutable_security_review();
  review->set_reviewed_by("市大数据局安全评估组");
  review->set_review_date("2026-01-20");
  review->set_conclusion("风险可控，同意按目录开放");
  review->set_passed(true);
  return c;
}

// ValidContent made CONDITIONAL with two typed, non-discriminatory conditions.
inline pb::CatalogEntryContent ConditionalContent() {
  pb::CatalogEntryContent c = ValidContent();
  c.set_open_attribute(pb::OPEN_ATTRIBUTE_CONDITIONAL);
  auto* scenario = c.add_conditions();
  scenario->set_kind(pb::CONDITION_KIND_APPLICATION_SCENARIO);
  scenario->set_description("申请者须说明具体应用场景");
  auto* security = c.add_conditions();
  security->set_kind(pb::CONDITION_KIND_DATA_SECURITY);
  security->set_description("申请者须具备数据安全管理制度");
  return c;
}

// ---------------------------------------------------------------- commands

inline CommandContext Context(const pb::Actor& actor, absl::Time now,
                              const std::string& request_id = "req-1") {
  CommandContext context;
  context.actor = actor;
  context.now = now;
  context.request_id = request_id;
  return context;
}

inline pb::Command CreateCommand(const std::string& id,
                                 const pb::CatalogEntryContent& content) {
  pb::Command command;
  command.mutable_create_catalog_entry()->set_catalog_entry_id(id);
  *command.mutable_create_catalog_entry()->mutable_content() = content;
  return command;
}

inline pb::Command EditCommand(const std::string& id,
                               const pb::CatalogEntryContent& content) {
  pb::Command command;
  command.mutable_edit_catalog_entry()->set_catalog_entry_id(id);
  *command.mutable_edit_catalog_entry()->mutable_content() = content;
  return command;
}

inline pb::Command SubmitCommand(const std::string& id) {
  pb::Command command;
  command.mutable_submit_catalog_entry()->set_catalog_entry_id(id);
  return command;
}

inline pb::Command PublishCommand(const std::string& id) {
  pb::Command command;
  command.mutable_publish_catalog_entry()->set_catalog_entry_id(id);
  return command;
}

inline pb::Defect MakeDefect(const std::string& field,
                             const std::string& reason) {
  pb::Defect defect;
  defect.set_field(field);
  defect.set_reason(reason);
  return defect;
}

inline pb::Command ReturnCommand(const std::string& id,
                                 const std::vector<pb::Defect>& defects) {
  pb::Command command;
  command.mutable_return_catalog_entry()->set_catalog_entry_id(id);
  for (const pb::Defect& d : defects) {
    *command.mutable_return_catalog_entry()->add_defects() = d;
  }
  return command;
}

// ---------------------------------------------------------------- events

inline pb::EventPayload Created(const std::string& id, const pb::Actor& owner,
                                const pb::CatalogEntryContent& content) {
  pb::EventPayload p;
  auto* e = p.mutable_catalog_entry_created();
  e->set_catalog_entry_id(id);
  e->set_provider_organization(owner.organization());
  e->set_level(owner.level());
  e->set_region(owner.region());
  *e->mutable_content() = content;
  return p;
}

inline pb::EventPayload Edited(const pb::CatalogEntryContent& content,
                               const std::vector<std::string>& changed) {
  pb::EventPayload p;
  auto* e = p.mutable_catalog_entry_edited();
  *e->mutable_content() = content;
  for (const std::string& f : changed) e->add_changed_fields(f);
  return p;
}

inline pb::EventPayload Submitted(
    int submission, absl::Time due, bool provisional = false,
    const std::vector<std::string>& changed_since_notice = {}) {
  pb::EventPayload p;
  auto* e = p.mutable_catalog_entry_submitted();
  e->set_submission(submission);
  *e->mutable_review_due_time() = ToProto(due);
  e->set_review_due_provisional(provisional);
  for (const std::string& f : changed_since_notice) {
    e->add_changed_since_notice(f);
  }
  return p;
}

// Id of the formal-review clock of one submission:
// "catalog-review:<entry>:<submission>".
inline std::string ReviewClockId(const std::string& id, int submission) {
  return absl::StrCat("catalog-review:", id, ":", submission);
}

// The DeadlineStarted a submission records: the 2 working day formal review
// (Art. 10) of entry `id`, for any reviewer of `region`, started at `start`.
inline pb::EventPayload ReviewClockStarted(const std::string& id,
                                           int submission,
                                           const std::string& region,
                                           absl::Time start, absl::Time due,
                                           bool provisional = false) {
  pb::EventPayload p;
  pb::Deadline* d = p.mutable_deadline_started()->mutable_deadline();
  d->set_deadline_id(ReviewClockId(id, submission));
  d->set_kind(pb::DEADLINE_KIND_CATALOG_FORMAL_REVIEW);
  d->set_stream_id("catalog-entry/" + id);
  d->set_subject_id(id);
  d->set_responsible_role(pb::ROLE_REVIEWER);
  d->set_responsible_region(region);
  *d->mutable_start_time() = ToProto(start);
  d->set_working_days(2);
  *d->mutable_due_time() = ToProto(due);
  d->set_provisional(provisional);
  d->set_state(pb::DEADLINE_STATE_OPEN);
  return p;
}

// The two events of a submission, in the order the decider records them:
// CatalogEntrySubmitted and the DeadlineStarted of its review clock.
inline std::vector<pb::EventPayload> SubmittedWithClock(
    const std::string& id, const std::string& region, int submission,
    absl::Time start, absl::Time due, bool provisional = false,
    const std::vector<std::string>& changed_since_notice = {}) {
  return {Submitted(submission, due, provisional, changed_since_notice),
          ReviewClockStarted(id, submission, region, start, due, provisional)};
}

// The DeadlineMet a review (publish or return) records for its clock.
inline pb::EventPayload ReviewClockMet(const std::string& id, int submission,
                                       bool late = false) {
  pb::EventPayload p;
  p.mutable_deadline_met()->set_deadline_id(ReviewClockId(id, submission));
  p.mutable_deadline_met()->set_late(late);
  return p;
}

inline pb::EventPayload Published(int submission, bool late = false) {
  pb::EventPayload p;
  p.mutable_catalog_entry_published()->set_submission(submission);
  p.mutable_catalog_entry_published()->set_late(late);
  return p;
}

inline pb::EventPayload Returned(int submission,
                                 const std::vector<pb::Defect>& defects,
                                 bool late = false) {
  pb::EventPayload p;
  auto* e = p.mutable_catalog_entry_returned();
  e->set_submission(submission);
  for (const pb::Defect& d : defects) *e->add_defects() = d;
  e->set_late(late);
  return p;
}

// ---------------------------------------------------------------- statuses

// BadRequest field paths of `status`, sorted.
inline std::vector<std::string> ViolationFields(const absl::Status& status) {
  std::vector<std::string> fields;
  for (const FieldViolation& v : FieldViolations(status)) {
    fields.push_back(v.field);
  }
  std::sort(fields.begin(), fields.end());
  return fields;
}

// PreconditionFailure violations of `status` as "TYPE @ subject", sorted.
inline std::vector<std::string> PreconditionRules(const absl::Status& status) {
  std::vector<std::string> rules;
  for (const PreconditionViolation& v : PreconditionViolations(status)) {
    rules.push_back(absl::StrCat(v.type, " @ ", v.subject));
  }
  std::sort(rules.begin(), rules.end());
  return rules;
}

// Checks the code and ErrorInfo reason of `status` (never its message).
inline void CheckError(const absl::Status& status, absl::StatusCode code,
                       const std::string& reason) {
  INFO("status: " << status.ToString());
  CHECK(status.code() == code);
  CHECK(ErrorReason(status) == reason);
}

// ---------------------------------------------------------------- decider

// Given events / when command / then events or error, over DecideCatalog with
// the real calendar.
class DeciderFixture {
 public:
  // Folds `events` (in order, stream versions 1..n) into the entry state.
  void Given(const std::vector<pb::EventPayload>& events) {
    for (const pb::EventPayload& payload : events) {
      pb::EventEnvelope envelope;
      envelope.set_stream_id("catalog-entry/given");
      envelope.set_stream_version(state_.version + 1);
      *envelope.mutable_payload() = payload;
      Evolve(state_, envelope);
    }
  }

  // Folds `events` as recorded by `actor` at `at` (for rules that look at who
  // recorded an earlier event).
  void GivenBy(const pb::Actor& actor, absl::Time at,
               const std::vector<pb::EventPayload>& events) {
    for (const pb::EventPayload& payload : events) {
      pb::EventEnvelope envelope;
      envelope.set_stream_id("catalog-entry/given");
      envelope.set_stream_version(state_.version + 1);
      *envelope.mutable_actor() = actor;
      *envelope.mutable_occurred_at() = ToProto(at);
      *envelope.mutable_payload() = payload;
      Evolve(state_, envelope);
    }
  }

  void When(const pb::Command& command, const CommandContext& context) {
    result_ = DecideCatalog(state_, command, context, RealCalendar());
  }

  // The command succeeded with exactly `expected`.
  void ThenEvents(const std::vector<pb::EventPayload>& expected) const {
    INFO("status: " << result_.status().ToString());
    REQUIRE(result_.ok());
    REQUIRE(result_->size() == expected.size());
    for (size_t i = 0; i < expected.size(); ++i) {
      INFO("event " << i);
      CHECK((*result_)[i].DebugString() == expected[i].DebugString());
    }
  }

  // The command succeeded and changes nothing.
  void ThenNoEvents() const { ThenEvents({}); }

  // The command was refused with `code` and ErrorInfo `reason`.
  void ThenError(absl::StatusCode code, const std::string& reason) const {
    REQUIRE_FALSE(result_.ok());
    CheckError(result_.status(), code, reason);
  }

  // After ThenError: the BadRequest field paths, sorted.
  std::vector<std::string> Fields() const {
    return ViolationFields(result_.status());
  }

  // After ThenError: the PreconditionFailure rules, sorted.
  std::vector<std::string> Rules() const {
    return PreconditionRules(result_.status());
  }

  const absl::StatusOr<std::vector<pb::EventPayload>>& result() const {
    return result_;
  }
  const CatalogEntryState& state() const { return state_; }

 private:
  CatalogEntryState state_;
  absl::StatusOr<std::vector<pb::EventPayload>> result_ =
      absl::UnknownError("When was not called");
};

// ---------------------------------------------------------------- storage

// A fresh directory under /tmp, removed with its contents on destruction.
class TempDir {
 public:
  TempDir() {
    std::string pattern = "/tmp/engine_test.XXXXXX";
    REQUIRE(mkdtemp(pattern.data()) != nullptr);
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// The command pipeline and the catalog queries over a real RocksEventStore in
// a fresh temporary directory, with the real calendar. Run may be called from
// several threads at once.
class PipelineHarness {
 public:
  PipelineHarness() : calendar_(RealCalendar()) {
    absl::StatusOr<std::unique_ptr<RocksEventStore>> store =
        RocksEventStore::Open(dir_.path() + "/db", RocksEventStoreOptions());
    INFO(store.status().ToString());
    REQUIRE(store.ok());
    store_ = *std::move(store);
    pipeline_ = std::make_unique<CommandPipeline>(store_.get(), &calendar_);
    queries_ = std::make_unique<CatalogQueries>(store_.get());
  }

  // Executes `command`; an empty request id gets a fresh one.
  absl::StatusOr<CommandOutcome> Run(const pb::Command& command,
                                     const pb::Actor& actor, absl::Time now,
                                     std::string request_id = "") {
    if (request_id.empty()) request_id = absl::StrCat("auto-", ++next_id_);
    return pipeline_->Execute(command, Context(actor, now, request_id));
  }

  // Executes `command`, which must succeed.
  CommandOutcome MustRun(const pb::Command& command, const pb::Actor& actor,
                         absl::Time now, std::string request_id = "") {
    absl::StatusOr<CommandOutcome> outcome =
        Run(command, actor, now, std::move(request_id));
    INFO(outcome.status().ToString());
    REQUIRE(outcome.ok());
    return *outcome;
  }

  // The events of entry `id`'s stream.
  std::vector<pb::EventEnvelope> Stream(const std::string& id) {
    absl::StatusOr<std::vector<RecordedEvent>> events =
        store_->ReadStream(CatalogEntryStream(id), 1, 1000000);
    INFO(events.status().ToString());
    REQUIRE(events.ok());
    std::vector<pb::EventEnvelope> out;
    for (const RecordedEvent& e : *events) out.push_back(e.envelope);
    return out;
  }

  RocksEventStore& store() { return *store_; }
  CommandPipeline& pipeline() { return *pipeline_; }
  const CatalogQueries& queries() const { return *queries_; }
  CalendarSource& calendar() { return calendar_; }

 private:
  TempDir dir_;
  CalendarSource calendar_;
  std::unique_ptr<RocksEventStore> store_;
  std::unique_ptr<CommandPipeline> pipeline_;
  std::unique_ptr<CatalogQueries> queries_;
  std::atomic<int> next_id_{0};
};

}  // namespace opendata::engine_test

#endif  // OPENDATA_TESTS_ENGINE_TEST_SUPPORT_H_
