// Crash safety of the real opendata-server: 8 client threads create entries
// (distinct ids, unique request ids) and record every acknowledged response;
// the server is SIGKILLed while they write and restarted on the same data dir,
// three times. Every acknowledged entry must exist, an acknowledged request id
// retried must replay with the same sequences, and each thread's first
// unacknowledged request must retry without error. Finally the server stops
// cleanly and opendata-audit passes.
#include <atomic>
#include <catch2/catch.hpp>
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "jining/opendata/v1/provider_service.grpc.pb.h"
#include "jining/opendata/v1/query_service.grpc.pb.h"
#include "tests/e2e/client_util.h"
#include "tests/e2e/server_process.h"
#include "tests/services/temp_dir.h"

namespace opendata::e2e {
namespace {

namespace pb = ::jining::opendata::v1;
using Catch::Matchers::Contains;

constexpr int kWriters = 8;
constexpr int kCycles = 3;
// How long the writers run before the kill.
constexpr absl::Duration kWriteTime = absl::Milliseconds(1200);
// Deadline of every call.
constexpr absl::Duration kCallTimeout = absl::Seconds(5);

// An acknowledged create.
struct Acked {
  int index = 0;
  pb::CommandReceipt receipt;
};

// What one writer thread saw in one cycle. Catch2 assertions are not
// thread-safe, so threads only record.
struct WriterLog {
  std::vector<Acked> acked;
  // The first request that got no OK answer, and what it got.
  int in_flight = -1;
  grpc::StatusCode in_flight_code = grpc::StatusCode::OK;
  bool failed_before_kill = false;
  std::vector<std::string> problems;
};

Principal Writer(int writer) {
  return {absl::StrCat("crash-writer-", writer), "PROVIDER", "jn-gaj", "CITY",
          "3708"};
}

std::string EntryId(int cycle, int writer, int index) {
  return absl::StrFormat("crash-c%d-w%d-%06d", cycle, writer, index);
}

// The same request every time it is asked for, so that a retry has the same
// fingerprint.
pb::CreateCatalogEntryRequest CreateRequest(int cycle, int writer, int index) {
  pb::CreateCatalogEntryRequest request;
  request.set_request_id(
      absl::StrFormat("crash-req-c%d-w%d-%06d", cycle, writer, index));
  request.set_catalog_entry_id(EntryId(cycle, writer, index));
  request.mutable_content()->set_name(
      absl::StrFormat("崩溃测试 %d-%d-%d", cycle, writer, index));
  request.mutable_content()->set_description("crash test draft");
  return request;
}

// Creates entries until a call fails (the kill).
void Write(const std::shared_ptr<grpc::Channel>& channel,
           const std::string& bearer, int cycle, int writer,
           const std::atomic<bool>& killing, WriterLog* log) {
  auto stub = pb::ProviderService::NewStub(channel);
  for (int index = 0;; ++index) {
    const pb::CreateCatalogEntryRequest request =
        CreateRequest(cycle, writer, index);
    pb::CreateCatalogEntryResponse response;
    auto context = NewContext(bearer, kCallTimeout);
    const grpc::Status status =
        stub->CreateCatalogEntry(context.get(), request, &response);
    if (status.ok()) {
      log->acked.push_back({index, response.receipt()});
      continue;
    }
    log->in_flight = index;
    log->in_flight_code = status.error_code();
    if (!killing.load()) {
      log->failed_before_kill = true;
      log->problems.push_back(
          absl::StrCat("call failed before the kill: ", status.error_code(),
                       " ", status.error_message()));
    }
    return;
  }
}

// After a restart: every acknowledged entry of `log` exists, its request id
// replays with the original sequences, and the first unacknowledged request
// retries without error.
void Verify(const std::shared_ptr<grpc::Channel>& channel,
            const std::string& bearer, int cycle, int writer, WriterLog* log) {
  auto provider = pb::ProviderService::NewStub(channel);
  auto query = pb::QueryService::NewStub(channel);
  auto problem = [&](const std::string& what) {
    if (log->problems.size() < 20) log->problems.push_back(what);
  };
  for (const Acked& acked : log->acked) {
    const std::string id = EntryId(cycle, writer, acked.index);
    pb::GetCatalogEntryRequest get;
    get.set_catalog_entry_id(id);
    pb::CatalogEntry entry;
    auto get_context = NewContext(bearer, kCallTimeout);
    const grpc::Status got =
        query->GetCatalogEntry(get_context.get(), get, &entry);
    if (!got.ok()) {
      problem(absl::StrCat("acknowledged ", id, " lost: ", got.error_code(),
                           " ", got.error_message()));
      continue;
    }
    if (entry.version() != 1 || entry.provider_organization() != "jn-gaj") {
      problem(absl::StrCat(id, " has version ", entry.version()));
    }
    pb::CreateCatalogEntryResponse retried;
    auto retry_context = NewContext(bearer, kCallTimeout);
    const grpc::Status status = provider->CreateCatalogEntry(
        retry_context.get(), CreateRequest(cycle, writer, acked.index),
        &retried);
    if (!status.ok()) {
      problem(absl::StrCat("retry of acknowledged ", id, " failed: ",
                           status.error_code(), " ", status.error_message()));
    } else if (!retried.receipt().replayed() ||
               retried.receipt().first_sequence() !=
                   acked.receipt.first_sequence() ||
               retried.receipt().last_sequence() !=
                   acked.receipt.last_sequence() ||
               retried.receipt().stream_version() != 1) {
      problem(absl::StrCat("retry of ", id, " did not replay the receipt: ",
                           retried.receipt().ShortDebugString(), " vs ",
                           acked.receipt.ShortDebugString()));
    }
  }
  if (log->in_flight >= 0) {
    const std::string id = EntryId(cycle, writer, log->in_flight);
    pb::CreateCatalogEntryResponse retried;
    auto context = NewContext(bearer, kCallTimeout);
    const grpc::Status status = provider->CreateCatalogEntry(
        context.get(), CreateRequest(cycle, writer, log->in_flight), &retried);
    if (!status.ok()) {
      problem(absl::StrCat("retry of in-flight ", id, " failed: ",
                           status.error_code(), " ", status.error_message()));
    } else if (retried.catalog_entry().catalog_entry_id() != id) {
      problem(absl::StrCat("retry of in-flight ", id, " answered for ",
                           retried.catalog_entry().catalog_entry_id()));
    }
  }
}

// Runs `fn(writer)` on kWriters threads and waits for them.
template <typename Fn>
void OnWriterThreads(Fn fn) {
  std::vector<std::thread> threads;
  for (int writer = 0; writer < kWriters; ++writer) {
    threads.emplace_back([&fn, writer] { fn(writer); });
  }
  for (std::thread& thread : threads) thread.join();
}

TEST_CASE("acknowledged writes survive SIGKILL and replay after restart",
          "[e2e][crash]") {
  const absl::Time test_start = absl::Now();
  testing::TempDir dir;
  REQUIRE_FALSE(dir.path().empty());
  const std::string key_file = dir.File("dev-hs256.key");
  const std::string data_dir = dir.File("data");
  REQUIRE(GenerateKeyFile(key_file).ok());
  std::vector<std::string> bearers;
  for (int writer = 0; writer < kWriters; ++writer) {
    absl::StatusOr<std::string> bearer = MintBearer(key_file, Writer(writer));
    REQUIRE(bearer.ok());
    bearers.push_back(*bearer);
  }

  auto started = ServerProcess::Start(data_dir, key_file);
  INFO(started.status().ToString());
  REQUIRE(started.ok());
  std::unique_ptr<ServerProcess> server = *std::move(started);
  // logs[cycle][writer]
  std::vector<std::vector<WriterLog>> logs(kCycles,
                                           std::vector<WriterLog>(kWriters));
  std::set<uint64_t> sequences;
  size_t total_acked = 0;

  for (int cycle = 0; cycle < kCycles; ++cycle) {
    INFO("cycle " << cycle);
    auto channel = Connect(server->address());
    REQUIRE(channel.ok());
    std::atomic<bool> killing = false;
    std::thread killer([&] {
      absl::SleepFor(kWriteTime);
      killing = true;
      server->Kill();
    });
    OnWriterThreads([&](int writer) {
      Write(*channel, bearers[writer], cycle, writer, killing,
            &logs[cycle][writer]);
    });
    killer.join();

    size_t acked = 0;
    for (int writer = 0; writer < kWriters; ++writer) {
      const WriterLog& log = logs[cycle][writer];
      INFO("writer " << writer << ": " << log.acked.size() << " acknowledged");
      CHECK_FALSE(log.failed_before_kill);
      CHECK(log.in_flight >= 0);
      CHECK(log.in_flight_code != grpc::StatusCode::OK);
      acked += log.acked.size();
      for (const Acked& a : log.acked) {
        CHECK(a.receipt.first_sequence() == a.receipt.last_sequence());
        CHECK(sequences.insert(a.receipt.first_sequence()).second);
      }
    }
    // The writers were writing when the server died.
    CHECK(acked > 0);
    total_acked += acked;
    WARN("cycle " << cycle << ": " << acked << " creates acknowledged before "
                  << "SIGKILL");

    started = ServerProcess::Start(data_dir, key_file);
    INFO(started.status().ToString());
    REQUIRE(started.ok());
    server = *std::move(started);
    channel = Connect(server->address());
    REQUIRE(channel.ok());
    OnWriterThreads([&](int writer) {
      Verify(*channel, bearers[writer], cycle, writer, &logs[cycle][writer]);
    });
    for (int writer = 0; writer < kWriters; ++writer) {
      INFO("writer " << writer);
      for (const std::string& problem : logs[cycle][writer].problems) {
        FAIL_CHECK(problem);
      }
      CHECK(logs[cycle][writer].problems.empty());
    }
  }

  // After three crashes, every acknowledged entry of every cycle is still
  // there. (The client goes away before the server stops, so that shutdown need
  // not wait for its connection.)
  {
    auto channel = Connect(server->address());
    REQUIRE(channel.ok());
    std::vector<int> lost(kWriters, 0);
    OnWriterThreads([&](int writer) {
      auto query = pb::QueryService::NewStub(*channel);
      for (int cycle = 0; cycle < kCycles; ++cycle) {
        for (const Acked& acked : logs[cycle][writer].acked) {
          pb::GetCatalogEntryRequest get;
          get.set_catalog_entry_id(EntryId(cycle, writer, acked.index));
          pb::CatalogEntry entry;
          auto context = NewContext(bearers[writer], kCallTimeout);
          if (!query->GetCatalogEntry(context.get(), get, &entry).ok()) {
            ++lost[writer];
          }
        }
      }
    });
    for (int writer = 0; writer < kWriters; ++writer) {
      INFO("writer " << writer);
      CHECK(lost[writer] == 0);
    }
  }
  CHECK(sequences.size() == total_acked);

  INFO(server->Log());
  CHECK(server->Stop() == 0);
  const ProcessResult audit = RunAuditBinary(data_dir);
  INFO("audit:\n" << audit.out << audit.err);
  CHECK(audit.exit_code == 0);
  CHECK_THAT(audit.out, Contains("AUDIT PASSED"));
  WARN("crash test took " << absl::FormatDuration(absl::Now() - test_start)
                          << " for " << total_acked << " acknowledged creates");
}

}  // namespace
}  // namespace opendata::e2e
