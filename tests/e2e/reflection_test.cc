// Server reflection of the real opendata-server binary: the reflection client
// library (tools/rpc) lists the services and resolves method and message
// descriptors, and the built opendata-rpc binary lists, describes and calls
// health like grpcurl. Links opendata_rpc_client, never
// gRPC::grpc++_reflection.
#include <catch2/catch.hpp>
#include <variant>

#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "tests/e2e/binaries.h"
#include "tests/e2e/client_util.h"
#include "tests/e2e/server_process.h"
#include "tests/services/temp_dir.h"
#include "tools/rpc/reflection_client.h"

namespace opendata::e2e {
namespace {

using Catch::Matchers::Contains;
using Catch::Matchers::VectorContains;
using google::protobuf::Descriptor;
using google::protobuf::MethodDescriptor;

const std::vector<std::string> kExpectedServices = {
    "jining.opendata.v1.ProviderService",
    "jining.opendata.v1.ReviewerService",
    "jining.opendata.v1.QueryService",
    "jining.opendata.v1.AdminService",
    "jining.opendata.v1.UserService",
    "jining.opendata.v1.AuditService",
    "grpc.health.v1.Health",
    "grpc.reflection.v1alpha.ServerReflection"};

// A running server in a fresh temp dir.
struct RunningServer {
  RunningServer() {
    REQUIRE(GenerateKeyFile(dir.File("dev-hs256.key")).ok());
    auto started =
        ServerProcess::Start(dir.File("data"), dir.File("dev-hs256.key"));
    INFO(started.status().ToString());
    REQUIRE(started.ok());
    server = *std::move(started);
  }
  testing::TempDir dir;
  std::unique_ptr<ServerProcess> server;
};

TEST_CASE("reflection client lists the services and resolves descriptors",
          "[e2e][reflection]") {
  RunningServer running;
  {
    // Client and channel go away before the server stops, so that shutdown need
    // not wait for the connection.
    absl::StatusOr<std::shared_ptr<grpc::Channel>> channel =
        Connect(running.server->address());
    REQUIRE(channel.ok());
    rpc::ReflectionClient client(*channel, {}, absl::Now() + absl::Seconds(30));

    absl::StatusOr<std::vector<std::string>> services = client.ListServices();
    INFO(services.status().ToString());
    REQUIRE(services.ok());
    for (const std::string& expected : kExpectedServices) {
      CHECK_THAT(*services, VectorContains(expected));
    }

    absl::StatusOr<std::vector<std::string>> methods =
        client.ListMethods("jining.opendata.v1.ProviderService");
    REQUIRE(methods.ok());
    CHECK(*methods ==
          std::vector<std::string>{
              "jining.opendata.v1.ProviderService.AnswerDemand",
              "jining.opendata.v1.ProviderService.AnswerObjection",
              "jining.opendata.v1.ProviderService.ApplyForContentChange",
              "jining.opendata.v1.ProviderService.ApplyForIndustryEntry",
              "jining.opendata.v1.ProviderService.ApproveApplication",
              "jining.opendata.v1.ProviderService.ApproveRenewal",
              "jining.opendata.v1.ProviderService.ConfirmMigration",
              "jining.opendata.v1.ProviderService.CreateCatalogEntry",
              "jining.opendata.v1.ProviderService.DeclineMigration",
              "jining.opendata.v1.ProviderService.LinkDemandEntry",
              "jining.opendata.v1.ProviderService.LinkPlanItem",
              "jining.opendata.v1.ProviderService.ListForwardedDemands",
              "jining.opendata.v1.ProviderService.ListNotifications",
              "jining.opendata.v1.ProviderService.ListOpenItems",
              "jining.opendata.v1.ProviderService.ListReceivedObjections",
              "jining.opendata.v1.ProviderService.RecordRelease",
              "jining.opendata.v1.ProviderService.RefuseApplication",
              "jining.opendata.v1.ProviderService.RefuseRenewal",
              "jining.opendata.v1.ProviderService.ReportRemediation",
              "jining.opendata.v1.ProviderService.RequestMigration",
              "jining.opendata.v1.ProviderService.RequestTakedown",
              "jining.opendata.v1.ProviderService.RevokeGrant",
              "jining.opendata.v1.ProviderService.SetResponsiblePersons",
              "jining.opendata.v1.ProviderService.SignApplicationAgreement",
              "jining.opendata.v1.ProviderService.SubmitAnnualPlan",
              "jining.opendata.v1.ProviderService.SubmitCatalogEntry",
              "jining.opendata.v1.ProviderService.UpdateCatalogEntry",
              "jining.opendata.v1.ProviderService.WatchNotifications",
              "jining.opendata.v1.ProviderService.WithdrawTakedown"});

    // The supervision statistics of Art. 22 (issue 6).
    absl::StatusOr<std::vector<std::string>> query_methods =
        client.ListMethods("jining.opendata.v1.QueryService");
    REQUIRE(query_methods.ok());
    for (const char* m :
         {"jining.opendata.v1.QueryService.GetSupervisionStatistics",
          "jining.opendata.v1.QueryService.ExportSupervisionStatistics"}) {
      CHECK_THAT(*query_methods, VectorContains(std::string(m)));
    }

    absl::StatusOr<std::vector<std::string>> user_methods =
        client.ListMethods("jining.opendata.v1.UserService");
    REQUIRE(user_methods.ok());
    CHECK(*user_methods ==
          std::vector<std::string>{
              "jining.opendata.v1.UserService.ApplyForRenewal",
              "jining.opendata.v1.UserService.AttestDestruction",
              "jining.opendata.v1.UserService.CheckAccess",
              "jining.opendata.v1.UserService.FileObjection",
              "jining.opendata.v1.UserService.FileResultReport",
              "jining.opendata.v1.UserService.FileUsageReport",
              "jining.opendata.v1.UserService.GetDemand",
              "jining.opendata.v1.UserService.GetIdentity",
              "jining.opendata.v1.UserService.ListDemands",
              "jining.opendata.v1.UserService.ListGrants",
              "jining.opendata.v1.UserService.ListMyItems",
              "jining.opendata.v1.UserService.ListMyObjections",
              "jining.opendata.v1.UserService.ListMyProducts",
              "jining.opendata.v1.UserService.ListNotifications",
              "jining.opendata.v1.UserService.ReviseProduct",
              "jining.opendata.v1.UserService.SignAgreement",
              "jining.opendata.v1.UserService.SubmitApplication",
              "jining.opendata.v1.UserService.SubmitDemand",
              "jining.opendata.v1.UserService.SubmitProduct",
              "jining.opendata.v1.UserService.UnlistProduct",
              "jining.opendata.v1.UserService.WatchNotifications",
              "jining.opendata.v1.UserService.WithdrawApplication",
              "jining.opendata.v1.UserService.WithdrawDemand",
              "jining.opendata.v1.UserService.WithdrawObjection",
              "jining.opendata.v1.UserService.WithdrawProduct"});

    absl::StatusOr<std::vector<std::string>> audit_methods =
        client.ListMethods("jining.opendata.v1.AuditService");
    REQUIRE(audit_methods.ok());
    CHECK(*audit_methods ==
          std::vector<std::string>{
              "jining.opendata.v1.AuditService.GetCheckpointPublicKey",
              "jining.opendata.v1.AuditService.GetEventReceipt",
              "jining.opendata.v1.AuditService.GetLatestCheckpoint",
              "jining.opendata.v1.AuditService.GetStreamHistory",
              "jining.opendata.v1.AuditService.ReadLog",
              "jining.opendata.v1.AuditService.SubscribeLog",
              "jining.opendata.v1.AuditService.VerifyChain"});
    absl::StatusOr<std::vector<std::string>> admin_methods =
        client.ListMethods("jining.opendata.v1.AdminService");
    REQUIRE(admin_methods.ok());
    CHECK_THAT(*admin_methods,
               VectorContains(std::string(
                   "jining.opendata.v1.AdminService.RebuildProjection")));

    absl::StatusOr<rpc::SymbolDescriptor> submit = client.FindSymbol(
        "jining.opendata.v1.ProviderService.SubmitCatalogEntry");
    INFO(submit.status().ToString());
    REQUIRE(submit.ok());
    REQUIRE(std::holds_alternative<const MethodDescriptor*>(*submit));
    const MethodDescriptor* method = std::get<const MethodDescriptor*>(*submit);
    CHECK(method->input_type()->full_name() ==
          "jining.opendata.v1.SubmitCatalogEntryRequest");
    CHECK(method->output_type()->full_name() ==
          "jining.opendata.v1.SubmitCatalogEntryResponse");
    CHECK_FALSE(method->client_streaming());
    CHECK_FALSE(method->server_streaming());
    // The request type's fields came with it.
    REQUIRE(method->input_type()->FindFieldByName("expected_version") !=
            nullptr);
    const Descriptor* response = method->output_type();
    const auto* entry_field = response->FindFieldByName("catalog_entry");
    REQUIRE(entry_field != nullptr);
    const auto* due =
        entry_field->message_type()->FindFieldByName("review_due_time");
    REQUIRE(due != nullptr);
    CHECK(due->message_type()->full_name() == "google.protobuf.Timestamp");

    absl::StatusOr<rpc::SymbolDescriptor> check =
        client.FindSymbol("grpc.health.v1.Health.Check");
    REQUIRE(check.ok());
    REQUIRE(std::holds_alternative<const MethodDescriptor*>(*check));
    CHECK(
        std::get<const MethodDescriptor*>(*check)->input_type()->full_name() ==
        "grpc.health.v1.HealthCheckRequest");

    absl::StatusOr<rpc::SymbolDescriptor> missing =
        client.FindSymbol("jining.opendata.v1.NoSuchService");
    CHECK(absl::IsNotFound(missing.status()));
  }
  CHECK(running.server->Stop() == 0);
}

TEST_CASE("opendata-rpc lists, describes and checks health like grpcurl",
          "[e2e][reflection]") {
  RunningServer running;
  const std::string address = running.server->address();

  const ProcessResult list = RunProcess(
      {kRpcBinary, "-plaintext", address, "list"}, "", absl::Seconds(30));
  INFO(list.out << list.err);
  REQUIRE(list.exit_code == 0);
  const std::vector<std::string> lines =
      absl::StrSplit(list.out, '\n', absl::SkipEmpty());
  for (const std::string& expected : kExpectedServices) {
    CHECK_THAT(lines, VectorContains(expected));
  }

  const ProcessResult describe =
      RunProcess({kRpcBinary, "-plaintext", address, "describe",
                  "jining.opendata.v1.ProviderService"},
                 "", absl::Seconds(30));
  INFO(describe.out << describe.err);
  REQUIRE(describe.exit_code == 0);
  CHECK_THAT(describe.out,
             Contains("jining.opendata.v1.ProviderService is a service:"));
  CHECK_THAT(describe.out, Contains("service ProviderService {"));
  CHECK_THAT(describe.out, Contains("rpc CreateCatalogEntry"));
  CHECK_THAT(describe.out, Contains("rpc UpdateCatalogEntry"));
  CHECK_THAT(describe.out, Contains("rpc SubmitCatalogEntry"));
  CHECK_THAT(describe.out,
             Contains(".jining.opendata.v1.SubmitCatalogEntryResponse"));

  for (const char* service :
       {"jining.opendata.v1.ProviderService",
        "jining.opendata.v1.ReviewerService", "jining.opendata.v1.QueryService",
        "jining.opendata.v1.AdminService", "jining.opendata.v1.AuditService"}) {
    const ProcessResult health =
        RunProcess({kRpcBinary, "-plaintext", "-d",
                    std::string("{\"service\":\"") + service + "\"}", address,
                    "grpc.health.v1.Health/Check"},
                   "", absl::Seconds(30));
    INFO(service << ": " << health.out << health.err);
    CHECK(health.exit_code == 0);
    CHECK_THAT(health.out, Contains("\"status\": \"SERVING\""));
  }

  // Without a token the platform refuses, and the CLI exits 64 +
  // UNAUTHENTICATED (16) showing the reason.
  const ProcessResult refused =
      RunProcess({kRpcBinary, "-plaintext", "-d", "{}", address,
                  "jining.opendata.v1.QueryService/ListCatalogEntries"},
                 "", absl::Seconds(30));
  INFO(refused.out << refused.err);
  CHECK(refused.exit_code == 64 + 16);
  CHECK_THAT(refused.err, Contains("Code: Unauthenticated"));
  CHECK_THAT(refused.err, Contains("\"reason\": \"TOKEN_MISSING\""));

  CHECK(running.server->Stop() == 0);
}

}  // namespace
}  // namespace opendata::e2e
