// The CSV layout of the supervision bulletin (Art. 22): UTF-8 with a byte
// order mark (so that Excel reads Chinese correctly), CRLF line ends, RFC 4180
// quoting (a field with a comma, a double quote, CR or LF is quoted and its
// quotes doubled), a header row of stable column names generated from the
// enums (docs/architecture.md lists them), then one row per group in the order
// given. Pure functions; safe from any thread.
#ifndef OPENDATA_ENGINE_QUERY_SUPERVISION_CSV_H_
#define OPENDATA_ENGINE_QUERY_SUPERVISION_CSV_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "jining/opendata/v1/supervision.pb.h"

namespace opendata {

// One row of the export: a group (an organisation id or a region code), its
// display name and its figures.
struct SupervisionCsvRow {
  std::string group;
  std::string group_name;
  jining::opendata::v1::SupervisionStatistics statistics;
};

// `field` as an RFC 4180 field: unchanged, or quoted with quotes doubled if it
// contains a comma, a double quote, CR or LF.
std::string CsvField(absl::string_view field);

// The column names, in order.
std::vector<std::string> SupervisionCsvColumns();

// The whole file: BOM, header, rows.
std::string SupervisionCsv(const std::vector<SupervisionCsvRow>& rows);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_QUERY_SUPERVISION_CSV_H_
