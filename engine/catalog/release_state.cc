// Implementation of release_state.h.
#include "engine/catalog/release_state.h"

namespace opendata {

void FoldReleaseLedger(ReleaseLedger& ledger,
                       const jining::opendata::v1::EventEnvelope& event) {
  const auto& p = event.payload();
  if (p.has_catalog_entry_release_recorded()) {
    const auto& release = p.catalog_entry_release_recorded().release();
    ledger.version_labels.insert(release.version_label());
    ledger.releases = release.number();
  } else if (p.has_catalog_entry_quality_assessed()) {
    ledger.assessments =
        p.catalog_entry_quality_assessed().assessment().number();
  }
}

}  // namespace opendata
