// QueryService.SearchCatalogEntries over gRPC: a Chinese substring found in
// the middle of names, published entries only for a citizen, the provider's
// own drafts for the provider, paging with tokens, and INVALID_ARGUMENT with a
// field violation for a bad query.
#include <catch2/catch.hpp>

#include "tests/services/catalog_samples.h"
#include "tests/services/platform_fixture.h"
#include "tests/services/service_clients.h"
#include "tests/services/status_details.h"

namespace opendata::testing {
namespace {

using Ids = std::vector<std::string>;

Ids HitIds(const pb::SearchCatalogEntriesResponse& response) {
  Ids ids;
  for (const pb::SearchHit& hit : response.hits())
    ids.push_back(hit.catalog_entry().catalog_entry_id());
  return ids;
}

// An UNCONDITIONAL entry with this name and description.
pb::CatalogEntryContent Named(const std::string& name,
                              const std::string& description) {
  pb::CatalogEntryContent content = UnconditionalContent(name);
  content.set_description(description);
  return content;
}

TEST_CASE("SearchCatalogEntries finds Chinese substrings with visibility",
          "[services][search]") {
  PlatformFixture f;
  ServiceClients c(f);
  f.MustCreate(kGajProvider, "jn-gaj-001",
               Named("机动车登记信息", "机动车信息"));
  f.MustCreate(kGajProvider, "jn-gaj-002", Named("驾驶证登记", "驾驶证"));
  f.MustCreate(kJtjProvider, "jn-jtj-001",
               Named("公交线路站点", "公交线路与站点"));
  f.MustCreate(kGajProvider, "jn-gaj-003", Named("不动产登记草稿", "草稿"));
  for (const char* id : {"jn-gaj-001", "jn-gaj-002"}) {
    f.MustSubmit(kGajProvider, id);
    f.MustPublish(kCityReviewer, id);
  }
  f.MustSubmit(kJtjProvider, "jn-jtj-001");
  f.MustPublish(kCityReviewer, "jn-jtj-001");

  pb::SearchCatalogEntriesRequest request;
  request.set_query("登记");
  request.set_order(pb::SEARCH_ORDER_ID);
  pb::SearchCatalogEntriesResponse response;
  REQUIRE_OK(
      c.query->SearchCatalogEntries(c.As(kCitizen).get(), request, &response));
  CHECK(HitIds(response) == Ids{"jn-gaj-001", "jn-gaj-002"});
  REQUIRE(response.hits_size() == 2);
  REQUIRE(response.hits(0).matched_fields_size() >= 1);
  CHECK(response.hits(0).matched_fields(0) == pb::SEARCH_FIELD_NAME);

  // The owner also finds its draft.
  REQUIRE_OK(c.query->SearchCatalogEntries(c.As(kGajProvider).get(), request,
                                           &response));
  CHECK(HitIds(response) == Ids{"jn-gaj-001", "jn-gaj-002", "jn-gaj-003"});

  // Pages of one hit, then a token used for another query.
  request.set_page_size(1);
  REQUIRE_OK(
      c.query->SearchCatalogEntries(c.As(kCitizen).get(), request, &response));
  CHECK(HitIds(response) == Ids{"jn-gaj-001"});
  REQUIRE_FALSE(response.next_page_token().empty());
  request.set_page_token(response.next_page_token());
  REQUIRE_OK(
      c.query->SearchCatalogEntries(c.As(kCitizen).get(), request, &response));
  CHECK(HitIds(response) == Ids{"jn-gaj-002"});
  CHECK(response.next_page_token().empty());
  request.set_query("线路");
  grpc::Status status =
      c.query->SearchCatalogEntries(c.As(kCitizen).get(), request, &response);
  CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(ErrorReason(status) == "PAGE_TOKEN_INVALID");

  // A one-character query, and a query that is too long.
  request.Clear();
  request.set_query("站");
  REQUIRE_OK(
      c.query->SearchCatalogEntries(c.As(kCitizen).get(), request, &response));
  CHECK(HitIds(response) == Ids{"jn-jtj-001"});
  request.set_query(std::string(65, 'a'));
  status =
      c.query->SearchCatalogEntries(c.As(kCitizen).get(), request, &response);
  CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(ErrorReason(status) == "QUERY_INVALID");
  CHECK(ViolatedFields(status) == Ids{"query"});
}

}  // namespace
}  // namespace opendata::testing
