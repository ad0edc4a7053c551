// A DescriptorDatabase backed by a server's reflection service
// (grpc.reflection.v1alpha, one ServerReflectionInfo stream per database).
// Files are fetched on demand, together with the dependencies the server sends
// along, and cached.
// Thread-safety: not thread-safe. Use it from one thread, or only through one
// DescriptorPool (which serializes its calls into the fallback database).
#ifndef OPENDATA_TOOLS_RPC_REFLECTION_DATABASE_H_
#define OPENDATA_TOOLS_RPC_REFLECTION_DATABASE_H_

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "google/protobuf/descriptor.pb.h"
#include "google/protobuf/descriptor_database.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "tools/rpc/headers.h"

namespace opendata::rpc {

class ReflectionDatabase : public google::protobuf::DescriptorDatabase {
 public:
  // `metadata` is sent with the stream, which ends at `deadline` if one is
  // given.
  ReflectionDatabase(std::shared_ptr<grpc::Channel> channel, Metadata metadata,
                     std::optional<absl::Time> deadline);
  ReflectionDatabase(const ReflectionDatabase&) = delete;
  ReflectionDatabase& operator=(const ReflectionDatabase&) = delete;
  // Half-closes the stream and waits for the server to end it.
  ~ReflectionDatabase() override;

  // DescriptorDatabase. A false result means "not found" unless error() is set.
  bool FindFileByName(const std::string& filename,
                      google::protobuf::FileDescriptorProto* output) override;
  bool FindFileContainingSymbol(
      const std::string& symbol_name,
      google::protobuf::FileDescriptorProto* output) override;
  bool FindFileContainingExtension(
      const std::string& containing_type, int field_number,
      google::protobuf::FileDescriptorProto* output) override;

  // The fully-qualified names of the services the server exposes, in the
  // server's order.
  absl::StatusOr<std::vector<std::string>> ListServices();

  // The first failure other than "not found": the stream broke (Unavailable,
  // DeadlineExceeded, ...), the server has no reflection service
  // (Unimplemented), or it sent something unusable (Internal). Once the stream
  // is broken, every lookup fails. OK while nothing went wrong.
  const absl::Status& error() const { return error_; }

 private:
  using Request = grpc::reflection::v1alpha::ServerReflectionRequest;
  using Response = grpc::reflection::v1alpha::ServerReflectionResponse;

  // Sends `request` and waits for its response, opening the stream first if
  // needed.
  absl::StatusOr<Response> RoundTrip(const Request& request);
  // Ends the stream after a failed read or write and records why.
  absl::Status Fail();
  using FilePredicate =
      std::function<bool(const google::protobuf::FileDescriptorProto&)>;

  // Sets `output` to a cached file that `matches`; if there is none, sends
  // `request` first.
  bool Find(const FilePredicate& matches, const Request& request,
            google::protobuf::FileDescriptorProto* output);
  bool FindCached(const FilePredicate& matches,
                  google::protobuf::FileDescriptorProto* output) const;
  // Sends a file request and caches the files of the answer. Returns false when
  // the server does not know the element (or on error, which is recorded).
  bool Fetch(const Request& request);
  // Records `status` unless an error was recorded already.
  void RecordError(absl::Status status);

  std::shared_ptr<grpc::Channel> channel_;
  Metadata metadata_;
  std::optional<absl::Time> deadline_;
  std::unique_ptr<grpc::reflection::v1alpha::ServerReflection::Stub> stub_;
  std::unique_ptr<grpc::ClientContext> context_;
  std::unique_ptr<grpc::ClientReaderWriter<Request, Response>> stream_;
  bool stream_broken_ = false;
  absl::Status error_;
  std::map<std::string, google::protobuf::FileDescriptorProto>
      files_;  // By name.
};

}  // namespace opendata::rpc

#endif  // OPENDATA_TOOLS_RPC_REFLECTION_DATABASE_H_
