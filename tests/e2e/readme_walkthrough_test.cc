// The README walk-through, verbatim: extracts the bash block between <!--
// walkthrough:begin --> and
// <!-- walkthrough:end --> and runs it with bash against the real
// opendata-server (grpcurl = opendata-rpc, 127.0.0.1:50051 = the test server),
// in a working dir holding build/bin and var/dev-hs256.key. Then checks the
// entry is PUBLISHED and that opendata-audit passes, beside the running server
// and after it stopped.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "jining/opendata/v1/query_service.grpc.pb.h"
#include "tests/e2e/binaries.h"
#include "tests/e2e/client_util.h"
#include "tests/e2e/server_process.h"
#include "tests/services/temp_dir.h"

namespace opendata::e2e {
namespace {

namespace pb = ::jining::opendata::v1;
using Catch::Matchers::Contains;

constexpr char kReadmeAddress[] = "127.0.0.1:50051";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The body of the ```bash block between the walk-through markers, without the
// fences. Fails the test if the README does not have that shape.
std::string WalkthroughBlock(const std::string& readme) {
  const size_t begin = readme.find("<!-- walkthrough:begin -->");
  const size_t end = readme.find("<!-- walkthrough:end -->");
  REQUIRE(begin != std::string::npos);
  REQUIRE(end != std::string::npos);
  REQUIRE(begin < end);
  const std::string between = readme.substr(begin, end - begin);
  const size_t fence = between.find("\n```bash\n");
  REQUIRE(fence != std::string::npos);
  const size_t body = fence + std::string("\n```bash\n").size();
  const size_t closing = between.rfind("\n```");
  REQUIRE(closing != std::string::npos);
  REQUIRE(closing >= body);
  return between.substr(body, closing - body + 1);
}

int Count(const std::string& text, const std::string& needle) {
  int count = 0;
  for (size_t at = text.find(needle); at != std::string::npos;
       at = text.find(needle, at + needle.size())) {
    ++count;
  }
  return count;
}

TEST_CASE("the README walk-through runs verbatim against a real server",
          "[e2e][readme]") {
  const std::string block = WalkthroughBlock(ReadFile(kReadme));
  REQUIRE(Count(block, kReadmeAddress) > 0);

  // Working dir: build/bin -> the built binaries, var/dev-hs256.key = the
  // server's key.
  testing::TempDir work;
  REQUIRE_FALSE(work.path().empty());
  std::filesystem::create_directories(work.File("build"));
  std::filesystem::create_directory_symlink(kBinaryDir, work.File("build/bin"));
  std::filesystem::create_directories(work.File("var"));
  const std::string key_file = work.File("var/dev-hs256.key");
  REQUIRE(GenerateKeyFile(key_file).ok());
  const std::string data_dir = work.File("var/data");
  auto server = ServerProcess::Start(data_dir, key_file);
  INFO(server.status().ToString());
  REQUIRE(server.ok());
  const std::string address = (*server)->address();

  const std::string script = absl::StrCat(
      "set -euo pipefail\n", "grpcurl() { '", kRpcBinary, "' \"$@\"; }\n",
      absl::StrReplaceAll(block, {{kReadmeAddress, address}}));
  {
    std::ofstream out(work.File("walkthrough.sh"), std::ios::binary);
    out << script;
  }
  const ProcessResult run = RunProcess({"/bin/bash", "walkthrough.sh"},
                                       work.path(), absl::Seconds(60));
  const std::string output = run.out + run.err;
  INFO("script:\n"
       << script << "\noutput:\n"
       << output << "\n"
       << (*server)->Log());
  CHECK_FALSE(run.timed_out);
  REQUIRE(run.exit_code == 0);

  // The refusals the README promises, with their reasons, each followed by the
  // script's echo.
  CHECK_THAT(output, Contains("ART7_CONDITION_REQUIRED"));
  CHECK_THAT(output, Contains("content.conditions"));
  CHECK_THAT(output, Contains("ONE_TIME_NOTICE_VIOLATION"));
  CHECK(Count(run.out, "refused, as the rules say") == 2);
  // The list, the health check, the review deadline and the published catalog.
  CHECK_THAT(run.out, Contains("jining.opendata.v1.ProviderService"));
  CHECK_THAT(run.out, Contains("\"status\": \"SERVING\""));
  CHECK_THAT(run.out, Contains("reviewDueTime"));
  CHECK_THAT(run.out, Contains("CATALOG_ENTRY_STATE_PUBLISHED"));
  CHECK_THAT(run.out, Contains("SEARCH_FIELD_NAME"));

  // Afterwards jn-gaj-001 is published, after two submissions. (The client goes
  // away before the server stops, so that shutdown need not wait for its
  // connection.)
  {
    absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = Connect(address);
    REQUIRE(channel.ok());
    absl::StatusOr<std::string> bearer = MintBearer(
        key_file, {"zhang.wei", "PROVIDER", "jn-gaj", "CITY", "3708"});
    REQUIRE(bearer.ok());
    auto query = pb::QueryService::NewStub(*channel);
    pb::GetCatalogEntryRequest get;
    get.set_catalog_entry_id("jn-gaj-001");
    pb::CatalogEntry entry;
    auto context = NewContext(*bearer);
    const grpc::Status got = query->GetCatalogEntry(context.get(), get, &entry);
    INFO(got.error_message());
    REQUIRE(got.ok());
    CHECK(entry.state() == pb::CATALOG_ENTRY_STATE_PUBLISHED);
    CHECK(entry.submissions() == 2);
    CHECK(entry.provider_organization() == "jn-gaj");
    CHECK(entry.content().conditions_size() == 1);
    REQUIRE(entry.last_notice().defects_size() == 1);
    CHECK(entry.last_notice().defects(0).field() == "description");
  }

  // The audit agrees with the log, beside the running server and after it
  // stopped.
  const ProcessResult live_audit = RunAuditBinary(data_dir);
  INFO("live audit:\n" << live_audit.out << live_audit.err);
  CHECK(live_audit.exit_code == 0);
  CHECK_THAT(live_audit.out, Contains("AUDIT PASSED"));
  CHECK((*server)->Stop() == 0);
  const ProcessResult audit = RunAuditBinary(data_dir);
  INFO("audit:\n" << audit.out << audit.err);
  CHECK(audit.exit_code == 0);
  CHECK_THAT(audit.out, Contains("AUDIT PASSED"));
}

}  // namespace
}  // namespace opendata::e2e
