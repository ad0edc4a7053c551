// ReleaseLedger: what the release decider needs to know about an entry's
// releases and quality assessments (Art. 12), folded from the entry's events.
// Part of CatalogEntryState. Plain value type; not thread-safe (each command
// folds its own copy).
#ifndef OPENDATA_ENGINE_CATALOG_RELEASE_STATE_H_
#define OPENDATA_ENGINE_CATALOG_RELEASE_STATE_H_

#include <cstdint>
#include <set>
#include <string>

#include "jining/opendata/v1/events.pb.h"

namespace opendata {

struct ReleaseLedger {
  // Version labels of every release recorded so far (unique per entry).
  std::set<std::string> version_labels;
  // Number of the latest release; 0 if none.
  int32_t releases = 0;
  // Number of the latest quality assessment; 0 if none.
  int32_t assessments = 0;
};

// Applies one event; events other than releases and assessments leave the
// ledger unchanged.
void FoldReleaseLedger(ReleaseLedger& ledger,
                       const jining::opendata::v1::EventEnvelope& event);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_CATALOG_RELEASE_STATE_H_
