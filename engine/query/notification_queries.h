// Reads of the inboxes: the store's inbox index (inbox/<address>/ rows, one
// per recorded event that names the address among its recipients) rendered
// into Notifications from the events themselves, oldest first. The inbox a
// caller reads is its own: a user's "user/<subject>", a provider's
// "org/<organization>", a reviewer's "region/<region>".
// Thread-safety: safe to call concurrently (the store is).
#ifndef OPENDATA_ENGINE_QUERY_NOTIFICATION_QUERIES_H_
#define OPENDATA_ENGINE_QUERY_NOTIFICATION_QUERIES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "jining/opendata/v1/common.pb.h"
#include "jining/opendata/v1/notifications.pb.h"
#include "storage/event_store.h"

namespace opendata {

struct NotificationPage {
  std::vector<jining::opendata::v1::Notification> notifications;
  std::string next_page_token;
};

// The caller's user inbox; any authenticated caller has one.
std::string UserInboxOf(const jining::opendata::v1::Actor& actor);
// The caller's organisation's inbox: PROVIDER only (PERMISSION_DENIED
// ROLE_NOT_ALLOWED).
absl::StatusOr<std::string> ProviderInboxOf(
    const jining::opendata::v1::Actor& actor);
// The inbox of the caller's region's reviewers: REVIEWER only
// (PERMISSION_DENIED ROLE_NOT_ALLOWED).
absl::StatusOr<std::string> ReviewerInboxOf(
    const jining::opendata::v1::Actor& actor);

class NotificationQueries {
 public:
  // `store` must outlive this object.
  explicit NotificationQueries(EventStore* store) : store_(store) {}

  // One page of `address`'s inbox, oldest first. The token is bound to the
  // address. INVALID_ARGUMENT (PAGE_SIZE_INVALID, PAGE_TOKEN_INVALID).
  absl::StatusOr<NotificationPage> List(const std::string& address,
                                        int page_size,
                                        const std::string& page_token) const;

  // At most `limit` notifications of `address` with a position greater than
  // `after_position`, oldest first.
  absl::StatusOr<std::vector<jining::opendata::v1::Notification>> After(
      const std::string& address, uint64_t after_position, size_t limit) const;

  // The last committed position (EventStore::LastSequence).
  uint64_t LastPosition() const { return store_->LastSequence(); }

  // Blocks until a position greater than `position` is committed or
  // `deadline` passes; returns whether one is.
  bool WaitForPositionAbove(uint64_t position, absl::Time deadline) const {
    return store_->WaitForSequenceAbove(position, deadline);
  }

 private:
  // Renders the events of inbox rows.
  absl::StatusOr<std::vector<jining::opendata::v1::Notification>> Render(
      const std::vector<std::pair<std::string, std::string>>& rows) const;

  EventStore* store_;
};

}  // namespace opendata

#endif  // OPENDATA_ENGINE_QUERY_NOTIFICATION_QUERIES_H_
