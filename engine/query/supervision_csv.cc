// Implementation of supervision_csv.h.
#include "engine/query/supervision_csv.h"

#include <map>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "common/time_util.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "jining/opendata/v1/applications.pb.h"
#include "jining/opendata/v1/objections.pb.h"
#include "jining/opendata/v1/releases.pb.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

namespace {

using Cells = std::vector<std::pair<std::string, std::string>>;

constexpr char kBom[] = "\xEF\xBB\xBF";

// Lower-case value names of an enum without its prefix and without the
// UNSPECIFIED value, in declaration order, with their numbers.
std::vector<std::pair<int, std::string>> EnumValues(
    const google::protobuf::EnumDescriptor* e, absl::string_view prefix) {
  std::vector<std::pair<int, std::string>> out;
  for (int i = 0; i < e->value_count(); ++i) {
    const google::protobuf::EnumValueDescriptor* v = e->value(i);
    if (v->number() == 0) continue;
    absl::string_view name(v->name());
    if (name.substr(0, prefix.size()) == prefix)
      name.remove_prefix(prefix.size());
    out.emplace_back(v->number(), absl::AsciiStrToLower(name));
  }
  return out;
}

int64_t OutcomeCount(
    const google::protobuf::RepeatedPtrField<pb::OutcomeCount>& counts,
    absl::string_view lower_name) {
  for (const pb::OutcomeCount& c : counts) {
    if (absl::AsciiStrToLower(c.outcome()) == lower_name) return c.count();
  }
  return 0;
}

std::string Hours(double hours) { return absl::StrFormat("%.2f", hours); }

std::string Rfc3339(const google::protobuf::Timestamp& ts) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%S+08:00", FromProto(ts),
                          ShanghaiTimeZone());
}

// The figure cells of one group, in column order.
Cells FigureCells(const pb::SupervisionStatistics& s) {
  Cells cells;
  auto add = [&cells](std::string name, std::string value) {
    cells.emplace_back(std::move(name), std::move(value));
  };
  int64_t total = 0;
  std::map<std::pair<int, int>, int64_t> entries;
  for (const pb::EntryCount& e : s.entries()) {
    total += e.count();
    entries[{e.attribute(), e.state()}] += e.count();
  }
  add("entries_total", absl::StrCat(total));
  for (const auto& [attribute, attribute_name] :
       EnumValues(pb::OpenAttribute_descriptor(), "OPEN_ATTRIBUTE_")) {
    for (const auto& [state, state_name] : EnumValues(
             pb::CatalogEntryState_descriptor(), "CATALOG_ENTRY_STATE_")) {
      auto it = entries.find({attribute, state});
      add(absl::StrCat("entries_", attribute_name, "_", state_name),
          absl::StrCat(it == entries.end() ? 0 : it->second));
    }
  }
  for (const auto& [kind, kind_name] :
       EnumValues(pb::DeadlineKind_descriptor(), "DEADLINE_KIND_")) {
    pb::ClockStatistics c;
    for (const pb::ClockStatistics& candidate : s.clocks()) {
      if (candidate.kind() == kind) c = candidate;
    }
    const std::string p = absl::StrCat("clock_", kind_name, "_");
    add(p + "started", absl::StrCat(c.started()));
    add(p + "met_on_time", absl::StrCat(c.met_on_time()));
    add(p + "met_late", absl::StrCat(c.met_late()));
    add(p + "marked_overdue", absl::StrCat(c.marked_overdue()));
    add(p + "open_at_end", absl::StrCat(c.open_at_end()));
    add(p + "median_hours", Hours(c.median_handling_hours()));
    add(p + "p90_hours", Hours(c.p90_handling_hours()));
  }
  const pb::ApplicationStatistics& a = s.applications();
  add("applications_submitted", absl::StrCat(a.submitted()));
  add("applications_approved", absl::StrCat(a.approved()));
  add("applications_refused", absl::StrCat(a.refused()));
  add("applications_withdrawn", absl::StrCat(a.withdrawn()));
  for (const auto& [number, name] :
       EnumValues(pb::RefusalReasonKind_descriptor(), "REFUSAL_REASON_KIND_")) {
    add(absl::StrCat("applications_refused_", name),
        absl::StrCat(OutcomeCount(a.refused_by_reason(), name)));
  }
  const pb::DemandStatistics& d = s.demands();
  add("demands_submitted", absl::StrCat(d.submitted()));
  add("demands_answered_openable", absl::StrCat(d.answered_openable()));
  add("demands_answered_not_openable", absl::StrCat(d.answered_not_openable()));
  add("demands_opened", absl::StrCat(d.opened()));
  add("takedowns_applied", absl::StrCat(s.takedowns().applied()));
  add("takedowns_approved", absl::StrCat(s.takedowns().approved()));
  add("takedowns_taken_down", absl::StrCat(s.takedowns().taken_down()));
  add("objections_filed", absl::StrCat(s.objections().filed()));
  add("objections_resolved", absl::StrCat(s.objections().resolved()));
  for (const auto& [number, name] :
       EnumValues(pb::ObjectionOutcome_descriptor(), "OBJECTION_OUTCOME_")) {
    add(absl::StrCat("objections_resolved_", name),
        absl::StrCat(OutcomeCount(s.objections().resolved_by_outcome(), name)));
  }
  add("overdue_updates", absl::StrCat(s.overdue_updates()));
  add("quality_assessed", absl::StrCat(s.quality().assessed()));
  for (const auto& [number, name] :
       EnumValues(pb::QualityConclusion_descriptor(), "QUALITY_CONCLUSION_")) {
    add(absl::StrCat("quality_", name),
        absl::StrCat(OutcomeCount(s.quality().by_conclusion(), name)));
  }
  return cells;
}

void AppendLine(std::string& out, const std::vector<std::string>& fields) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out.push_back(',');
    out += CsvField(fields[i]);
  }
  out += "\r\n";
}

}  // namespace

std::string CsvField(absl::string_view field) {
  if (field.find_first_of(",\"\r\n") == absl::string_view::npos)
    return std::string(field);
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::vector<std::string> SupervisionCsvColumns() {
  std::vector<std::string> columns = {"group", "group_name", "scope",
                                      "period_start", "period_end"};
  for (auto& [name, value] : FigureCells(pb::SupervisionStatistics()))
    columns.push_back(std::move(name));
  return columns;
}

std::string SupervisionCsv(const std::vector<SupervisionCsvRow>& rows) {
  std::string out = kBom;
  AppendLine(out, SupervisionCsvColumns());
  for (const SupervisionCsvRow& row : rows) {
    const pb::SupervisionStatistics& s = row.statistics;
    std::string scope = absl::AsciiStrToLower(
        pb::SupervisionScopeKind_Name(s.scope().kind())
            .substr(sizeof("SUPERVISION_SCOPE_KIND_") - 1));
    if (!s.scope().region().empty())
      absl::StrAppend(&scope, ":", s.scope().region());
    if (!s.scope().organization().empty())
      absl::StrAppend(&scope, ":", s.scope().organization());
    std::vector<std::string> fields = {row.group, row.group_name, scope,
                                       Rfc3339(s.period_start()),
                                       Rfc3339(s.period_end())};
    for (auto& [name, value] : FigureCells(s))
      fields.push_back(std::move(value));
    AppendLine(out, fields);
  }
  return out;
}

}  // namespace opendata
