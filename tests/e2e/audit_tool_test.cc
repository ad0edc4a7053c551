// opendata-audit's subcommands as a user runs them (the real binary):
// - golden files: a deterministic data dir (an in-process PlatformFixture
//   server with its FakeClock, fixed request ids "fixture-N" and fixed entry
//   ids; bearer tokens are not recorded, so the log's bytes are reproducible)
//   whose verify, history, state and export output must equal the files under
//   tests/e2e/golden/ byte for byte. To regenerate them after an intended
//   change of the output or of the recorded events, run
//     OPENDATA_UPDATE_GOLDEN=1 ./build/bin/audit_tool_test "[golden]"
//   and review the diff. Nothing in them depends on paths, time or pointers, so
//   they hold under the ASan build too.
// - beside a running server (a real opendata-server process) that keeps
//   accepting commands: verify passes and export / state / history answer from
//   a consistent prefix of the log.
// - usage errors (exit 2, naming the flag) and an unknown stream (exit 1).
#include <atomic>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "jining/opendata/v1/provider_service.grpc.pb.h"
#include "tests/e2e/client_util.h"
#include "tests/e2e/server_process.h"
#include "tests/e2e/subprocess.h"
#include "tests/services/catalog_samples.h"
#include "tests/services/platform_fixture.h"
#include "tests/services/temp_dir.h"
#include "tools/audit/audit_options.h"

namespace opendata::e2e {
namespace {

namespace pb = ::jining::opendata::v1;
using Catch::Matchers::Contains;
using testing::At;
using testing::kCityReviewer;
using testing::kGajProvider;
using testing::PlatformFixture;

ProcessResult Audit(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {OPENDATA_AUDIT_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunProcess(argv);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Compares `actual` with tests/e2e/golden/<name>, or rewrites the file when
// OPENDATA_UPDATE_GOLDEN=1.
void CheckGolden(const std::string& name, const std::string& actual) {
  const std::string path = absl::StrCat(OPENDATA_GOLDEN_DIR, "/", name);
  const char* update = std::getenv("OPENDATA_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << actual;
  }
  INFO("golden file " << path << " (OPENDATA_UPDATE_GOLDEN=1 regenerates it)");
  CHECK(actual == ReadFile(path));
}

// Runs the audit with `args` on `data_dir`, expects exit 0 and compares its
// stdout with the golden file `name`.
void CheckAuditGolden(const std::string& name, const std::string& data_dir,
                      std::vector<std::string> args) {
  args.push_back("--data-dir=" + data_dir);
  const ProcessResult run = Audit(args);
  INFO(name << ": " << run.err);
  CHECK(run.exit_code == 0);
  CHECK(run.err.empty());
  CheckGolden(name, run.out);
}

TEST_CASE("audit tool output matches the golden files",
          "[e2e][audit][golden]") {
  // Two entries; jn-gaj-001 submitted an hour later and published an hour
  // after that.
  PlatformFixture f;
  f.MustCreate(kGajProvider, "jn-gaj-001", testing::UnconditionalContent());
  f.MustCreate(kGajProvider, "jn-gaj-002", testing::UnconditionalContent());
  f.clock().Set(At("2026-02-13T11:00:00+08:00"));
  f.MustSubmit(kGajProvider, "jn-gaj-001");
  f.clock().Set(At("2026-02-13T12:00:00+08:00"));
  f.MustPublish(kCityReviewer, "jn-gaj-001");
  f.StopServer();
  const std::string data_dir = f.data_dir();
  const std::string first = absl::StrCat(f.startup_head() + 1);

  CheckAuditGolden("verify.txt", data_dir, {"verify"});
  CheckAuditGolden("history.txt", data_dir,
                   {"history", "--stream=catalog-entry/jn-gaj-001"});
  CheckAuditGolden(
      "history.jsonl", data_dir,
      {"history", "--stream=catalog-entry/jn-gaj-001", "--format=jsonl"});
  CheckAuditGolden("state_stream.txt", data_dir,
                   {"state", "--stream=catalog-entry/jn-gaj-001"});
  // Between the submission and the publication: pending review.
  CheckAuditGolden("state_stream_as_of_time.txt", data_dir,
                   {"state", "--stream=catalog-entry/jn-gaj-001",
                    "--as-of-time=2026-02-13T11:30:00+08:00"});
  // The platform once both entries existed, as text; at the end, as JSON.
  CheckAuditGolden("state_all.txt", data_dir,
                   {"state", "--all",
                    absl::StrCat("--as-of-sequence=", f.startup_head() + 2)});
  CheckAuditGolden("state_all.jsonl", data_dir,
                   {"state", "--all", "--format=jsonl"});
  CheckAuditGolden("export.jsonl", data_dir,
                   {"export", "--from-sequence=" + first});
  CheckAuditGolden("export_by_time.txt", data_dir,
                   {"export", "--from-time=2026-02-13T10:30:00+08:00",
                    "--to-time=2026-02-13T11:00:00+08:00", "--format=text"});

  // --out writes the same bytes as stdout.
  testing::TempDir out_dir;
  const std::string out_file = out_dir.File("export.jsonl");
  const ProcessResult to_file =
      Audit({"export", "--data-dir=" + data_dir, "--from-sequence=" + first,
             "--out=" + out_file});
  CHECK(to_file.exit_code == 0);
  CHECK(to_file.out.empty());
  CheckGolden("export.jsonl", ReadFile(out_file));
}

TEST_CASE("audit tool usage errors name the flag and exit 2", "[e2e][audit]") {
  testing::TempDir dir;
  const std::string data = "--data-dir=" + dir.File("data");
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"state", data}, "--stream"},
      {{"state", data, "--stream=x", "--all"}, "--stream"},
      {{"state", data, "--all", "--as-of-sequence=0"}, "--as-of-sequence"},
      {{"state", data, "--all", "--as-of-time=yesterday"}, "--as-of-time"},
      {{"state", data, "--all", "--as-of-sequence=3",
        "--as-of-time=2026-02-13T10:00:00+08:00"},
       "--as-of-time"},
      {{"history", data}, "--stream"},
      {{"history", data, "--stream=x", "--format=xml"}, "--format"},
      {{"history", data, "--stream=x", "--all"}, "--all"},
      {{"export", data, "--from-sequence=5", "--to-sequence=4"},
       "--to-sequence"},
      {{"export", data, "--from-sequence=1",
        "--to-time=2026-02-13T10:00:00+08:00"},
       "--from-time"},
      {{"verify", data, "--stream=x"}, "--stream"},
      {{"verify", data, data}, "--data-dir"},
      {{"verify"}, "--data-dir"},
      {{"frobnicate", data}, "frobnicate"},
  };
  for (const auto& [args, flag] : cases) {
    const ProcessResult run = Audit(args);
    INFO(absl::StrJoin(args, " ") << "\n" << run.err);
    CHECK(run.exit_code == 2);
    CHECK_THAT(run.err, Contains(flag));
    CHECK(run.out.empty());
  }
  const ProcessResult help = Audit({"--help"});
  CHECK(help.exit_code == 0);
  for (const char* word : {"verify", "state", "history", "export",
                           "--as-of-time", "occurred_at", "Exit status"}) {
    CHECK_THAT(help.out, Contains(word));
  }
}

TEST_CASE("audit tool reports an unknown stream with exit 1", "[e2e][audit]") {
  PlatformFixture f;
  f.MustCreate(kGajProvider, "jn-gaj-001", testing::UnconditionalContent());
  f.StopServer();
  const std::string data = "--data-dir=" + f.data_dir();
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{
           {"history", data, "--stream=catalog-entry/jn-gaj-404"},
           {"state", data, "--stream=catalog-entry/jn-gaj-404"}}) {
    const ProcessResult run = Audit(args);
    INFO(run.err);
    CHECK(run.exit_code == 1);
    CHECK_THAT(run.err, Contains("no such stream"));
  }
  // The stream exists, but not yet at sequence 1.
  const ProcessResult early =
      Audit({"state", data, "--stream=catalog-entry/jn-gaj-001",
             "--as-of-sequence=1"});
  CHECK(early.exit_code == 1);
  CHECK_THAT(early.err, Contains("no such stream as of sequence 1"));
}

// The "sequence" of each line of an export, in order.
std::vector<uint64_t> ExportedSequences(const std::string& jsonl) {
  std::vector<uint64_t> sequences;
  for (absl::string_view line :
       absl::StrSplit(jsonl, '\n', absl::SkipEmpty())) {
    const absl::string_view prefix = "{\"sequence\":";
    REQUIRE(line.substr(0, prefix.size()) == prefix);
    const absl::string_view rest = line.substr(prefix.size());
    uint64_t sequence = 0;
    REQUIRE(absl::SimpleAtoi(rest.substr(0, rest.find(',')), &sequence));
    sequences.push_back(sequence);
  }
  return sequences;
}

TEST_CASE("audit tool beside a running server that keeps accepting commands",
          "[e2e][audit][live]") {
  testing::TempDir dir;
  const std::string data_dir = dir.File("data");
  const std::string key_file = dir.File("dev-hs256.key");
  REQUIRE(GenerateKeyFile(key_file).ok());
  auto server = ServerProcess::Start(data_dir, key_file);
  INFO(server.status().ToString());
  REQUIRE(server.ok());
  auto bearer =
      MintBearer(key_file, {"zhang.wei", "PROVIDER", "jn-gaj", "CITY", "3708"});
  REQUIRE(bearer.ok());

  // A client creating entries until told to stop; `head` is the last
  // sequence acknowledged to it.
  std::atomic<bool> stop{false};
  std::atomic<int> created{0};
  std::atomic<uint64_t> head{0};
  std::atomic<int> failures{0};
  std::thread writer([&] {
    auto channel = Connect((*server)->address());
    if (!channel.ok()) {
      ++failures;
      return;
    }
    auto provider = pb::ProviderService::NewStub(*channel);
    for (int i = 100; !stop.load(); ++i) {
      pb::CreateCatalogEntryRequest request;
      request.set_request_id(absl::StrCat("live-", i));
      request.set_catalog_entry_id(absl::StrCat("jn-gaj-", i));
      *request.mutable_content() = testing::UnconditionalContent();
      pb::CreateCatalogEntryResponse response;
      auto context = NewContext(*bearer);
      if (!provider->CreateCatalogEntry(context.get(), request, &response)
               .ok()) {
        ++failures;
        return;
      }
      head.store(response.receipt().last_sequence());
      ++created;
    }
  });

  // Every run sees a consistent prefix of a log that grows meanwhile: at
  // least everything acknowledged before it started, from 1 without gaps.
  std::vector<uint64_t> exported_last;
  for (int round = 0; round < 3; ++round) {
    while (created.load() < 5 * (round + 1) && failures.load() == 0) {
      std::this_thread::yield();
    }
    REQUIRE(failures.load() == 0);
    const uint64_t acknowledged = head.load();
    const ProcessResult verify = Audit({"verify", "--data-dir=" + data_dir});
    INFO(verify.out << verify.err);
    CHECK(verify.exit_code == 0);
    CHECK_THAT(verify.out, Contains("AUDIT PASSED"));

    const ProcessResult exported = Audit({"export", "--data-dir=" + data_dir});
    INFO(exported.err);
    REQUIRE(exported.exit_code == 0);
    const std::vector<uint64_t> sequences = ExportedSequences(exported.out);
    REQUIRE_FALSE(sequences.empty());
    for (size_t i = 0; i < sequences.size(); ++i) {
      CHECK(sequences[i] == i + 1);
    }
    CHECK(sequences.back() >= acknowledged);
    exported_last.push_back(sequences.back());

    const ProcessResult history = Audit({"history", "--data-dir=" + data_dir,
                                         "--stream=catalog-entry/jn-gaj-100"});
    INFO(history.err);
    CHECK(history.exit_code == 0);
    CHECK_THAT(history.out, Contains("catalog_entry_created"));
    const ProcessResult state =
        Audit({"state", "--all", "--data-dir=" + data_dir});
    INFO(state.err);
    CHECK(state.exit_code == 0);
    CHECK_THAT(state.out, Contains("row catalog/entry/jn-gaj-100\n"));
  }
  stop.store(true);
  writer.join();
  CHECK(failures.load() == 0);
  // No run saw beyond the head the server reached.
  for (uint64_t last : exported_last) CHECK(last <= head.load());
  CHECK((*server)->Stop() == 0);
}

TEST_CASE("audit options parse subcommands and ranges", "[e2e][audit]") {
  auto verify = ParseAuditArgs({"--data-dir=/d"});
  REQUIRE(verify.ok());
  CHECK(verify->command == AuditCommand::kVerify);
  CHECK(verify->data_dir == "/d");

  auto state = ParseAuditArgs({"state", "--data-dir=/d", "--all",
                               "--as-of-time=2026-02-13T10:00:00+08:00",
                               "--format=jsonl"});
  REQUIRE(state.ok());
  CHECK(state->command == AuditCommand::kState);
  CHECK(state->all);
  CHECK(state->format == OutputFormat::kJsonl);
  REQUIRE(state->range.to_time.has_value());
  CHECK(*state->range.to_time == At("2026-02-13T10:00:00+08:00"));
  CHECK(state->range.Contains(7, At("2026-02-13T10:00:00+08:00")));
  CHECK_FALSE(state->range.Contains(7, At("2026-02-13T10:00:01+08:00")));

  auto exported = ParseAuditArgs(
      {"export", "--data-dir=/d", "--from-sequence=3", "--to-sequence=9"});
  REQUIRE(exported.ok());
  CHECK(exported->format == OutputFormat::kJsonl);
  CHECK_FALSE(exported->range.Contains(2, At("2026-02-13T10:00:00+08:00")));
  CHECK(exported->range.Contains(3, At("2026-02-13T10:00:00+08:00")));
  CHECK(exported->range.Contains(9, At("2026-02-13T10:00:00+08:00")));
  CHECK_FALSE(exported->range.Contains(10, At("2026-02-13T10:00:00+08:00")));
}

}  // namespace
}  // namespace opendata::e2e
