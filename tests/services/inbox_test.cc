// The inboxes over gRPC with a FakeClock: an applicant's inbox
// (UserService.ListNotifications) gets an item at each review step of its
// application, the provider's (ProviderService) and the region reviewers'
// (ReviewerService) get their new work; each caller reads only its own inbox.
// Then WatchNotifications: catch-up from position 0, live commits from another
// thread received exactly once and in order, cancel and resume from the last
// position received without duplicates, and a server shutdown that ends an
// open watch with UNAVAILABLE SERVER_SHUTTING_DOWN (not by cancelling it).
#include <catch2/catch.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/time_util.h"
#include "grpcpp/client_context.h"
#include "jining/opendata/v1/user_service.grpc.pb.h"
#include "tests/services/catalog_samples.h"
#include "tests/services/platform_fixture.h"
#include "tests/services/service_clients.h"
#include "tests/services/status_details.h"

namespace opendata::testing {
namespace {

constexpr char kEntry[] = "rc-gaj-inbox";
constexpr char kApp[] = "app-inbox-1";

// Stubs of the three inbox services, each call with `who`'s token.
class Inboxes : public ServiceClients {
 public:
  using ServiceClients::ServiceClients;

  std::unique_ptr<grpc::ClientContext> As(const Identity& who) const {
    return ServiceClients::As(who, 20);
  }

  // ListNotifications on the service of `who`'s role.
  grpc::Status List(const Identity& who, pb::ListNotificationsResponse* out) {
    pb::ListNotificationsRequest r;
    if (who.role == "PROVIDER") {
      return provider->ListNotifications(As(who).get(), r, out);
    }
    if (who.role == "REVIEWER") {
      return reviewer->ListNotifications(As(who).get(), r, out);
    }
    return user->ListNotifications(As(who).get(), r, out);
  }

  // Event types of `who`'s inbox, oldest first.
  std::vector<std::string> Types(const Identity& who) {
    pb::ListNotificationsResponse response;
    REQUIRE_OK(List(who, &response));
    std::vector<std::string> types;
    for (const pb::Notification& n : response.notifications()) {
      types.push_back(n.event_type());
    }
    return types;
  }
};

TEST_CASE("inbox: each party gets its notifications at each review step",
          "[services][notification][inbox]") {
  PlatformFixture f(At("2026-03-02T09:00:00+08:00"));
  Inboxes in(f);
  f.MustCreate(kRenchengProvider, kEntry, ConditionalContent("常住人口统计"));
  f.MustSubmit(kRenchengProvider, kEntry);
  // New work for the county's reviewers, not the city's.
  CHECK(in.Types(kRenchengReviewer) ==
        std::vector<std::string>{"catalog_entry_submitted"});
  CHECK(in.Types(kCityReviewer).empty());
  f.MustPublish(kRenchengReviewer, kEntry);
  CHECK(in.Types(kRenchengProvider) ==
        std::vector<std::string>{"catalog_entry_published"});

  f.clock().Set(At("2026-03-02T10:00:00+08:00"));
  pb::SubmitApplicationRequest submit;
  submit.set_request_id("submit-1");
  submit.set_application_id(kApp);
  submit.set_catalog_entry_id(kEntry);
  *submit.mutable_form() = SampleApplicationForm();
  pb::SubmitApplicationResponse submitted;
  REQUIRE_OK(
      in.user->SubmitApplication(in.As(kCitizen).get(), submit, &submitted));
  CHECK(in.Types(kCitizen).empty());
  CHECK(in.Types(kRenchengReviewer) ==
        std::vector<std::string>{"catalog_entry_submitted",
                                 "application_submitted"});

  pb::PassApplicationFormalReviewRequest pass;
  pass.set_request_id("pass-1");
  pass.set_application_id(kApp);
  pb::PassApplicationFormalReviewResponse passed;
  REQUIRE_OK(in.reviewer->PassApplicationFormalReview(
      in.As(kRenchengReviewer).get(), pass, &passed));
  CHECK(in.Types(kCitizen) ==
        std::vector<std::string>{"application_formal_review_passed"});
  // The provider's review is new work for the provider.
  CHECK(in.Types(kRenchengProvider) ==
        std::vector<std::string>{"catalog_entry_published",
                                 "application_formal_review_passed"});

  pb::ApproveApplicationRequest approve;
  approve.set_request_id("approve-1");
  approve.set_application_id(kApp);
  approve.set_destruction_days(15);
  approve.set_destruction_method("删除并覆写");
  approve.set_result_report_months(3);
  pb::ApproveApplicationResponse approved;
  REQUIRE_OK(in.provider->ApproveApplication(in.As(kRenchengProvider).get(),
                                             approve, &approved));
  CHECK(in.Types(kCitizen).size() == 2);

  pb::SignAgreementRequest sign;
  sign.set_request_id("sign-1");
  sign.set_application_id(kApp);
  pb::SignAgreementResponse user_signed;
  REQUIRE_OK(in.user->SignAgreement(in.As(kCitizen).get(), sign, &user_signed));
  CHECK(in.Types(kRenchengProvider).back() == "agreement_signed");
  pb::SignApplicationAgreementRequest countersign;
  countersign.set_request_id("countersign-1");
  countersign.set_application_id(kApp);
  pb::SignApplicationAgreementResponse granted;
  REQUIRE_OK(in.provider->SignApplicationAgreement(
      in.As(kRenchengProvider).get(), countersign, &granted));

  pb::ListNotificationsResponse mine;
  REQUIRE_OK(in.List(kCitizen, &mine));
  REQUIRE(mine.notifications_size() == 4);
  const pb::Notification& grant = mine.notifications(3);
  CHECK(grant.kind() == pb::NOTIFICATION_KIND_GRANT);
  CHECK(grant.event_type() == "access_granted");
  CHECK(grant.application_id() == kApp);
  CHECK(grant.catalog_entry_id() == kEntry);
  CHECK(grant.stream_id() == absl::StrCat("application/", kApp));
  CHECK(FromProto(grant.time()) == At("2026-03-02T10:00:00+08:00"));
  CHECK(mine.notifications(0).position() < grant.position());
  // Annex 5: the provider's reviewer is informed of the grant.
  CHECK(in.Types(kRenchengReviewer).back() == "access_granted");
  CHECK(in.Types(kZouchengReviewer).empty());

  // Each service serves only its role's inbox.
  pb::ListNotificationsResponse none;
  const grpc::Status as_user = in.provider->ListNotifications(
      in.As(kCitizen).get(), pb::ListNotificationsRequest(), &none);
  CHECK(as_user.error_code() == grpc::StatusCode::PERMISSION_DENIED);
  CHECK(ErrorReason(as_user) == "ROLE_NOT_ALLOWED");
  const grpc::Status as_provider = in.reviewer->ListNotifications(
      in.As(kRenchengProvider).get(), pb::ListNotificationsRequest(), &none);
  CHECK(ErrorReason(as_provider) == "ROLE_NOT_ALLOWED");
}

// A watch of `who`'s reviewer inbox after `after`.
struct Watch {
  std::unique_ptr<grpc::ClientContext> context;
  std::unique_ptr<grpc::ClientReader<pb::WatchNotificationsResponse>> reader;

  Watch(Inboxes& in, const Identity& who, uint64_t after)
      : context(in.As(who)) {
    pb::WatchNotificationsRequest r;
    r.set_after_position(after);
    reader = in.reviewer->WatchNotifications(context.get(), r);
  }

  // The next notification, which must come.
  pb::Notification Next() {
    pb::WatchNotificationsResponse message;
    REQUIRE(reader->Read(&message));
    return message.notification();
  }
};

// Creates and submits `count` entries named <prefix>-<i> as the 任城区
// provider: one reviewer notification each. No Catch2 assertions: for other
// threads. Returns false on any error.
bool SubmitEntries(PlatformFixture& f, const std::string& bearer,
                   const std::string& prefix, int count) {
  for (int i = 0; i < count; ++i) {
    const std::string id = absl::StrCat(prefix, "-", i);
    pb::CreateCatalogEntryRequest create;
    create.set_request_id("create-" + id);
    create.set_catalog_entry_id(id);
    *create.mutable_content() = ConditionalContent("常住人口统计");
    pb::SubmitCatalogEntryRequest submit;
    submit.set_request_id("submit-" + id);
    submit.set_catalog_entry_id(id);
    if (!f.Create(bearer, create).ok() || !f.Submit(bearer, submit).ok()) {
      return false;
    }
  }
  return true;
}

TEST_CASE("inbox: a watch catches up then follows live commits exactly once",
          "[services][notification][watch]") {
  PlatformFixture f(At("2026-03-02T09:00:00+08:00"));
  Inboxes in(f);
  const std::string bearer = f.Bearer(kRenchengProvider);
  REQUIRE(SubmitEntries(f, bearer, "rc-before", 2));

  std::vector<uint64_t> positions;
  {
    Watch watch(in, kRenchengReviewer, 0);
    for (int i = 0; i < 2; ++i) {
      const pb::Notification n = watch.Next();
      CHECK(n.catalog_entry_id() == absl::StrCat("rc-before-", i));
      positions.push_back(n.position());
    }
    bool live_ok = false;
    std::thread writer(
        [&] { live_ok = SubmitEntries(f, bearer, "rc-live", 3); });
    for (int i = 0; i < 3; ++i) {
      const pb::Notification n = watch.Next();
      CHECK(n.kind() == pb::NOTIFICATION_KIND_CATALOG_REVIEW);
      CHECK(n.catalog_entry_id() == absl::StrCat("rc-live-", i));
      CHECK(n.position() > positions.back());
      positions.push_back(n.position());
    }
    writer.join();
    CHECK(live_ok);
    watch.context->TryCancel();
    pb::WatchNotificationsResponse extra;
    CHECK_FALSE(watch.reader->Read(&extra));
    CHECK(watch.reader->Finish().error_code() == grpc::StatusCode::CANCELLED);
  }

  // One more while nobody watches; resuming after the last position received
  // sends only what came after it.
  REQUIRE(SubmitEntries(f, bearer, "rc-after", 1));
  {
    Watch resumed(in, kRenchengReviewer, positions.back());
    const pb::Notification n = resumed.Next();
    CHECK(n.catalog_entry_id() == "rc-after-0");
    CHECK(n.position() > positions.back());
    resumed.context->TryCancel();
    resumed.reader->Finish();
  }
  // Resuming from an earlier position replays exactly the rest, in order.
  {
    Watch again(in, kRenchengReviewer, positions[2]);
    CHECK(again.Next().position() == positions[3]);
    CHECK(again.Next().position() == positions[4]);
    CHECK(again.Next().catalog_entry_id() == "rc-after-0");
    again.context->TryCancel();
    again.reader->Finish();
  }
}

TEST_CASE("inbox: server shutdown ends an open watch promptly",
          "[services][notification][watch]") {
  PlatformFixture f(At("2026-03-02T09:00:00+08:00"));
  Inboxes in(f);
  REQUIRE(SubmitEntries(f, f.Bearer(kRenchengProvider), "rc-one", 1));
  Watch watch(in, kRenchengReviewer, 0);
  // The watch is being served once its catch-up arrived.
  CHECK(watch.Next().catalog_entry_id() == "rc-one-0");
  f.StopServer();
  pb::WatchNotificationsResponse extra;
  CHECK_FALSE(watch.reader->Read(&extra));
  // Ended by the server's shutdown signal, not cancelled at the end of the
  // shutdown grace.
  const grpc::Status status = watch.reader->Finish();
  CHECK(status.error_code() == grpc::StatusCode::UNAVAILABLE);
  CHECK(ErrorReason(status) == "SERVER_SHUTTING_DOWN");
}

}  // namespace
}  // namespace opendata::testing
