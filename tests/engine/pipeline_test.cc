// Tests of the command pipeline (engine/pipeline/command_pipeline.h) over a
// real RocksEventStore in a fresh temporary directory: the full catalog flow
// with the envelopes it records (a submission records its review clock with
// it, a review meets the clock: two events each, in one append), idempotent
// retries, request id reuse,
// optimistic concurrency (expected_version), refused and no-op commands that
// write nothing, malformed requests, concurrent commands on one entry and on
// many entries, and the calendar snapshot a command decides with.
#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "catch2/catch.hpp"
#include "common/time_util.h"
#include "tests/engine/test_support.h"

namespace opendata::engine_test {
namespace {

using absl::StatusCode;

constexpr char kId[] = "rc-wsj-clinics";
constexpr char kStream[] = "catalog-entry/rc-wsj-clinics";

pb::Actor Owner() { return CountyProvider("370811", "rc-wsj"); }

// All projection rows as stored.
std::map<std::string, std::string> StoredRows(RocksEventStore& store) {
  std::map<std::string, std::string> rows;
  const absl::Status status = store.ForEachProjectionRow(
      [&rows](absl::string_view key, absl::string_view value) {
        rows.emplace(std::string(key), std::string(value));
        return absl::OkStatus();
      });
  INFO(status.ToString());
  REQUIRE(status.ok());
  return rows;
}

TEST_CASE("pipeline: create submit return edit submit publish", "[pipeline]") {
  PipelineHarness h;
  const pb::Actor owner = Owner();
  const pb::Actor county = CountyReviewer("370811");
  const pb::Actor city = CityReviewer();
  pb::CatalogEntryContent fixed = ValidContent();
  fixed.set_description("任城区各级医疗机构名称、地址、等级及诊疗科目");
  const std::vector<pb::Defect> defects = {
      MakeDefect("description", "描述过于简单，应列明数据项")};

  struct Step {
    pb::Command command;
    pb::Actor actor;
    const char* when;
    const char* request_id;
    std::vector<std::string> event_types;
  };
  const std::vector<Step> steps = {
      {CreateCommand(kId, ValidContent()),
       owner,
       "2026-03-02T09:00:00+08:00",
       "req-create",
       {"catalog_entry_created"}},
      {SubmitCommand(kId),
       owner,
       "2026-03-02T10:00:00+08:00",
       "req-submit-1",
       {"catalog_entry_submitted", "deadline_started"}},
      {ReturnCommand(kId, defects),
       county,
       "2026-03-03T10:00:00+08:00",
       "req-return",
       {"catalog_entry_returned", "deadline_met"}},
      {EditCommand(kId, fixed),
       owner,
       "2026-03-03T11:00:00+08:00",
       "req-edit",
       {"catalog_entry_edited"}},
      {SubmitCommand(kId),
       owner,
       "2026-03-03T12:00:00+08:00",
       "req-submit-2",
       {"catalog_entry_submitted", "deadline_started"}},
      {PublishCommand(kId),
       city,
       "2026-03-06T09:00:00+08:00",
       "req-publish",
       {"catalog_entry_published", "deadline_met", "deadline_started",
        "deadline_started"}}};

  // Versions and sequences: 1 | 2-3 | 4-5 | 6 | 7-8 | 9-12 (the publication
  // starts the two upkeep clocks of Art. 12).
  uint64_t recorded = 0;
  for (size_t i = 0; i < steps.size(); ++i) {
    INFO("step " << i << ": " << steps[i].event_types.front());
    const CommandOutcome outcome =
        h.MustRun(steps[i].command, steps[i].actor, At(steps[i].when),
                  steps[i].request_id);
    const uint64_t first = recorded + 1;
    recorded += steps[i].event_types.size();
    CHECK(outcome.request_id == steps[i].request_id);
    CHECK(outcome.stream_id == kStream);
    CHECK(outcome.stream_version == static_cast<int64_t>(recorded));
    CHECK(outcome.first_sequence == first);
    CHECK(outcome.last_sequence == recorded);
    CHECK_FALSE(outcome.replayed);
    REQUIRE(outcome.result.streams_size() == 1);
    CHECK(outcome.result.streams(0).first_version() ==
          static_cast<int64_t>(first));
  }
  CHECK(recorded == 12);
  CHECK(h.store().LastSequence() == 12);

  const std::vector<pb::EventEnvelope> events = h.Stream(kId);
  REQUIRE(events.size() == 12);
  size_t v = 0;
  for (const Step& step : steps) {
    for (const std::string& type : step.event_types) {
      INFO("event " << v << ": " << type);
      const pb::EventEnvelope& e = events[v];
      CHECK(e.sequence() == v + 1);
      CHECK(e.stream_id() == kStream);
      CHECK(e.stream_version() == static_cast<int64_t>(v + 1));
      CHECK(e.event_type() == type);
      CHECK(e.actor().DebugString() == step.actor.DebugString());
      CHECK(e.request_id() == step.request_id);
      CHECK(e.correlation_id() == step.request_id);
      CHECK(FromProto(e.occurred_at()) == At(step.when));
      ++v;
    }
  }
  // The payloads, as the deciders produce them.
  CHECK(events[0].payload().DebugString() ==
        Created(kId, owner, ValidContent()).DebugString());
  CHECK(events[1].payload().DebugString() ==
        Submitted(1, At("2026-03-04T23:59:59+08:00")).DebugString());
  CHECK(events[2].payload().DebugString() ==
        ReviewClockStarted(kId, 1, "370811", At("2026-03-02T10:00:00+08:00"),
                           At("2026-03-04T23:59:59+08:00"))
            .DebugString());
  CHECK(events[2].payload().deadline_started().deadline().deadline_id() ==
        "catalog-review:rc-wsj-clinics:1");
  CHECK(events[3].payload().DebugString() ==
        Returned(1, defects, false).DebugString());
  CHECK(events[4].payload().DebugString() ==
        ReviewClockMet(kId, 1, false).DebugString());
  CHECK(events[5].payload().DebugString() ==
        Edited(fixed, {"description"}).DebugString());
  // Tuesday 3 March: Wednesday 4 and Thursday 5 March.
  CHECK(events[6].payload().DebugString() ==
        Submitted(2, At("2026-03-05T23:59:59+08:00"), false, {"description"})
            .DebugString());
  CHECK(events[7].payload().DebugString() ==
        ReviewClockStarted(kId, 2, "370811", At("2026-03-03T12:00:00+08:00"),
                           At("2026-03-05T23:59:59+08:00"))
            .DebugString());
  // Published on Friday 6 March, after the deadline.
  CHECK(events[8].payload().DebugString() == Published(2, true).DebugString());
  CHECK(events[9].payload().DebugString() ==
        ReviewClockMet(kId, 2, true).DebugString());

  const absl::StatusOr<pb::CatalogEntry> entry =
      h.queries().Get(PlainUser(), kId);
  REQUIRE(entry.ok());
  CHECK(entry->state() == pb::CATALOG_ENTRY_STATE_PUBLISHED);
  CHECK(entry->version() == 12);
  CHECK(entry->submissions() == 2);
  CHECK(entry->content().DebugString() == fixed.DebugString());
  CHECK(FromProto(entry->publish_time()) == At("2026-03-06T09:00:00+08:00"));
  CHECK(FromProto(entry->create_time()) == At("2026-03-02T09:00:00+08:00"));
  CHECK(entry->last_notice().submission() == 1);
  CHECK(entry->last_notice().reviewer().subject() == county.subject());
  CHECK_FALSE(entry->has_review_due_time());

  // Both clocks are deadline rows, met: the first in time, the second late.
  const auto rows = StoredRows(h.store());
  pb::Deadline first;
  REQUIRE(first.ParseFromString(
      rows.at("deadline/id/catalog-review:rc-wsj-clinics:1")));
  CHECK(first.state() == pb::DEADLINE_STATE_MET);
  CHECK_FALSE(first.late());
  CHECK(FromProto(first.met_time()) == At("2026-03-03T10:00:00+08:00"));
  pb::Deadline second;
  REQUIRE(second.ParseFromString(
      rows.at("deadline/id/catalog-review:rc-wsj-clinics:2")));
  CHECK(second.state() == pb::DEADLINE_STATE_MET);
  CHECK(second.late());
  CHECK(FromProto(second.met_time()) == At("2026-03-06T09:00:00+08:00"));
  // No review clock is left open for the scheduler (the upkeep clocks of Art.
  // 12 are).
  for (const auto& [key, value] : rows) {
    CHECK_FALSE((key.rfind("deadline/open-due/", 0) == 0 &&
                 key.find("catalog-review:") != std::string::npos));
  }
}

TEST_CASE("pipeline: an idempotent retry replays the original outcome",
          "[pipeline][idempotency]") {
  PipelineHarness h;
  const absl::Time t0 = At("2026-03-02T09:00:00+08:00");
  const CommandOutcome created =
      h.MustRun(CreateCommand(kId, ValidContent()), Owner(), t0, "req-1");
  pb::CatalogEntryContent renamed = ValidContent();
  renamed.set_name("任城区医疗机构名录");
  const CommandOutcome edited =
      h.MustRun(EditCommand(kId, renamed), Owner(), t0, "req-2");
  const uint64_t last = h.store().LastSequence();
  REQUIRE(last == 2);

  SECTION("retrying the latest command") {
    const CommandOutcome again = h.MustRun(EditCommand(kId, renamed), Owner(),
                                           t0 + absl::Minutes(5), "req-2");
    CHECK(again.replayed);
    CHECK(again.request_id == "req-2");
    CHECK(again.stream_id == kStream);
    CHECK(again.stream_version == edited.stream_version);
    CHECK(again.first_sequence == edited.first_sequence);
    CHECK(again.last_sequence == edited.last_sequence);
  }
  SECTION("retrying an older command reports its own outcome") {
    const CommandOutcome again =
        h.MustRun(CreateCommand(kId, ValidContent()), Owner(),
                  t0 + absl::Hours(1), "req-1");
    CHECK(again.replayed);
    CHECK(again.stream_version == 1);
    CHECK(again.first_sequence == created.first_sequence);
    CHECK(again.last_sequence == created.last_sequence);
  }
  CHECK(h.store().LastSequence() == last);
  CHECK(h.Stream(kId).size() == 2);
}

TEST_CASE("pipeline: a retried submission replays both of its events",
          "[pipeline][idempotency]") {
  PipelineHarness h;
  const absl::Time t0 = At("2026-03-02T09:00:00+08:00");
  h.MustRun(CreateCommand(kId, ValidContent()), Owner(), t0, "req-1");
  const CommandOutcome submitted =
      h.MustRun(SubmitCommand(kId), Owner(), t0, "req-2");
  CHECK(submitted.stream_version == 3);
  CHECK(submitted.first_sequence == 2);
  CHECK(submitted.last_sequence == 3);
  const CommandOutcome again =
      h.MustRun(SubmitCommand(kId), Owner(), t0 + absl::Minutes(5), "req-2");
  CHECK(again.replayed);
  CHECK(again.stream_version == 3);
  CHECK(again.first_sequence == 2);
  CHECK(again.last_sequence == 3);
  CHECK(h.store().LastSequence() == 3);
}

TEST_CASE("pipeline: request ids are scoped by the actor",
          "[pipeline][idempotency]") {
  PipelineHarness h;
  const absl::Time t0 = At("2026-03-02T09:00:00+08:00");
  h.MustRun(CreateCommand(kId, ValidContent()), Owner(), t0, "req-1");
  const CommandOutcome other =
      h.MustRun(CreateCommand("jn-gaj-roads", ValidContent()), CityProvider(),
                t0, "req-1");
  CHECK_FALSE(other.replayed);
  CHECK(other.stream_id == "catalog-entry/jn-gaj-roads");
  CHECK(h.store().LastSequence() == 2);
}

TEST_CASE(
    "pipeline: a request id reused for another command is "
    "REQUEST_ID_REUSED",
    "[pipeline][idempotency]") {
  PipelineHarness h;
  const absl::Time t0 = At("2026-03-02T09:00:00+08:00");
  h.MustRun(CreateCommand(kId, ValidContent()), Owner(), t0, "req-1");
  pb::Command command;
  SECTION("another command type") { command = SubmitCommand(kId); }
  SECTION("the same command with other content") {
    pb::CatalogEntryContent other = ValidContent();
    other.set_name("另一个名称");
    command = CreateCommand(kId, other);
  }
  SECTION("the same command with an expected version") {
    command = CreateCommand(kId, ValidContent());
    command.set_expected_version(1);
  }
  const absl::StatusOr<CommandOutcome> outcome =
      h.Run(command, Owner(), t0, "req-1");
  REQUIRE_FALSE(outcome.ok());
  CheckError(outcome.status(), StatusCode::kAlreadyExists, "REQUEST_ID_REUSED");
  CHECK(h.store().LastSequence() == 1);
}

TEST_CASE("pipeline: an expected version mismatch is VERSION_CONFLICT",
          "[pipeline][concurrency]") {
  PipelineHarness h;
  const absl::Time t0 = At("2026-03-02T09:00:00+08:00");
  h.MustRun(CreateCommand(kId, ValidContent()), Owner(), t0);
  const auto rows_before = StoredRows(h.store());
  pb::CatalogEntryContent renamed = ValidContent();
  renamed.set_name("任城区医疗机构名录");
  pb::Command edit = EditCommand(kId, renamed);
  edit.set_expected_version(3);
  const absl::StatusOr<CommandOutcome> refused =
      h.Run(edit, Owner(), t0, "req-stale");
  REQUIRE_FALSE(refused.ok());
  CheckError(refused.status(), StatusCode::kAborted, "VERSION_CONFLICT");
  CHECK(ErrorMetadata(refused.status()).at("actual_version") == "1");
  CHECK(h.store().LastSequence() == 1);
  CHECK(StoredRows(h.store()) == rows_before);

  edit.set_expected_version(1);
  const CommandOutcome accepted = h.MustRun(edit, Owner(), t0, "req-fresh");
  CHECK(accepted.stream_version == 2);
  CHECK(h.store().LastSequence() == 2);
}

TEST_CASE("pipeline: a refused command writes nothing", "[pipeline]") {
  PipelineHarness h;
  const absl::Time t0 = At("2026-03-02T09:00:00+08:00");
  pb::CatalogEntryContent incomplete = ValidContent();
  incomplete.clear_security_review();
  h.MustRun(CreateCommand(kId, incomplete), Owner(), t0);
  const uint64_t last = h.store().LastSequence();
  const auto rows_before = StoredRows(h.store());

  const absl::StatusOr<CommandOutcome> refused =
      h.Run(SubmitCommand(kId), Owner(), t0, "req-submit");
  REQUIRE_FALSE(refused.ok());
  CheckError(refused.status(), StatusCode::kFailedPrecondition,
             "SUBMISSION_INCOMPLETE");
  CHECK(PreconditionRules(refused.status()) ==
        std::vector<std::string>{
            "ART24_SECURITY_REVIEW_REQUIRED @ content.security_review"});
  CHECK(h.store().LastSequence() == last);
  CHECK(StoredRows(h.store()) == rows_before);
  auto record = h.store().LookupIdempotency(
      IdempotencyKey(Owner().subject(), "req-submit"));
  REQUIRE(record.ok());
  CHECK_FALSE(record->has_value());

  // The refusal consumed nothing: once fixed, the same request succeeds, with
  // its review clock (versions 3 and 4).
  h.MustRun(EditCommand(kId, ValidContent()), Owner(), t0);
  const CommandOutcome submitted =
      h.MustRun(SubmitCommand(kId), Owner(), t0, "req-submit");
  CHECK_FALSE(submitted.replayed);
  CHECK(submitted.stream_version == 4);
  CHECK(submitted.first_sequence == 3);
  CHECK(submitted.last_sequence == 4);
}

TEST_CASE(
    "pipeline: a refused command by an unauthorised actor writes "
    "nothing",
    "[pipeline][authz]") {
  PipelineHarness h;
  const absl::Time t0 = At("2026-03-02T09:00:00+08:00");
  h.MustRun(CreateCommand(kId, ValidContent()), Owner(), t0);
  h.MustRun(SubmitCommand(kId), Owner(), t0);  // Submitted and its clock.
  const auto rows_before = StoredRows(h.store());
  const absl::StatusOr<CommandOutcome> refused =
      h.Run(PublishCommand(kId), CountyReviewer("370812"), t0);
  REQUIRE_FALSE(refused.ok());
  CheckError(refused.status(), StatusCode::kPermissionDenied,
             "OUTSIDE_JURISDICTION");
  CHECK(h.store().LastSequence() == 3);
  CHECK(StoredRows(h.store()) == rows_before);
}

TEST_CASE("pipeline: an edit that changes nothing writes nothing",
          "[pipeline]") {
  PipelineHarness h;
  const absl::Time t0 = At("2026-03-02T09:00:00+08:00");
  h.MustRun(CreateCommand(kId, ValidContent()), Owner(), t0);
  const CommandOutcome same =
      h.MustRun(EditCommand(kId, ValidContent()), Owner(), t0, "req-same");
  CHECK_FALSE(same.replayed);
  CHECK(same.stream_id == kStream);
  CHECK(same.stream_version == 1);
  CHECK(same.first_sequence == 0);
  CHECK(same.last_sequence == 0);
  CHECK(h.store().LastSequence() == 1);
}

TEST_CASE("pipeline: malformed requests are refused before anything is read",
          "[pipeline][validation]") {
  PipelineHarness h;
  const absl::Time t0 = At("2026-03-02T09:00:00+08:00");
  SECTION("request ids") {
    const std::string id = GENERATE(std::string(""), std::string("has space"),
                                    std::string("tab\there"),
                                    std::string(129, 'r'), std::string("中文"));
    INFO("request id: " << id);
    const auto outcome = h.pipeline().Execute(
        CreateCommand(kId, ValidContent()), Context(Owner(), t0, id));
    REQUIRE_FALSE(outcome.ok());
    CheckError(outcome.status(), StatusCode::kInvalidArgument,
               "REQUEST_ID_INVALID");
  }
  SECTION("an inconsistent actor") {
    pb::Actor actor = Owner();
    actor.set_region("3708");
    const auto outcome = h.Run(CreateCommand(kId, ValidContent()), actor, t0);
    REQUIRE_FALSE(outcome.ok());
    CheckError(outcome.status(), StatusCode::kPermissionDenied,
               "ACTOR_INVALID");
  }
  SECTION("no command") {
    const auto outcome = h.Run(pb::Command(), Owner(), t0);
    REQUIRE_FALSE(outcome.ok());
    CheckError(outcome.status(), StatusCode::kInvalidArgument,
               "COMMAND_INVALID");
  }
  SECTION("a malformed entry id") {
    const auto outcome = h.Run(SubmitCommand("Bad Id"), Owner(), t0);
    REQUIRE_FALSE(outcome.ok());
    CheckError(outcome.status(), StatusCode::kInvalidArgument,
               "CATALOG_ENTRY_ID_INVALID");
  }
  SECTION("a negative expected version") {
    pb::Command command = CreateCommand(kId, ValidContent());
    command.set_expected_version(-1);
    const auto outcome = h.Run(command, Owner(), t0);
    REQUIRE_FALSE(outcome.ok());
    CheckError(outcome.status(), StatusCode::kInvalidArgument,
               "EXPECTED_VERSION_INVALID");
  }
  CHECK(h.store().LastSequence() == 0);
}

TEST_CASE(
    "pipeline: concurrent commands on one entry serialize without "
    "lost updates",
    "[pipeline][concurrency]") {
  constexpr int kThreads = 4;
  constexpr int kEditsPerThread = 12;
  PipelineHarness h;
  const absl::Time t0 = At("2026-03-02T09:00:00+08:00");
  h.MustRun(CreateCommand(kId, ValidContent()), Owner(), t0, "req-create");

  std::mutex mu;
  std::vector<std::string> failures;
  std::map<int64_t, std::string> version_to_request;
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      ++ready;
      while (ready.load() < kThreads) std::this_thread::yield();
      for (int i = 0; i < kEditsPerThread; ++i) {
        const std::string request_id = absl::StrCat("edit-", t, "-", i);
        pb::CatalogEntryContent content = ValidContent();
        content.set_description(absl::StrCat("第", t, "组第", i, "次修改"));
        absl::StatusOr<CommandOutcome> outcome =
            h.Run(EditCommand(kId, content), Owner(), t0, request_id);
        std::lock_guard<std::mutex> lock(mu);
        if (!outcome.ok()) {
          failures.push_back(outcome.status().ToString());
        } else if (!version_to_request
                        .emplace(outcome->stream_version, request_id)
                        .second) {
          failures.push_back(absl::StrCat("version acknowledged twice: ",
                                          outcome->stream_version));
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const std::string& failure : failures) UNSCOPED_INFO(failure);
  CHECK(failures.empty());

  constexpr int kTotal = 1 + kThreads * kEditsPerThread;
  const std::vector<pb::EventEnvelope> events = h.Stream(kId);
  REQUIRE(events.size() == kTotal);
  std::set<std::string> request_ids;
  for (int v = 1; v <= kTotal; ++v) {
    const pb::EventEnvelope& e = events[v - 1];
    INFO("version " << v);
    CHECK(e.stream_version() == v);
    CHECK(e.sequence() == static_cast<uint64_t>(v));
    request_ids.insert(e.request_id());
    if (v > 1) {
      // Every acknowledged edit is in the log at the version it was told.
      CHECK(version_to_request.at(v) == e.request_id());
      // Each edit was decided against its predecessor's content.
      REQUIRE(e.payload().has_catalog_entry_edited());
      CHECK(std::vector<std::string>(
                e.payload().catalog_entry_edited().changed_fields().begin(),
                e.payload().catalog_entry_edited().changed_fields().end()) ==
            std::vector<std::string>{"description"});
    }
  }
  CHECK(request_ids.size() == kTotal);
  CHECK(h.store().LastSequence() == kTotal);
  const absl::StatusOr<pb::CatalogEntry> entry = h.queries().Get(Owner(), kId);
  REQUIRE(entry.ok());
  CHECK(entry->version() == kTotal);
  CHECK(entry->content().DebugString() ==
        events.back().payload().catalog_entry_edited().content().DebugString());
}

TEST_CASE("pipeline: concurrent retries of one request commit it once",
          "[pipeline][concurrency][idempotency]") {
  constexpr int kThreads = 4;
  constexpr int kRounds = 10;
  PipelineHarness h;
  const absl::Time t0 = At("2026-03-02T09:00:00+08:00");
  std::vector<std::string> failures;
  for (int round = 0; round < kRounds; ++round) {
    const std::string id = absl::StrCat("rc-wsj-retry-", round);
    h.MustRun(CreateCommand(id, ValidContent()), Owner(), t0);
    std::mutex mu;
    std::vector<CommandOutcome> outcomes;
    std::atomic<int> ready{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&] {
        ++ready;
        while (ready.load() < kThreads) std::this_thread::yield();
        absl::StatusOr<CommandOutcome> outcome = h.Run(
            SubmitCommand(id), Owner(), t0, absl::StrCat("submit-", round));
        std::lock_guard<std::mutex> lock(mu);
        if (outcome.ok()) {
          outcomes.push_back(*outcome);
        } else {
          failures.push_back(outcome.status().ToString());
        }
      });
    }
    for (std::thread& thread : threads) thread.join();
    // Created, submitted, and one review clock started.
    const std::vector<pb::EventEnvelope> events = h.Stream(id);
    REQUIRE(events.size() == 3);
    CHECK(events[2].event_type() == "deadline_started");
    int originals = 0;
    for (const CommandOutcome& o : outcomes) {
      originals += o.replayed ? 0 : 1;
      CHECK(o.stream_version == 3);
      CHECK(o.first_sequence == outcomes.front().first_sequence);
      CHECK(o.last_sequence == o.first_sequence + 1);
    }
    CHECK(originals <= 1);
  }
  for (const std::string& failure : failures) UNSCOPED_INFO(failure);
  CHECK(failures.empty());
  CHECK(h.store().LastSequence() == 3 * kRounds);
}

TEST_CASE("pipeline: commands on different entries run concurrently",
          "[pipeline][concurrency]") {
  constexpr int kThreads = 4;
  constexpr int kEntriesPerThread = 5;
  PipelineHarness h;
  const absl::Time t0 = At("2026-03-02T09:00:00+08:00");
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEntriesPerThread; ++i) {
        const std::string id = absl::StrCat("entry-", t, "-", i);
        const pb::Actor owner = CountyProvider("370811", "rc-wsj");
        if (!h.Run(CreateCommand(id, ValidContent()), owner, t0).ok() ||
            !h.Run(SubmitCommand(id), owner, t0).ok()) {
          ++failures;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  CHECK(failures.load() == 0);
  // Per entry: created, submitted and its review clock started.
  CHECK(h.store().LastSequence() == 3 * kThreads * kEntriesPerThread);
  const absl::Status chain = h.store().VerifyChain(1, UINT64_MAX);
  INFO(chain.ToString());
  CHECK(chain.ok());
}

TEST_CASE("pipeline: each command decides with the calendar in force",
          "[pipeline][calendar]") {
  PipelineHarness h;
  const absl::Time submitted = At("2026-12-30T10:00:00+08:00");
  h.MustRun(CreateCommand(kId, ValidContent()), Owner(), submitted);
  h.MustRun(SubmitCommand(kId), Owner(), submitted);
  h.MustRun(ReturnCommand(kId, {MakeDefect("name", "名称不规范")}),
            CityReviewer(), submitted);
  // 2027 is not loaded: Thu 31 Dec, then Fri 1 Jan 2027 provisionally.
  CHECK(h.Stream(kId)[1].payload().DebugString() ==
        Submitted(1, At("2027-01-01T23:59:59+08:00"), true).DebugString());
  CHECK(h.Stream(kId)[2].payload().DebugString() ==
        ReviewClockStarted(kId, 1, "370811", submitted,
                           At("2027-01-01T23:59:59+08:00"), true)
            .DebugString());

  // A hypothetical 2027 schedule (test data only) with 1 January a holiday.
  WorkingCalendar next = RealCalendar();
  pb::CalendarYear y2027;
  y2027.set_year(2027);
  y2027.add_holidays("2027-01-01");
  y2027.add_holidays("2027-01-02");
  y2027.add_holidays("2027-01-03");
  REQUIRE(next.AddYear(y2027).ok());
  h.calendar().Replace(next);
  h.MustRun(SubmitCommand(kId), Owner(), submitted);
  // Events: created, submitted, clock, returned, met, then submission 2.
  // Thu 31 Dec, then Mon 4 Jan 2027, now from a loaded year.
  const std::vector<pb::EventEnvelope> events = h.Stream(kId);
  REQUIRE(events.size() == 7);
  CHECK(events[5].payload().DebugString() ==
        Submitted(2, At("2027-01-04T23:59:59+08:00"), false).DebugString());
  CHECK(events[6].payload().DebugString() ==
        ReviewClockStarted(kId, 2, "370811", submitted,
                           At("2027-01-04T23:59:59+08:00"), false)
            .DebugString());
  // The first deadline, stored in its event, is never recomputed.
  CHECK(events[1].payload().catalog_entry_submitted().review_due_provisional());
  CHECK(events[2].payload().deadline_started().deadline().provisional());
}

}  // namespace
}  // namespace opendata::engine_test
