// Data products over gRPC (Art. 20, issue 5 part 7): an UNCONDITIONAL city
// entry is published; a citizen submits a product citing it with today's
// date through UserService, the city reviewer finds it in its screening queue
// and lists it, and QueryService.ListProducts shows it in the public view. A
// citation dated before the entry's publication is refused with
// ART20_CITATION_NOT_ACQUIRABLE naming the citation; a county reviewer cannot
// screen a city product; the publisher unlists it.
#include <catch2/catch.hpp>
#include <chrono>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "grpcpp/client_context.h"
#include "jining/opendata/v1/user_service.grpc.pb.h"
#include "tests/services/catalog_samples.h"
#include "tests/services/platform_fixture.h"
#include "tests/services/service_clients.h"
#include "tests/services/status_details.h"

namespace opendata::testing {
namespace {

constexpr char kEntry[] = "jn-gaj-bus-stops";
constexpr char kProduct[] = "bus-stop-map";
// Another citizen, reading the public list.
const Identity kViewer{"citizen.9", "USER", "person",
                       "CITY",      "3708", "NATURAL"};

using ProductClient = ServiceClients;

pb::SubmitProductRequest Submit(const std::string& id,
                                const std::string& date) {
  pb::SubmitProductRequest r;
  r.set_request_id(absl::StrCat("submit-", id));
  r.set_product_id(id);
  auto* c = r.mutable_content();
  c->set_name("公交站点地图");
  c->set_description("基于公交线路站点开放数据的出行地图");
  c->set_form(pb::PRODUCT_FORM_APP);
  c->set_reference("https://example.org/bus-map");
  c->set_declaration_accepted(true);
  auto* cite = c->add_citations();
  cite->set_catalog_entry_id(kEntry);
  cite->set_acquisition_date(date);
  return r;
}

pb::ListProductsResponse PublicList(ProductClient& c) {
  pb::ListProductsRequest request;
  request.set_catalog_entry_id(kEntry);
  pb::ListProductsResponse response;
  REQUIRE_OK(c.query->ListProducts(c.As(kViewer).get(), request, &response));
  return response;
}

TEST_CASE("a data product citing open data is screened and publicly listed",
          "[services][product]") {
  PlatformFixture f(At("2026-03-02T09:00:00+08:00"));
  ProductClient c(f);
  f.MustCreate(kGajProvider, kEntry, UnconditionalContent());
  f.MustSubmit(kGajProvider, kEntry);
  f.MustPublish(kCityReviewer, kEntry);

  f.clock().Set(At("2026-03-02T16:00:00+08:00"));
  {
    pb::SubmitProductResponse refused;
    const grpc::Status status = c.user->SubmitProduct(
        c.As(kCitizen).get(), Submit("too-early", "2026-03-01"), &refused);
    CHECK(status.error_code() == grpc::StatusCode::FAILED_PRECONDITION);
    CHECK(ErrorReason(status) == "ART20_CITATION_NOT_ACQUIRABLE");
    CHECK(PreconditionSubjects(status) ==
          std::vector<std::string>{
              absl::StrCat("content.citations[0] ", kEntry)});
  }
  pb::SubmitProductResponse submitted;
  REQUIRE_OK(c.user->SubmitProduct(c.As(kCitizen).get(),
                                   Submit(kProduct, "2026-03-02"), &submitted));
  CHECK(submitted.product().state() == pb::PRODUCT_STATE_SUBMITTED);
  CHECK(submitted.product().screening_region() == "3708");
  REQUIRE(submitted.product().citation_checks_size() == 1);
  CHECK(submitted.product().citation_checks(0).basis() ==
        pb::CITATION_BASIS_KIND_OPEN_LIST);
  CHECK(PublicList(c).products().empty());

  pb::ListProductScreeningQueueResponse queue;
  REQUIRE_OK(c.reviewer->ListProductScreeningQueue(
      c.As(kCityReviewer).get(), pb::ListProductScreeningQueueRequest(),
      &queue));
  REQUIRE(queue.products_size() == 1);
  CHECK(queue.products(0).product_id() == kProduct);

  pb::ScreenProductRequest screen;
  screen.set_request_id(f.FreshRequestId());
  screen.set_product_id(kProduct);
  screen.set_outcome(pb::SCREENING_OUTCOME_LIST);
  {
    pb::ScreenProductResponse out;
    const grpc::Status status =
        c.reviewer->ScreenProduct(c.As(kRenchengReviewer).get(), screen, &out);
    CHECK(status.error_code() == grpc::StatusCode::PERMISSION_DENIED);
    CHECK(ErrorReason(status) == "OUTSIDE_JURISDICTION");
  }
  pb::ScreenProductResponse listed;
  REQUIRE_OK(
      c.reviewer->ScreenProduct(c.As(kCityReviewer).get(), screen, &listed));
  CHECK(listed.product().state() == pb::PRODUCT_STATE_LISTED);

  const pb::ListProductsResponse shown = PublicList(c);
  REQUIRE(shown.products_size() == 1);
  CHECK(shown.products(0).product_id() == kProduct);
  CHECK(shown.products(0).publisher_name() == kCitizen.subject);
  CHECK(shown.products(0).publisher_subject().empty());
  CHECK(shown.products(0).content().citations(0).acquisition_date() ==
        "2026-03-02");

  pb::UnlistProductRequest unlist;
  unlist.set_request_id(f.FreshRequestId());
  unlist.set_product_id(kProduct);
  pb::UnlistProductResponse unlisted;
  REQUIRE_OK(c.user->UnlistProduct(c.As(kCitizen).get(), unlist, &unlisted));
  CHECK(unlisted.product().state() == pb::PRODUCT_STATE_UNLISTED);
  CHECK(PublicList(c).products().empty());
  pb::ListMyProductsResponse mine;
  REQUIRE_OK(c.user->ListMyProducts(c.As(kCitizen).get(),
                                    pb::ListMyProductsRequest(), &mine));
  REQUIRE(mine.products_size() == 1);
  CHECK(mine.products(0).state() == pb::PRODUCT_STATE_UNLISTED);
}

}  // namespace
}  // namespace opendata::testing
