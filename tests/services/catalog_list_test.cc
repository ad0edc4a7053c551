// QueryService.ListCatalogEntries and GetCatalogEntry over gRPC: filters by
// provider, state and open attribute, paging with page tokens in id order, and
// who sees what (published entries are public; drafts only for their owner,
// reviewers with jurisdiction, auditors and operators).
#include <catch2/catch.hpp>

#include "tests/services/catalog_samples.h"
#include "tests/services/platform_fixture.h"
#include "tests/services/status_details.h"

namespace opendata::testing {
namespace {

using Catch::Matchers::Equals;
using Ids = std::vector<std::string>;

// Seven entries: jn-gaj-001 (CONDITIONAL, draft), jn-gaj-002 (UNCONDITIONAL,
// published), jn-gaj-003 (NOT_OPEN, published), jn-gaj-004 (UNCONDITIONAL,
// submitted), jn-gaj-005 (CONDITIONAL, draft), jn-jtj-001 (UNCONDITIONAL,
// published), jn-jtj-002 (UNCONDITIONAL, draft).
void SeedCatalog(PlatformFixture& f) {
  f.MustCreate(kGajProvider, "jn-gaj-001",
               ConditionalContent("机动车登记信息"));
  f.MustCreate(kGajProvider, "jn-gaj-002",
               UnconditionalContent("交通违法点位"));
  f.MustCreate(kGajProvider, "jn-gaj-003", NotOpenContent("在押人员信息"));
  f.MustCreate(kGajProvider, "jn-gaj-004", UnconditionalContent("驾校名录"));
  f.MustCreate(kGajProvider, "jn-gaj-005", ConditionalContent("户籍人口统计"));
  f.MustCreate(kJtjProvider, "jn-jtj-001",
               UnconditionalContent("公交线路站点"));
  f.MustCreate(kJtjProvider, "jn-jtj-002", UnconditionalContent("出租车运价"));
  for (const char* id : {"jn-gaj-002", "jn-gaj-003", "jn-gaj-004"}) {
    f.MustSubmit(kGajProvider, id);
  }
  f.MustSubmit(kJtjProvider, "jn-jtj-001");
  for (const char* id : {"jn-gaj-002", "jn-gaj-003", "jn-jtj-001"}) {
    f.MustPublish(kCityReviewer, id);
  }
}

// Every id the list returns, following page tokens. Checks that no page exceeds
// the page size.
Ids ListAll(PlatformFixture& f, const std::string& authorization,
            pb::ListCatalogEntriesRequest request, int* pages = nullptr) {
  Ids ids;
  int count = 0;
  do {
    pb::ListCatalogEntriesResponse page;
    REQUIRE_OK(f.List(authorization, request, &page));
    ++count;
    REQUIRE(count < 100);
    if (request.page_size() > 0) {
      CHECK(page.catalog_entries_size() <= request.page_size());
    }
    for (const auto& entry : page.catalog_entries()) {
      ids.push_back(entry.catalog_entry_id());
    }
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  if (pages != nullptr) *pages = count;
  return ids;
}

TEST_CASE("ListCatalogEntries filters, pages and applies visibility",
          "[services][list]") {
  PlatformFixture f;
  SeedCatalog(f);
  const std::string gaj = f.Bearer(kGajProvider);
  pb::ListCatalogEntriesRequest request;

  SECTION("a provider pages through its own entries in id order") {
    request.set_provider_organization("jn-gaj");
    request.set_page_size(2);
    pb::ListCatalogEntriesResponse first;
    REQUIRE_OK(f.List(gaj, request, &first));
    REQUIRE(first.catalog_entries_size() == 2);
    CHECK(first.catalog_entries(0).catalog_entry_id() == "jn-gaj-001");
    CHECK(first.catalog_entries(1).catalog_entry_id() == "jn-gaj-002");
    CHECK_FALSE(first.next_page_token().empty());
    int pages = 0;
    CHECK_THAT(ListAll(f, gaj, request, &pages),
               Equals(Ids{"jn-gaj-001", "jn-gaj-002", "jn-gaj-003",
                          "jn-gaj-004", "jn-gaj-005"}));
    CHECK(pages >= 3);
  }

  SECTION(
      "without filters a provider sees its own entries and published ones") {
    CHECK_THAT(ListAll(f, gaj, request),
               Equals(Ids{"jn-gaj-001", "jn-gaj-002", "jn-gaj-003",
                          "jn-gaj-004", "jn-gaj-005", "jn-jtj-001"}));
  }

  SECTION("a user sees published entries only") {
    CHECK_THAT(ListAll(f, f.Bearer(kCitizen), request),
               Equals(Ids{"jn-gaj-002", "jn-gaj-003", "jn-jtj-001"}));
    request.set_state(pb::CATALOG_ENTRY_STATE_DRAFT);
    CHECK(ListAll(f, f.Bearer(kCitizen), request).empty());
  }

  SECTION("state filter") {
    request.set_state(pb::CATALOG_ENTRY_STATE_PUBLISHED);
    request.set_page_size(1);
    CHECK_THAT(ListAll(f, gaj, request),
               Equals(Ids{"jn-gaj-002", "jn-gaj-003", "jn-jtj-001"}));
    request.set_state(pb::CATALOG_ENTRY_STATE_SUBMITTED);
    const Ids submitted = ListAll(f, f.Bearer(kCityReviewer), request);
    CHECK_THAT(submitted, Equals(Ids{"jn-gaj-004"}));
  }

  SECTION("open attribute filter, as the city reviewer who sees every entry") {
    request.set_open_attribute(pb::OPEN_ATTRIBUTE_UNCONDITIONAL);
    CHECK_THAT(
        ListAll(f, f.Bearer(kCityReviewer), request),
        Equals(Ids{"jn-gaj-002", "jn-gaj-004", "jn-jtj-001", "jn-jtj-002"}));
    request.set_open_attribute(pb::OPEN_ATTRIBUTE_CONDITIONAL);
    CHECK_THAT(ListAll(f, f.Bearer(kCityReviewer), request),
               Equals(Ids{"jn-gaj-001", "jn-gaj-005"}));
  }

  SECTION("filters combine") {
    request.set_provider_organization("jn-jtj");
    request.set_state(pb::CATALOG_ENTRY_STATE_PUBLISHED);
    request.set_open_attribute(pb::OPEN_ATTRIBUTE_UNCONDITIONAL);
    CHECK_THAT(ListAll(f, f.Bearer(kCitizen), request),
               Equals(Ids{"jn-jtj-001"}));
    request.set_provider_organization("jn-gaj");
    request.set_open_attribute(pb::OPEN_ATTRIBUTE_NOT_OPEN);
    pb::ListCatalogEntriesResponse page;
    REQUIRE_OK(f.List(f.Bearer(kCitizen), request, &page));
    REQUIRE(page.catalog_entries_size() == 1);
    const pb::CatalogEntry& entry = page.catalog_entries(0);
    CHECK(entry.catalog_entry_id() == "jn-gaj-003");
    CHECK(entry.content().legal_basis() == NotOpenContent().legal_basis());
    CHECK(entry.state() == pb::CATALOG_ENTRY_STATE_PUBLISHED);
  }

  SECTION("a page token only continues the query it came from") {
    request.set_provider_organization("jn-gaj");
    request.set_page_size(2);
    pb::ListCatalogEntriesResponse first;
    REQUIRE_OK(f.List(gaj, request, &first));
    REQUIRE_FALSE(first.next_page_token().empty());
    request.set_page_token(first.next_page_token());
    request.set_state(pb::CATALOG_ENTRY_STATE_DRAFT);
    const grpc::Status status = f.List(gaj, request);
    INFO(Describe(status));
    CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
    CHECK(ErrorReason(status) == "PAGE_TOKEN_INVALID");
    CHECK_THAT(ViolatedFields(status), Equals(Ids{"page_token"}));
  }

  SECTION("GetCatalogEntry returns the stored view to those who may see it") {
    const pb::CatalogEntry entry = f.MustGet(kGajProvider, "jn-gaj-004");
    CHECK(entry.state() == pb::CATALOG_ENTRY_STATE_SUBMITTED);
    CHECK(entry.content().name() == "驾校名录");
    // Created (1), then submitted with its review clock started (2, 3).
    CHECK(entry.version() == 3);
    CHECK(f.MustGet(kRenchengReviewer, "jn-gaj-002").state() ==
          pb::CATALOG_ENTRY_STATE_PUBLISHED);
    const grpc::Status hidden = f.Get(f.Bearer(kJtjProvider), "jn-gaj-004");
    CHECK(hidden.error_code() == grpc::StatusCode::NOT_FOUND);
    CHECK(ErrorReason(hidden) == "CATALOG_ENTRY_NOT_FOUND");
    const grpc::Status missing = f.Get(gaj, "jn-gaj-999");
    CHECK(missing.error_code() == grpc::StatusCode::NOT_FOUND);
    CHECK(ErrorReason(missing) == "CATALOG_ENTRY_NOT_FOUND");
  }
}

}  // namespace
}  // namespace opendata::testing
