// AuditService over gRPC (issue 6, part 3) and AdminService.RebuildProjection
// (part 5) against a real server: a stream's history in pages; ReadLog over
// the whole log in pages (the hashes link) and with each filter; validation
// and who may read; SubscribeLog catching up from 0 and then following live
// commits with no gap or duplicate, cancelled by the client, resumed from a
// position, heartbeats on a narrow filter, ended by a server shutdown;
// VerifyChain over a sound log and over a log damaged on disk while the
// server was stopped; and an operator's online rebuild.
#include <catch2/catch.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/sha256.h"
#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "jining/opendata/v1/audit_service.grpc.pb.h"
#include "rocksdb/db.h"
#include "storage/db_layout.h"
#include "storage/keys.h"
#include "tests/services/catalog_samples.h"
#include "tests/services/platform_fixture.h"
#include "tests/services/service_clients.h"
#include "tests/services/status_details.h"

namespace opendata::testing {
namespace {

// An AuditService stub over its own channel, each call as a given identity.
struct AuditClient {
  explicit AuditClient(PlatformFixture& f)
      : f(f),
        stub(pb::AuditService::NewStub(
            grpc::CreateChannel(absl::StrCat("127.0.0.1:", f.port()),
                                grpc::InsecureChannelCredentials()))) {}

  std::unique_ptr<grpc::ClientContext> As(const Identity& who) const {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() +
                          std::chrono::seconds(10));
    context->AddMetadata("authorization", f.Bearer(who));
    return context;
  }

  grpc::Status ReadLog(const Identity& who, const pb::ReadLogRequest& request,
                       pb::ReadLogResponse* out) {
    return stub->ReadLog(As(who).get(), request, out);
  }

  // Every matching sequence from 1 to the head, read `page_size` at a time.
  std::vector<uint64_t> ReadAll(const pb::LogFilter& filter, int page_size) {
    std::vector<uint64_t> sequences;
    pb::ReadLogRequest request;
    *request.mutable_filter() = filter;
    request.set_page_size(page_size);
    request.set_from_sequence(1);
    for (int round = 0; round < 1000; ++round) {
      pb::ReadLogResponse page;
      REQUIRE_OK(ReadLog(kAuditor, request, &page));
      for (const pb::AuditEvent& e : page.events()) {
        sequences.push_back(e.envelope().sequence());
      }
      if (page.next_sequence() > page.head_sequence()) break;
      REQUIRE(page.next_sequence() > request.from_sequence());
      request.set_from_sequence(page.next_sequence());
    }
    return sequences;
  }

  PlatformFixture& f;
  std::unique_ptr<pb::AuditService::Stub> stub;
};

// An open SubscribeLog call.
struct Subscription {
  Subscription(AuditClient& audit, const Identity& who, uint64_t from,
               const pb::LogFilter& filter = {})
      : context(audit.As(who)) {
    pb::SubscribeLogRequest request;
    request.set_from_sequence(from);
    *request.mutable_filter() = filter;
    reader = audit.stub->SubscribeLog(context.get(), request);
  }

  // The next event, skipping heartbeats; it must come.
  pb::AuditEvent NextEvent() {
    pb::SubscribeLogResponse message;
    while (true) {
      REQUIRE(reader->Read(&message));
      if (message.has_event()) return message.event();
    }
  }

  // The next heartbeat, skipping events; it must come.
  pb::LogHeartbeat NextHeartbeat() {
    pb::SubscribeLogResponse message;
    while (true) {
      REQUIRE(reader->Read(&message));
      if (message.has_heartbeat()) return message.heartbeat();
    }
  }

  std::unique_ptr<grpc::ClientContext> context;
  std::unique_ptr<grpc::ClientReader<pb::SubscribeLogResponse>> reader;
};

std::vector<uint64_t> SequencesWhere(
    const std::vector<pb::EventEnvelope>& log,
    const std::function<bool(const pb::EventEnvelope&)>& keep) {
  std::vector<uint64_t> out;
  for (const pb::EventEnvelope& e : log) {
    if (keep(e)) out.push_back(e.sequence());
  }
  return out;
}

std::vector<uint64_t> Range(uint64_t from, uint64_t to) {
  std::vector<uint64_t> out;
  for (uint64_t s = from; s <= to; ++s) out.push_back(s);
  return out;
}

// A small log: the 公安局 creates and submits an entry at 09:00, the 交通局
// creates one at 10:00, the city reviewer publishes the first at 11:00.
void RecordSmallLog(PlatformFixture& f) {
  f.clock().Set(At("2026-03-02T09:00:00+08:00"));
  f.MustCreate(kGajProvider, "jn-gaj-audit-1", UnconditionalContent());
  f.MustSubmit(kGajProvider, "jn-gaj-audit-1");
  f.clock().Set(At("2026-03-02T10:00:00+08:00"));
  f.MustCreate(kJtjProvider, "jn-jtj-audit-1", UnconditionalContent());
  f.clock().Set(At("2026-03-02T11:00:00+08:00"));
  f.MustPublish(kCityReviewer, "jn-gaj-audit-1");
}

TEST_CASE("audit service: a stream's history in pages", "[services][audit]") {
  PlatformFixture f(At("2026-03-02T09:00:00+08:00"));
  AuditClient audit(f);
  const std::string id = "jn-gaj-hist-1";
  f.MustCreate(kGajProvider, id, UnconditionalContent());
  for (int i = 0; i < 3; ++i) {
    f.MustUpdate(kGajProvider, id,
                 UnconditionalContent(absl::StrCat("线路", i)));
  }
  f.MustSubmit(kGajProvider, id);
  const std::vector<pb::EventEnvelope> recorded =
      f.RecordedEvents("catalog-entry/" + id);
  REQUIRE(recorded.size() >= 5);

  pb::GetStreamHistoryRequest request;
  request.set_stream_id("catalog-entry/" + id);
  request.set_page_size(2);
  std::vector<int64_t> versions;
  for (int round = 0; round < 10; ++round) {
    pb::GetStreamHistoryResponse page;
    REQUIRE_OK(
        audit.stub->GetStreamHistory(audit.As(kAuditor).get(), request, &page));
    CHECK(page.stream_version() == static_cast<int64_t>(recorded.size()));
    CHECK(page.events_size() <= 2);
    for (const pb::AuditEvent& e : page.events()) {
      versions.push_back(e.envelope().stream_version());
      CHECK(e.sha256_hex().size() == 64);
      CHECK(e.prev_hash_hex() == ToHex(e.envelope().prev_hash()));
    }
    if (page.next_page_token().empty()) break;
    request.set_page_token(page.next_page_token());
  }
  std::vector<int64_t> expected;
  for (const pb::EventEnvelope& e : recorded) {
    expected.push_back(e.stream_version());
  }
  CHECK(versions == expected);

  // From a version; an unknown stream is empty; a token of another stream is
  // refused.
  pb::GetStreamHistoryRequest from3;
  from3.set_stream_id("catalog-entry/" + id);
  from3.set_from_version(3);
  pb::GetStreamHistoryResponse tail;
  REQUIRE_OK(
      audit.stub->GetStreamHistory(audit.As(kOperator).get(), from3, &tail));
  REQUIRE(tail.events_size() == static_cast<int>(recorded.size()) - 2);
  CHECK(tail.events(0).envelope().stream_version() == 3);
  CHECK(tail.next_page_token().empty());
  pb::GetStreamHistoryRequest unknown;
  unknown.set_stream_id("catalog-entry/none");
  pb::GetStreamHistoryResponse none;
  REQUIRE_OK(
      audit.stub->GetStreamHistory(audit.As(kAuditor).get(), unknown, &none));
  CHECK(none.events().empty());
  CHECK(none.stream_version() == 0);
  pb::GetStreamHistoryRequest first = request;
  first.clear_page_token();
  pb::GetStreamHistoryResponse first_page;
  REQUIRE_OK(audit.stub->GetStreamHistory(audit.As(kAuditor).get(), first,
                                          &first_page));
  REQUIRE_FALSE(first_page.next_page_token().empty());
  unknown.set_page_token(first_page.next_page_token());
  const grpc::Status foreign =
      audit.stub->GetStreamHistory(audit.As(kAuditor).get(), unknown, &none);
  CHECK(foreign.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(ErrorReason(foreign) == "PAGE_TOKEN_INVALID");
  pb::GetStreamHistoryRequest empty;
  const grpc::Status missing =
      audit.stub->GetStreamHistory(audit.As(kAuditor).get(), empty, &none);
  CHECK(missing.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(ViolatedFields(missing) == std::vector<std::string>{"stream_id"});
}

TEST_CASE("audit service: ReadLog pages through the log and each filter",
          "[services][audit]") {
  PlatformFixture f;
  AuditClient audit(f);
  RecordSmallLog(f);
  const std::vector<pb::EventEnvelope> log = f.RecordedEventsFrom(1);
  const uint64_t head = f.RecordedHead();
  REQUIRE(log.size() == head);

  // The whole log, 3 at a time, linked by its hashes.
  CHECK(audit.ReadAll({}, 3) == Range(1, head));
  pb::ReadLogRequest all;
  all.set_page_size(1000);
  pb::ReadLogResponse whole;
  REQUIRE_OK(audit.ReadLog(kCityReviewer, all, &whole));
  REQUIRE(whole.events_size() == static_cast<int>(head));
  CHECK(whole.head_sequence() == head);
  CHECK(whole.next_sequence() == head + 1);
  CHECK(whole.events(0).prev_hash_hex() == std::string(64, '0'));
  for (int i = 1; i < whole.events_size(); ++i) {
    CHECK(whole.events(i).prev_hash_hex() == whole.events(i - 1).sha256_hex());
  }

  pb::LogFilter by_subject;
  by_subject.set_actor_subject(kGajProvider.subject);
  CHECK(audit.ReadAll(by_subject, 2) ==
        SequencesWhere(log, [](const pb::EventEnvelope& e) {
          return e.actor().subject() == kGajProvider.subject;
        }));
  pb::LogFilter by_org;
  by_org.set_actor_organization("jn-jtj");
  const std::vector<uint64_t> jtj = audit.ReadAll(by_org, 2);
  CHECK_FALSE(jtj.empty());
  CHECK(jtj == SequencesWhere(log, [](const pb::EventEnvelope& e) {
          return e.actor().organization() == "jn-jtj";
        }));
  pb::LogFilter by_type;
  by_type.add_event_types("catalog_entry_submitted");
  by_type.add_event_types("catalog_entry_published");
  const std::vector<uint64_t> typed = audit.ReadAll(by_type, 1);
  CHECK(typed.size() == 2);
  CHECK(typed == SequencesWhere(log, [](const pb::EventEnvelope& e) {
          return e.event_type() == "catalog_entry_submitted" ||
                 e.event_type() == "catalog_entry_published";
        }));
  pb::LogFilter by_stream;
  by_stream.set_stream_id_prefix("catalog-entry/jn-jtj");
  CHECK(audit.ReadAll(by_stream, 2) ==
        SequencesWhere(log, [](const pb::EventEnvelope& e) {
          return e.stream_id().rfind("catalog-entry/jn-jtj", 0) == 0;
        }));
  pb::LogFilter window;
  *window.mutable_occurred_from() = StampOf(At("2026-03-02T10:00:00+08:00"));
  *window.mutable_occurred_to() = StampOf(At("2026-03-02T11:00:00+08:00"));
  const std::vector<uint64_t> at_ten = audit.ReadAll(window, 2);
  CHECK_FALSE(at_ten.empty());
  CHECK(at_ten == SequencesWhere(log, [](const pb::EventEnvelope& e) {
          return TimeOf(e.occurred_at()) == At("2026-03-02T10:00:00+08:00");
        }));
}

TEST_CASE("audit service: bad requests and who may read", "[services][audit]") {
  PlatformFixture f;
  AuditClient audit(f);
  pb::ReadLogRequest request;
  pb::ReadLogResponse out;
  for (const Identity& who : {kGajProvider, kCitizen}) {
    const grpc::Status status = audit.ReadLog(who, request, &out);
    CHECK(status.error_code() == grpc::StatusCode::PERMISSION_DENIED);
    CHECK(ErrorReason(status) == "ROLE_NOT_ALLOWED");
  }
  const grpc::Status county = audit.ReadLog(kRenchengReviewer, request, &out);
  CHECK(county.error_code() == grpc::StatusCode::PERMISSION_DENIED);
  CHECK(ErrorReason(county) == "OUTSIDE_JURISDICTION");
  pb::VerifyChainResponse verified;
  const grpc::Status verify = audit.stub->VerifyChain(
      audit.As(kJtjProvider).get(), pb::VerifyChainRequest(), &verified);
  CHECK(verify.error_code() == grpc::StatusCode::PERMISSION_DENIED);
  for (const Identity& who : {kAuditor, kOperator, kCityReviewer}) {
    REQUIRE_OK(audit.ReadLog(who, request, &out));
  }

  pb::ReadLogRequest bad;
  bad.set_page_size(1001);
  bad.mutable_filter()->add_event_types("catalog_entry_exploded");
  *bad.mutable_filter()->mutable_occurred_from() =
      StampOf(At("2026-03-02T10:00:00+08:00"));
  *bad.mutable_filter()->mutable_occurred_to() =
      StampOf(At("2026-03-02T09:00:00+08:00"));
  const grpc::Status invalid = audit.ReadLog(kAuditor, bad, &out);
  CHECK(invalid.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(ErrorReason(invalid) == "AUDIT_REQUEST_INVALID");
  CHECK(
      ViolatedFields(invalid) ==
      std::vector<std::string>{"filter.event_types[0]", "filter.occurred_to"});
  bad.clear_filter();
  CHECK(ViolatedFields(audit.ReadLog(kAuditor, bad, &out)) ==
        std::vector<std::string>{"page_size"});
  pb::VerifyChainRequest backwards;
  backwards.set_from_sequence(5);
  backwards.set_to_sequence(4);
  CHECK(audit.stub->VerifyChain(audit.As(kAuditor).get(), backwards, &verified)
            .error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  // A subscription with a bad filter ends at once.
  pb::LogFilter unknown_type;
  unknown_type.add_event_types("nope");
  Subscription refused(audit, kAuditor, 1, unknown_type);
  pb::SubscribeLogResponse message;
  CHECK_FALSE(refused.reader->Read(&message));
  CHECK(refused.reader->Finish().error_code() ==
        grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_CASE("audit service: a subscription catches up then follows live commits",
          "[services][audit][subscribe]") {
  PlatformFixture f;
  AuditClient audit(f);
  RecordSmallLog(f);
  const uint64_t head = f.RecordedHead();
  std::vector<uint64_t> received;
  {
    Subscription all(audit, kAuditor, 0);
    while (received.size() < head) {
      received.push_back(all.NextEvent().envelope().sequence());
    }
    CHECK(received == Range(1, head));
    // Live: commits made while the subscription is open.
    for (int i = 0; i < 3; ++i) {
      f.MustCreate(kJtjProvider, absl::StrCat("jn-jtj-live-", i),
                   UnconditionalContent());
    }
    const uint64_t live_head = f.RecordedHead();
    REQUIRE(live_head > head);
    while (received.back() < live_head) {
      received.push_back(all.NextEvent().envelope().sequence());
    }
    CHECK(received == Range(1, live_head));
    // The client cancels: the call ends CANCELLED.
    all.context->TryCancel();
    pb::SubscribeLogResponse extra;
    while (all.reader->Read(&extra)) {
    }
    CHECK(all.reader->Finish().error_code() == grpc::StatusCode::CANCELLED);
  }
  // Resuming from a position delivers exactly the rest.
  f.MustCreate(kJtjProvider, "jn-jtj-after", UnconditionalContent());
  const uint64_t final_head = f.RecordedHead();
  Subscription resumed(audit, kOperator, head + 1);
  std::vector<uint64_t> rest;
  while (rest.empty() || rest.back() < final_head) {
    rest.push_back(resumed.NextEvent().envelope().sequence());
  }
  CHECK(rest == Range(head + 1, final_head));
  resumed.context->TryCancel();
  resumed.reader->Finish();
}

TEST_CASE("audit service: a narrow subscription sees heartbeats and resumes",
          "[services][audit][subscribe]") {
  PlatformFixture f;
  AuditClient audit(f);
  RecordSmallLog(f);
  const uint64_t head = f.RecordedHead();
  pb::LogFilter jtj_only;
  jtj_only.set_stream_id_prefix("catalog-entry/jn-jtj");
  Subscription narrow(audit, kAuditor, 1, jtj_only);
  const pb::AuditEvent first = narrow.NextEvent();
  CHECK(first.envelope().stream_id() == "catalog-entry/jn-jtj-audit-1");
  // Nothing else matches: heartbeats show the subscription has read to the
  // head, so it can resume after it.
  pb::LogHeartbeat beat = narrow.NextHeartbeat();
  while (beat.next_sequence() < head + 1) beat = narrow.NextHeartbeat();
  CHECK(beat.next_sequence() == head + 1);
  CHECK(beat.head_sequence() == head);
  CHECK(TimeOf(beat.sent_at()) == f.clock().Now());
  // An event of another stream moves the heartbeat's position past it.
  f.MustCreate(kGajProvider, "jn-gaj-other", UnconditionalContent());
  beat = narrow.NextHeartbeat();
  while (beat.next_sequence() < head + 2) beat = narrow.NextHeartbeat();
  CHECK(beat.next_sequence() == head + 2);
  narrow.context->TryCancel();
  narrow.reader->Finish();
  // Resuming from the heartbeat's position skips what was already examined.
  f.MustCreate(kJtjProvider, "jn-jtj-next", UnconditionalContent());
  Subscription resumed(audit, kAuditor, beat.next_sequence(), jtj_only);
  const pb::AuditEvent next = resumed.NextEvent();
  CHECK(next.envelope().stream_id() == "catalog-entry/jn-jtj-next");
  CHECK(next.envelope().sequence() == head + 2);
  resumed.context->TryCancel();
  resumed.reader->Finish();
}

TEST_CASE("audit service: server shutdown ends a subscription",
          "[services][audit][subscribe]") {
  PlatformFixture f;
  AuditClient audit(f);
  Subscription all(audit, kAuditor, 1);
  CHECK(all.NextEvent().envelope().sequence() == 1);
  f.StopServer();
  pb::SubscribeLogResponse extra;
  while (all.reader->Read(&extra)) {
  }
  const grpc::Status status = all.reader->Finish();
  CHECK(status.error_code() == grpc::StatusCode::UNAVAILABLE);
  CHECK(ErrorReason(status) == "SERVER_SHUTTING_DOWN");
}

// Rewrites event `sequence` of a stopped server's store with another request
// id and a correct hash of its own: the event verifies, but the next one no
// longer links to it.
void RewriteEvent(const std::string& data_dir, uint64_t sequence) {
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  const rocksdb::Status opened =
      rocksdb::DB::Open(rocksdb::DBOptions(), data_dir,
                        ColumnFamilyDescriptors(), &handles, &raw);
  INFO(opened.ToString());
  REQUIRE(opened.ok());
  std::unique_ptr<rocksdb::DB> db(raw);
  const ColumnFamilies families = AssignColumnFamilies(handles);
  const std::string key = storage_keys::EncodeUint64(sequence);
  std::string value;
  REQUIRE(db->Get(rocksdb::ReadOptions(), families.events, key, &value).ok());
  pb::StoredEvent stored;
  REQUIRE(stored.ParseFromString(value));
  pb::EventEnvelope envelope;
  REQUIRE(envelope.ParseFromString(stored.envelope()));
  envelope.set_request_id("forged");
  stored.set_envelope(envelope.SerializeAsString());
  stored.set_hash(Sha256(stored.envelope()));
  rocksdb::WriteOptions sync;
  sync.sync = true;
  REQUIRE(db->Put(sync, families.events, key, stored.SerializeAsString()).ok());
  for (rocksdb::ColumnFamilyHandle* handle : handles) {
    db->DestroyColumnFamilyHandle(handle);
  }
  REQUIRE(db->Close().ok());
}

TEST_CASE("audit service: VerifyChain over a sound and a damaged log",
          "[services][audit][verify]") {
  PlatformFixture f;
  AuditClient audit(f);
  RecordSmallLog(f);
  const uint64_t head = f.RecordedHead();
  REQUIRE(head >= 4);
  pb::VerifyChainResponse whole;
  REQUIRE_OK(audit.stub->VerifyChain(audit.As(kAuditor).get(),
                                     pb::VerifyChainRequest(), &whole));
  CHECK(whole.ok());
  CHECK(whole.first_bad_sequence() == 0);
  CHECK(whole.verified_from() == 1);
  CHECK(whole.verified_to() == head);
  pb::VerifyChainRequest part;
  part.set_from_sequence(2);
  part.set_to_sequence(3);
  pb::VerifyChainResponse partial;
  REQUIRE_OK(
      audit.stub->VerifyChain(audit.As(kOperator).get(), part, &partial));
  CHECK(partial.ok());
  CHECK(partial.verified_to() == 3);

  f.StopServer();
  RewriteEvent(f.data_dir(), 2);
  f.StartServer();
  AuditClient after(f);
  pb::VerifyChainResponse damaged;
  REQUIRE_OK(after.stub->VerifyChain(after.As(kAuditor).get(),
                                     pb::VerifyChainRequest(), &damaged));
  CHECK_FALSE(damaged.ok());
  CHECK(damaged.first_bad_sequence() == 3);
  CHECK(damaged.reason() == "HASH_CHAIN_BROKEN");
  CHECK_FALSE(damaged.detail().empty());
  // A range that ends before the break is sound.
  part.set_from_sequence(1);
  part.set_to_sequence(2);
  REQUIRE_OK(after.stub->VerifyChain(after.As(kAuditor).get(), part, &partial));
  CHECK(partial.ok());
}

TEST_CASE("audit service: an operator rebuilds projections online",
          "[services][audit][rebuild]") {
  PlatformFixture f;
  ServiceClients c(f);
  RecordSmallLog(f);
  pb::RebuildProjectionRequest all;
  all.set_all(true);
  pb::RebuildProjectionResponse response;
  REQUIRE_OK(c.admin->RebuildProjection(c.As(kOperator).get(), all, &response));
  REQUIRE(response.results_size() > 1);
  int64_t scanned = 0;
  for (const pb::ProjectionRebuildResult& r : response.results()) {
    INFO(r.projection());
    CHECK(r.rows_missing() == 0);
    CHECK(r.rows_extra() == 0);
    CHECK(r.rows_different() == 0);
    CHECK(r.as_of_sequence() == f.RecordedHead());
    scanned += r.rows_scanned();
  }
  CHECK(scanned > 0);
  pb::RebuildProjectionRequest one;
  one.set_projection("catalog");
  REQUIRE_OK(c.admin->RebuildProjection(c.As(kOperator).get(), one, &response));
  REQUIRE(response.results_size() == 1);
  CHECK(response.results(0).projection() == "catalog");
  CHECK(response.results(0).rows_scanned() > 0);

  const grpc::Status auditor =
      c.admin->RebuildProjection(c.As(kAuditor).get(), one, &response);
  CHECK(auditor.error_code() == grpc::StatusCode::PERMISSION_DENIED);
  CHECK(ErrorReason(auditor) == "ROLE_NOT_ALLOWED");
  one.set_projection("nope");
  const grpc::Status unknown =
      c.admin->RebuildProjection(c.As(kOperator).get(), one, &response);
  CHECK(unknown.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(ErrorReason(unknown) == "PROJECTION_UNKNOWN");
  const grpc::Status neither = c.admin->RebuildProjection(
      c.As(kOperator).get(), pb::RebuildProjectionRequest(), &response);
  CHECK(ErrorReason(neither) == "REBUILD_TARGET_REQUIRED");
}

}  // namespace
}  // namespace opendata::testing
