// The shipped calendar years across restarts of the real opendata-server: the
// first start records 2025 and 2026 (CalendarYearLoaded on "calendar/2025" and
// "calendar/2026", by the platform); later starts find them in the log and
// record nothing (revision and record time unchanged, the log head unchanged),
// and the audit passes.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "jining/opendata/v1/admin_service.grpc.pb.h"
#include "jining/opendata/v1/provider_service.grpc.pb.h"
#include "storage/rocks_event_store.h"
#include "tests/e2e/client_util.h"
#include "tests/e2e/server_process.h"
#include "tests/services/temp_dir.h"

namespace opendata::e2e {
namespace {

namespace pb = ::jining::opendata::v1;
using Catch::Matchers::Contains;

const Principal kOperator{"chen.jie", "OPERATOR", "jn-dsjj-ops", "CITY",
                          "3708"};
const Principal kProvider{"zhang.wei", "PROVIDER", "jn-gaj", "CITY", "3708"};

// Every event of the (stopped) store in `data_dir`, opened read-only.
std::vector<pb::EventEnvelope> LogOf(const std::string& data_dir) {
  RocksEventStoreOptions options;
  options.read_only = true;
  auto store = RocksEventStore::Open(data_dir, options);
  INFO(store.status().ToString());
  REQUIRE(store.ok());
  auto events = (*store)->ReadAll(1, 1 << 20);
  INFO(events.status().ToString());
  REQUIRE(events.ok());
  REQUIRE(events->size() == (*store)->LastSequence());
  std::vector<pb::EventEnvelope> out;
  for (const RecordedEvent& e : *events) out.push_back(e.envelope);
  return out;
}

// Starts the server on `data_dir`, lists the calendar years as an operator,
// optionally creates `create_id` as a provider (returning its sequence in
// `*created_sequence`), and stops the server cleanly.
pb::ListCalendarYearsResponse RunOnce(const std::string& data_dir,
                                      const std::string& key_file,
                                      const std::string& create_id = "",
                                      uint64_t* created_sequence = nullptr) {
  auto server = ServerProcess::Start(data_dir, key_file);
  INFO(server.status().ToString());
  REQUIRE(server.ok());
  pb::ListCalendarYearsResponse years;
  {
    // The client goes away before the server stops, so that shutdown need not
    // wait for its connection.
    auto channel = Connect((*server)->address());
    REQUIRE(channel.ok());
    auto operator_bearer = MintBearer(key_file, kOperator);
    REQUIRE(operator_bearer.ok());
    auto admin = pb::AdminService::NewStub(*channel);
    auto context = NewContext(*operator_bearer);
    const grpc::Status listed =
        admin->ListCalendarYears(context.get(), {}, &years);
    INFO(listed.error_message());
    REQUIRE(listed.ok());
    if (!create_id.empty()) {
      auto provider_bearer = MintBearer(key_file, kProvider);
      REQUIRE(provider_bearer.ok());
      auto provider = pb::ProviderService::NewStub(*channel);
      pb::CreateCatalogEntryRequest create;
      create.set_request_id(absl::StrCat("restart-", create_id));
      create.set_catalog_entry_id(create_id);
      create.mutable_content()->set_name("公交线路站点");
      create.mutable_content()->set_description("restart test draft");
      pb::CreateCatalogEntryResponse created;
      auto create_context = NewContext(*provider_bearer);
      const grpc::Status status =
          provider->CreateCatalogEntry(create_context.get(), create, &created);
      INFO(status.error_message());
      REQUIRE(status.ok());
      REQUIRE(created.receipt().first_sequence() ==
              created.receipt().last_sequence());
      *created_sequence = created.receipt().first_sequence();
    }
  }
  INFO((*server)->Log());
  REQUIRE((*server)->Stop() == 0);
  return years;
}

TEST_CASE("the shipped calendar years are recorded on the first start only",
          "[e2e][restart][calendar]") {
  testing::TempDir dir;
  REQUIRE_FALSE(dir.path().empty());
  const std::string key_file = dir.File("dev-hs256.key");
  const std::string data_dir = dir.File("data");
  REQUIRE(GenerateKeyFile(key_file).ok());

  const pb::ListCalendarYearsResponse first = RunOnce(data_dir, key_file);
  REQUIRE(first.years_size() == 2);
  CHECK(first.years(0).calendar().year() == 2025);
  CHECK(first.years(1).calendar().year() == 2026);
  for (const pb::CalendarYearRecord& record : first.years()) {
    INFO("year " << record.calendar().year());
    CHECK(record.revision() == 1);
    CHECK(record.recorded_by().subject() == "opendata-scheduler");
    CHECK(record.recorded_by().role() == pb::ROLE_SYSTEM);
  }
  // The first start recorded exactly the two years, nothing else.
  const std::vector<pb::EventEnvelope> log = LogOf(data_dir);
  REQUIRE(log.size() == 2);
  CHECK(log[0].stream_id() == "calendar/2025");
  CHECK(log[1].stream_id() == "calendar/2026");
  for (const pb::EventEnvelope& event : log) {
    CHECK(event.event_type() == "calendar_year_loaded");
    CHECK(event.payload().calendar_year_loaded().revision() == 1);
  }
  const uint64_t head = log.size();

  // Second start: the years are as first recorded, and the next event is the
  // one the provider causes.
  uint64_t created = 0;
  const pb::ListCalendarYearsResponse second =
      RunOnce(data_dir, key_file, "jn-gaj-001", &created);
  REQUIRE(second.years_size() == 2);
  for (int i = 0; i < 2; ++i) {
    INFO("year " << first.years(i).calendar().year());
    CHECK(second.years(i).revision() == 1);
    CHECK(second.years(i).record_time().seconds() ==
          first.years(i).record_time().seconds());
    CHECK(second.years(i).record_time().nanos() ==
          first.years(i).record_time().nanos());
  }
  CHECK(created == head + 1);
  CHECK(LogOf(data_dir).size() == head + 1);

  // Third start: nothing at all is recorded.
  const pb::ListCalendarYearsResponse third = RunOnce(data_dir, key_file);
  REQUIRE(third.years_size() == 2);
  CHECK(third.years(0).revision() == 1);
  CHECK(third.years(1).revision() == 1);
  CHECK(LogOf(data_dir).size() == head + 1);

  const ProcessResult audit = RunAuditBinary(data_dir);
  INFO(audit.out << audit.err);
  CHECK(audit.exit_code == 0);
  CHECK_THAT(audit.out, Contains("AUDIT PASSED"));
}

}  // namespace
}  // namespace opendata::e2e
