// The recipient mapping of objection events on catalog entry streams
// (recipient_rules.h, Art. 19): a filing is new work for the provider (who
// answers within 10 WD) and the entry's reviewers (who verify); the
// verification goes to the provider and the objector; the answer to the
// objector and the reviewers; a withdrawal to the provider and the reviewers.
// The users of the entry recorded on the event (notified_users: a suspension,
// its lifting, a takedown) are told too. Pure.
#include "engine/notifications/recipient_rules.h"
#include "engine/notifications/recipients.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

namespace {

void AddUsers(const google::protobuf::RepeatedPtrField<std::string>& subjects,
              AddressSet& out) {
  for (const std::string& subject : subjects) out.insert(UserAddress(subject));
}

// The objector of objection `number`, as an inbox address ("" if unknown).
std::string Objector(const StreamView& view, int32_t number) {
  const auto it = view.objections.find(number);
  if (it == view.objections.end()) return "";
  return UserAddress(it->second.objector().subject());
}

}  // namespace

void AddObjectionRecipients(const StreamView& view,
                            const pb::EventEnvelope& event, AddressSet& out) {
  const pb::CatalogEntry& entry = view.catalog;
  const std::string provider = OrgAddress(entry.provider_organization());
  const std::string reviewers =
      RegionAddress(ReviewRegion(entry.level(), entry.region()));
  const pb::EventPayload& p = event.payload();
  switch (p.event_case()) {
    case pb::EventPayload::kCatalogEntryObjectionFiled:
      out.insert(provider);
      out.insert(reviewers);
      AddUsers(p.catalog_entry_objection_filed().notified_users(), out);
      break;
    case pb::EventPayload::kCatalogEntryObjectionVerified:
      out.insert(provider);
      out.insert(
          Objector(view, p.catalog_entry_objection_verified().objection()));
      break;
    case pb::EventPayload::kCatalogEntryObjectionAnswered: {
      const auto& e = p.catalog_entry_objection_answered();
      out.insert(reviewers);
      out.insert(Objector(view, e.objection()));
      AddUsers(e.notified_users(), out);
      break;
    }
    case pb::EventPayload::kCatalogEntryObjectionWithdrawn:
      out.insert(provider);
      out.insert(reviewers);
      AddUsers(p.catalog_entry_objection_withdrawn().notified_users(), out);
      break;
    default:
      break;
  }
}

}  // namespace opendata
