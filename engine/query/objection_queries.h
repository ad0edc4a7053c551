// Reads of objections (Art. 19) from the objection projection rows. Objections
// hold personal data (objector, contact): one is visible to its objector, the
// entry's provider organisation, reviewers with jurisdiction over the entry's
// region, auditors and operators; anyone else gets NOT_FOUND
// (OBJECTION_NOT_FOUND), as if it did not exist. Lists are paged (page size
// 1-100, 0 meaning 50). Thread-safety: safe to call concurrently (the store
// is).
#ifndef OPENDATA_ENGINE_QUERY_OBJECTION_QUERIES_H_
#define OPENDATA_ENGINE_QUERY_OBJECTION_QUERIES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/personal_info/personal_data_cipher.h"
#include "jining/opendata/v1/common.pb.h"
#include "jining/opendata/v1/objections.pb.h"
#include "storage/event_store.h"

namespace opendata {

struct ObjectionPage {
  std::vector<jining::opendata::v1::Objection> objections;
  std::string next_page_token;
};

class ObjectionQueries {
 public:
  // `store` (and `cipher`, if given) must outlive this object. With a
  // cipher, the contact's sealed phone and e-mail are opened: in clear for the
  // objector, the entry's provider and reviewers with jurisdiction, masked for
  // auditors and operators, "[erased]" for everyone once the objector's key
  // was shredded.
  explicit ObjectionQueries(EventStore* store,
                            const PersonalDataCipher* cipher = nullptr)
      : store_(store), cipher_(cipher) {}

  // One objection, if `actor` may see it.
  absl::StatusOr<jining::opendata::v1::Objection> Get(
      const jining::opendata::v1::Actor& actor,
      const std::string& catalog_entry_id, int32_t objection) const;

  // The caller's own latest objection to an entry (the one a FileObjection
  // just recorded); NOT_FOUND (OBJECTION_NOT_FOUND) if none.
  absl::StatusOr<jining::opendata::v1::Objection> LatestOfMine(
      const jining::opendata::v1::Actor& actor,
      const std::string& catalog_entry_id) const;

  // The caller's own objections (any state), by entry and number.
  absl::StatusOr<ObjectionPage> Mine(const jining::opendata::v1::Actor& actor,
                                     int page_size,
                                     const std::string& page_token) const;

  // Objections to the caller organisation's entries (any state), by entry and
  // number. PROVIDER only (PERMISSION_DENIED ROLE_NOT_ALLOWED).
  absl::StatusOr<ObjectionPage> Received(
      const jining::opendata::v1::Actor& actor, int page_size,
      const std::string& page_token) const;

  // Pending objections in the caller's region (the city reviewer: all), oldest
  // filing first. REVIEWER only (PERMISSION_DENIED ROLE_NOT_ALLOWED).
  absl::StatusOr<ObjectionPage> Pending(
      const jining::opendata::v1::Actor& actor, int page_size,
      const std::string& page_token) const;

 private:
  absl::StatusOr<ObjectionPage> Scan(const jining::opendata::v1::Actor& actor,
                                     const std::string& prefix, int page_size,
                                     const std::string& page_token) const;
  // Opens (or masks) `objection`'s contact for `actor`.
  absl::Status Reveal(const jining::opendata::v1::Actor& actor,
                      jining::opendata::v1::Objection& objection) const;

  EventStore* store_;
  const PersonalDataCipher* cipher_;
};

}  // namespace opendata

#endif  // OPENDATA_ENGINE_QUERY_OBJECTION_QUERIES_H_
