// The inbox through the pipeline and the store: an entry is submitted and
// published, a user applies, passes the formal review, is approved and signs;
// every new event carries its recipients, the store's inbox index holds one
// row per recipient (inbox/<address>/BE64(sequence) -> event type), each party
// lists its own notifications oldest first with page tokens bound to its
// inbox, and the projections rebuilt from the log (inbox rows included) equal
// the stored ones. Also the store's commit signal.
#include <string>
#include <vector>

#include "catch2/catch.hpp"
#include "engine/notifications/recipients.h"
#include "engine/query/notification_queries.h"
#include "engine/replay/rebuild.h"
#include "tests/engine/application_support.h"
#include "tests/engine/deadline_support.h"
#include "tests/engine/test_support.h"

namespace opendata::engine_test {
namespace {

using absl::StatusCode;

const absl::Time kStart = Shanghai(2026, 2, 26, 10, 0, 0);
const absl::Time kApplied = Shanghai(2026, 3, 2, 9, 0, 0);

// Event types of `address`'s inbox, oldest first, through the queries.
std::vector<std::string> InboxTypes(RocksEventStore& store,
                                    const std::string& address) {
  NotificationQueries queries(&store);
  const absl::StatusOr<NotificationPage> page = queries.List(address, 0, "");
  INFO(page.status().ToString());
  REQUIRE(page.ok());
  std::vector<std::string> types;
  uint64_t last = 0;
  for (const pb::Notification& n : page->notifications) {
    CHECK(n.position() > last);
    last = n.position();
    types.push_back(n.event_type());
  }
  return types;
}

// Runs the review workflow of one application up to the grant.
void GrantedApplication(DeadlineHarness& h) {
  h.MustRun(CreateCommand(kAppEntry, AppFactsContent()), AppOwner());
  h.MustRun(SubmitCommand(kAppEntry), AppOwner());
  h.MustRun(PublishCommand(kAppEntry), CountyReviewer("370811"));
  h.clock().Set(kApplied);
  h.MustRun(SubmitApp(ValidForm(),
                      Credit(kApplied, pb::CREDIT_LIST_UNSPECIFIED, "u-zhang")),
            Applicant());
  h.MustRun(PassFormal(), CountyReviewer("370811"));
  h.MustRun(Approve(), AppOwner());
  h.MustRun(Sign(), Applicant());
  h.MustRun(Sign(), AppOwner());
}

TEST_CASE("inbox: every party gets its notifications through the pipeline",
          "[notification][pipeline][inbox]") {
  DeadlineHarness h(kStart);
  GrantedApplication(h);

  // Recorded recipients: sorted, distinct, never the actor.
  for (const pb::EventEnvelope& e : h.Log(1)) {
    INFO(e.sequence() << " " << e.event_type());
    const std::vector<std::string> recipients(e.recipients().begin(),
                                              e.recipients().end());
    CHECK(std::is_sorted(recipients.begin(), recipients.end()));
    CHECK(std::adjacent_find(recipients.begin(), recipients.end()) ==
          recipients.end());
    for (const std::string& r : recipients) CHECK(r != InboxOf(e.actor()));
  }

  CHECK(InboxTypes(h.store(), "region/370811") ==
        std::vector<std::string>{"catalog_entry_submitted",
                                 "application_submitted", "access_granted"});
  CHECK(InboxTypes(h.store(), "org/rc-wsj") ==
        std::vector<std::string>{"catalog_entry_published",
                                 "application_formal_review_passed",
                                 "agreement_signed"});
  CHECK(InboxTypes(h.store(), UserAddress("u-zhang")) ==
        std::vector<std::string>{"application_formal_review_passed",
                                 "application_approved", "agreement_signed",
                                 "access_granted"});
  CHECK(InboxTypes(h.store(), "region/3708").empty());
  CHECK(InboxTypes(h.store(), UserAddress("u-li")).empty());

  // The index rows: one per recipient, keyed by sequence, valued by type.
  const ProjectionRows rows = AllRows(h.store());
  size_t index_rows = 0;
  size_t recipients = 0;
  for (const pb::EventEnvelope& e : h.Log(1)) {
    for (const std::string& r : e.recipients()) {
      ++recipients;
      const std::string key = InboxRowKey(r, e.sequence());
      REQUIRE(rows.count(key) == 1);
      CHECK(rows.at(key) == e.event_type());
      CHECK(InboxRowSequence(key) == e.sequence());
    }
  }
  for (const auto& [key, value] : rows) {
    if (key.rfind(kInboxRowPrefix, 0) == 0) ++index_rows;
  }
  CHECK(index_rows == recipients);
  CHECK(recipients >= 10);

  // Rebuilt from the log (inbox rows included) equals what is stored.
  const absl::StatusOr<ProjectionRows> rebuilt = RebuildProjections(h.store());
  INFO(rebuilt.status().ToString());
  REQUIRE(rebuilt.ok());
  CHECK(*rebuilt == rows);
}

TEST_CASE("inbox: pages oldest first with tokens bound to the inbox",
          "[notification][query][inbox]") {
  DeadlineHarness h(kStart);
  GrantedApplication(h);
  NotificationQueries queries(&h.store());
  const std::string user = UserAddress("u-zhang");
  std::vector<uint64_t> seen;
  std::string token;
  do {
    const absl::StatusOr<NotificationPage> page = queries.List(user, 3, token);
    INFO(page.status().ToString());
    REQUIRE(page.ok());
    CHECK(page->notifications.size() <= 3);
    for (const pb::Notification& n : page->notifications) {
      seen.push_back(n.position());
    }
    token = page->next_page_token;
  } while (!token.empty());
  REQUIRE(seen.size() == 4);
  CHECK(std::is_sorted(seen.begin(), seen.end()));
  // A token of one inbox is refused on another.
  const absl::StatusOr<NotificationPage> first = queries.List(user, 1, "");
  REQUIRE(first.ok());
  REQUIRE_FALSE(first->next_page_token.empty());
  CheckError(queries.List("org/rc-wsj", 1, first->next_page_token).status(),
             StatusCode::kInvalidArgument, "PAGE_TOKEN_INVALID");
  // After(): strictly after a position.
  const absl::StatusOr<std::vector<pb::Notification>> after =
      queries.After(user, seen[1], 10);
  REQUIRE(after.ok());
  REQUIRE(after->size() == 2);
  CHECK((*after)[0].position() == seen[2]);
}

TEST_CASE("inbox: the store signals each commit to waiters",
          "[notification][store][inbox]") {
  DeadlineHarness h(kStart);
  const uint64_t last = h.store().LastSequence();
  REQUIRE(last > 0);
  // Already above: no wait. Not above and the deadline passed: false.
  CHECK(h.store().WaitForSequenceAbove(last - 1, absl::InfinitePast()));
  CHECK_FALSE(h.store().WaitForSequenceAbove(last, absl::InfinitePast()));
  h.MustRun(CreateCommand(kAppEntry, AppFactsContent()), AppOwner());
  CHECK(h.store().WaitForSequenceAbove(last, absl::InfinitePast()));
}

}  // namespace
}  // namespace opendata::engine_test
