// Tests of opendata-rpc over TLS and mutual TLS, with a throwaway self-signed
// certificate made by openssl.
// Thread-safety: single-threaded tests.
#include <stdlib.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "tests/rpc/subprocess.h"
#include "tests/rpc/test_server.h"

namespace opendata::rpc {
namespace {

using testing::OpendataRpcPath;
using testing::ProcessResult;
using testing::RunProcess;
using testing::TestServer;

// A temporary directory with cert.pem (for localhost and 127.0.0.1; also its
// own CA) and key.pem.
class Certificate {
 public:
  Certificate() {
    char dir[] = "/tmp/opendata-rpc-tls-XXXXXX";
    REQUIRE(mkdtemp(dir) != nullptr);
    dir_ = dir;
    ProcessResult openssl =
        RunProcess({"/usr/bin/openssl", "req", "-x509", "-newkey", "ec",
                    "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-days", "1", "-subj", "/CN=localhost", "-addext",
                    "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout",
                    key(), "-out", cert()});
    INFO(openssl.err);
    REQUIRE(openssl.exit_code == 0);
  }
  ~Certificate() { std::filesystem::remove_all(dir_); }

  std::string cert() const { return dir_ + "/cert.pem"; }
  std::string key() const { return dir_ + "/key.pem"; }

 private:
  std::string dir_;
};

TEST_CASE("TLS servers are reached with -cacert", "[rpc][tls]") {
  Certificate certificate;
  auto server = TestServer::Start(
      {"--tls_cert=" + certificate.cert(), "--tls_key=" + certificate.key()});
  REQUIRE(server.ok());
  const std::string address = (*server)->address();

  ProcessResult trusted = RunProcess(
      {OpendataRpcPath(), "-cacert", certificate.cert(), "-d",
       R"({"name": "tls"})", address, "helloworld.Greeter/SayHello"});
  CHECK(trusted.exit_code == 0);
  CHECK(trusted.out == "{\n  \"message\": \"Hello tls\"\n}\n");

  ProcessResult by_name = RunProcess(
      {OpendataRpcPath(), "-cacert", certificate.cert(), "-authority",
       "localhost", address, "list", "helloworld.Greeter"});
  CHECK(by_name.exit_code == 0);
  CHECK(by_name.out == "helloworld.Greeter.SayHello\n");

  ProcessResult untrusted = RunProcess({OpendataRpcPath(), address, "list"});
  CHECK(untrusted.exit_code == 1);
  CHECK_THAT(untrusted.err,
             Catch::StartsWith("Failed to dial target host \"" + address));
  CHECK(untrusted.err.find("E1") == std::string::npos);  // No gRPC log lines.

  ProcessResult unreadable = RunProcess(
      {OpendataRpcPath(), "-cacert", "/nonexistent.pem", address, "list"});
  CHECK(unreadable.exit_code == 1);
  CHECK(unreadable.err ==
        "Failed to create TLS config: could not read -cacert file "
        "\"/nonexistent.pem\"\n");
}

TEST_CASE("Mutual TLS presents -cert and -key", "[rpc][tls]") {
  Certificate certificate;
  auto server = TestServer::Start({"--tls_cert=" + certificate.cert(),
                                   "--tls_key=" + certificate.key(),
                                   "--client_ca=" + certificate.cert()});
  REQUIRE(server.ok());
  const std::string address = (*server)->address();

  ProcessResult with_cert = RunProcess(
      {OpendataRpcPath(), "-cacert", certificate.cert(), "-cert",
       certificate.cert(), "-key", certificate.key(), address, "list"});
  CHECK(with_cert.exit_code == 0);
  CHECK_THAT(with_cert.out, Catch::Contains("helloworld.Greeter\n"));

  ProcessResult without_cert = RunProcess(
      {OpendataRpcPath(), "-cacert", certificate.cert(), address, "list"});
  CHECK(without_cert.exit_code == 1);
  CHECK_THAT(without_cert.err, Catch::StartsWith("Failed to dial target host"));

  ProcessResult half =
      RunProcess({OpendataRpcPath(), "-cacert", certificate.cert(), "-cert",
                  certificate.cert(), address, "list"});
  CHECK(half.exit_code == 2);
  CHECK_THAT(half.err,
             Catch::StartsWith("The -cert and -key arguments must be used "
                               "together and both be present.\n"));
}

}  // namespace
}  // namespace opendata::rpc
