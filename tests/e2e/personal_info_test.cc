// Personal information end to end (issue 7 part 4) on an in-process server
// (PlatformFixture) over gRPC: a citizen's application, demand and objection
// carry distinctive personal values; the citizen and the officials who handle
// them read them in clear, an auditor masked; a retried submission is a
// replay; an operator crypto-shreds the citizen's key (a user may not shred
// another's), after which everyone reads "[erased]" while receipts taken
// before and after still verify with opendata-audit verify-receipt, and the
// full audit (chain, stream index, projections, checkpoints) passes. Every
// file under the data directory, after a flush, is free of the plaintext
// (while a non-personal canary stored in clear is found there), and so is
// everything spdlog printed during the run.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"
#include "jining/opendata/v1/audit_service.grpc.pb.h"
#include "spdlog/sinks/ostream_sink.h"
#include "spdlog/spdlog.h"
#include "storage/rocks_event_store.h"
#include "tests/e2e/binaries.h"
#include "tests/e2e/subprocess.h"
#include "tests/services/catalog_samples.h"
#include "tests/services/platform_fixture.h"
#include "tests/services/service_clients.h"
#include "tests/services/status_details.h"
#include "tools/audit/audit.h"

namespace opendata::e2e {
namespace {

namespace pb = ::jining::opendata::v1;
using testing::Identity;
using testing::kAuditor;
using testing::kCitizen;
using testing::kCityReviewer;
using testing::kOperator;
using testing::kRenchengProvider;
using testing::kRenchengReviewer;
using testing::PlatformFixture;
using testing::ServiceClients;

constexpr char kEntry[] = "rc-gaj-residents";
constexpr char kApp[] = "app-pi-1";

// The personal values, distinctive enough that finding one anywhere means it
// leaked.
constexpr char kContact[] = "隐私甲乙丙丁";
constexpr char kIdNumber[] = "370811198807076655";
constexpr char kPhone[] = "13977665544";
constexpr char kAddress[] = "济宁市任城区隐私测试路99号";
constexpr char kDemandPhone[] = "13766554433";
constexpr char kDemandEmail[] = "yinsi.ceshi.dm@example.org";
constexpr char kObjectionPhone[] = "13655443322";
constexpr char kObjectionEmail[] = "yiyi.ceshi.obj@example.org";
const std::vector<std::string> kPersonalValues = {
    kContact,     kIdNumber,    kPhone,          kAddress,
    kDemandPhone, kDemandEmail, kObjectionPhone, kObjectionEmail};
// Not personal: stored in clear, so that the scan can find something.
constexpr char kCanary[] = "Zq7vCanaryKx93Wm";

pb::SubmitApplicationRequest ApplicationRequest() {
  pb::SubmitApplicationRequest r;
  r.set_request_id("submit-app-pi-1");
  r.set_application_id(kApp);
  r.set_catalog_entry_id(kEntry);
  *r.mutable_form() = testing::SampleApplicationForm();
  auto* a = r.mutable_form()->mutable_applicant();
  a->set_contact(kContact);
  a->set_id_number(kIdNumber);
  a->set_phone(kPhone);
  a->set_address(kAddress);
  r.mutable_form()->set_service_name(kCanary);
  return r;
}

pb::SubmitDemandRequest DemandRequest(const std::string& id) {
  pb::SubmitDemandRequest r;
  r.set_request_id(absl::StrCat("submit-", id));
  r.set_demand_id(id);
  pb::DemandForm* f = r.mutable_form();
  f->set_resource_name("户籍人口分布");
  f->set_service_mode(pb::SERVICE_MODE_API);
  f->add_data_items("社区");
  f->mutable_coverage()->set_region_scope("任城区");
  f->set_phone(kDemandPhone);
  f->set_email(kDemandEmail);
  f->set_reason("社区养老服务规划");
  f->set_use_start_date("2026-04-01");
  f->set_use_end_date("2026-12-31");
  f->add_scenarios("养老服务设施选址");
  return r;
}

pb::Application GetApplication(ServiceClients& c, const Identity& who) {
  pb::GetApplicationRequest request;
  request.set_application_id(kApp);
  pb::GetApplicationResponse response;
  REQUIRE_OK(c.query->GetApplication(c.As(who).get(), request, &response));
  return response.application();
}

pb::Demand GetDemand(ServiceClients& c, const std::string& id) {
  pb::GetDemandRequest request;
  request.set_demand_id(id);
  pb::GetDemandResponse response;
  REQUIRE_OK(c.user->GetDemand(c.As(kCitizen).get(), request, &response));
  return response.demand();
}

pb::Demand QueuedDemand(ServiceClients& c, const std::string& id) {
  pb::ListDemandQueueResponse response;
  REQUIRE_OK(c.reviewer->ListDemandQueue(
      c.As(kCityReviewer).get(), pb::ListDemandQueueRequest(), &response));
  for (const pb::Demand& d : response.demands()) {
    if (d.demand_id() == id) return d;
  }
  FAIL("demand not in the city reviewer's queue");
  return pb::Demand();
}

pb::ObjectionContact ReceivedContact(ServiceClients& c) {
  pb::ListReceivedObjectionsResponse response;
  REQUIRE_OK(c.provider->ListReceivedObjections(
      c.As(kRenchengProvider).get(), pb::ListReceivedObjectionsRequest(),
      &response));
  REQUIRE(response.objections_size() == 1);
  return response.objections(0).contact();
}

grpc::Status Shred(ServiceClients& c, const Identity& who,
                   const std::string& subject,
                   pb::ShredSubjectKeyResponse* response) {
  pb::ShredSubjectKeyRequest request;
  request.set_request_id(absl::StrCat("shred-", who.subject, "-", subject));
  request.set_subject(subject);
  request.set_reason("个人信息删除请求（个人信息保护法第四十七条）");
  return c.admin->ShredSubjectKey(c.As(who).get(), request, response);
}

// opendata-audit verify-receipt on the receipt of `sequence`.
void CheckReceiptVerifies(PlatformFixture& f, uint64_t sequence,
                          const std::string& scratch) {
  auto stub = pb::AuditService::NewStub(
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", f.port()),
                          grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  context.AddMetadata("authorization", f.Bearer(kAuditor));
  pb::GetEventReceiptRequest request;
  request.set_sequence(sequence);
  pb::GetEventReceiptResponse receipt;
  REQUIRE_OK(stub->GetEventReceipt(&context, request, &receipt));
  for (const std::string& value : kPersonalValues) {
    CHECK(receipt.stored_envelope().find(value) == std::string::npos);
  }
  std::string json;
  REQUIRE(google::protobuf::util::MessageToJsonString(receipt, &json).ok());
  std::ofstream(scratch + "/receipt.json") << json;
  grpc::ClientContext key_context;
  key_context.AddMetadata("authorization", f.Bearer(kAuditor));
  pb::GetCheckpointPublicKeyResponse key;
  REQUIRE_OK(stub->GetCheckpointPublicKey(
      &key_context, pb::GetCheckpointPublicKeyRequest(), &key));
  std::ofstream(scratch + "/pub.pem") << key.public_key_pem();
  auto process = Subprocess::Spawn({kAuditBinary, "verify-receipt",
                                    "--receipt=" + scratch + "/receipt.json",
                                    "--public-key=" + scratch + "/pub.pem"});
  REQUIRE(process.ok());
  const int code = (*process)->Wait(absl::Seconds(60));
  INFO((*process)->Stdout() << (*process)->Stderr());
  CHECK(code == 0);
  CHECK((*process)->Stdout().find("RECEIPT VALID") != std::string::npos);
}

// The bytes of every regular file under `dir`.
std::vector<std::pair<std::string, std::string>> ReadTree(
    const std::string& dir) {
  std::vector<std::pair<std::string, std::string>> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    files.emplace_back(entry.path().string(), bytes.str());
  }
  return files;
}

TEST_CASE(
    "personal info: sealed at rest and shown per reader and shredded for good",
    "[personal_info]") {
  // Everything spdlog prints during the run, at every level.
  std::ostringstream log;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(log);
  spdlog::default_logger()->sinks().push_back(sink);
  const spdlog::level::level_enum old_level = spdlog::get_level();
  spdlog::set_level(spdlog::level::trace);

  testing::TempDir scratch;
  PlatformFixture f;
  const std::string data_dir = f.data_dir();
  {
    ServiceClients c(f);
    f.MustCreate(kRenchengProvider, kEntry,
                 testing::ConditionalContent("常住人口统计"));
    f.MustSubmit(kRenchengProvider, kEntry);
    f.MustPublish(kRenchengReviewer, kEntry);

    // The application: in clear for the applicant and those who handle it.
    pb::SubmitApplicationResponse submitted;
    REQUIRE_OK(c.user->SubmitApplication(c.As(kCitizen).get(),
                                         ApplicationRequest(), &submitted));
    const pb::ApplicantDetails& mine =
        submitted.application().form().applicant();
    CHECK(mine.contact() == kContact);
    CHECK(mine.id_number() == kIdNumber);
    CHECK(mine.phone() == kPhone);
    CHECK(mine.address() == kAddress);
    for (const Identity& who : {kRenchengProvider, kRenchengReviewer}) {
      const pb::ApplicantDetails seen =
          GetApplication(c, who).form().applicant();
      CHECK(seen.SerializeAsString() == mine.SerializeAsString());
    }
    // Masked for an auditor and an operator.
    for (const Identity& who : {kAuditor, kOperator}) {
      const pb::ApplicantDetails seen =
          GetApplication(c, who).form().applicant();
      CHECK(seen.name() == "李四");
      CHECK(seen.contact() == "隐*****");
      CHECK(seen.id_number() == "3708**********6655");
      CHECK(seen.phone() == "139****5544");
      CHECK(seen.address() == "济宁市任城区***");
    }
    // The stored event holds ciphertext only.
    const std::vector<pb::EventEnvelope> app_events =
        f.RecordedEvents(absl::StrCat("application/", kApp));
    REQUIRE(!app_events.empty());
    const std::string event_bytes = app_events[0].SerializeAsString();
    for (const std::string& value : kPersonalValues) {
      CHECK(event_bytes.find(value) == std::string::npos);
    }
    CHECK(event_bytes.find(kCanary) != std::string::npos);

    // A retry with the same request id is a replay of the first commit.
    pb::SubmitApplicationResponse retried;
    REQUIRE_OK(c.user->SubmitApplication(c.As(kCitizen).get(),
                                         ApplicationRequest(), &retried));
    CHECK(retried.receipt().replayed());
    CHECK(retried.receipt().first_sequence() ==
          submitted.receipt().first_sequence());
    // The same request id with other personal data is another command.
    pb::SubmitApplicationRequest changed = ApplicationRequest();
    changed.mutable_form()->mutable_applicant()->set_phone("13900000001");
    const grpc::Status reused =
        c.user->SubmitApplication(c.As(kCitizen).get(), changed, &retried);
    CHECK(testing::ErrorReason(reused) == "REQUEST_ID_REUSED");
    // A bad value is refused as before, on its plaintext field path, without
    // echoing the value.
    pb::SubmitApplicationRequest bad = ApplicationRequest();
    bad.set_request_id("submit-app-pi-bad");
    bad.set_application_id("app-pi-bad");
    bad.mutable_form()->mutable_applicant()->set_phone("13977665544x");
    const grpc::Status refused =
        c.user->SubmitApplication(c.As(kCitizen).get(), bad, &retried);
    CHECK(testing::ErrorReason(refused) == "APPLICATION_INVALID");
    CHECK(testing::Describe(refused).find("13977665544x") == std::string::npos);

    // The demand: in clear for the requester and the reviewer.
    pb::SubmitDemandResponse demanded;
    REQUIRE_OK(c.user->SubmitDemand(c.As(kCitizen).get(),
                                    DemandRequest("dm-pi-1"), &demanded));
    CHECK(demanded.demand().form().phone() == kDemandPhone);
    CHECK(GetDemand(c, "dm-pi-1").form().email() == kDemandEmail);
    CHECK(QueuedDemand(c, "dm-pi-1").form().phone() == kDemandPhone);

    // The objection: in clear for the objector and the entry's provider.
    pb::FileObjectionRequest objection;
    objection.set_request_id("file-objection-pi");
    auto* o = objection.mutable_objection();
    o->set_catalog_entry_id(kEntry);
    o->set_kind(pb::OBJECTION_KIND_RIGHTS_INFRINGEMENT);
    o->set_description("数据中包含本人的身份证号码和住址");
    o->add_concerned_items("id_number");
    o->mutable_contact()->set_phone(kObjectionPhone);
    o->mutable_contact()->set_email(kObjectionEmail);
    pb::FileObjectionResponse filed;
    REQUIRE_OK(c.user->FileObjection(c.As(kCitizen).get(), objection, &filed));
    CHECK(filed.objection().contact().phone() == kObjectionPhone);
    CHECK(ReceivedContact(c).email() == kObjectionEmail);

    // Receipt of the submission, before shredding.
    const uint64_t submission = submitted.receipt().first_sequence();
    CheckReceiptVerifies(f, submission, scratch.path());

    // Who may shred: not an auditor, not a user for someone else.
    pb::ShredSubjectKeyResponse shredded;
    CHECK(testing::ErrorReason(Shred(c, kAuditor, kCitizen.subject,
                                     &shredded)) == "ROLE_NOT_ALLOWED");
    CHECK(testing::ErrorReason(Shred(c, kCitizen, kOperator.subject,
                                     &shredded)) == "NOT_OWN_SUBJECT");
    REQUIRE_OK(Shred(c, kOperator, kCitizen.subject, &shredded));
    CHECK(!shredded.receipt().replayed());
    const std::vector<pb::EventEnvelope> shreds =
        f.RecordedEvents(absl::StrCat("subject-key/", kCitizen.subject));
    REQUIRE(shreds.size() == 1);
    CHECK(shreds[0].payload().subject_key_shredded().shred_count() == 1);

    // Erased for everyone, the applicant included; the rest is unchanged.
    for (const Identity& who : {kCitizen, kRenchengProvider, kAuditor}) {
      const pb::ApplicantDetails seen =
          GetApplication(c, who).form().applicant();
      CHECK(seen.name() == "李四");
      CHECK(seen.contact() == "[erased]");
      CHECK(seen.id_number() == "[erased]");
      CHECK(seen.phone() == "[erased]");
      CHECK(seen.address() == "[erased]");
    }
    CHECK(GetDemand(c, "dm-pi-1").form().phone() == "[erased]");
    CHECK(QueuedDemand(c, "dm-pi-1").form().email() == "[erased]");
    CHECK(ReceivedContact(c).phone() == "[erased]");
    CHECK(ReceivedContact(c).email() == "[erased]");

    // Receipts of the submission and of the shred still verify.
    CheckReceiptVerifies(f, submission, scratch.path());
    CheckReceiptVerifies(f, shredded.receipt().first_sequence(),
                         scratch.path());

    // A later submission gets a new key and reads in clear again.
    REQUIRE_OK(c.user->SubmitDemand(c.As(kCitizen).get(),
                                    DemandRequest("dm-pi-2"), &demanded));
    CHECK(GetDemand(c, "dm-pi-2").form().phone() == kDemandPhone);
    CHECK(GetDemand(c, "dm-pi-1").form().phone() == "[erased]");
  }

  // Flushed to SST files, nothing under the data dir holds the plaintext.
  f.StopServer();
  {
    auto store = RocksEventStore::Open(data_dir, RocksEventStoreOptions());
    REQUIRE(store.ok());
    REQUIRE((*store)->Flush().ok());
  }
  const auto files = ReadTree(data_dir);
  bool canary_found = false;
  bool sst_found = false;
  for (const auto& [path, bytes] : files) {
    INFO(path);
    sst_found =
        sst_found || path.size() > 4 && path.substr(path.size() - 4) == ".sst";
    canary_found = canary_found || bytes.find(kCanary) != std::string::npos;
    for (const std::string& value : kPersonalValues) {
      CHECK(bytes.find(value) == std::string::npos);
    }
  }
  CHECK(sst_found);
  CHECK(canary_found);

  // The whole audit still passes.
  std::ostringstream audit_out;
  absl::StatusOr<AuditReport> report =
      RunAudit(data_dir, scratch.File("secondary"), audit_out);
  INFO(audit_out.str());
  REQUIRE(report.ok());
  CHECK(report->ok());

  spdlog::set_level(old_level);
  auto& sinks = spdlog::default_logger()->sinks();
  sinks.erase(std::remove(sinks.begin(), sinks.end(), sink), sinks.end());
  const std::string printed = log.str();
  INFO(printed);
  CHECK(printed.find("checkpoint") != std::string::npos);
  for (const std::string& value : kPersonalValues) {
    CHECK(printed.find(value) == std::string::npos);
  }
}

}  // namespace
}  // namespace opendata::e2e
