// Signed checkpoints and event receipts end to end: a real server (the
// in-process PlatformFixture) hands out a receipt that the opendata-audit
// binary verifies offline with the published public key, and whose checkpoint
// signature the openssl CLI verifies too; who may have receipts; the
// checkpoint key created on first start and reused after a restart; and the
// audit (RunAudit and opendata-audit) finding forged checkpoints and events
// deleted after a checkpoint covered them, each reported with its tree size.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/ed25519.h"
#include "common/sha256.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"
#include "jining/opendata/v1/audit_service.grpc.pb.h"
#include "rocksdb/db.h"
#include "storage/checkpoint.h"
#include "storage/db_layout.h"
#include "storage/keys.h"
#include "storage/rocks_event_store.h"
#include "tests/e2e/binaries.h"
#include "tests/e2e/subprocess.h"
#include "tests/services/catalog_samples.h"
#include "tests/services/platform_fixture.h"
#include "tests/services/status_details.h"
#include "tools/audit/audit.h"

namespace opendata::e2e {
namespace {

namespace pb = ::jining::opendata::v1;
using Catch::Matchers::Contains;
using testing::PlatformFixture;

void WriteFile(const std::string& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary);
  out << data;
  REQUIRE(out.good());
}

// Runs a program to completion; returns its exit code, stdout then stderr in
// `output`.
int Run(const std::vector<std::string>& argv, std::string* output = nullptr) {
  auto process = Subprocess::Spawn(argv);
  REQUIRE(process.ok());
  const int code = (*process)->Wait(absl::Seconds(60));
  if (output != nullptr) *output = (*process)->Stdout() + (*process)->Stderr();
  return code;
}

// AuditService over the fixture's port.
class AuditClient {
 public:
  explicit AuditClient(PlatformFixture& f) : f_(f) { Connect(); }
  void Connect() {
    stub_ = pb::AuditService::NewStub(
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", f_.port()),
                            grpc::InsecureChannelCredentials()));
  }
  grpc::Status Receipt(const testing::Identity& who, uint64_t sequence,
                       pb::GetEventReceiptResponse* out) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", f_.Bearer(who));
    pb::GetEventReceiptRequest request;
    request.set_sequence(sequence);
    return stub_->GetEventReceipt(&context, request, out);
  }
  pb::GetCheckpointPublicKeyResponse PublicKey(const testing::Identity& who) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", f_.Bearer(who));
    pb::GetCheckpointPublicKeyResponse out;
    const grpc::Status status = stub_->GetCheckpointPublicKey(
        &context, pb::GetCheckpointPublicKeyRequest(), &out);
    INFO(status.error_message());
    REQUIRE(status.ok());
    return out;
  }
  pb::SignedCheckpoint Latest(const testing::Identity& who) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", f_.Bearer(who));
    pb::GetLatestCheckpointResponse out;
    const grpc::Status status = stub_->GetLatestCheckpoint(
        &context, pb::GetLatestCheckpointRequest(), &out);
    INFO(status.error_message());
    REQUIRE(status.ok());
    return out.checkpoint();
  }

 private:
  PlatformFixture& f_;
  std::unique_ptr<pb::AuditService::Stub> stub_;
};

// A provider's catalog entry: its creation event's sequence.
uint64_t CreateEntry(PlatformFixture& f, const std::string& id) {
  f.MustCreate(testing::kGajProvider, id, testing::UnconditionalContent());
  return f.RecordedHead();
}

std::string KeyFile(PlatformFixture& f) {
  return f.data_dir() + "/keys/checkpoint-ed25519.pem";
}

// RunAudit over the fixture's (stopped) data dir; the report text in `text`.
AuditReport Audit(PlatformFixture& f, std::string* text) {
  testing::TempDir scratch;
  std::ostringstream out;
  absl::StatusOr<AuditReport> report =
      RunAudit(f.data_dir(), scratch.File("secondary"), out);
  *text = out.str();
  INFO(*text);
  REQUIRE(report.ok());
  return *report;
}

std::unique_ptr<RocksEventStore> OpenStore(const std::string& dir) {
  auto store = RocksEventStore::Open(dir, RocksEventStoreOptions());
  INFO(store.status().ToString());
  REQUIRE(store.ok());
  return *std::move(store);
}

TEST_CASE("receipt checks offline with opendata-audit and openssl",
          "[receipt]") {
  PlatformFixture f;
  AuditClient audit(f);
  const uint64_t sequence = CreateEntry(f, "jn-gaj-901");
  CreateEntry(f, "jn-gaj-902");

  pb::GetEventReceiptResponse receipt;
  const grpc::Status status =
      audit.Receipt(testing::kGajProvider, sequence, &receipt);
  INFO(testing::Describe(status));
  REQUIRE(status.ok());
  CHECK(receipt.sequence() == sequence);
  CHECK(receipt.leaf_index() == sequence - 1);
  CHECK(Sha256(receipt.stored_envelope()) == receipt.event_hash());
  CHECK(receipt.checkpoint().tree_size() >= sequence + 1);

  const pb::GetCheckpointPublicKeyResponse key =
      audit.PublicKey(testing::kCitizen);
  CHECK(key.key_id() == receipt.checkpoint().key_id());
  CHECK(key.public_key().size() == 32);
  std::ifstream published(f.data_dir() + "/keys/checkpoint-ed25519.pub.pem");
  std::stringstream published_pem;
  published_pem << published.rdbuf();
  CHECK(published_pem.str() == key.public_key_pem());

  testing::TempDir dir;
  WriteFile(dir.File("pub.pem"), key.public_key_pem());
  std::string json;
  REQUIRE(google::protobuf::util::MessageToJsonString(receipt, &json).ok());
  WriteFile(dir.File("receipt.json"), json);
  std::string output;
  CHECK(Run({kAuditBinary, "verify-receipt",
             "--receipt=" + dir.File("receipt.json"),
             "--public-key=" + dir.File("pub.pem")},
            &output) == 0);
  CHECK_THAT(output, Contains("RECEIPT VALID"));
  CHECK_THAT(output, Contains("inclusion proof"));

  // The receipt as opendata-rpc (grpcurl) prints it checks the same way.
  std::string printed;
  const int rpc_code =
      Run({kRpcBinary, "-plaintext", "-H",
           "authorization: " + f.Bearer(testing::kGajProvider), "-d",
           absl::StrCat("{\"sequence\": \"", sequence, "\"}"),
           absl::StrCat("127.0.0.1:", f.port()),
           "jining.opendata.v1.AuditService/GetEventReceipt"},
          &printed);
  INFO(printed);
  REQUIRE(rpc_code == 0);
  WriteFile(dir.File("printed.json"), printed);
  CHECK(Run({kAuditBinary, "verify-receipt",
             "--receipt=" + dir.File("printed.json"),
             "--public-key=" + dir.File("pub.pem")},
            &output) == 0);
  CHECK_THAT(output, Contains("RECEIPT VALID"));

  // The openssl CLI checks the checkpoint signature over the canonical text.
  WriteFile(dir.File("checkpoint.txt"),
            CheckpointMessage(receipt.checkpoint()));
  WriteFile(dir.File("checkpoint.sig"), receipt.checkpoint().signature());
  const std::vector<std::string> openssl = {"/usr/bin/openssl",
                                            "pkeyutl",
                                            "-verify",
                                            "-pubin",
                                            "-inkey",
                                            dir.File("pub.pem"),
                                            "-rawin",
                                            "-in",
                                            dir.File("checkpoint.txt"),
                                            "-sigfile",
                                            dir.File("checkpoint.sig")};
  CHECK(Run(openssl, &output) == 0);
  CHECK_THAT(output, Contains("Signature Verified Successfully"));
  std::string forged_sig = receipt.checkpoint().signature();
  forged_sig[10] ^= 1;
  WriteFile(dir.File("checkpoint.sig"), forged_sig);
  CHECK(Run(openssl) != 0);

  // A receipt whose event bytes were changed no longer checks.
  pb::GetEventReceiptResponse forged = receipt;
  std::string envelope = forged.stored_envelope();
  envelope[envelope.size() / 2] ^= 1;
  forged.set_stored_envelope(envelope);
  json.clear();  // MessageToJsonString appends.
  REQUIRE(google::protobuf::util::MessageToJsonString(forged, &json).ok());
  WriteFile(dir.File("forged.json"), json);
  const int forged_code = Run(
      {kAuditBinary, "verify-receipt", "--receipt=" + dir.File("forged.json"),
       "--public-key=" + dir.File("pub.pem")},
      &output);
  INFO(output);
  CHECK(forged_code == 1);
  CHECK_THAT(output, Contains("FAILED event hash"));
  CHECK_THAT(output, Contains("RECEIPT INVALID"));
  // Another key does not check it either.
  absl::StatusOr<Ed25519Signer> other = Ed25519Signer::Generate();
  REQUIRE(other.ok());
  WriteFile(dir.File("other.pem"), other->public_key_pem());
  CHECK(Run({kAuditBinary, "verify-receipt",
             "--receipt=" + dir.File("receipt.json"),
             "--public-key=" + dir.File("other.pem")},
            &output) == 1);
  CHECK_THAT(output, Contains("FAILED Ed25519 signature"));
}

TEST_CASE("receipt authorization follows the event's parties", "[receipt]") {
  PlatformFixture f;
  AuditClient audit(f);
  const uint64_t sequence = CreateEntry(f, "jn-gaj-911");
  pb::GetEventReceiptResponse out;
  for (const testing::Identity& who :
       {testing::kGajProvider, testing::kAuditor, testing::kOperator,
        testing::kCityReviewer}) {
    INFO(who.subject);
    CHECK(audit.Receipt(who, sequence, &out).ok());
  }
  // A county reviewer gets receipts only for events that notified its region;
  // this one is a city provider's draft.
  for (const testing::Identity& who :
       {testing::kJtjProvider, testing::kCitizen, testing::kRenchengReviewer}) {
    INFO(who.subject);
    const grpc::Status denied = audit.Receipt(who, sequence, &out);
    CHECK(denied.error_code() == grpc::StatusCode::PERMISSION_DENIED);
    CHECK(testing::ErrorReason(denied) == "RECEIPT_NOT_ALLOWED");
  }
  const grpc::Status zero = audit.Receipt(testing::kAuditor, 0, &out);
  CHECK(zero.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(testing::ErrorReason(zero) == "RECEIPT_REQUEST_INVALID");
  const grpc::Status beyond =
      audit.Receipt(testing::kAuditor, sequence + 100, &out);
  CHECK(beyond.error_code() == grpc::StatusCode::NOT_FOUND);
  CHECK(testing::ErrorReason(beyond) == "EVENT_NOT_FOUND");
  // Anyone authenticated reads the key and the latest checkpoint.
  const pb::SignedCheckpoint latest = audit.Latest(testing::kCitizen);
  CHECK(latest.tree_size() == sequence);
  CHECK(VerifyCheckpointSignature(
      latest, audit.PublicKey(testing::kCitizen).public_key()));
}

TEST_CASE("checkpoint key is created on first start and reused after restart",
          "[receipt]") {
  PlatformFixture f;
  AuditClient audit(f);
  const std::string key_id = audit.PublicKey(testing::kAuditor).key_id();
  struct stat info;
  REQUIRE(stat(KeyFile(f).c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);
  CreateEntry(f, "jn-gaj-921");
  const pb::SignedCheckpoint before = audit.Latest(testing::kAuditor);
  f.StopServer();
  f.StartServer();
  audit.Connect();
  CHECK(audit.PublicKey(testing::kAuditor).key_id() == key_id);
  const uint64_t later = CreateEntry(f, "jn-gaj-922");
  pb::GetEventReceiptResponse receipt;
  REQUIRE(audit.Receipt(testing::kAuditor, later, &receipt).ok());
  CHECK(receipt.checkpoint().key_id() == key_id);
  CHECK(receipt.checkpoint().tree_size() > before.tree_size());
  f.StopServer();
  std::string text;
  const AuditReport report = Audit(f, &text);
  CHECK(report.ok());
  CHECK(report.checkpoint_problems == 0);
  CHECK_THAT(text, Contains(" checked, ok"));
}

TEST_CASE("audit reports forged checkpoints with their tree size",
          "[receipt]") {
  PlatformFixture f;
  AuditClient audit(f);
  CreateEntry(f, "jn-gaj-931");
  const pb::SignedCheckpoint real = audit.Latest(testing::kAuditor);
  const uint64_t n = real.tree_size();
  f.StopServer();
  std::string expected;
  {
    auto store = OpenStore(f.data_dir());
    pb::SignedCheckpoint forged = real;
    SECTION("signature bytes changed") {
      std::string signature = forged.signature();
      signature[0] ^= 1;
      forged.set_signature(signature);
      expected =
          absl::StrCat("checkpoint at tree size ", n, ": signature INVALID");
    }
    SECTION("root changed and signed with another key") {
      absl::StatusOr<Ed25519Signer> other = Ed25519Signer::Generate();
      REQUIRE(other.ok());
      auto resigned =
          SignCheckpoint(n, Sha256("forged root"), real.last_event_hash(),
                         absl::Now(), *other);
      REQUIRE(resigned.ok());
      forged = *resigned;
      expected = absl::StrCat("checkpoint at tree size ", n,
                              ": signed by unknown key id ", other->key_id());
    }
    SECTION("tree beyond the log signed with the server key") {
      auto key = LoadEd25519KeyFile(KeyFile(f), false);
      REQUIRE(key.ok());
      auto beyond = SignCheckpoint(n + 5, real.root_hash(),
                                   real.last_event_hash(), absl::Now(), *key);
      REQUIRE(beyond.ok());
      forged = *beyond;
      expected = absl::StrCat("checkpoint at tree size ", n + 5,
                              ": covers events up to ", n + 5,
                              " but the log ends at event ", n);
    }
    REQUIRE(store->PutCheckpoint(forged).ok());
  }
  std::string text;
  const AuditReport report = Audit(f, &text);
  CHECK_FALSE(report.ok());
  CHECK(report.checkpoint_problems >= 1);
  CHECK_THAT(text, Contains(expected));
  std::string output;
  CHECK(Run({kAuditBinary, "--data-dir=" + f.data_dir()}, &output) == 1);
  CHECK_THAT(output, Contains(expected));
}

TEST_CASE("audit reports an event deleted after a checkpoint covered it",
          "[receipt]") {
  PlatformFixture f;
  AuditClient audit(f);
  CreateEntry(f, "jn-gaj-941");
  CreateEntry(f, "jn-gaj-942");
  const uint64_t n = audit.Latest(testing::kAuditor).tree_size();
  f.StopServer();
  std::string previous_hash;
  {
    auto store = OpenStore(f.data_dir());
    auto events = store->ReadAll(n - 1, 1);
    REQUIRE(events.ok());
    previous_hash = events->front().hash;
  }
  std::string expected;
  {
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* raw = nullptr;
    REQUIRE(rocksdb::DB::Open(rocksdb::DBOptions(), f.data_dir(),
                              ColumnFamilyDescriptors(), &handles, &raw)
                .ok());
    const ColumnFamilies families = AssignColumnFamilies(handles);
    SECTION("the last event, with the chain head rewritten to match") {
      REQUIRE(raw->Delete(rocksdb::WriteOptions(), families.events,
                          storage_keys::EncodeUint64(n))
                  .ok());
      REQUIRE(raw->Put(rocksdb::WriteOptions(), families.meta,
                       storage_keys::kHeadKey,
                       storage_keys::EncodeChainHead(n - 1, previous_hash))
                  .ok());
      expected =
          absl::StrCat("checkpoint at tree size ", n, ": covers events up to ",
                       n, " but the log ends at event ", n - 1);
    }
    SECTION("an event in the middle") {
      REQUIRE(raw->Delete(rocksdb::WriteOptions(), families.events,
                          storage_keys::EncodeUint64(n - 1))
                  .ok());
      expected = absl::StrCat("checkpoint at tree size ", n, ": covers event ",
                              n - 1, ", which is missing from the log");
    }
    for (auto* handle : handles) raw->DestroyColumnFamilyHandle(handle);
    delete raw;
  }
  std::string text;
  const AuditReport report = Audit(f, &text);
  CHECK_FALSE(report.ok());
  CHECK(report.checkpoint_problems >= 1);
  CHECK_THAT(text, Contains(expected));
}

TEST_CASE("opendata-admin checkpoint-key writes a pair openssl reads",
          "[receipt]") {
  testing::TempDir dir;
  std::string output;
  REQUIRE(Run({kAdminBinary, "checkpoint-key", "--out", dir.File("keys")},
              &output) == 0);
  const std::string private_path = dir.File("keys/checkpoint-ed25519.pem");
  auto key = LoadEd25519KeyFile(private_path, false);
  REQUIRE(key.ok());
  CHECK_THAT(output, Contains("key_id " + key->key_id()));
  struct stat info;
  REQUIRE(stat(private_path.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);
  std::string derived;
  REQUIRE(Run({"/usr/bin/openssl", "pkey", "-in", private_path, "-pubout"},
              &derived) == 0);
  std::ifstream published(dir.File("keys/checkpoint-ed25519.pub.pem"));
  std::stringstream pem;
  pem << published.rdbuf();
  CHECK(derived == pem.str());
  // An existing pair is never replaced.
  CHECK(Run({kAdminBinary, "checkpoint-key", "--out", dir.File("keys")}) == 1);
  auto again = LoadEd25519KeyFile(private_path, false);
  REQUIRE(again.ok());
  CHECK(again->key_id() == key->key_id());
}

}  // namespace
}  // namespace opendata::e2e
