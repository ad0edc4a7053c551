// QueryService.SearchCatalogEntries: hands the request to the engine's catalog
// search (CatalogQueries::Search, engine/query/catalog_search.cc). No rule
// lives here. Thread-safety: stateless beyond the shared runtime.
#include "common/status_macros.h"
#include "services/catalog_services.h"

namespace opendata {

grpc::Status QueryServiceImpl::SearchCatalogEntries(
    grpc::ServerContext* context,
    const pbv1::SearchCatalogEntriesRequest* request,
    pbv1::SearchCatalogEntriesResponse* response) {
  return runtime_->Handle(
      context, [&](const pbv1::Actor& actor) -> absl::Status {
        ASSIGN_OR_RETURN(*response,
                         runtime_->queries().Search(actor, *request));
        return absl::OkStatus();
      });
}

}  // namespace opendata
