// append_bench: durable append throughput of RocksEventStore against a raw
// RocksDB baseline, side by side in one process. Phase "raw": N threads each
// write synced single-event WriteBatches (a ~300-byte event value and a stream
// index key) to a fresh database. Phase "store": N threads each append
// single-event requests to their own stream through RocksEventStore::Append
// (expected version checked, idempotency key, one projection row). Phase
// "commands": N threads each run CreateCatalogEntry commands through the whole
// engine pipeline. Prints events/s, p50/p99 latency and the ratios to raw.
// A benchmark, not a test.
// Thread-safety: worker threads share only the database or store (both
// thread-safe) and an atomic counter; each keeps its own latency samples.
#include <stdlib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "common/sha256.h"
#include "engine/calendar_source.h"
#include "engine/pipeline/command_pipeline.h"
#include "rocksdb/db.h"
#include "storage/keys.h"
#include "storage/rocks_event_store.h"

ABSL_FLAG(int, threads, 64, "Concurrent callers per phase.");
ABSL_FLAG(double, seconds, 5, "Duration of each phase, in seconds.");
ABSL_FLAG(bool, sync, true,
          "Sync every write. --sync=false measures CPU cost alone.");
ABSL_FLAG(
    std::string, dir, "",
    "Directory for the two databases (raw/ and store/ are created in it; "
    "they must not exist). Empty: a fresh temporary directory under /tmp, "
    "removed afterwards.");

namespace opendata {
namespace {

using Clock = std::chrono::steady_clock;

struct PhaseResult {
  uint64_t events = 0;
  double seconds = 0;
  double p50_us = 0;
  double p99_us = 0;
  uint64_t errors = 0;
};

// Runs `op(thread, i)` on `threads` threads until `seconds` have passed; `op`
// returns false on failure.
template <typename Op>
PhaseResult RunPhase(int threads, double seconds, const Op& op) {
  std::vector<std::vector<double>> latencies(threads);
  std::atomic<uint64_t> errors{0};
  const auto start = Clock::now();
  const auto deadline = start + std::chrono::duration_cast<Clock::duration>(
                                    std::chrono::duration<double>(seconds));
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      latencies[t].reserve(1 << 16);
      for (uint64_t i = 0; Clock::now() < deadline; ++i) {
        const auto begin = Clock::now();
        if (!op(t, i)) ++errors;
        latencies[t].push_back(
            std::chrono::duration<double, std::micro>(Clock::now() - begin)
                .count());
      }
    });
  }
  for (auto& worker : workers) worker.join();
  PhaseResult result;
  result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::vector<double> all;
  for (const auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  result.errors = errors.load();
  result.events = all.size() - result.errors;
  if (!all.empty()) {
    result.p50_us = all[all.size() / 2];
    result.p99_us = all[std::min(all.size() - 1, all.size() * 99 / 100)];
  }
  return result;
}

// An event of about 300 bytes once stored.
EventEnvelope BenchEvent(int thread, uint64_t i) {
  EventEnvelope envelope;
  envelope.set_event_type("catalog_entry_edited");
  envelope.set_request_id(absl::StrCat("bench-", thread, "-", i));
  envelope.set_correlation_id(envelope.request_id());
  envelope.mutable_occurred_at()->set_seconds(1700000000);
  auto* actor = envelope.mutable_actor();
  actor->set_subject("provider-jn-gaj-001");
  actor->set_organization("11370800004343817X");
  actor->set_region("370800");
  auto* content = envelope.mutable_payload()
                      ->mutable_catalog_entry_edited()
                      ->mutable_content();
  content->set_name("济宁市道路运输经营许可信息");
  content->set_description(std::string(120, 'd'));
  content->set_source_department("济宁市交通运输局");
  envelope.mutable_payload()
      ->mutable_catalog_entry_edited()
      ->add_changed_fields("description");
  return envelope;
}

PhaseResult RunRaw(const std::string& dir, int threads, double seconds,
                   bool sync) {
  rocksdb::Options options;
  options.create_if_missing = true;
  rocksdb::DB* raw = nullptr;
  if (!rocksdb::DB::Open(options, dir, &raw).ok()) {
    std::fprintf(stderr, "cannot open %s\n", dir.c_str());
    std::exit(1);
  }
  std::unique_ptr<rocksdb::DB> db(raw);
  std::atomic<uint64_t> sequence{0};
  const std::string value(300, 'v');
  rocksdb::WriteOptions write_options;
  write_options.sync = sync;
  PhaseResult result = RunPhase(threads, seconds, [&](int thread, uint64_t i) {
    const uint64_t seq = ++sequence;
    rocksdb::WriteBatch batch;
    batch.Put(storage_keys::EncodeUint64(seq), value);
    batch.Put(storage_keys::StreamIndexKey(absl::StrCat("bench/", thread),
                                           static_cast<int64_t>(i + 1)),
              storage_keys::EncodeUint64(seq));
    return db->Write(write_options, &batch).ok();
  });
  db->Close();
  return result;
}

PhaseResult RunStore(const std::string& dir, int threads, double seconds,
                     bool sync) {
  RocksEventStoreOptions options;
  options.sync = sync;
  auto opened = RocksEventStore::Open(dir, options);
  if (!opened.ok()) {
    std::fprintf(stderr, "%s\n", opened.status().ToString().c_str());
    std::exit(1);
  }
  RocksEventStore& store = **opened;
  std::vector<int64_t> versions(threads, 0);
  return RunPhase(threads, seconds, [&](int thread, uint64_t i) {
    AppendRequest request;
    request.idempotency_key = absl::StrCat("bench/", thread, "/", i);
    request.fingerprint = Sha256(request.idempotency_key);
    StreamAppend& stream = request.streams.emplace_back();
    stream.stream_id = absl::StrCat("bench/", thread);
    stream.expected_version = versions[thread];
    stream.events.push_back(BenchEvent(thread, i));
    request.projection.push_back(
        {absl::StrCat("bench-row/", thread), absl::StrCat(i)});
    auto outcome = store.Append(std::move(request));
    if (!outcome.ok()) return false;
    versions[thread] = outcome->result.streams(0).last_version();
    return true;
  });
}

// Phase "commands": the whole engine path of a single-event command
// (idempotency lookup, stream read, authorization and validation in the
// decider, projection diff, append), CreateCatalogEntry on a fresh entry per
// call.
PhaseResult RunCommands(const std::string& dir, int threads, double seconds,
                        bool sync) {
  RocksEventStoreOptions options;
  options.sync = sync;
  auto opened = RocksEventStore::Open(dir, options);
  if (!opened.ok()) {
    std::fprintf(stderr, "%s\n", opened.status().ToString().c_str());
    std::exit(1);
  }
  CalendarSource calendar{WorkingCalendar()};
  CommandPipeline pipeline(opened->get(), &calendar);
  jining::opendata::v1::Actor actor;
  actor.set_subject("bench-provider");
  actor.set_role(jining::opendata::v1::ROLE_PROVIDER);
  actor.set_organization("jn-bench");
  actor.set_level(jining::opendata::v1::LEVEL_CITY);
  actor.set_region("3708");
  return RunPhase(threads, seconds, [&](int thread, uint64_t i) {
    jining::opendata::v1::Command command;
    auto* create = command.mutable_create_catalog_entry();
    create->set_catalog_entry_id(absl::StrCat("bench-", thread, "-", i));
    create->mutable_content()->set_name("基准测试数据集");
    create->mutable_content()->set_description("benchmark entry");
    CommandContext context{actor, absl::Now(),
                           absl::StrCat("bench-", thread, "-", i), ""};
    return pipeline.Execute(command, context).ok();
  });
}

void PrintRow(const char* name, const PhaseResult& r) {
  std::printf("%-18s %12.0f %10.0f %10.0f %8llu\n", name, r.events / r.seconds,
              r.p50_us, r.p99_us, static_cast<unsigned long long>(r.errors));
}

int Main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  const int threads = absl::GetFlag(FLAGS_threads);
  const double seconds = absl::GetFlag(FLAGS_seconds);
  const bool sync = absl::GetFlag(FLAGS_sync);
  std::string dir = absl::GetFlag(FLAGS_dir);
  const bool temporary = dir.empty();
  if (temporary) {
    std::string pattern = "/tmp/append_bench.XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) {
      std::perror("mkdtemp");
      return 1;
    }
    dir = pattern;
  }
  for (const char* sub : {"/raw", "/store", "/commands"}) {
    if (std::filesystem::exists(dir + sub)) {
      std::fprintf(stderr, "%s%s already exists\n", dir.c_str(), sub);
      return 1;
    }
  }
  std::printf("append_bench: %d threads, %.1f s per phase, %s writes, in %s\n",
              threads, seconds, sync ? "synced" : "unsynced", dir.c_str());
  const PhaseResult raw = RunRaw(dir + "/raw", threads, seconds, sync);
  const PhaseResult store = RunStore(dir + "/store", threads, seconds, sync);
  const PhaseResult commands =
      RunCommands(dir + "/commands", threads, seconds, sync);
  std::printf("%-18s %12s %10s %10s %8s\n", "phase", "events/s", "p50 us",
              "p99 us", "errors");
  PrintRow("raw rocksdb", raw);
  PrintRow("RocksEventStore", store);
  PrintRow("engine commands", commands);
  const double raw_rate = raw.events / raw.seconds;
  std::printf("ratio store/raw    %12.2f\n",
              (store.events / store.seconds) / raw_rate);
  std::printf("ratio commands/raw %12.2f\n",
              (commands.events / commands.seconds) / raw_rate);
  if (temporary) std::filesystem::remove_all(dir);
  return raw.errors == 0 && store.errors == 0 && commands.errors == 0 ? 0 : 1;
}

}  // namespace
}  // namespace opendata

int main(int argc, char** argv) { return opendata::Main(argc, argv); }
