// The fold of the change workflows' events (Art. 9 content changes, Art. 13
// migrations, the Art. 10(3) industry entry, Art. 14 destruction) into the
// parts of an entry they touch. Shared by Evolve (the decider's state) and the
// catalog projection (the served view), so both read the events alike. Pure
// functions; safe from any thread.
#ifndef OPENDATA_ENGINE_CATALOG_CHANGE_FOLD_H_
#define OPENDATA_ENGINE_CATALOG_CHANGE_FOLD_H_

#include <string>

#include "jining/opendata/v1/catalog.pb.h"
#include "jining/opendata/v1/catalog_changes.pb.h"
#include "jining/opendata/v1/events.pb.h"

namespace opendata {

// Where FoldChangeEvent writes. Every pointer must be non-null.
struct ChangeFoldTarget {
  std::string* catalog_entry_id;
  std::string* provider_organization;
  ::jining::opendata::v1::Level* level;
  std::string* region;
  ::jining::opendata::v1::CatalogEntryContent* content;
  ::jining::opendata::v1::CatalogEntryState* state;
  ::jining::opendata::v1::ContentChange* change;
  ::jining::opendata::v1::Migration* migration;
  ::jining::opendata::v1::IndustryApplication* industry;
  ::jining::opendata::v1::Destruction* destruction;
};

// True for the payloads FoldChangeEvent handles.
bool IsChangeEvent(const ::jining::opendata::v1::EventPayload& payload);

// Applies one change event; returns false (and changes nothing) for others.
bool FoldChangeEvent(const ::jining::opendata::v1::EventEnvelope& event,
                     const ChangeFoldTarget& target);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_CATALOG_CHANGE_FOLD_H_
