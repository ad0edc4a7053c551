// Reads of conditional applications and grants, from the application
// projection rows. Visibility: the applicant, providers of the entry's owner,
// reviewers with jurisdiction over the entry's region, auditors and
// operators; anyone else gets NOT_FOUND (APPLICATION_NOT_FOUND), as if it did
// not exist. Thread-safety: safe to call concurrently (the store is).
#ifndef OPENDATA_ENGINE_QUERY_APPLICATION_QUERIES_H_
#define OPENDATA_ENGINE_QUERY_APPLICATION_QUERIES_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/personal_info/personal_data_cipher.h"
#include "jining/opendata/v1/applications.pb.h"
#include "jining/opendata/v1/common.pb.h"
#include "storage/event_store.h"

namespace opendata {

struct ApplicationPage {
  std::vector<jining::opendata::v1::Application> applications;
  std::string next_page_token;
};

class ApplicationQueries {
 public:
  // `store` (and `cipher`, if given) must outlive this object. With a
  // cipher, the applicant's sealed contact, id_number, phone and address are
  // opened: in clear for the applicant, the entry's provider and reviewers
  // with jurisdiction (who handle it), masked for auditors and operators,
  // "[erased]" for everyone once the applicant's key was shredded.
  explicit ApplicationQueries(EventStore* store,
                              const PersonalDataCipher* cipher = nullptr)
      : store_(store), cipher_(cipher) {}

  // One application, if `actor` may see it.
  absl::StatusOr<jining::opendata::v1::Application> Get(
      const jining::opendata::v1::Actor& actor,
      const std::string& application_id) const;

  // The applications `actor` may see, by id: a USER its own, a PROVIDER its
  // organisation's entries', a county reviewer its region's, the city
  // reviewer, auditors and operators all. INVALID_ARGUMENT for a bad page size
  // or token.
  absl::StatusOr<ApplicationPage> List(const jining::opendata::v1::Actor& actor,
                                       int page_size,
                                       const std::string& page_token) const;

  // A USER's grants in any state (PERMISSION_DENIED ROLE_NOT_ALLOWED for
  // other roles), by entry, mode and application id.
  absl::StatusOr<std::vector<jining::opendata::v1::AccessGrant>> Grants(
      const jining::opendata::v1::Actor& actor) const;

 private:
  // Opens (or masks) `application`'s applicant details for `actor`.
  absl::Status Reveal(const jining::opendata::v1::Actor& actor,
                      jining::opendata::v1::Application& application) const;

  EventStore* store_;
  const PersonalDataCipher* cipher_;
};

// True if `actor` may see `application`.
bool MaySeeApplication(const jining::opendata::v1::Actor& actor,
                       const jining::opendata::v1::Application& application);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_QUERY_APPLICATION_QUERIES_H_
