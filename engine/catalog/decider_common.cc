// Implementation of decider_common.h.
#include "engine/catalog/decider_common.h"

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "engine/catalog/catalog_validation.h"

namespace opendata {

absl::Status NotFound(const std::string& id) {
  return MakeError(absl::StatusCode::kNotFound, "CATALOG_ENTRY_NOT_FOUND",
                   absl::StrCat("catalog entry ", id, " does not exist"),
                   {{"catalog_entry_id", id}});
}

absl::Status ValidateReasons(const std::string& text, const std::string& field,
                             absl::string_view reason) {
  if (!text.empty() && Utf8Length(text) <= 1000) return absl::OkStatus();
  return InvalidArgument(reason, {{field, "1-1000 characters"}});
}

absl::Status WrongState(const CatalogEntryState& s, absl::string_view reason,
                        absl::string_view what) {
  return MakeError(absl::StatusCode::kFailedPrecondition, reason,
                   absl::StrCat(what, "; the entry is ",
                                pb::CatalogEntryState_Name(s.state)),
                   {{"state", pb::CatalogEntryState_Name(s.state)}});
}

}  // namespace opendata
