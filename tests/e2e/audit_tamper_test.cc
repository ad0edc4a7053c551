// opendata-audit against tampered data dirs: a data dir is built through the
// real server (which first records the shipped calendar years) and stopped;
// then, through a raw RocksDB handle, one byte of one stored catalog event
// value is flipped, an event is deleted (in the middle, or the last one), two
// events are swapped or a stream index entry is changed (each reported with the
// exact sequence; opendata-audit exits 1), or projection rows are changed,
// deleted or added (projection_different / missing / extra; exit 1). The
// untouched dir passes with exit 0. Forged checkpoints are tested with the
// checkpoints.
#include <catch2/catch.hpp>
#include <filesystem>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "jining/opendata/v1/catalog.pb.h"
#include "jining/opendata/v1/provider_service.grpc.pb.h"
#include "jining/opendata/v1/reviewer_service.grpc.pb.h"
#include "rocksdb/db.h"
#include "storage/db_layout.h"
#include "storage/event_store.h"
#include "storage/keys.h"
#include "tests/e2e/client_util.h"
#include "tests/e2e/server_process.h"
#include "tests/e2e/subprocess.h"
#include "tests/services/temp_dir.h"
#include "tools/audit/audit.h"

namespace opendata::e2e {
namespace {

namespace pb = ::jining::opendata::v1;
using Catch::Matchers::Contains;

// A raw read-write RocksDB handle on a (stopped) store, with every column
// family.
class RawStore {
 public:
  explicit RawStore(const std::string& dir) {
    rocksdb::DBOptions options;
    options.create_if_missing = false;
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* db = nullptr;
    const rocksdb::Status status = rocksdb::DB::Open(
        options, dir, ColumnFamilyDescriptors(), &handles, &db);
    INFO(status.ToString());
    REQUIRE(status.ok());
    db_.reset(db);
    handles_ = handles;
    families_ = AssignColumnFamilies(handles);
  }
  ~RawStore() {
    for (rocksdb::ColumnFamilyHandle* handle : handles_) {
      db_->DestroyColumnFamilyHandle(handle);
    }
    db_->Close();
  }

  std::string Get(rocksdb::ColumnFamilyHandle* family, const std::string& key) {
    std::string value;
    const rocksdb::Status status =
        db_->Get(rocksdb::ReadOptions(), family, key, &value);
    INFO(status.ToString());
    REQUIRE(status.ok());
    return value;
  }
  void Put(rocksdb::ColumnFamilyHandle* family, const std::string& key,
           const std::string& value) {
    REQUIRE(db_->Put(SyncWrite(), family, key, value).ok());
  }
  void Delete(rocksdb::ColumnFamilyHandle* family, const std::string& key) {
    REQUIRE(db_->Delete(SyncWrite(), family, key).ok());
  }
  const ColumnFamilies& families() const { return families_; }

 private:
  static rocksdb::WriteOptions SyncWrite() {
    rocksdb::WriteOptions options;
    options.sync = true;
    return options;
  }

  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  ColumnFamilies families_;
};

// What BuildDataDir recorded.
struct BuiltLog {
  // Sequence of the first catalog event (the create of jn-gaj-001), the one
  // whose stored value is damaged.
  uint64_t first_catalog_sequence = 0;
  // Sequence of the last event: the whole log.
  uint64_t events = 0;
  // Sequence of the publication of jn-gaj-002, which notifies org/jn-gaj (an
  // inbox row of the store's index).
  uint64_t published_sequence = 0;
};

// Builds a data dir through the real server: three entries, one of them
// submitted and published: seven catalog events (three creates, submitted and
// deadline_started, published and deadline_met) after those the server
// recorded at start-up.
BuiltLog BuildDataDir(const testing::TempDir& dir,
                      const std::string& data_dir) {
  BuiltLog built;
  const std::string key_file = dir.File("dev-hs256.key");
  REQUIRE(GenerateKeyFile(key_file).ok());
  auto server = ServerProcess::Start(data_dir, key_file);
  INFO(server.status().ToString());
  REQUIRE(server.ok());
  {
    // The client goes away before the server stops, so that shutdown need not
    // wait for its connection.
    auto channel = Connect((*server)->address());
    REQUIRE(channel.ok());
    auto provider_bearer = MintBearer(
        key_file, {"zhang.wei", "PROVIDER", "jn-gaj", "CITY", "3708"});
    auto reviewer_bearer =
        MintBearer(key_file, {"li.na", "REVIEWER", "jn-dsjj", "CITY", "3708"});
    REQUIRE(provider_bearer.ok());
    REQUIRE(reviewer_bearer.ok());
    auto provider = pb::ProviderService::NewStub(*channel);
    auto reviewer = pb::ReviewerService::NewStub(*channel);

    for (int i = 1; i <= 3; ++i) {
      pb::CreateCatalogEntryRequest create;
      create.set_request_id(absl::StrCat("tamper-create-", i));
      create.set_catalog_entry_id(absl::StrCat("jn-gaj-00", i));
      auto* content = create.mutable_content();
      content->set_name(absl::StrCat("公交线路站点 ", i));
      content->set_description("全市公交线路与站点位置");
      content->set_source_department("公交集团");
      content->set_domain("交通出行");
      content->set_data_format("CSV");
      content->mutable_coverage()->set_region_scope("济宁市全市");
      content->mutable_coverage()->set_time_start("2020-01-01");
      content->set_open_attribute(pb::OPEN_ATTRIBUTE_UNCONDITIONAL);
      content->set_update_frequency(pb::UPDATE_FREQUENCY_MONTHLY);
      content->add_service_modes(pb::SERVICE_MODE_FILE);
      auto* field = content->add_data_dictionary();
      field->set_name("line_no");
      field->set_type(pb::FIELD_TYPE_STRING);
      field->set_description("线路编号");
      auto* review = content->mutable_security_review();
      review->set_reviewed_by("市交通运输局");
      review->set_review_date("2026-01-20");
      review->set_conclusion("无敏感信息");
      review->set_passed(true);
      pb::CreateCatalogEntryResponse response;
      auto context = NewContext(*provider_bearer);
      const grpc::Status status =
          provider->CreateCatalogEntry(context.get(), create, &response);
      INFO(status.error_message());
      REQUIRE(status.ok());
      REQUIRE(response.receipt().first_sequence() ==
              response.receipt().last_sequence());
      if (i == 1) {
        built.first_catalog_sequence = response.receipt().first_sequence();
      }
    }
    // Start-up recorded at least the shipped calendar years before it.
    REQUIRE(built.first_catalog_sequence > 1);
    pb::SubmitCatalogEntryRequest submit;
    submit.set_request_id("tamper-submit-1");
    submit.set_catalog_entry_id("jn-gaj-002");
    pb::SubmitCatalogEntryResponse submitted;
    auto submit_context = NewContext(*provider_bearer);
    REQUIRE(
        provider->SubmitCatalogEntry(submit_context.get(), submit, &submitted)
            .ok());
    pb::PublishCatalogEntryRequest publish;
    publish.set_request_id("tamper-publish-1");
    publish.set_catalog_entry_id("jn-gaj-002");
    pb::PublishCatalogEntryResponse published;
    auto publish_context = NewContext(*reviewer_bearer);
    const grpc::Status status = reviewer->PublishCatalogEntry(
        publish_context.get(), publish, &published);
    REQUIRE(status.ok());
    // No event from anywhere else came between: 9 catalog events in a row
    // (the publication starts the two upkeep clocks of Art. 12).
    REQUIRE(published.receipt().last_sequence() ==
            built.first_catalog_sequence + 8);
    built.events = published.receipt().last_sequence();
    built.published_sequence = published.receipt().first_sequence();
  }
  REQUIRE((*server)->Stop() == 0);
  return built;
}

AuditReport Audit(const testing::TempDir& dir, const std::string& data_dir,
                  std::string* text) {
  std::ostringstream out;
  const std::string scratch = dir.File(absl::StrCat(
      "audit-scratch-", std::filesystem::path(data_dir).filename().string()));
  absl::StatusOr<AuditReport> report =
      opendata::RunAudit(data_dir, scratch, out);
  *text = out.str();
  INFO(report.status().ToString());
  REQUIRE(report.ok());
  return *report;
}

TEST_CASE("the audit passes an untouched data dir and fails tampered ones",
          "[e2e][audit]") {
  testing::TempDir dir;
  REQUIRE_FALSE(dir.path().empty());
  const std::string data_dir = dir.File("data");
  const BuiltLog built = BuildDataDir(dir, data_dir);

  SECTION("untouched") {
    std::string text;
    const AuditReport report = Audit(dir, data_dir, &text);
    INFO(text);
    CHECK(report.ok());
    CHECK(report.chain_ok);
    CHECK(report.events == built.events);
    CHECK(report.projection_rows > 0);
    const ProcessResult audit = RunAuditBinary(data_dir);
    INFO(audit.out << audit.err);
    CHECK(audit.exit_code == 0);
    CHECK_THAT(audit.out, Contains("AUDIT PASSED"));
  }

  SECTION("one flipped byte in a stored catalog event breaks the chain") {
    const uint64_t tampered = built.first_catalog_sequence;
    {
      RawStore raw(data_dir);
      const std::string key = storage_keys::EncodeUint64(tampered);
      std::string value = raw.Get(raw.families().events, key);
      // It is the create of jn-gaj-001 (the stored bytes hold its stream id).
      REQUIRE(value.find("catalog-entry/jn-gaj-001") != std::string::npos);
      REQUIRE(value.size() > 40);
      value[value.size() / 2] ^= 0x01;
      raw.Put(raw.families().events, key, value);
    }
    std::string text;
    const AuditReport report = Audit(dir, data_dir, &text);
    INFO(text);
    CHECK_FALSE(report.chain_ok);
    CHECK_FALSE(report.ok());
    CHECK_THAT(text, Contains(absl::StrCat("hash chain BROKEN at sequence ",
                                           tampered)));
    // Only that event: its successor still links to the recorded hash.
    CHECK(report.first_bad_sequence == tampered);
    CHECK(report.log_problems == 1);
    CHECK_THAT(text, Contains(absl::StrCat("  sequence ", tampered, ": ")));
    const ProcessResult audit = RunAuditBinary(data_dir);
    INFO(audit.out << audit.err);
    CHECK(audit.exit_code == 1);
    CHECK_THAT(audit.out, !Contains("AUDIT PASSED"));
  }

  SECTION("a deleted event in the middle is reported at its sequence") {
    // The create of jn-gaj-002.
    const uint64_t deleted = built.first_catalog_sequence + 1;
    {
      RawStore raw(data_dir);
      raw.Delete(raw.families().events, storage_keys::EncodeUint64(deleted));
    }
    std::string text;
    const AuditReport report = Audit(dir, data_dir, &text);
    INFO(text);
    CHECK_FALSE(report.chain_ok);
    CHECK(report.first_bad_sequence == deleted);
    CHECK(report.log_problems == 1);
    CHECK_THAT(text, Contains(absl::StrCat("  sequence ", deleted,
                                           ": event is missing\n")));
    CHECK_THAT(text, Contains(absl::StrCat("hash chain BROKEN at sequence ",
                                           deleted)));
    // Its index entry now points at nothing the log holds.
    CHECK_THAT(text,
               Contains(absl::StrCat("stream index entry catalog-entry/"
                                     "jn-gaj-002@1 -> ",
                                     deleted, " does not match the log")));
    CHECK_THAT(text, Contains("projections: not compared"));
    const ProcessResult audit = RunAuditBinary(data_dir);
    INFO(audit.out << audit.err);
    CHECK(audit.exit_code == 1);
    CHECK_THAT(audit.out, Contains("AUDIT FAILED"));
    // The read subcommands refuse the damaged stream, naming the sequence.
    const ProcessResult history =
        RunProcess({OPENDATA_AUDIT_BINARY, "history", "--data-dir=" + data_dir,
                    "--stream=catalog-entry/jn-gaj-002"});
    INFO(history.out << history.err);
    CHECK(history.exit_code == 1);
    CHECK_THAT(history.err,
               Contains(absl::StrCat("damaged at sequence ", deleted)));
  }

  SECTION("a deleted last event is reported against the chain head record") {
    {
      RawStore raw(data_dir);
      raw.Delete(raw.families().events,
                 storage_keys::EncodeUint64(built.events));
    }
    std::string text;
    const AuditReport report = Audit(dir, data_dir, &text);
    INFO(text);
    CHECK_FALSE(report.chain_ok);
    CHECK(report.first_bad_sequence == built.events);
    CHECK_THAT(text, Contains(absl::StrCat("  sequence ", built.events,
                                           ": event is missing (the chain "
                                           "head record names a later event")));
    const ProcessResult audit = RunAuditBinary(data_dir);
    INFO(audit.out << audit.err);
    CHECK(audit.exit_code == 1);
  }

  SECTION("two swapped events are each reported at their sequence") {
    const uint64_t first = built.first_catalog_sequence;
    {
      RawStore raw(data_dir);
      const std::string a = storage_keys::EncodeUint64(first);
      const std::string b = storage_keys::EncodeUint64(first + 1);
      const std::string value_a = raw.Get(raw.families().events, a);
      const std::string value_b = raw.Get(raw.families().events, b);
      raw.Put(raw.families().events, a, value_b);
      raw.Put(raw.families().events, b, value_a);
    }
    std::string text;
    const AuditReport report = Audit(dir, data_dir, &text);
    INFO(text);
    CHECK_FALSE(report.chain_ok);
    CHECK(report.first_bad_sequence == first);
    CHECK_THAT(text, Contains(absl::StrCat(
                         "  sequence ", first, ": stored under sequence ",
                         first, " but names sequence ", first + 1, "\n")));
    CHECK_THAT(text, Contains(absl::StrCat(
                         "  sequence ", first + 1, ": stored under sequence ",
                         first + 1, " but names sequence ", first, "\n")));
    // Each envelope still names its own stream position, so the index agrees.
    CHECK(report.stream_index_problems == 0);
    const ProcessResult audit = RunAuditBinary(data_dir);
    INFO(audit.out << audit.err);
    CHECK(audit.exit_code == 1);
    CHECK_THAT(audit.out,
               Contains(absl::StrCat("hash chain BROKEN at sequence ", first)));
  }

  SECTION("a changed stream index entry is reported with both sequences") {
    const uint64_t wrong = built.first_catalog_sequence;
    const uint64_t right = built.first_catalog_sequence + 1;
    {
      RawStore raw(data_dir);
      const std::string key =
          storage_keys::StreamIndexKey("catalog-entry/jn-gaj-002", 1);
      REQUIRE(raw.Get(raw.families().streams, key) ==
              storage_keys::EncodeUint64(right));
      raw.Put(raw.families().streams, key, storage_keys::EncodeUint64(wrong));
    }
    std::string text;
    const AuditReport report = Audit(dir, data_dir, &text);
    INFO(text);
    CHECK(report.chain_ok);
    CHECK(report.stream_index_problems == 2);
    CHECK_THAT(text, Contains(absl::StrCat("stream index entry catalog-entry/"
                                           "jn-gaj-002@1 -> ",
                                           wrong, " does not match the log")));
    CHECK_THAT(text, Contains(absl::StrCat("event ", right,
                                           " (catalog-entry/jn-gaj-002@1) "
                                           "missing from the stream index")));
    const ProcessResult audit = RunAuditBinary(data_dir);
    INFO(audit.out << audit.err);
    CHECK(audit.exit_code == 1);
    CHECK_THAT(audit.out, Contains("stream index: MISMATCH"));
  }

  SECTION("a changed projection row is reported as different") {
    {
      RawStore raw(data_dir);
      const std::string key = "catalog/entry/jn-gaj-002";
      pb::CatalogEntry entry;
      REQUIRE(entry.ParseFromString(raw.Get(raw.families().projections, key)));
      REQUIRE(entry.state() == pb::CATALOG_ENTRY_STATE_PUBLISHED);
      entry.mutable_content()->set_name("被篡改的名称");
      raw.Put(raw.families().projections, key, entry.SerializeAsString());
    }
    std::string text;
    const AuditReport report = Audit(dir, data_dir, &text);
    INFO(text);
    CHECK(report.chain_ok);
    CHECK(report.projection_different == 1);
    CHECK(report.projection_missing == 0);
    CHECK(report.projection_extra == 0);
    CHECK_FALSE(report.ok());
    const ProcessResult audit = RunAuditBinary(data_dir);
    INFO(audit.out << audit.err);
    CHECK(audit.exit_code == 1);
    CHECK_THAT(audit.out, Contains("AUDIT FAILED"));
  }

  SECTION("deleted and invented projection rows are reported") {
    {
      RawStore raw(data_dir);
      // Make sure the row exists before deleting it.
      raw.Get(raw.families().projections,
              "catalog/by-provider/jn-gaj/jn-gaj-001");
      raw.Delete(raw.families().projections,
                 "catalog/by-provider/jn-gaj/jn-gaj-001");
      raw.Put(raw.families().projections,
              "catalog/by-provider/jn-gaj/jn-gaj-999", "");
    }
    std::string text;
    const AuditReport report = Audit(dir, data_dir, &text);
    INFO(text);
    CHECK(report.chain_ok);
    CHECK(report.projection_missing == 1);
    CHECK(report.projection_extra == 1);
    CHECK(report.projection_different == 0);
    CHECK_FALSE(report.ok());
    const ProcessResult audit = RunAuditBinary(data_dir);
    INFO(audit.out << audit.err);
    CHECK(audit.exit_code == 1);
  }

  SECTION("the inbox index is rebuilt from the recorded recipients") {
    {
      RawStore raw(data_dir);
      const std::string notified =
          InboxRowKey("org/jn-gaj", built.published_sequence);
      CHECK(raw.Get(raw.families().projections, notified) ==
            "catalog_entry_published");
      // A notification that was never recorded, and one removed.
      raw.Delete(raw.families().projections, notified);
      raw.Put(raw.families().projections,
              InboxRowKey("org/jn-jtj", built.published_sequence),
              "catalog_entry_published");
    }
    std::string text;
    const AuditReport report = Audit(dir, data_dir, &text);
    INFO(text);
    CHECK(report.chain_ok);
    CHECK(report.projection_missing == 1);
    CHECK(report.projection_extra == 1);
    CHECK_FALSE(report.ok());
  }
}

}  // namespace
}  // namespace opendata::e2e
