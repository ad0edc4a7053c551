// Formatting of the open list for export (Art. 8): one row as a JSON line or
// an RFC 4180 CSV record, and the chunker that cuts an export into pieces of
// at most kExportChunkBytes. Deterministic: the same rows always give the same
// bytes. Enum values are written without their type prefix
// (OPEN_ATTRIBUTE_CONDITIONAL -> "CONDITIONAL"); times in RFC 3339 at
// Asia/Shanghai ("2026-03-02T10:00:00+08:00"). Pure functions; ChunkWriter is
// not thread-safe.
#ifndef OPENDATA_ENGINE_QUERY_OPEN_LIST_EXPORT_H_
#define OPENDATA_ENGINE_QUERY_OPEN_LIST_EXPORT_H_

#include <cstddef>
#include <functional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "jining/opendata/v1/open_list.pb.h"

namespace opendata {

// Largest chunk an export is cut into (64 KiB).
inline constexpr size_t kExportChunkBytes = 64 * 1024;

// The CSV header record, CRLF-terminated:
// catalog_entry_id,name,provider_organization,region,open_attribute,
// data_format,domain,conditions,update_frequency,service_modes,publish_time
std::string OpenListCsvHeader();

// One row as a CSV record, CRLF-terminated. Cells holding a comma, a double
// quote, CR or LF are quoted, with double quotes doubled. Conditions are
// joined in one cell as "KIND: description; KIND: description", service modes
// as "FILE; API".
std::string OpenListCsvRecord(const jining::opendata::v1::OpenListRow& row);

// One row as a JSON object on one line, "\n"-terminated, with the fields in
// the CSV's order; conditions as [{"kind": ..., "description": ...}], service
// modes as an array of names.
std::string OpenListJsonLine(const jining::opendata::v1::OpenListRow& row);

// Collects text into chunks of at most `limit` bytes and hands each full chunk
// to `sink`; a chunk ends at the end of a record unless one record alone is
// longer than `limit`, which is then cut at `limit` bytes.
class ChunkWriter {
 public:
  using Sink = std::function<absl::Status(std::string chunk)>;
  ChunkWriter(size_t limit, Sink sink)
      : limit_(limit), sink_(std::move(sink)) {}

  // Adds one record.
  absl::Status Add(absl::string_view record);
  // Hands over what is left; at least one chunk (possibly empty) is sent over
  // the writer's life.
  absl::Status Finish();

 private:
  absl::Status Emit();

  size_t limit_;
  Sink sink_;
  std::string buffer_;
  bool sent_ = false;
};

}  // namespace opendata

#endif  // OPENDATA_ENGINE_QUERY_OPEN_LIST_EXPORT_H_
