// Tests of the opendata_rpc_client library against rpc_test_server: reflection
// lookups, descriptions, method invocation and error formatting.
// Thread-safety: single-threaded tests.
#include "tools/rpc/reflection_client.h"

#include <catch2/catch.hpp>

#include "google/rpc/status.pb.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "grpcpp/server.h"
#include "grpcpp/server_builder.h"
#include "tests/rpc/test_server.h"
#include "tools/rpc/describe.h"
#include "tools/rpc/dial.h"
#include "tools/rpc/invoke.h"
#include "tools/rpc/rpc_status.h"

namespace opendata::rpc {
namespace {

namespace protobuf = ::google::protobuf;
using testing::TestServer;

DialOptions Plaintext() {
  DialOptions options;
  options.plaintext = true;
  return options;
}

std::shared_ptr<grpc::Channel> Connect(const std::string& address) {
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel =
      Dial(address, Plaintext(), std::nullopt);
  REQUIRE(channel.ok());
  return *channel;
}

// Invokes `method` and collects the JSON responses.
struct Invocation {
  absl::StatusOr<grpc::Status> status;
  std::vector<std::string> responses;
};

Invocation Invoke(ReflectionClient& reflection,
                  const std::shared_ptr<grpc::Channel>& channel,
                  const std::string& method, const std::string& data,
                  const InvokeOptions& options = {}) {
  Invocation invocation;
  invocation.status = InvokeMethod(
      reflection, channel, method, data, options,
      [&](const std::string& json) { invocation.responses.push_back(json); });
  return invocation;
}

TEST_CASE("Services and methods are listed sorted", "[rpc][reflection]") {
  auto server = TestServer::Start();
  REQUIRE(server.ok());
  ReflectionClient reflection(Connect((*server)->address()), {}, std::nullopt);

  absl::StatusOr<std::vector<std::string>> services = reflection.ListServices();
  REQUIRE(services.ok());
  CHECK(*services == std::vector<std::string>{
                         "grpc.reflection.v1alpha.ServerReflection",
                         "helloworld.Greeter", "opendata.rpctest.TestService"});

  absl::StatusOr<std::vector<std::string>> methods =
      reflection.ListMethods("opendata.rpctest.TestService");
  REQUIRE(methods.ok());
  CHECK(*methods ==
        std::vector<std::string>{"opendata.rpctest.TestService.Count",
                                 "opendata.rpctest.TestService.Echo",
                                 "opendata.rpctest.TestService.Fail",
                                 "opendata.rpctest.TestService.Sum"});

  CHECK(reflection.ListMethods("helloworld.HelloRequest").status().message() ==
        "Service not found: helloworld.HelloRequest");
  CHECK(reflection.ListMethods("no.Such").status().message() ==
        "Symbol not found: no.Such");
}

TEST_CASE("Symbols of every kind resolve through reflection",
          "[rpc][reflection]") {
  auto server = TestServer::Start();
  REQUIRE(server.ok());
  ReflectionClient reflection(Connect((*server)->address()), {}, std::nullopt);

  const auto kind_of = [&](const std::string& name) -> size_t {
    absl::StatusOr<SymbolDescriptor> symbol = reflection.FindSymbol(name);
    REQUIRE(symbol.ok());
    return symbol->index();
  };
  // Indexes into SymbolDescriptor's alternatives.
  CHECK(kind_of("opendata.rpctest.TestService") == 0);
  CHECK(kind_of("opendata.rpctest.TestService.Count") == 1);
  CHECK(kind_of(".opendata.rpctest.EchoRequest") == 2);
  CHECK(kind_of("opendata.rpctest.EchoRequest.sent_at") == 3);
  CHECK(kind_of("opendata.rpctest.Color") == 5);
  CHECK(kind_of("opendata.rpctest.COLOR_GREEN") == 6);
  // A dependency the server sends along with the file that imports it.
  CHECK(kind_of("google.protobuf.Timestamp") == 2);

  absl::StatusOr<SymbolDescriptor> missing =
      reflection.FindSymbol("opendata.rpctest.Missing");
  CHECK(absl::IsNotFound(missing.status()));
  CHECK(missing.status().message() ==
        "Symbol not found: opendata.rpctest.Missing");
}

TEST_CASE("Descriptions name the kind and show the definition",
          "[rpc][reflection]") {
  auto server = TestServer::Start();
  REQUIRE(server.ok());
  ReflectionClient reflection(Connect((*server)->address()), {}, std::nullopt);

  const auto describe = [&](const std::string& name) {
    absl::StatusOr<SymbolDescriptor> symbol = reflection.FindSymbol(name);
    REQUIRE(symbol.ok());
    return DescribeSymbol(*symbol);
  };
  CHECK(describe("helloworld.Greeter") ==
        "helloworld.Greeter is a service:\n"
        "service Greeter {\n"
        "  rpc SayHello(.helloworld.HelloRequest) returns "
        "(.helloworld.HelloReply);\n"
        "}\n");
  CHECK(describe("opendata.rpctest.CountRequest") ==
        "opendata.rpctest.CountRequest is a message:\n"
        "message CountRequest {\n"
        "  int32 count = 1;\n"
        "  string label = 2;\n"
        "}\n");
  CHECK(describe("opendata.rpctest.TestService.Sum") ==
        "opendata.rpctest.TestService.Sum is a method:\n"
        "rpc Sum(stream .opendata.rpctest.SumRequest) returns "
        "(.opendata.rpctest.SumReply);\n");
  CHECK(describe("opendata.rpctest.COLOR_RED") ==
        "opendata.rpctest.COLOR_RED is an enum value:\nCOLOR_RED = 1;\n");
  CHECK(describe("opendata.rpctest.EchoReply.MetadataEntry") ==
        "opendata.rpctest.EchoReply.MetadataEntry is the entry type for a map "
        "field:\nmap<string, string> metadata = 6;\n");
}

TEST_CASE("Method names resolve in both notations", "[rpc][invoke]") {
  auto server = TestServer::Start();
  REQUIRE(server.ok());
  ReflectionClient reflection(Connect((*server)->address()), {}, std::nullopt);

  for (const char* name :
       {"helloworld.Greeter/SayHello", "helloworld.Greeter.SayHello"}) {
    absl::StatusOr<const protobuf::MethodDescriptor*> method =
        ResolveMethod(reflection, name);
    REQUIRE(method.ok());
    CHECK((*method)->full_name() == "helloworld.Greeter.SayHello");
  }
  CHECK(ResolveMethod(reflection, "SayHello").status().message() ==
        "given method name \"SayHello\" is not in expected format: "
        "'service/method' or 'service.method'");
  CHECK(ResolveMethod(reflection, "helloworld.Nope/SayHello")
            .status()
            .message() ==
        "target server does not expose service \"helloworld.Nope\"");
  CHECK(
      ResolveMethod(reflection, "helloworld.Greeter/Nope").status().message() ==
      "service \"helloworld.Greeter\" does not include a method named "
      "\"Nope\"");
}

TEST_CASE("Unary calls turn JSON into a request and the response into JSON",
          "[rpc][invoke]") {
  auto server = TestServer::Start();
  REQUIRE(server.ok());
  std::shared_ptr<grpc::Channel> channel = Connect((*server)->address());
  ReflectionClient reflection(channel, {}, std::nullopt);

  Invocation hello = Invoke(reflection, channel, "helloworld.Greeter/SayHello",
                            R"({"name": "Jining"})");
  REQUIRE(hello.status.ok());
  CHECK(hello.status->ok());
  CHECK(hello.responses ==
        std::vector<std::string>{"{\n  \"message\": \"Hello Jining\"\n}"});

  InvokeOptions options;
  options.metadata = {{"authorization", "Bearer t0k"}, {"x-request-id", "7"}};
  Invocation echo =
      Invoke(reflection, channel, "opendata.rpctest.TestService.Echo",
             R"({"text":"a","bigNumber":"9007199254740993","tags":["x","y"],)"
             R"("color":"COLOR_GREEN","sentAt":"2024-05-06T07:08:09.500Z"})",
             options);
  REQUIRE(echo.status.ok());
  CHECK(echo.responses ==
        std::vector<std::string>{"{\n"
                                 "  \"text\": \"a\",\n"
                                 "  \"bigNumber\": \"9007199254740993\",\n"
                                 "  \"tags\": [\n"
                                 "    \"x\",\n"
                                 "    \"y\"\n"
                                 "  ],\n"
                                 "  \"color\": \"COLOR_GREEN\",\n"
                                 "  \"sentAt\": \"2024-05-06T07:08:09.500Z\",\n"
                                 "  \"metadata\": {\n"
                                 "    \"authorization\": \"Bearer t0k\",\n"
                                 "    \"x-request-id\": \"7\"\n"
                                 "  }\n"
                                 "}"});

  Invocation empty =
      Invoke(reflection, channel, "helloworld.Greeter/SayHello", "");
  REQUIRE(empty.status.ok());
  CHECK(empty.responses ==
        std::vector<std::string>{"{\n  \"message\": \"Hello \"\n}"});
}

TEST_CASE("Streaming calls send and receive several messages",
          "[rpc][invoke]") {
  auto server = TestServer::Start();
  REQUIRE(server.ok());
  std::shared_ptr<grpc::Channel> channel = Connect((*server)->address());
  ReflectionClient reflection(channel, {}, std::nullopt);

  Invocation count =
      Invoke(reflection, channel, "opendata.rpctest.TestService/Count",
             R"({"count": 3, "label": "n"})");
  REQUIRE(count.status.ok());
  CHECK(count.status->ok());
  REQUIRE(count.responses.size() == 3);
  CHECK(count.responses[2] == "{\n  \"index\": 3,\n  \"label\": \"n\"\n}");

  Invocation sum =
      Invoke(reflection, channel, "opendata.rpctest.TestService/Sum",
             R"({"value": 40} {"value": "2"})");
  REQUIRE(sum.status.ok());
  CHECK(sum.responses ==
        std::vector<std::string>{"{\n  \"total\": \"42\",\n  \"count\": 2\n}"});

  Invocation no_requests =
      Invoke(reflection, channel, "opendata.rpctest.TestService/Sum", "");
  REQUIRE(no_requests.status.ok());
  CHECK(no_requests.responses == std::vector<std::string>{"{}"});
}

TEST_CASE("Bad request data is rejected before calling", "[rpc][invoke]") {
  auto server = TestServer::Start();
  REQUIRE(server.ok());
  std::shared_ptr<grpc::Channel> channel = Connect((*server)->address());
  ReflectionClient reflection(channel, {}, std::nullopt);

  Invocation two = Invoke(reflection, channel, "helloworld.Greeter/SayHello",
                          R"({"name":"a"} {"name":"b"})");
  CHECK(two.status.status().message() ==
        "method \"helloworld.Greeter.SayHello\" is a unary RPC, but request "
        "data contained more than 1 message");
  Invocation unknown = Invoke(reflection, channel,
                              "helloworld.Greeter/SayHello", R"({"nom":"a"})");
  CHECK(absl::IsInvalidArgument(unknown.status.status()));
  CHECK_THAT(std::string(unknown.status.status().message()),
             Catch::StartsWith("error getting request data: cannot parse "
                               "request as helloworld.HelloRequest"));
  InvokeOptions lenient;
  lenient.allow_unknown_fields = true;
  Invocation allowed =
      Invoke(reflection, channel, "helloworld.Greeter/SayHello",
             R"({"nom":"a"})", lenient);
  CHECK(allowed.status.ok());
  CHECK(allowed.responses.size() == 1);
}

TEST_CASE("Error statuses are formatted like grpcurl, details included",
          "[rpc][invoke]") {
  auto server = TestServer::Start();
  REQUIRE(server.ok());
  std::shared_ptr<grpc::Channel> channel = Connect((*server)->address());
  ReflectionClient reflection(channel, {}, std::nullopt);

  Invocation fail =
      Invoke(reflection, channel, "opendata.rpctest.TestService/Fail",
             R"({"field": "title"})");
  REQUIRE(fail.status.ok());
  CHECK(fail.responses.empty());
  CHECK(fail.status->error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  // FailureHint is known only to the server: it resolves through reflection.
  CHECK(FormatRpcError(*fail.status, reflection.pool(), {}) ==
        "ERROR:\n"
        "  Code: InvalidArgument\n"
        "  Message: field title is invalid\n"
        "  Details:\n"
        "  1)\t{\n"
        "    \t  \"@type\": \"type.googleapis.com/google.rpc.BadRequest\",\n"
        "    \t  \"fieldViolations\": [\n"
        "    \t    {\n"
        "    \t      \"field\": \"title\",\n"
        "    \t      \"description\": \"must not be empty\"\n"
        "    \t    }\n"
        "    \t  ]\n"
        "    \t}\n"
        "  2)\t{\n"
        "    \t  \"@type\": \"type.googleapis.com/google.rpc.ErrorInfo\",\n"
        "    \t  \"reason\": \"FIELD_INVALID\",\n"
        "    \t  \"domain\": \"rpctest.opendata\"\n"
        "    \t}\n"
        "  3)\t{\n"
        "    \t  \"@type\": "
        "\"type.googleapis.com/opendata.rpctest.FailureHint\",\n"
        "    \t  \"hint\": \"fill it in\"\n"
        "    \t}\n");
}

TEST_CASE("Details of unknown types and plain errors", "[rpc][status]") {
  protobuf::DescriptorPool empty_pool;
  CHECK(FormatRpcError(grpc::Status(grpc::StatusCode::NOT_FOUND, "gone"),
                       empty_pool,
                       {}) == "ERROR:\n  Code: NotFound\n  Message: gone\n");

  google::rpc::Status status;
  google::protobuf::Any* detail = status.add_details();
  detail->set_type_url("type.googleapis.com/example.Unknown");
  detail->set_value("\x08\x01");
  CHECK(FormatRpcError(grpc::Status(grpc::StatusCode::ABORTED, "conflict",
                                    status.SerializeAsString()),
                       *protobuf::DescriptorPool::generated_pool(), {}) ==
        "ERROR:\n"
        "  Code: Aborted\n"
        "  Message: conflict\n"
        "  Details:\n"
        "  1)\t{\n"
        "    \t  \"@type\": \"type.googleapis.com/example.Unknown\",\n"
        "    \t  \"@error\": \"example.Unknown is not recognized; see @value "
        "for raw binary message data\",\n"
        "    \t  \"@value\": \"CAE=\"\n"
        "    \t}\n");
  CHECK(StatusCodeName(grpc::StatusCode::CANCELLED) == "Canceled");
  CHECK(StatusCodeName(grpc::StatusCode::UNAUTHENTICATED) == "Unauthenticated");
  CHECK(StatusCodeName(static_cast<grpc::StatusCode>(42)) == "Code(42)");
}

TEST_CASE("Servers without reflection and unreachable servers are reported",
          "[rpc][reflection]") {
  // The generated base class answers every reflection request with
  // UNIMPLEMENTED, like a server that does not offer reflection at all.
  grpc::reflection::v1alpha::ServerReflection::Service unimplemented;
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                           &port);
  builder.RegisterService(&unimplemented);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  REQUIRE(server != nullptr);
  const std::string address = "127.0.0.1:" + std::to_string(port);
  ReflectionClient reflection(Connect(address), {}, std::nullopt);
  absl::StatusOr<std::vector<std::string>> services = reflection.ListServices();
  CHECK(absl::IsUnimplemented(services.status()));
  CHECK(services.status().message() ==
        "server does not support the reflection API");
  CHECK(reflection.FindSymbol("helloworld.Greeter").status().message() ==
        "server does not support the reflection API");
  server->Shutdown();

  std::string stopped_address;
  {
    auto stopped = TestServer::Start();
    REQUIRE(stopped.ok());
    stopped_address = (*stopped)->address();
  }
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel =
      Dial(stopped_address, Plaintext(), std::nullopt);
  CHECK(absl::IsUnavailable(channel.status()));
  CHECK_THAT(std::string(channel.status().message()),
             Catch::Contains("Connection refused"));
}

}  // namespace
}  // namespace opendata::rpc
