// Reflection-backed descriptor database (see reflection_database.h).
// Thread-safety: not thread-safe; see the header.
#include "tools/rpc/reflection_database.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "tools/rpc/descriptor_symbols.h"

namespace opendata::rpc {

namespace protobuf = ::google::protobuf;

ReflectionDatabase::ReflectionDatabase(std::shared_ptr<grpc::Channel> channel,
                                       Metadata metadata,
                                       std::optional<absl::Time> deadline)
    : channel_(std::move(channel)),
      metadata_(std::move(metadata)),
      deadline_(deadline),
      stub_(grpc::reflection::v1alpha::ServerReflection::NewStub(channel_)) {}

ReflectionDatabase::~ReflectionDatabase() {
  if (stream_ == nullptr || stream_broken_) return;
  stream_->WritesDone();
  stream_->Finish().IgnoreError();
}

bool ReflectionDatabase::FindFileByName(const std::string& filename,
                                        protobuf::FileDescriptorProto* output) {
  Request request;
  request.set_file_by_filename(filename);
  return Find(
      [&](const protobuf::FileDescriptorProto& file) {
        return file.name() == filename;
      },
      request, output);
}

bool ReflectionDatabase::FindFileContainingSymbol(
    const std::string& symbol_name, protobuf::FileDescriptorProto* output) {
  Request request;
  request.set_file_containing_symbol(symbol_name);
  return Find(
      [&](const protobuf::FileDescriptorProto& file) {
        return DefinesSymbol(file, symbol_name);
      },
      request, output);
}

bool ReflectionDatabase::FindFileContainingExtension(
    const std::string& containing_type, int field_number,
    protobuf::FileDescriptorProto* output) {
  Request request;
  request.mutable_file_containing_extension()->set_containing_type(
      containing_type);
  request.mutable_file_containing_extension()->set_extension_number(
      field_number);
  return Find(
      [&](const protobuf::FileDescriptorProto& file) {
        return DefinesExtension(file, containing_type, field_number);
      },
      request, output);
}

absl::StatusOr<std::vector<std::string>> ReflectionDatabase::ListServices() {
  Request request;
  request.set_list_services("*");
  absl::StatusOr<Response> response = RoundTrip(request);
  if (!response.ok()) return response.status();
  if (response->has_error_response()) {
    return absl::Status(
        static_cast<absl::StatusCode>(response->error_response().error_code()),
        response->error_response().error_message());
  }
  if (!response->has_list_services_response()) {
    return absl::InternalError(
        "reflection service answered list_services with another kind of "
        "response");
  }
  std::vector<std::string> services;
  for (const auto& service : response->list_services_response().service()) {
    services.push_back(service.name());
  }
  return services;
}

bool ReflectionDatabase::Find(const FilePredicate& matches,
                              const Request& request,
                              protobuf::FileDescriptorProto* output) {
  return FindCached(matches, output) ||
         (Fetch(request) && FindCached(matches, output));
}

bool ReflectionDatabase::FindCached(
    const FilePredicate& matches, protobuf::FileDescriptorProto* output) const {
  for (const auto& [name, file] : files_) {
    if (matches(file)) {
      *output = file;
      return true;
    }
  }
  return false;
}

absl::StatusOr<ReflectionDatabase::Response> ReflectionDatabase::RoundTrip(
    const Request& request) {
  if (stream_broken_) return error_;
  if (stream_ == nullptr) {
    context_ = std::make_unique<grpc::ClientContext>();
    AddMetadata(metadata_, context_.get());
    if (deadline_.has_value()) {
      context_->set_deadline(absl::ToChronoTime(*deadline_));
    }
    stream_ = stub_->ServerReflectionInfo(context_.get());
  }
  Response response;
  if (!stream_->Write(request) || !stream_->Read(&response)) return Fail();
  return response;
}

absl::Status ReflectionDatabase::Fail() {
  stream_broken_ = true;
  const grpc::Status status = stream_->Finish();
  absl::Status error;
  if (status.error_code() == grpc::StatusCode::UNIMPLEMENTED) {
    error =
        absl::UnimplementedError("server does not support the reflection API");
  } else if (status.ok()) {
    error = absl::InternalError("reflection stream ended without a response");
  } else {
    error = absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                         status.error_message());
  }
  RecordError(error);
  return error;
}

bool ReflectionDatabase::Fetch(const Request& request) {
  absl::StatusOr<Response> response = RoundTrip(request);
  if (!response.ok()) {
    RecordError(response.status());
    return false;
  }
  if (response->has_error_response()) {
    const auto& error = response->error_response();
    if (error.error_code() != static_cast<int>(absl::StatusCode::kNotFound)) {
      RecordError(
          absl::Status(static_cast<absl::StatusCode>(error.error_code()),
                       error.error_message()));
    }
    return false;
  }
  if (!response->has_file_descriptor_response()) {
    RecordError(absl::InternalError(
        "reflection service answered a file request with another kind of "
        "response"));
    return false;
  }
  // The answer holds the requested file and its dependencies, in no reliable
  // order (gRPC C++ 1.51 also repeats the files of earlier answers), so callers
  // search the cache afterwards.
  for (const std::string& bytes :
       response->file_descriptor_response().file_descriptor_proto()) {
    protobuf::FileDescriptorProto file;
    if (!file.ParseFromString(bytes)) {
      RecordError(absl::InternalError(
          "reflection service sent an unparsable FileDescriptorProto"));
      return false;
    }
    const std::string name = file.name();
    files_.try_emplace(name, std::move(file));
  }
  return true;
}

void ReflectionDatabase::RecordError(absl::Status status) {
  if (error_.ok()) error_ = std::move(status);
}

}  // namespace opendata::rpc
