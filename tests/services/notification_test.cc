// The takedown notification over gRPC (Art. 14: every user who applied for the
// data is notified as the public notice starts): two citizens apply for a
// published CONDITIONAL county entry, its provider applies for the takedown,
// the county reviewer approves (nobody is notified yet), the city reviewer
// approves and the notice starts; at once each applicant lists its
// notification through UserService.ListNotifications, a stranger lists none,
// and who was notified shows to the reviewer but not to the public.
#include <catch2/catch.hpp>
#include <chrono>
#include <memory>
#include <string>
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

constexpr char kEntry[] = "rc-gaj-notice";
constexpr char kName[] = "暂住人口统计";
constexpr char kReasons[] = "统计口径调整，该数据由区统计局统一发布";

// A second citizen who applies, and one who never does.
const Identity kCitizenTwo{"citizen.3", "USER", "person",
                           "CITY",      "3708", "NATURAL"};
const Identity kStranger{"citizen.9", "USER", "person",
                         "CITY",      "3708", "NATURAL"};

// UserService calls with `who`'s token.
class Users {
 public:
  explicit Users(PlatformFixture& f) : clients_(f) {}

  grpc::Status Submit(const Identity& who, const std::string& id) {
    pb::SubmitApplicationRequest r;
    r.set_request_id(absl::StrCat("submit-", id));
    r.set_application_id(id);
    r.set_catalog_entry_id(kEntry);
    *r.mutable_form() = SampleApplicationForm();
    pb::SubmitApplicationResponse response;
    return clients_.user->SubmitApplication(As(who).get(), r, &response);
  }

  grpc::Status List(const Identity& who, int page_size,
                    const std::string& page_token,
                    pb::ListNotificationsResponse* response) {
    pb::ListNotificationsRequest r;
    r.set_page_size(page_size);
    r.set_page_token(page_token);
    return clients_.user->ListNotifications(As(who).get(), r, response);
  }

  // Every notification of `who`, which must list.
  std::vector<pb::Notification> MustList(const Identity& who) {
    pb::ListNotificationsResponse response;
    REQUIRE_OK(List(who, 0, "", &response));
    CHECK(response.next_page_token().empty());
    return {response.notifications().begin(), response.notifications().end()};
  }

 private:
  std::unique_ptr<grpc::ClientContext> As(const Identity& who) const {
    return clients_.As(who);
  }

  ServiceClients clients_;
};

pb::ApproveTakedownRequest Approve(PlatformFixture& f) {
  pb::ApproveTakedownRequest request;
  request.set_request_id(f.FreshRequestId());
  request.set_catalog_entry_id(kEntry);
  return request;
}

TEST_CASE("takedown notification: each applicant lists it as the notice starts",
          "[services][takedown][notification]") {
  PlatformFixture f(At("2026-03-02T09:00:00+08:00"));
  Users users(f);
  f.MustCreate(kRenchengProvider, kEntry, ConditionalContent(kName));
  f.MustSubmit(kRenchengProvider, kEntry);
  f.MustPublish(kRenchengReviewer, kEntry);
  REQUIRE_OK(users.Submit(kCitizen, "app-citizen-1"));
  REQUIRE_OK(users.Submit(kCitizenTwo, "app-citizen-3"));

  f.clock().Set(At("2026-03-02T10:00:00+08:00"));
  pb::RequestTakedownRequest apply;
  apply.set_request_id("apply-1");
  apply.set_catalog_entry_id(kEntry);
  apply.set_reasons(kReasons);
  REQUIRE_OK(f.RequestTakedown(f.Bearer(kRenchengProvider), apply));

  // The county approval does not start the notice: nobody is notified yet.
  REQUIRE_OK(f.ApproveTakedown(f.Bearer(kRenchengReviewer), Approve(f)));
  CHECK(users.MustList(kCitizen).empty());

  // Mon 2 Mar 11:00 the city reviewer approves: the notice runs to Mon 16 Mar.
  f.clock().Set(At("2026-03-02T11:00:00+08:00"));
  pb::ApproveTakedownResponse approved;
  REQUIRE_OK(f.ApproveTakedown(f.Bearer(kCityReviewer), Approve(f), &approved));
  CHECK(approved.catalog_entry().current_takedown().state() ==
        pb::TAKEDOWN_STATE_NOTICE);
  CHECK(
      std::vector<std::string>(
          approved.catalog_entry().current_takedown().notified_users().begin(),
          approved.catalog_entry().current_takedown().notified_users().end()) ==
      std::vector<std::string>{"citizen.1", "citizen.3"});

  for (const Identity& who : {kCitizen, kCitizenTwo}) {
    INFO(who.subject);
    const std::vector<pb::Notification> inbox = users.MustList(who);
    REQUIRE(inbox.size() == 1);
    const pb::Notification& n = inbox[0];
    CHECK(n.kind() == pb::NOTIFICATION_KIND_TAKEDOWN_NOTICE);
    CHECK(n.catalog_entry_id() == kEntry);
    CHECK(n.catalog_entry_name() == kName);
    CHECK(n.takedown() == 1);
    CHECK(FromProto(n.notice_start_time()) == At("2026-03-02T11:00:00+08:00"));
    CHECK(FromProto(n.notice_end_time()) == At("2026-03-16T23:59:59+08:00"));
    CHECK_FALSE(n.notice_provisional());
    CHECK(n.reasons() == kReasons);
  }
  CHECK(users.MustList(kStranger).empty());
  CHECK(users.MustList(kRenchengProvider).empty());

  // Paging: one per page, then the token; a bad page size is refused.
  pb::ListNotificationsResponse page;
  REQUIRE_OK(users.List(kCitizen, 1, "", &page));
  CHECK(page.notifications_size() == 1);
  CHECK(page.next_page_token().empty());
  const grpc::Status bad = users.List(kCitizen, -1, "", &page);
  CHECK(bad.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(ErrorReason(bad) == "PAGE_SIZE_INVALID");
  const grpc::Status forged = users.List(kCitizen, 0, "forged", &page);
  CHECK(forged.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(ErrorReason(forged) == "PAGE_TOKEN_INVALID");

  // Who was notified is not public: the entry (public while the notice runs)
  // shows it to the city reviewer and the owner, not to a stranger.
  pb::CatalogEntry seen;
  REQUIRE_OK(f.Get(f.Bearer(kStranger), kEntry, &seen));
  CHECK(seen.current_takedown().state() == pb::TAKEDOWN_STATE_NOTICE);
  CHECK(seen.current_takedown().notified_users().empty());
  REQUIRE_OK(f.Get(f.Bearer(kRenchengProvider), kEntry, &seen));
  CHECK(seen.current_takedown().notified_users_size() == 2);
}

}  // namespace
}  // namespace opendata::testing
