// The audit log reads' rules (engine/query/audit_log_queries.h, authz): who
// may read the log, filter validation (every bad field named) and matching
// (each restriction on its own and the time window's half-open bounds), and a
// filtered read that continues where it stopped.
#include <string>
#include <vector>

#include "catch2/catch.hpp"
#include "engine/authz.h"
#include "engine/query/audit_log_queries.h"
#include "tests/engine/deadline_support.h"

namespace opendata::engine_test {
namespace {

using absl::StatusCode;

pb::EventEnvelope Event(const std::string& subject, const std::string& org,
                        const std::string& type, const std::string& stream,
                        absl::Time at) {
  pb::EventEnvelope e;
  e.mutable_actor()->set_subject(subject);
  e.mutable_actor()->set_organization(org);
  e.set_event_type(type);
  e.set_stream_id(stream);
  *e.mutable_occurred_at() = ToProto(at);
  return e;
}

TEST_CASE("audit log: auditors, operators and the city reviewer read it",
          "[audit]") {
  CHECK(RequireAuditReader(Auditor()).ok());
  CHECK(RequireAuditReader(Operator()).ok());
  CHECK(RequireAuditReader(CityReviewer()).ok());
  CheckError(RequireAuditReader(CountyReviewer("370811")),
             StatusCode::kPermissionDenied, "OUTSIDE_JURISDICTION");
  CheckError(RequireAuditReader(CityProvider()), StatusCode::kPermissionDenied,
             "ROLE_NOT_ALLOWED");
  CheckError(RequireAuditReader(PlainUser()), StatusCode::kPermissionDenied,
             "ROLE_NOT_ALLOWED");
}

TEST_CASE("audit log: a filter names every bad field", "[audit]") {
  CHECK(ValidateLogFilter(pb::LogFilter(), "filter.").ok());
  pb::LogFilter f;
  f.set_actor_subject(std::string(129, 'a'));
  f.set_actor_organization(std::string(65, 'o'));
  f.set_stream_id_prefix(std::string(257, 's'));
  f.add_event_types("catalog_entry_submitted");
  f.add_event_types("catalog_entry_exploded");
  *f.mutable_occurred_from() = ToProto(Shanghai(2026, 3, 2));
  *f.mutable_occurred_to() = ToProto(Shanghai(2026, 3, 2));
  const absl::Status status = ValidateLogFilter(f, "filter.");
  CheckError(status, StatusCode::kInvalidArgument, "AUDIT_REQUEST_INVALID");
  CHECK(ViolationFields(status) ==
        std::vector<std::string>{"filter.actor_organization",
                                 "filter.actor_subject",
                                 "filter.event_types[1]", "filter.occurred_to",
                                 "filter.stream_id_prefix"});
  pb::LogFilter bad_time;
  bad_time.mutable_occurred_from()->set_nanos(-1);
  CHECK(ViolationFields(ValidateLogFilter(bad_time, "")) ==
        std::vector<std::string>{"occurred_from"});
  CheckError(ResolveAuditPageSize(1001).status(), StatusCode::kInvalidArgument,
             "AUDIT_REQUEST_INVALID");
  CHECK(*ResolveAuditPageSize(0) == kDefaultAuditPageSize);
  CHECK(*ResolveAuditPageSize(1000) == 1000);
}

TEST_CASE("audit log: each restriction of a filter on its own", "[audit]") {
  const absl::Time t = Shanghai(2026, 3, 2, 10, 0, 0);
  const pb::EventEnvelope e =
      Event("zhang.wei", "jn-gaj", "catalog_entry_submitted",
            "catalog-entry/jn-gaj-001", t);
  CHECK(MatchesLogFilter(pb::LogFilter(), e));
  pb::LogFilter f;
  f.set_actor_subject("zhang.wei");
  CHECK(MatchesLogFilter(f, e));
  f.set_actor_subject("li.na");
  CHECK_FALSE(MatchesLogFilter(f, e));
  f = pb::LogFilter();
  f.set_actor_organization("jn-jtj");
  CHECK_FALSE(MatchesLogFilter(f, e));
  f.set_actor_organization("jn-gaj");
  CHECK(MatchesLogFilter(f, e));
  f = pb::LogFilter();
  f.add_event_types("catalog_entry_published");
  CHECK_FALSE(MatchesLogFilter(f, e));
  f.add_event_types("catalog_entry_submitted");
  CHECK(MatchesLogFilter(f, e));
  f = pb::LogFilter();
  f.set_stream_id_prefix("catalog-entry/jn-gaj");
  CHECK(MatchesLogFilter(f, e));
  f.set_stream_id_prefix("application/");
  CHECK_FALSE(MatchesLogFilter(f, e));
  f = pb::LogFilter();
  *f.mutable_occurred_from() = ToProto(t);
  CHECK(MatchesLogFilter(f, e));
  *f.mutable_occurred_from() = ToProto(t + absl::Seconds(1));
  CHECK_FALSE(MatchesLogFilter(f, e));
  f = pb::LogFilter();
  *f.mutable_occurred_to() = ToProto(t);
  CHECK_FALSE(MatchesLogFilter(f, e));
  *f.mutable_occurred_to() = ToProto(t + absl::Seconds(1));
  CHECK(MatchesLogFilter(f, e));
}

TEST_CASE("audit log: a filtered read stops at its page and continues",
          "[audit]") {
  DeadlineHarness h(Shanghai(2026, 3, 2, 10, 0, 0));
  for (int i = 0; i < 4; ++i) {
    h.CreateAndSubmit(absl::StrCat("jn-gaj-a", i), CityProvider());
  }
  AuditLogQueries q(&h.store());
  pb::LogFilter submitted;
  submitted.add_event_types("catalog_entry_submitted");
  std::vector<std::string> streams;
  uint64_t next = 0;
  for (int page = 0; page < 10 && next <= h.store().LastSequence(); ++page) {
    absl::StatusOr<LogPage> read = q.Read(Auditor(), next, 3, submitted);
    INFO(read.status().ToString());
    REQUIRE(read.ok());
    CHECK(read->events.size() <= 3);
    for (const pb::AuditEvent& e : read->events) {
      CHECK(e.envelope().event_type() == "catalog_entry_submitted");
      CHECK(e.sha256_hex().size() == 64);
      CHECK(e.prev_hash_hex().size() == 64);
      streams.push_back(e.envelope().stream_id());
    }
    REQUIRE(read->next_sequence > next);
    next = read->next_sequence;
  }
  CHECK(next == h.store().LastSequence() + 1);
  CHECK(streams == std::vector<std::string>{
                       "catalog-entry/jn-gaj-a0", "catalog-entry/jn-gaj-a1",
                       "catalog-entry/jn-gaj-a2", "catalog-entry/jn-gaj-a3"});
  CheckError(q.Read(CityProvider(), 1, 3, submitted).status(),
             StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED");
}

}  // namespace
}  // namespace opendata::engine_test
