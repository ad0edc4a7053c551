// The inbox RPCs of UserService, ProviderService and ReviewerService:
// ListNotifications (a page of the caller's inbox, oldest first) and
// WatchNotifications (catch-up from the index after a position, then live
// following). A watch never misses or repeats a notification: every inbox row
// of an event <= LastSequence() is committed in the same write as the event,
// and LastSequence() is published only after that write, so each round reads
// LastSequence() first, sends every row after the last position sent, and then
// sleeps until a later sequence is committed (waking at least every
// kWatchWakeUp to notice a cancelled call or a server shutdown).
// Thread-safety: stateless beyond the shared runtime; safe for the sync
// server's concurrent handlers.
#include <functional>
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "services/catalog_services.h"
#include "services/user_service.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

namespace {

// How long a watch sleeps at most before looking at its call and the server.
constexpr absl::Duration kWatchWakeUp = absl::Milliseconds(200);
// Notifications read from the index per round.
constexpr size_t kWatchBatch = 100;

using InboxOfActor =
    std::function<absl::StatusOr<std::string>(const pb::Actor&)>;

grpc::Status ListInbox(const ServiceRuntime& runtime,
                       grpc::ServerContext* context,
                       const InboxOfActor& inbox_of,
                       const pb::ListNotificationsRequest& request,
                       pb::ListNotificationsResponse* response) {
  return runtime.Handle(context, [&](const pb::Actor& actor) -> absl::Status {
    ASSIGN_OR_RETURN(const std::string address, inbox_of(actor));
    ASSIGN_OR_RETURN(NotificationPage page,
                     runtime.notification_queries().List(
                         address, request.page_size(), request.page_token()));
    for (pb::Notification& n : page.notifications) {
      *response->add_notifications() = std::move(n);
    }
    response->set_next_page_token(page.next_page_token);
    return absl::OkStatus();
  });
}

grpc::Status WatchInbox(
    const ServiceRuntime& runtime, grpc::ServerContext* context,
    const InboxOfActor& inbox_of, const pb::WatchNotificationsRequest& request,
    grpc::ServerWriter<pb::WatchNotificationsResponse>* writer) {
  return runtime.Handle(context, [&](const pb::Actor& actor) -> absl::Status {
    ASSIGN_OR_RETURN(const std::string address, inbox_of(actor));
    const NotificationQueries& queries = runtime.notification_queries();
    uint64_t position = request.after_position();
    while (true) {
      if (context->IsCancelled()) {
        return absl::CancelledError("the client cancelled the watch");
      }
      if (runtime.stopping()) {
        return MakeError(absl::StatusCode::kUnavailable, "SERVER_SHUTTING_DOWN",
                         "the server is shutting down; resume the watch "
                         "after the last position received");
      }
      // Every row of an event <= committed is readable now.
      const uint64_t committed = queries.LastPosition();
      ASSIGN_OR_RETURN(std::vector<pb::Notification> found,
                       queries.After(address, position, kWatchBatch));
      for (pb::Notification& n : found) {
        const uint64_t sent = n.position();
        pb::WatchNotificationsResponse message;
        *message.mutable_notification() = std::move(n);
        if (!writer->Write(message)) {
          return absl::CancelledError("the client went away");
        }
        position = sent;
      }
      if (found.size() == kWatchBatch) continue;
      queries.WaitForPositionAbove(std::max(committed, position),
                                   absl::Now() + kWatchWakeUp);
    }
  });
}

absl::StatusOr<std::string> UserInbox(const pb::Actor& actor) {
  return UserInboxOf(actor);
}

}  // namespace

grpc::Status UserServiceImpl::ListNotifications(
    grpc::ServerContext* context, const pb::ListNotificationsRequest* request,
    pb::ListNotificationsResponse* response) {
  return ListInbox(*runtime_, context, UserInbox, *request, response);
}

grpc::Status UserServiceImpl::WatchNotifications(
    grpc::ServerContext* context, const pb::WatchNotificationsRequest* request,
    grpc::ServerWriter<pb::WatchNotificationsResponse>* writer) {
  return WatchInbox(*runtime_, context, UserInbox, *request, writer);
}

grpc::Status ProviderServiceImpl::ListNotifications(
    grpc::ServerContext* context, const pb::ListNotificationsRequest* request,
    pb::ListNotificationsResponse* response) {
  return ListInbox(*runtime_, context, ProviderInboxOf, *request, response);
}

grpc::Status ProviderServiceImpl::WatchNotifications(
    grpc::ServerContext* context, const pb::WatchNotificationsRequest* request,
    grpc::ServerWriter<pb::WatchNotificationsResponse>* writer) {
  return WatchInbox(*runtime_, context, ProviderInboxOf, *request, writer);
}

grpc::Status ReviewerServiceImpl::ListNotifications(
    grpc::ServerContext* context, const pb::ListNotificationsRequest* request,
    pb::ListNotificationsResponse* response) {
  return ListInbox(*runtime_, context, ReviewerInboxOf, *request, response);
}

grpc::Status ReviewerServiceImpl::WatchNotifications(
    grpc::ServerContext* context, const pb::WatchNotificationsRequest* request,
    grpc::ServerWriter<pb::WatchNotificationsResponse>* writer) {
  return WatchInbox(*runtime_, context, ReviewerInboxOf, *request, writer);
}

}  // namespace opendata
