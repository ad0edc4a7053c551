// Schema of a remote gRPC server, learned through its reflection service: a
// DescriptorPool that loads files from the server on demand and falls back to
// the types compiled into this binary (well-known types, google.rpc error
// details).
// Thread-safety: not thread-safe; use one ReflectionClient from one thread at a
// time.
#ifndef OPENDATA_TOOLS_RPC_REFLECTION_CLIENT_H_
#define OPENDATA_TOOLS_RPC_REFLECTION_CLIENT_H_

#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/descriptor_database.h"
#include "grpcpp/channel.h"
#include "tools/rpc/headers.h"
#include "tools/rpc/reflection_database.h"

namespace opendata::rpc {

// Any element that `describe` can show.
using SymbolDescriptor =
    std::variant<const google::protobuf::ServiceDescriptor*,
                 const google::protobuf::MethodDescriptor*,
                 const google::protobuf::Descriptor*,
                 const google::protobuf::FieldDescriptor*,
                 const google::protobuf::OneofDescriptor*,
                 const google::protobuf::EnumDescriptor*,
                 const google::protobuf::EnumValueDescriptor*>;

class ReflectionClient {
 public:
  // Reflection requests carry `metadata` and give up at `deadline`, if given.
  ReflectionClient(std::shared_ptr<grpc::Channel> channel, Metadata metadata,
                   std::optional<absl::Time> deadline);
  ReflectionClient(const ReflectionClient&) = delete;
  ReflectionClient& operator=(const ReflectionClient&) = delete;

  // Fully-qualified names of the exposed services, sorted. Errors:
  // Unimplemented when the server has no reflection service; the stream's
  // status when it fails.
  absl::StatusOr<std::vector<std::string>> ListServices();

  // Fully-qualified names ("pkg.Service.Method") of the methods of `service`,
  // sorted. Errors as FindService.
  absl::StatusOr<std::vector<std::string>> ListMethods(
      absl::string_view service);

  // Errors: NotFound "Service not found: <name>" when the symbol exists but is
  // no service; otherwise as FindSymbol.
  absl::StatusOr<const google::protobuf::ServiceDescriptor*> FindService(
      absl::string_view name);

  // Looks up a fully-qualified symbol (a leading '.' is ignored). Errors:
  // NotFound "Symbol not found: <name>"; the reflection error when the server
  // could not be asked; Internal when its files do not build.
  absl::StatusOr<SymbolDescriptor> FindSymbol(absl::string_view name);

  // The pool holding everything looked up so far; messages of its types can be
  // created with a DynamicMessageFactory. Lookups in it may contact the server.
  const google::protobuf::DescriptorPool& pool() const { return pool_; }

 private:
  // Collects the errors of files that fail to build.
  class BuildErrors : public google::protobuf::DescriptorPool::ErrorCollector {
   public:
    void AddError(const std::string& filename, const std::string& element_name,
                  const google::protobuf::Message* descriptor,
                  ErrorLocation location, const std::string& message) override;
    // Returns and forgets the collected errors ("" if none).
    std::string Take();

   private:
    std::string errors_;
  };

  ReflectionDatabase reflection_db_;
  google::protobuf::DescriptorPoolDatabase generated_db_;
  google::protobuf::MergedDescriptorDatabase merged_db_;
  BuildErrors build_errors_;
  google::protobuf::DescriptorPool pool_;
};

}  // namespace opendata::rpc

#endif  // OPENDATA_TOOLS_RPC_REFLECTION_CLIENT_H_
