// Objections (Art. 19) as numbered sub-records of a catalog entry's stream:
// the ledger of the full records (personal data: objector and contact), and
// the folds shared by the engine's CatalogEntryState and the public
// CatalogEntry view (state, hold, counts; no personal data). Pure functions;
// plain values, not thread-safe (each command or projection folds its own).
#ifndef OPENDATA_ENGINE_CATALOG_OBJECTION_STATE_H_
#define OPENDATA_ENGINE_CATALOG_OBJECTION_STATE_H_

#include <cstdint>
#include <map>
#include <string>

#include "jining/opendata/v1/catalog.pb.h"
#include "jining/opendata/v1/events.pb.h"
#include "jining/opendata/v1/objections.pb.h"

namespace opendata {

// An entry's objections by number.
using ObjectionLedger = std::map<int32_t, jining::opendata::v1::Objection>;

// Id of the provider's answer clock of one objection:
// "objection-answer:<entry id>:<objection number>".
std::string ObjectionAnswerDeadlineId(const std::string& catalog_entry_id,
                                      int32_t objection);

// True if `event` is one of the objection events.
bool IsObjectionEvent(const jining::opendata::v1::EventPayload& payload);

// Applies one event of the entry's stream (`catalog_entry_id`) to the ledger:
// the objection events, and a DeadlineRevised of a pending objection's answer
// clock. Other events leave it unchanged.
void FoldObjectionLedger(ObjectionLedger& ledger,
                         const std::string& catalog_entry_id,
                         const jining::opendata::v1::EventEnvelope& event);

// The entry state an objection event leaves: SUSPENDED_FOR_OBJECTION after a
// suspending filing, PUBLISHED after a lift, TAKEN_DOWN after a take-down
// answer; `state` otherwise.
jining::opendata::v1::CatalogEntryState StateAfterObjectionEvent(
    jining::opendata::v1::CatalogEntryState state,
    const jining::opendata::v1::EventPayload& payload);

// Applies an objection event to the public view (state, objection_count,
// holding_objections, objection_hold_time, taken_down_time, version,
// update_time). Returns false, changing nothing, for other events.
bool FoldObjectionView(jining::opendata::v1::CatalogEntry& view,
                       const jining::opendata::v1::EventEnvelope& event);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_CATALOG_OBJECTION_STATE_H_
