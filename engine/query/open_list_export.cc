// Implementation of open_list_export.h.
#include "engine/query/open_list_export.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "common/status_macros.h"
#include "common/time_util.h"
#include "jining/opendata/v1/catalog.pb.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

namespace {

// `name` without `prefix` ("OPEN_ATTRIBUTE_CONDITIONAL" -> "CONDITIONAL").
std::string Short(const std::string& name, absl::string_view prefix) {
  return name.substr(std::min(name.size(), prefix.size()));
}

std::string Attribute(pb::OpenAttribute v) {
  return Short(pb::OpenAttribute_Name(v), "OPEN_ATTRIBUTE_");
}
std::string Frequency(pb::UpdateFrequency v) {
  return Short(pb::UpdateFrequency_Name(v), "UPDATE_FREQUENCY_");
}
std::string Mode(int v) {
  return Short(pb::ServiceMode_Name(static_cast<pb::ServiceMode>(v)),
               "SERVICE_MODE_");
}
std::string Kind(pb::ConditionKind v) {
  return Short(pb::ConditionKind_Name(v), "CONDITION_KIND_");
}

std::string Time(const google::protobuf::Timestamp& ts) {
  return absl::FormatTime("%Y-%m-%d%ET%H:%M:%S%Ez", FromProto(ts),
                          ShanghaiTimeZone());
}

std::string CsvCell(const std::string& value) {
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string JsonString(const std::string& value) {
  std::string out = "\"";
  for (char c : value) {
    const unsigned char u = static_cast<unsigned char>(c);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (u < 0x20) {
          out += absl::StrFormat("\\u%04x", u);
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

std::vector<std::string> ModeNames(const pb::OpenListRow& row) {
  std::vector<std::string> modes;
  for (int m : row.service_modes()) modes.push_back(Mode(m));
  return modes;
}

}  // namespace

std::string OpenListCsvHeader() {
  return "catalog_entry_id,name,provider_organization,region,open_attribute,"
         "data_format,domain,conditions,update_frequency,service_modes,"
         "publish_time\r\n";
}

std::string OpenListCsvRecord(const pb::OpenListRow& row) {
  std::vector<std::string> conditions;
  for (const pb::OpenCondition& c : row.conditions()) {
    conditions.push_back(absl::StrCat(Kind(c.kind()), ": ", c.description()));
  }
  const std::vector<std::string> cells = {row.catalog_entry_id(),
                                          row.name(),
                                          row.provider_organization(),
                                          row.region(),
                                          Attribute(row.open_attribute()),
                                          row.data_format(),
                                          row.domain(),
                                          absl::StrJoin(conditions, "; "),
                                          Frequency(row.update_frequency()),
                                          absl::StrJoin(ModeNames(row), "; "),
                                          Time(row.publish_time())};
  std::string out;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) out += ',';
    out += CsvCell(cells[i]);
  }
  return out + "\r\n";
}

std::string OpenListJsonLine(const pb::OpenListRow& row) {
  std::vector<std::string> conditions;
  for (const pb::OpenCondition& c : row.conditions()) {
    conditions.push_back(
        absl::StrCat("{\"kind\":", JsonString(Kind(c.kind())),
                     ",\"description\":", JsonString(c.description()), "}"));
  }
  std::vector<std::string> modes;
  for (const std::string& m : ModeNames(row)) modes.push_back(JsonString(m));
  return absl::StrCat(
      "{\"catalog_entry_id\":", JsonString(row.catalog_entry_id()),
      ",\"name\":", JsonString(row.name()),
      ",\"provider_organization\":", JsonString(row.provider_organization()),
      ",\"region\":", JsonString(row.region()),
      ",\"open_attribute\":", JsonString(Attribute(row.open_attribute())),
      ",\"data_format\":", JsonString(row.data_format()),
      ",\"domain\":", JsonString(row.domain()), ",\"conditions\":[",
      absl::StrJoin(conditions, ","),
      "],\"update_frequency\":", JsonString(Frequency(row.update_frequency())),
      ",\"service_modes\":[", absl::StrJoin(modes, ","),
      "],\"publish_time\":", JsonString(Time(row.publish_time())), "}\n");
}

absl::Status ChunkWriter::Add(absl::string_view record) {
  if (!buffer_.empty() && buffer_.size() + record.size() > limit_) {
    RETURN_IF_ERROR(Emit());
  }
  while (record.size() > limit_) {
    buffer_.assign(record.data(), limit_);
    RETURN_IF_ERROR(Emit());
    record.remove_prefix(limit_);
  }
  buffer_.append(record.data(), record.size());
  return absl::OkStatus();
}

absl::Status ChunkWriter::Finish() {
  if (!buffer_.empty() || !sent_) return Emit();
  return absl::OkStatus();
}

absl::Status ChunkWriter::Emit() {
  sent_ = true;
  std::string chunk;
  chunk.swap(buffer_);
  return sink_(std::move(chunk));
}

}  // namespace opendata
