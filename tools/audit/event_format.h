// Deterministic renderings for opendata-audit: a recorded event as a readable
// text block or as one JSON line, a projection row as text or JSON, and the
// helpers behind them (UTF-8-safe escaping, JSON string literals, times in UTC
// and Asia/Shanghai). Nothing here reads the clock, addresses or map order.
// Stateless functions; safe from any thread.
#ifndef OPENDATA_TOOLS_AUDIT_EVENT_FORMAT_H_
#define OPENDATA_TOOLS_AUDIT_EVENT_FORMAT_H_

#include <string>

#include "absl/strings/string_view.h"
#include "storage/event_store.h"

namespace opendata {

// A JSON string literal (quotes included) for UTF-8 `text`: '"', '\\' and
// control characters escaped, other bytes kept (callers pass valid UTF-8).
std::string JsonQuote(absl::string_view text);

// `bytes` printable: UTF-8 text kept, other bytes as \xNN escapes.
std::string PrintableKey(absl::string_view bytes);

// A readable block: "event <sequence>" and indented fields, ending in "\n".
std::string EventText(const RecordedEvent& event);

// One JSON object, no newline: {"sequence":N,"hash":"<hex>","prev_hash":
// "<hex>","envelope":{proto3 JSON}}.
std::string EventJson(const RecordedEvent& event);

// A projection row as text: "row <key>" and, for a non-empty value, the value
// in protobuf text format (when the key's family has a known message type) or
// as escaped bytes, indented; ends in "\n".
std::string RowText(absl::string_view key, absl::string_view value);

// A projection row as one JSON object, no newline: {"family","key","value"}
// with the value in proto3 JSON (known family) or {"bytes":"<escaped>"}.
std::string RowJson(absl::string_view key, absl::string_view value);

// The family of a row key: its first two '/'-separated segments ("catalog/
// entry"), or just the first for the inbox index ("inbox").
std::string RowFamily(absl::string_view key);

}  // namespace opendata

#endif  // OPENDATA_TOOLS_AUDIT_EVENT_FORMAT_H_
