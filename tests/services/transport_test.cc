// Transport security through a real server: TLS with -cacert-style trust,
// mutual TLS where a mapped client certificate acts as its organisation
// (AUTH_METHOD_MTLS in the event envelope) and a bearer token still decides
// when present, an unmapped certificate (CERTIFICATE_NOT_MAPPED), a
// certificate from another CA (the handshake fails), a plaintext client to a
// TLS server, and the rule that plaintext listens only on loopback. The
// certificates are throwaway ones made with /usr/bin/openssl.
// Thread-safety: single-threaded tests.
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "services/transport_security.h"
#include "tests/services/catalog_samples.h"
#include "tests/services/platform_fixture.h"
#include "tests/services/status_details.h"

namespace opendata::testing {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Runs a shell command line, REQUIREs exit status 0.
void Run(const std::string& command, const std::string& log) {
  const int status = std::system((command + " >>" + log + " 2>&1").c_str());
  INFO(command);
  INFO(ReadFile(log));
  REQUIRE(status == 0);
}

// A CA, a server certificate for localhost and 127.0.0.1, a client
// certificate "CN=jn-gaj-gateway,O=jn-gaj" (mapped), one "CN=stranger,O=nobody"
// (not mapped), both signed by the CA, and "CN=jn-gaj-gateway,O=jn-gaj" again
// signed by another CA, plus the mapping file.
class Certificates {
 public:
  explicit Certificates(const TempDir& dir) : dir_(dir.File("pki")) {
    std::filesystem::create_directories(dir_);
    const std::string log = File("openssl.log");
    MakeCa("ca", log);
    MakeCa("other-ca", log);
    {
      std::ofstream ext(File("server.ext"));
      ext << "subjectAltName=DNS:localhost,IP:127.0.0.1\n";
    }
    {
      std::ofstream ext(File("client.ext"));
      ext << "extendedKeyUsage=clientAuth\n";
    }
    MakeLeaf("server", "/CN=localhost", "ca", "server.ext", log);
    MakeLeaf("mapped", "/O=jn-gaj/CN=jn-gaj-gateway", "ca", "client.ext", log);
    MakeLeaf("unmapped", "/O=nobody/CN=stranger", "ca", "client.ext", log);
    MakeLeaf("foreign", "/O=jn-gaj/CN=jn-gaj-gateway", "other-ca", "client.ext",
             log);
    std::ofstream map(File("client-certs.textproto"));
    map << R"pb(entries {
                  subject: "CN=jn-gaj-gateway,O=jn-gaj"
                  actor {
                    subject: "sys:jn-gaj-gateway"
                    role: ROLE_PROVIDER
                    organization: "jn-gaj"
                    level: LEVEL_CITY
                    region: "3708"
                  }
                }
    )pb";
  }

  std::string File(const std::string& name) const { return dir_ + "/" + name; }
  std::string Pem(const std::string& name) const {
    return ReadFile(File(name + ".pem"));
  }
  std::string Key(const std::string& name) const {
    return ReadFile(File(name + ".key"));
  }

  // Serves TLS with the server certificate, asks for client certificates
  // from "ca" and maps them with the mapping file.
  void ConfigureMutualTls(PlatformServerConfig& config) const {
    config.tls_cert_file = File("server.pem");
    config.tls_key_file = File("server.key");
    config.tls_client_ca_file = File("ca.pem");
    config.client_cert_map_file = File("client-certs.textproto");
  }

  // Trusts "ca"; presents client certificate `client` unless empty.
  std::shared_ptr<grpc::ChannelCredentials> Client(
      const std::string& client) const {
    grpc::SslCredentialsOptions options;
    options.pem_root_certs = Pem("ca");
    if (!client.empty()) {
      options.pem_cert_chain = Pem(client);
      options.pem_private_key = Key(client);
    }
    return grpc::SslCredentials(options);
  }

 private:
  void MakeCa(const std::string& name, const std::string& log) {
    Run(absl::StrCat("/usr/bin/openssl req -x509 -newkey ec -pkeyopt "
                     "ec_paramgen_curve:prime256v1 -nodes -days 1 -subj /CN=",
                     name, " -keyout ", File(name + ".key"), " -out ",
                     File(name + ".pem")),
        log);
  }
  void MakeLeaf(const std::string& name, const std::string& subject,
                const std::string& ca, const std::string& ext,
                const std::string& log) {
    Run(absl::StrCat("/usr/bin/openssl req -new -newkey ec -pkeyopt "
                     "ec_paramgen_curve:prime256v1 -nodes -subj ",
                     subject, " -keyout ", File(name + ".key"), " -out ",
                     File(name + ".csr")),
        log);
    Run(absl::StrCat("/usr/bin/openssl x509 -req -days 1 -in ",
                     File(name + ".csr"), " -CA ", File(ca + ".pem"),
                     " -CAkey ", File(ca + ".key"), " -CAcreateserial",
                     " -extfile ", File(ext), " -out ", File(name + ".pem")),
        log);
  }

  std::string dir_;
};

// CreateCatalogEntry over `channel` with an optional authorization.
grpc::Status CreateOver(const std::shared_ptr<grpc::Channel>& channel,
                        const std::string& authorization,
                        const std::string& entry_id) {
  auto stub = pb::ProviderService::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(10));
  if (!authorization.empty())
    context.AddMetadata("authorization", authorization);
  pb::CreateCatalogEntryRequest request;
  request.set_catalog_entry_id(entry_id);
  *request.mutable_content() = ConditionalContent();
  pb::CreateCatalogEntryResponse response;
  return stub->CreateCatalogEntry(&context, request, &response);
}

std::shared_ptr<grpc::Channel> ChannelTo(
    int port, const std::shared_ptr<grpc::ChannelCredentials>& credentials) {
  return grpc::CreateChannel(absl::StrCat("127.0.0.1:", port), credentials);
}

TEST_CASE("transport TLS serves clients that trust the CA",
          "[services][transport][tls]") {
  TempDir pki_dir;
  Certificates pki(pki_dir);
  FixtureOptions options;
  options.configure = [&](PlatformServerConfig& config) {
    config.tls_cert_file = pki.File("server.pem");
    config.tls_key_file = pki.File("server.key");
  };
  options.channel_credentials = pki.Client("");
  PlatformFixture f(options);
  // The fixture's own wrappers go over TLS.
  f.MustCreate(kGajProvider, "jn-gaj-tls", ConditionalContent());
  CHECK(f.MustGet(kGajProvider, "jn-gaj-tls").content().name() ==
        ConditionalContent().name());

  SECTION("a plaintext client cannot talk to it") {
    const grpc::Status plaintext =
        CreateOver(ChannelTo(f.port(), grpc::InsecureChannelCredentials()),
                   f.Bearer(kGajProvider), "jn-gaj-plain");
    INFO(Describe(plaintext));
    CHECK(plaintext.error_code() == grpc::StatusCode::UNAVAILABLE);
  }
  SECTION("without client CA a client certificate is not asked for") {
    const grpc::Status no_token = CreateOver(
        ChannelTo(f.port(), pki.Client("mapped")), "", "jn-gaj-nomtls");
    INFO(Describe(no_token));
    CHECK(no_token.error_code() == grpc::StatusCode::UNAUTHENTICATED);
    CHECK(ErrorReason(no_token) == "TOKEN_MISSING");
  }
  CHECK(f.RecordedEvents("catalog-entry/jn-gaj-plain").empty());
  CHECK(f.RecordedEvents("catalog-entry/jn-gaj-nomtls").empty());
}

TEST_CASE("transport mutual TLS maps a client certificate to its actor",
          "[services][transport][mtls]") {
  TempDir pki_dir;
  Certificates pki(pki_dir);
  FixtureOptions options;
  options.configure = [&](PlatformServerConfig& config) {
    pki.ConfigureMutualTls(config);
  };
  options.channel_credentials = pki.Client("mapped");
  PlatformFixture f(options);

  // No token: the mapped certificate is the actor.
  pb::CreateCatalogEntryRequest create;
  create.set_request_id(f.FreshRequestId());
  create.set_catalog_entry_id("jn-gaj-mtls");
  *create.mutable_content() = ConditionalContent();
  REQUIRE_OK(f.Create("", create));
  const std::vector<pb::EventEnvelope> created =
      f.RecordedEvents("catalog-entry/jn-gaj-mtls");
  REQUIRE(created.size() == 1);
  const pb::Actor& actor = created[0].actor();
  CHECK(actor.subject() == "sys:jn-gaj-gateway");
  CHECK(actor.role() == pb::ROLE_PROVIDER);
  CHECK(actor.organization() == "jn-gaj");
  CHECK(actor.level() == pb::LEVEL_CITY);
  CHECK(actor.region() == "3708");
  CHECK(actor.auth_method() == pb::AUTH_METHOD_MTLS);
  // It acts for jn-gaj: the bureau's own provider sees the entry as its own.
  CHECK(f.MustGet(kGajProvider, "jn-gaj-mtls").provider_organization() ==
        "jn-gaj");

  // A bearer token decides even over a mapped certificate.
  create.set_request_id(f.FreshRequestId());
  create.set_catalog_entry_id("jn-jtj-mtls");
  REQUIRE_OK(f.Create(f.Bearer(kJtjProvider), create));
  const std::vector<pb::EventEnvelope> by_token =
      f.RecordedEvents("catalog-entry/jn-jtj-mtls");
  REQUIRE(by_token.size() == 1);
  CHECK(by_token[0].actor().subject() == kJtjProvider.subject);
  CHECK(by_token[0].actor().organization() == "jn-jtj");
  CHECK(by_token[0].actor().auth_method() == pb::AUTH_METHOD_JWT_HS256);
  // ... and a bad token is refused, not replaced by the certificate.
  const grpc::Status bad_token = f.Create("Bearer not-a-jwt", create);
  CHECK(bad_token.error_code() == grpc::StatusCode::UNAUTHENTICATED);
  CHECK(ErrorReason(bad_token) != "CERTIFICATE_NOT_MAPPED");

  const uint64_t head = f.RecordedHead();
  SECTION("an unmapped certificate is CERTIFICATE_NOT_MAPPED") {
    const grpc::Status unmapped = CreateOver(
        ChannelTo(f.port(), pki.Client("unmapped")), "", "jn-gaj-unmapped");
    INFO(Describe(unmapped));
    CHECK(unmapped.error_code() == grpc::StatusCode::UNAUTHENTICATED);
    CHECK(ErrorReason(unmapped) == "CERTIFICATE_NOT_MAPPED");
    CHECK(DetailsMatchCode(unmapped));
    // With a token it is just a secure transport.
    REQUIRE_OK(CreateOver(ChannelTo(f.port(), pki.Client("unmapped")),
                          f.Bearer(kGajProvider), "jn-gaj-unmapped-token"));
    CHECK(f.RecordedEvents("catalog-entry/jn-gaj-unmapped").empty());
  }
  SECTION("no certificate and no token is TOKEN_MISSING") {
    const grpc::Status none =
        CreateOver(ChannelTo(f.port(), pki.Client("")), "", "jn-gaj-none");
    INFO(Describe(none));
    CHECK(none.error_code() == grpc::StatusCode::UNAUTHENTICATED);
    CHECK(ErrorReason(none) == "TOKEN_MISSING");
    CHECK(f.RecordedHead() == head);
  }
  SECTION("a certificate from another CA fails the handshake") {
    const grpc::Status foreign =
        CreateOver(ChannelTo(f.port(), pki.Client("foreign")),
                   f.Bearer(kGajProvider), "jn-gaj-foreign");
    INFO(Describe(foreign));
    CHECK(foreign.error_code() == grpc::StatusCode::UNAVAILABLE);
    CHECK(f.RecordedHead() == head);
  }
}

// A configuration that would start if the transport were right.
PlatformServerConfig ConfigIn(const TempDir& dir) {
  PlatformServerConfig config;
  config.data_dir = dir.File("data");
  config.hs256_key_file = dir.File("missing.key");  // Never reached.
  config.calendar_dir = dir.File("calendar");
  return config;
}

TEST_CASE("transport plaintext listens only on loopback",
          "[services][transport][plaintext]") {
  for (const char* loopback :
       {"127.0.0.1:0", "127.8.9.10:50051", "localhost:50051", "[::1]:0",
        "unix:/tmp/opendata.sock"}) {
    INFO(loopback);
    CHECK(IsLoopbackListenAddress(loopback));
  }
  for (const char* open :
       {"0.0.0.0:50051", "[::]:50051", "10.20.30.40:50051",
        "opendata.jining.gov.cn:443", "[2001:db8::1]:50051", ":50051"}) {
    INFO(open);
    CHECK_FALSE(IsLoopbackListenAddress(open));
  }

  TempDir dir;
  PlatformServerConfig config = ConfigIn(dir);
  config.listen_address = "0.0.0.0:0";
  const absl::Status refused = PlatformServer::Start(config).status();
  INFO(refused.ToString());
  CHECK(refused.code() == absl::StatusCode::kFailedPrecondition);
  CHECK(opendata::ErrorReason(refused) == "PLAINTEXT_NOT_LOOPBACK");
  CHECK_THAT(std::string(refused.message()), Catch::Contains("0.0.0.0:0"));
  // Refused before anything was opened.
  CHECK_FALSE(std::filesystem::exists(config.data_dir));

  SECTION("explicitly allowed") {
    FixtureOptions options;
    options.configure = [](PlatformServerConfig& c) {
      c.listen_address = "0.0.0.0:0";
      c.allow_insecure_plaintext = true;
    };
    PlatformFixture f(options);
    f.MustCreate(kGajProvider, "jn-gaj-open", ConditionalContent());
  }
  SECTION("with TLS") {
    TempDir pki_dir;
    Certificates pki(pki_dir);
    FixtureOptions options;
    options.configure = [&](PlatformServerConfig& c) {
      c.listen_address = "0.0.0.0:0";
      c.tls_cert_file = pki.File("server.pem");
      c.tls_key_file = pki.File("server.key");
    };
    options.channel_credentials = pki.Client("");
    PlatformFixture f(options);
    f.MustCreate(kGajProvider, "jn-gaj-open-tls", ConditionalContent());
  }
}

TEST_CASE("transport refuses half or invalid TLS configurations",
          "[services][transport][config]") {
  TempDir dir;
  TempDir pki_dir;
  Certificates pki(pki_dir);
  struct Case {
    const char* name;
    std::function<void(PlatformServerConfig&)> edit;
    absl::StatusCode code;
    const char* reason;
  };
  const Case cases[] = {
      {"certificate without key",
       [&](PlatformServerConfig& c) {
         c.tls_cert_file = pki.File("server.pem");
       },
       absl::StatusCode::kInvalidArgument, "TLS_CONFIG_INVALID"},
      {"client CA without TLS",
       [&](PlatformServerConfig& c) {
         c.tls_client_ca_file = pki.File("ca.pem");
       },
       absl::StatusCode::kInvalidArgument, "TLS_CONFIG_INVALID"},
      {"map without client CA",
       [&](PlatformServerConfig& c) {
         c.tls_cert_file = pki.File("server.pem");
         c.tls_key_file = pki.File("server.key");
         c.client_cert_map_file = pki.File("client-certs.textproto");
       },
       absl::StatusCode::kInvalidArgument, "TLS_CONFIG_INVALID"},
      {"unreadable key",
       [&](PlatformServerConfig& c) {
         c.tls_cert_file = pki.File("server.pem");
         c.tls_key_file = pki.File("nothing.key");
       },
       absl::StatusCode::kFailedPrecondition, "TLS_FILE_UNREADABLE"},
      {"map naming a citizen",
       [&](PlatformServerConfig& c) {
         pki.ConfigureMutualTls(c);
         c.client_cert_map_file = dir.File("bad-map.textproto");
         std::ofstream(c.client_cert_map_file)
             << "entries { subject: \"CN=x\" actor { subject: \"u\" role: "
                "ROLE_USER organization: \"person\" level: LEVEL_CITY region: "
                "\"3708\" } }";
       },
       absl::StatusCode::kInvalidArgument, "CLIENT_CERT_MAP_INVALID"},
      {"zero message size",
       [&](PlatformServerConfig& c) { c.max_receive_message_bytes = 0; },
       absl::StatusCode::kInvalidArgument, "LIMITS_INVALID"},
      {"rate without burst",
       [&](PlatformServerConfig& c) {
         c.principal_rate_limit.per_second = 5;
         c.principal_rate_limit.burst = 0;
       },
       absl::StatusCode::kInvalidArgument, "LIMITS_INVALID"},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    PlatformServerConfig config = ConfigIn(dir);
    config.listen_address = "127.0.0.1:0";
    c.edit(config);
    const absl::Status refused = PlatformServer::Start(config).status();
    INFO(refused.ToString());
    CHECK(refused.code() == c.code);
    CHECK(opendata::ErrorReason(refused) == c.reason);
    CHECK_FALSE(std::filesystem::exists(config.data_dir));
  }
}

}  // namespace
}  // namespace opendata::testing
