// Tests of the opendata-rpc binary, run as a subprocess against
// rpc_test_server: grpcurl's output formats, error reports and exit codes.
// Thread-safety: single-threaded tests.
#include <stdlib.h>

#include <catch2/catch.hpp>

#include "tests/rpc/subprocess.h"
#include "tests/rpc/test_server.h"

namespace opendata::rpc {
namespace {

using testing::OpendataRpcPath;
using testing::ProcessResult;
using testing::RunProcess;
using testing::TestServer;

ProcessResult Rpc(std::vector<std::string> args,
                  const std::string& input = "") {
  args.insert(args.begin(), OpendataRpcPath());
  return RunProcess(args, input);
}

std::unique_ptr<TestServer> StartServer() {
  absl::StatusOr<std::unique_ptr<TestServer>> server = TestServer::Start();
  REQUIRE(server.ok());
  return *std::move(server);
}

TEST_CASE("list prints services, or a service's methods, sorted",
          "[rpc][cli]") {
  auto server = StartServer();
  ProcessResult services = Rpc({"-plaintext", server->address(), "list"});
  CHECK(services.exit_code == 0);
  CHECK(services.err.empty());
  CHECK(services.out ==
        "grpc.reflection.v1alpha.ServerReflection\n"
        "helloworld.Greeter\n"
        "opendata.rpctest.TestService\n");

  ProcessResult methods =
      Rpc({"--plaintext", server->address(), "list", "helloworld.Greeter"});
  CHECK(methods.exit_code == 0);
  CHECK(methods.out == "helloworld.Greeter.SayHello\n");

  ProcessResult missing = Rpc({"-plaintext", server->address(), "list", "x.Y"});
  CHECK(missing.exit_code == 1);
  CHECK(missing.out.empty());
  CHECK(missing.err ==
        "Failed to list methods for service \"x.Y\": Symbol not found: x.Y\n");
}

TEST_CASE("describe shows services, messages and all services", "[rpc][cli]") {
  auto server = StartServer();
  ProcessResult message = Rpc(
      {"-plaintext", server->address(), "describe", "helloworld.HelloRequest"});
  CHECK(message.exit_code == 0);
  CHECK(message.out ==
        "helloworld.HelloRequest is a message:\n"
        "message HelloRequest {\n"
        "  string name = 1;\n"
        "}\n");

  ProcessResult all = Rpc({"-plaintext", server->address(), "describe"});
  CHECK(all.exit_code == 0);
  CHECK_THAT(all.out,
             Catch::StartsWith("grpc.reflection.v1alpha.ServerReflection is a "
                               "service:\n"));
  CHECK_THAT(all.out,
             Catch::Contains("helloworld.Greeter is a service:\n"
                             "service Greeter {\n"
                             "  rpc SayHello(.helloworld.HelloRequest) returns "
                             "(.helloworld.HelloReply);\n"
                             "}\n"));
  CHECK_THAT(all.out, Catch::Contains(
                          "  rpc Count(.opendata.rpctest.CountRequest) returns "
                          "(stream .opendata.rpctest.CountReply);\n"));

  ProcessResult missing =
      Rpc({"-plaintext", server->address(), "describe", "x.Y"});
  CHECK(missing.exit_code == 1);
  CHECK(missing.err ==
        "Failed to resolve symbol \"x.Y\": Symbol not found: x.Y\n");
}

TEST_CASE("Unary calls print the response as indented JSON", "[rpc][cli]") {
  auto server = StartServer();
  ProcessResult hello = Rpc({"-plaintext", "-d", R"({"name": "world"})",
                             server->address(), "helloworld.Greeter/SayHello"});
  CHECK(hello.exit_code == 0);
  CHECK(hello.err.empty());
  CHECK(hello.out == "{\n  \"message\": \"Hello world\"\n}\n");

  ProcessResult from_stdin = Rpc({"-plaintext", "-d", "@", server->address(),
                                  "helloworld.Greeter.SayHello"},
                                 "{\n  \"name\": \"stdin\"\n}\n");
  CHECK(from_stdin.exit_code == 0);
  CHECK(from_stdin.out == "{\n  \"message\": \"Hello stdin\"\n}\n");

  ProcessResult defaults =
      Rpc({"-plaintext", "-emit-defaults", server->address(),
           "opendata.rpctest.TestService/Echo"});
  CHECK(defaults.exit_code == 0);
  CHECK(defaults.out ==
        "{\n"
        "  \"text\": \"\",\n"
        "  \"bigNumber\": \"0\",\n"
        "  \"tags\": [],\n"
        "  \"color\": \"COLOR_UNSPECIFIED\",\n"
        "  \"metadata\": {}\n"
        "}\n");
}

TEST_CASE("Headers reach the server as metadata", "[rpc][cli]") {
  auto server = StartServer();
  setenv("OPENDATA_RPC_CLI_TOKEN", "from-env", 1);
  ProcessResult echo =
      Rpc({"-plaintext", "-H", "Authorization: Bearer t0k", "-rpc-header",
           "x-rpc: 1", "-reflect-header", "x-reflect: 2", "-expand-headers",
           "-H", "x-env: ${OPENDATA_RPC_CLI_TOKEN}", "-d", R"({"text": "hi"})",
           server->address(), "opendata.rpctest.TestService/Echo"});
  CHECK(echo.exit_code == 0);
  CHECK(echo.out ==
        "{\n"
        "  \"text\": \"hi\",\n"
        "  \"metadata\": {\n"
        "    \"authorization\": \"Bearer t0k\",\n"
        "    \"x-env\": \"from-env\",\n"
        "    \"x-rpc\": \"1\"\n"
        "  }\n"
        "}\n");
}

TEST_CASE("Streaming calls print one JSON document per message", "[rpc][cli]") {
  auto server = StartServer();
  ProcessResult count =
      Rpc({"-plaintext", "-d", R"({"count": 2, "label": "x"})",
           server->address(), "opendata.rpctest.TestService/Count"});
  CHECK(count.exit_code == 0);
  CHECK(count.out ==
        "{\n  \"index\": 1,\n  \"label\": \"x\"\n}\n"
        "{\n  \"index\": 2,\n  \"label\": \"x\"\n}\n");

  ProcessResult sum = Rpc({"-plaintext", "-d", "@", server->address(),
                           "opendata.rpctest.TestService/Sum"},
                          "{\"value\": 1}\n{\"value\": 2}\n{\"value\": 3}\n");
  CHECK(sum.exit_code == 0);
  CHECK(sum.out == "{\n  \"total\": \"6\",\n  \"count\": 3\n}\n");
}

TEST_CASE("Error statuses go to stderr and exit with 64 + code", "[rpc][cli]") {
  auto server = StartServer();
  ProcessResult fail =
      Rpc({"-plaintext", "-d", R"({"field": "name"})", server->address(),
           "opendata.rpctest.TestService/Fail"});
  CHECK(fail.exit_code == 64 + 3);
  CHECK(fail.out.empty());
  CHECK_THAT(
      fail.err,
      Catch::StartsWith(
          "ERROR:\n"
          "  Code: InvalidArgument\n"
          "  Message: field name is invalid\n"
          "  Details:\n"
          "  1)\t{\n"
          "    \t  \"@type\": \"type.googleapis.com/google.rpc.BadRequest\",\n"
          "    \t  \"fieldViolations\": [\n"
          "    \t    {\n"
          "    \t      \"field\": \"name\",\n"
          "    \t      \"description\": \"must not be empty\"\n"
          "    \t    }\n"
          "    \t  ]\n"
          "    \t}\n"
          "  2)\t{\n"));
  CHECK_THAT(fail.err, Catch::EndsWith("    \t  \"hint\": \"fill it in\"\n"
                                       "    \t}\n"));

  ProcessResult slow =
      Rpc({"-plaintext", "-max-time", "0.5", "-d", R"({"delayMs": 3000})",
           server->address(), "opendata.rpctest.TestService/Echo"});
  CHECK(slow.exit_code == 64 + 4);
  CHECK_THAT(slow.err, Catch::StartsWith("ERROR:\n  Code: DeadlineExceeded\n"));
}

TEST_CASE("Unknown methods and bad request data fail with exit code 1",
          "[rpc][cli]") {
  auto server = StartServer();
  ProcessResult method =
      Rpc({"-plaintext", server->address(), "helloworld.Greeter/SayGoodbye"});
  CHECK(method.exit_code == 1);
  CHECK(method.err ==
        "Error invoking method \"helloworld.Greeter/SayGoodbye\": service "
        "\"helloworld.Greeter\" does not include a method named "
        "\"SayGoodbye\"\n");

  ProcessResult service =
      Rpc({"-plaintext", server->address(), "helloworld.Nope/SayHello"});
  CHECK(service.exit_code == 1);
  CHECK(service.err ==
        "Error invoking method \"helloworld.Nope/SayHello\": target server "
        "does not expose service \"helloworld.Nope\"\n");

  ProcessResult json = Rpc({"-plaintext", "-d", R"({"name": )",
                            server->address(), "helloworld.Greeter/SayHello"});
  CHECK(json.exit_code == 1);
  CHECK(json.err ==
        "Error invoking method \"helloworld.Greeter/SayHello\": error getting "
        "request data: unexpected end of JSON input\n");

  ProcessResult field = Rpc({"-plaintext", "-d", R"({"nom": "x"})",
                             server->address(), "helloworld.Greeter/SayHello"});
  CHECK(field.exit_code == 1);
  CHECK_THAT(field.err,
             Catch::StartsWith("Error invoking method "
                               "\"helloworld.Greeter/SayHello\": error getting "
                               "request data: cannot parse request as "
                               "helloworld.HelloRequest: "));
}

TEST_CASE("Usage errors exit with code 2", "[rpc][cli]") {
  const std::string try_help = "Try 'opendata-rpc -help' for more details.\n";
  ProcessResult none = Rpc({});
  CHECK(none.exit_code == 2);
  CHECK(none.err == "Too few arguments.\n" + try_help);

  ProcessResult flag = Rpc({"-plaintext", "-nope", "localhost:1", "list"});
  CHECK(flag.exit_code == 2);
  CHECK(flag.err == "flag provided but not defined: -nope\n" + try_help);

  ProcessResult extra = Rpc({"-plaintext", "localhost:1", "list", "a", "b"});
  CHECK(extra.exit_code == 2);
  CHECK(extra.err == "Too many arguments.\n" + try_help);

  ProcessResult text =
      Rpc({"-plaintext", "-format", "text", "localhost:1", "list"});
  CHECK(text.exit_code == 2);

  ProcessResult cert = Rpc(
      {"-plaintext", "-cert", "c.pem", "-key", "k.pem", "localhost:1", "list"});
  CHECK(cert.exit_code == 2);
  CHECK(cert.err ==
        "The -cert argument can only be used with TLS.\n" + try_help);

  ProcessResult help = Rpc({"-help"});
  CHECK(help.exit_code == 0);
  CHECK(help.out.empty());
  CHECK_THAT(help.err, Catch::StartsWith("Usage:\n\topendata-rpc [flags]"));
}

TEST_CASE("Unreachable servers fail to dial with exit code 1", "[rpc][cli]") {
  std::string address;
  {
    auto stopped = StartServer();
    address = stopped->address();
  }
  ProcessResult dial = Rpc({"-plaintext", address, "list"});
  CHECK(dial.exit_code == 1);
  CHECK_THAT(dial.err, Catch::StartsWith("Failed to dial target host \"" +
                                         address + "\": "));
  CHECK_THAT(dial.err, Catch::Contains("Connection refused"));
}

TEST_CASE("README shell blocks run with grpcurl defined as a function",
          "[rpc][cli]") {
  auto server = StartServer();
  const std::string script =
      "grpcurl() { \"$OPENDATA_RPC\" \"$@\"; }\n"
      "TOKEN=abc\n"
      "grpcurl -plaintext -H \"authorization: Bearer $TOKEN\" \\\n"
      "  -d '{\"text\": \"readme\"}' \\\n"
      "  \"$ADDRESS\" opendata.rpctest.TestService/Echo\n";
  setenv("OPENDATA_RPC", OpendataRpcPath(), 1);
  setenv("ADDRESS", server->address().c_str(), 1);
  ProcessResult result = RunProcess({"/bin/bash", "-c", script});
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
  CHECK(result.out ==
        "{\n"
        "  \"text\": \"readme\",\n"
        "  \"metadata\": {\n"
        "    \"authorization\": \"Bearer abc\"\n"
        "  }\n"
        "}\n");
}

}  // namespace
}  // namespace opendata::rpc
