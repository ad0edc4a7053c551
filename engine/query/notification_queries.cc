// Implementation of notification_queries.h.
#include "engine/query/notification_queries.h"

#include <map>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "engine/authz.h"
#include "engine/notifications/recipients.h"
#include "engine/notifications/render.h"
#include "engine/projections/catalog_projection.h"
#include "engine/query/page_token.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

namespace {

constexpr char kCatalogStreamPrefix[] = "catalog-entry/";

absl::Status IndexCorrupt(const std::string& key) {
  return MakeError(absl::StatusCode::kDataLoss, "PROJECTION_CORRUPT",
                   "an inbox row names no event of its address",
                   {{"key", key}});
}

}  // namespace

std::string UserInboxOf(const pb::Actor& actor) {
  return UserAddress(actor.subject());
}

absl::StatusOr<std::string> ProviderInboxOf(const pb::Actor& actor) {
  RETURN_IF_ERROR(RequireRole(actor, pb::ROLE_PROVIDER));
  return OrgAddress(actor.organization());
}

absl::StatusOr<std::string> ReviewerInboxOf(const pb::Actor& actor) {
  RETURN_IF_ERROR(RequireRole(actor, pb::ROLE_REVIEWER));
  return RegionAddress(actor.region());
}

absl::StatusOr<NotificationPage> NotificationQueries::List(
    const std::string& address, int page_size,
    const std::string& page_token) const {
  ASSIGN_OR_RETURN(const int size, ResolvePageSize(page_size));
  const std::string filter = absl::StrCat("inbox|", address);
  ASSIGN_OR_RETURN(const std::string last, DecodePageToken(filter, page_token));
  uint64_t after = 0;
  if (!last.empty() && !absl::SimpleAtoi(last, &after)) {
    return InvalidArgument("PAGE_TOKEN_INVALID",
                           {{"page_token", "not a token of this query"}});
  }
  ASSIGN_OR_RETURN(std::vector<pb::Notification> found,
                   After(address, after, static_cast<size_t>(size) + 1));
  NotificationPage page;
  const bool more = found.size() > static_cast<size_t>(size);
  if (more) found.resize(static_cast<size_t>(size));
  if (more) {
    page.next_page_token =
        EncodePageToken(filter, absl::StrCat(found.back().position()));
  }
  page.notifications = std::move(found);
  return page;
}

absl::StatusOr<std::vector<pb::Notification>> NotificationQueries::After(
    const std::string& address, uint64_t after_position, size_t limit) const {
  const std::string start_after =
      after_position == 0 ? "" : InboxRowKey(address, after_position);
  ASSIGN_OR_RETURN(auto rows, store_->ScanProjection(InboxRowPrefix(address),
                                                     start_after, limit));
  return Render(rows);
}

absl::StatusOr<std::vector<pb::Notification>> NotificationQueries::Render(
    const std::vector<std::pair<std::string, std::string>>& rows) const {
  std::vector<pb::Notification> out;
  // Catalog entry streams read for this page, to show each entry as it stood
  // right after its event.
  std::map<std::string, std::vector<RecordedEvent>> streams;
  for (const auto& [key, event_type] : rows) {
    const uint64_t sequence = InboxRowSequence(key);
    ASSIGN_OR_RETURN(std::vector<RecordedEvent> read,
                     store_->ReadAll(sequence, 1));
    if (read.empty() || read[0].envelope.sequence() != sequence ||
        read[0].envelope.event_type() != event_type) {
      return IndexCorrupt(key);
    }
    const pb::EventEnvelope& event = read[0].envelope;
    if (event.stream_id().rfind(kCatalogStreamPrefix, 0) != 0) {
      out.push_back(RenderNotification(event, nullptr));
      continue;
    }
    auto it = streams.find(event.stream_id());
    if (it == streams.end()) {
      ASSIGN_OR_RETURN(std::vector<RecordedEvent> history,
                       store_->ReadStream(event.stream_id(), 1, 1 << 20));
      it = streams.emplace(event.stream_id(), std::move(history)).first;
    }
    pb::CatalogEntry entry;
    for (const RecordedEvent& e : it->second) {
      if (e.envelope.stream_version() > event.stream_version()) break;
      FoldCatalogView(entry, e.envelope);
    }
    out.push_back(RenderNotification(event, &entry));
  }
  return out;
}

}  // namespace opendata
