// rpc_test_server: a gRPC server for the opendata-rpc tests. Serves
// helloworld.Greeter and opendata.rpctest.TestService on 127.0.0.1 (a free
// port, printed as the first line of stdout) with server reflection, and exits
// when stdin reaches EOF or on SIGTERM/SIGINT.
// Flags: --tls_cert=PEM --tls_key=PEM serve TLS; --client_ca=PEM also requires
// a client certificate.
// Thread-safety: the service handlers are stateless and run concurrently on
// gRPC's threads.
#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpc/examples/helloworld.grpc.pb.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/grpcpp.h"
#include "opendata/rpctest/rpc_test.grpc.pb.h"

namespace opendata::rpctest {
namespace {

class Greeter final : public helloworld::Greeter::Service {
  grpc::Status SayHello(grpc::ServerContext* /*context*/,
                        const helloworld::HelloRequest* request,
                        helloworld::HelloReply* reply) override {
    reply->set_message(absl::StrCat("Hello ", request->name()));
    return grpc::Status::OK;
  }
};

class TestServiceImpl final : public TestService::Service {
  grpc::Status Echo(grpc::ServerContext* context, const EchoRequest* request,
                    EchoReply* reply) override {
    if (request->delay_ms() > 0) {
      std::this_thread::sleep_for(
          std::chrono::milliseconds(request->delay_ms()));
    }
    reply->set_text(request->text());
    reply->set_big_number(request->big_number());
    *reply->mutable_tags() = request->tags();
    reply->set_color(request->color());
    if (request->has_sent_at()) *reply->mutable_sent_at() = request->sent_at();
    for (const auto& [key, value] : context->client_metadata()) {
      const std::string name(key.data(), key.size());
      if (name == "authorization" || absl::StartsWith(name, "x-")) {
        (*reply->mutable_metadata())[name] =
            std::string(value.data(), value.size());
      }
    }
    return grpc::Status::OK;
  }

  grpc::Status Count(grpc::ServerContext* /*context*/,
                     const CountRequest* request,
                     grpc::ServerWriter<CountReply>* writer) override {
    for (int i = 1; i <= request->count(); ++i) {
      CountReply reply;
      reply.set_index(i);
      reply.set_label(request->label());
      if (!writer->Write(reply)) break;
    }
    return grpc::Status::OK;
  }

  grpc::Status Sum(grpc::ServerContext* /*context*/,
                   grpc::ServerReader<SumRequest>* reader,
                   SumReply* reply) override {
    SumRequest request;
    while (reader->Read(&request)) {
      reply->set_total(reply->total() + request.value());
      reply->set_count(reply->count() + 1);
    }
    return grpc::Status::OK;
  }

  grpc::Status Fail(grpc::ServerContext* /*context*/,
                    const FailRequest* request, FailReply* /*reply*/) override {
    google::rpc::Status status;
    status.set_code(grpc::StatusCode::INVALID_ARGUMENT);
    status.set_message(absl::StrCat("field ", request->field(), " is invalid"));
    google::rpc::BadRequest bad_request;
    auto* violation = bad_request.add_field_violations();
    violation->set_field(request->field());
    violation->set_description("must not be empty");
    status.add_details()->PackFrom(bad_request);
    google::rpc::ErrorInfo info;
    info.set_reason("FIELD_INVALID");
    info.set_domain("rpctest.opendata");
    status.add_details()->PackFrom(info);
    FailureHint hint;
    hint.set_hint("fill it in");
    status.add_details()->PackFrom(hint);
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, status.message(),
                        status.SerializeAsString());
  }
};

struct Flags {
  std::string tls_cert;
  std::string tls_key;
  std::string client_ca;
};

bool ParseFlags(int argc, char** argv, Flags* flags) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (absl::StartsWith(arg, "--tls_cert=")) {
      flags->tls_cert = arg.substr(11);
    } else if (absl::StartsWith(arg, "--tls_key=")) {
      flags->tls_key = arg.substr(10);
    } else if (absl::StartsWith(arg, "--client_ca=")) {
      flags->client_ca = arg.substr(12);
    } else {
      std::cerr << "unknown argument: " << arg << "\n";
      return false;
    }
  }
  return true;
}

std::string ReadFile(const std::string& path) {
  std::ifstream file(path);
  std::ostringstream contents;
  contents << file.rdbuf();
  return contents.str();
}

std::shared_ptr<grpc::ServerCredentials> MakeCredentials(const Flags& flags) {
  if (flags.tls_cert.empty()) return grpc::InsecureServerCredentials();
  grpc::SslServerCredentialsOptions options(
      flags.client_ca.empty()
          ? GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE
          : GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  options.pem_root_certs = ReadFile(flags.client_ca);
  options.pem_key_cert_pairs.push_back(
      {ReadFile(flags.tls_key), ReadFile(flags.tls_cert)});
  return grpc::SslServerCredentials(options);
}

// Blocks until stdin reaches EOF or SIGTERM/SIGINT arrives (both signals must
// already be blocked).
void WaitForStop(int signal_fd) {
  pollfd fds[2] = {{STDIN_FILENO, POLLIN, 0}, {signal_fd, POLLIN, 0}};
  while (true) {
    if (poll(fds, 2, -1) < 0) continue;
    if (fds[1].revents != 0) return;
    if (fds[0].revents != 0) {
      char buffer[256];
      if (read(STDIN_FILENO, buffer, sizeof(buffer)) <= 0) return;
    }
  }
}

}  // namespace
}  // namespace opendata::rpctest

int main(int argc, char** argv) {
  opendata::rpctest::Flags flags;
  if (!opendata::rpctest::ParseFlags(argc, argv, &flags)) return 2;

  // Block the stop signals before gRPC starts its threads, so that only the
  // signalfd sees them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  const int signal_fd = signalfd(-1, &stop_signals, SFD_CLOEXEC);

  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  opendata::rpctest::Greeter greeter;
  opendata::rpctest::TestServiceImpl test_service;
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0",
                           opendata::rpctest::MakeCredentials(flags), &port);
  builder.RegisterService(&greeter);
  builder.RegisterService(&test_service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port == 0) {
    std::cerr << "rpc_test_server: could not start\n";
    return 1;
  }
  std::cout << port << std::endl;

  opendata::rpctest::WaitForStop(signal_fd);
  server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(1));
  close(signal_fd);
  return 0;
}
