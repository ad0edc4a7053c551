// Reflection-backed schema lookups (see reflection_client.h).
// Thread-safety: not thread-safe; see the header.
#include "tools/rpc/reflection_client.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"

namespace opendata::rpc {

namespace protobuf = ::google::protobuf;

ReflectionClient::ReflectionClient(std::shared_ptr<grpc::Channel> channel,
                                   Metadata metadata,
                                   std::optional<absl::Time> deadline)
    : reflection_db_(std::move(channel), std::move(metadata), deadline),
      generated_db_(*protobuf::DescriptorPool::generated_pool()),
      merged_db_(&reflection_db_, &generated_db_),
      pool_(&merged_db_, &build_errors_) {}

absl::StatusOr<std::vector<std::string>> ReflectionClient::ListServices() {
  absl::StatusOr<std::vector<std::string>> services =
      reflection_db_.ListServices();
  if (services.ok()) std::sort(services->begin(), services->end());
  return services;
}

absl::StatusOr<std::vector<std::string>> ReflectionClient::ListMethods(
    absl::string_view service) {
  absl::StatusOr<const protobuf::ServiceDescriptor*> descriptor =
      FindService(service);
  if (!descriptor.ok()) return descriptor.status();
  std::vector<std::string> methods;
  for (int i = 0; i < (*descriptor)->method_count(); ++i) {
    methods.push_back((*descriptor)->method(i)->full_name());
  }
  std::sort(methods.begin(), methods.end());
  return methods;
}

absl::StatusOr<const protobuf::ServiceDescriptor*>
ReflectionClient::FindService(absl::string_view name) {
  absl::StatusOr<SymbolDescriptor> symbol = FindSymbol(name);
  if (!symbol.ok()) return symbol.status();
  const auto* const* service =
      std::get_if<const protobuf::ServiceDescriptor*>(&*symbol);
  if (service == nullptr) {
    return absl::NotFoundError(absl::StrCat("Service not found: ", name));
  }
  return *service;
}

absl::StatusOr<SymbolDescriptor> ReflectionClient::FindSymbol(
    absl::string_view name) {
  if (!name.empty() && name.front() == '.') name.remove_prefix(1);
  const std::string symbol(name);
  if (pool_.FindFileContainingSymbol(symbol) == nullptr) {
    if (const std::string errors = build_errors_.Take(); !errors.empty()) {
      return absl::InternalError(absl::StrCat(
          "the server's descriptors for ", symbol, " do not build: ", errors));
    }
    if (!reflection_db_.error().ok()) return reflection_db_.error();
    return absl::NotFoundError(absl::StrCat("Symbol not found: ", symbol));
  }
  if (const auto* d = pool_.FindServiceByName(symbol)) return d;
  if (const auto* d = pool_.FindMethodByName(symbol)) return d;
  if (const auto* d = pool_.FindMessageTypeByName(symbol)) return d;
  if (const auto* d = pool_.FindEnumTypeByName(symbol)) return d;
  if (const auto* d = pool_.FindFieldByName(symbol)) return d;
  if (const auto* d = pool_.FindExtensionByName(symbol)) return d;
  if (const auto* d = pool_.FindOneofByName(symbol)) return d;
  if (const auto* d = pool_.FindEnumValueByName(symbol)) return d;
  return absl::NotFoundError(absl::StrCat("Symbol not found: ", symbol));
}

void ReflectionClient::BuildErrors::AddError(
    const std::string& filename, const std::string& element_name,
    const protobuf::Message* /*descriptor*/, ErrorLocation /*location*/,
    const std::string& message) {
  if (!errors_.empty()) errors_.append("; ");
  absl::StrAppend(&errors_, filename, ": ", element_name, ": ", message);
}

std::string ReflectionClient::BuildErrors::Take() {
  return std::exchange(errors_, std::string());
}

}  // namespace opendata::rpc
