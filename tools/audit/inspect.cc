// Implementation of inspect.h.
#include "tools/audit/inspect.h"

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/status_macros.h"
#include "common/time_util.h"
#include "engine/projections/stream_view.h"
#include "engine/replay/rebuild.h"
#include "tools/audit/event_format.h"

namespace opendata {
namespace {

constexpr size_t kReadBatch = 4096;

absl::Status NoSuchStream(absl::string_view stream, absl::string_view when) {
  return absl::NotFoundError(
      absl::StrCat("no such stream", when, ": ", PrintableKey(stream)));
}

// Calls `fn` for every event of `stream`, in version order.
absl::Status ForEachStreamEvent(
    EventStore& store, absl::string_view stream,
    const std::function<void(const RecordedEvent&)>& fn) {
  for (int64_t next = 1;;) {
    ASSIGN_OR_RETURN(std::vector<RecordedEvent> batch,
                     store.ReadStream(stream, next, kReadBatch));
    if (batch.empty()) return absl::OkStatus();
    for (const RecordedEvent& e : batch) fn(e);
    next = batch.back().envelope.stream_version() + 1;
  }
}

// Calls `fn` for every event with sequence in [from, to], in log order.
absl::Status ForEachEvent(EventStore& store, uint64_t from, uint64_t to,
                          const std::function<void(const RecordedEvent&)>& fn) {
  for (uint64_t next = from; next <= to;) {
    ASSIGN_OR_RETURN(std::vector<RecordedEvent> batch,
                     store.ReadAll(next, kReadBatch));
    if (batch.empty()) return absl::OkStatus();
    for (const RecordedEvent& e : batch) {
      if (e.envelope.sequence() > to) return absl::OkStatus();
      fn(e);
    }
    next = batch.back().envelope.sequence() + 1;
  }
  return absl::OkStatus();
}

bool InRange(const EventRange& range, const RecordedEvent& e) {
  return range.Contains(e.envelope.sequence(),
                        FromProto(e.envelope.occurred_at()));
}

// " as of sequence N", " as of occurred_at <= T" or "".
std::string PointText(const EventRange& range) {
  std::string out;
  if (range.to_sequence != UINT64_MAX) {
    absl::StrAppend(&out, " as of sequence ", range.to_sequence);
  }
  if (range.to_time.has_value()) {
    absl::StrAppend(&out, " as of occurred_at <= ",
                    absl::FormatTime("%Y-%m-%dT%H:%M:%E*SZ", *range.to_time,
                                     absl::UTCTimeZone()));
  }
  return out;
}

void WriteRows(const ProjectionRows& rows, OutputFormat format,
               std::ostream& out) {
  for (const auto& [key, value] : rows) {
    if (format == OutputFormat::kJsonl) {
      out << RowJson(key, value) << "\n";
    } else {
      out << RowText(key, value);
    }
  }
}

absl::Status StreamState(EventStore& store, const AuditOptions& options,
                         std::ostream& out) {
  StreamView view;
  uint64_t recorded = 0;
  uint64_t folded = 0;
  uint64_t last_sequence = 0;
  int64_t last_version = 0;
  RETURN_IF_ERROR(
      ForEachStreamEvent(store, options.stream, [&](const RecordedEvent& e) {
        ++recorded;
        if (!InRange(options.range, e)) return;
        FoldStreamView(view, e.envelope);
        ++folded;
        last_sequence = e.envelope.sequence();
        last_version = e.envelope.stream_version();
      }));
  if (recorded == 0) return NoSuchStream(options.stream, "");
  if (folded == 0) {
    return NoSuchStream(options.stream, PointText(options.range));
  }
  const ProjectionRows rows = StreamRows(view);
  if (options.format == OutputFormat::kJsonl) {
    out << "{\"stream\":" << JsonQuote(PrintableKey(options.stream))
        << ",\"events\":" << folded << ",\"version\":" << last_version
        << ",\"last_sequence\":" << last_sequence << ",\"rows\":" << rows.size()
        << "}\n";
  } else {
    out << "state of " << PrintableKey(options.stream)
        << PointText(options.range) << "\n"
        << "events folded: " << folded << " (version " << last_version
        << ", last sequence " << last_sequence << ")\n"
        << "rows: " << rows.size() << "\n\n";
  }
  WriteRows(rows, options.format, out);
  return absl::OkStatus();
}

absl::Status PlatformState(EventStore& store, const AuditOptions& options,
                           std::ostream& out) {
  ProjectionRebuilder rebuilder;
  uint64_t last_sequence = 0;
  RETURN_IF_ERROR(ForEachEvent(store, 1, options.range.to_sequence,
                               [&](const RecordedEvent& e) {
                                 if (!InRange(options.range, e)) return;
                                 rebuilder.Apply(e.envelope);
                                 last_sequence = e.envelope.sequence();
                               }));
  const ProjectionRows rows = rebuilder.Rows();
  std::map<std::string, uint64_t> families;
  for (const auto& [key, value] : rows) ++families[RowFamily(key)];
  if (options.format == OutputFormat::kJsonl) {
    out << "{\"events\":" << rebuilder.events()
        << ",\"last_sequence\":" << last_sequence << ",\"rows\":" << rows.size()
        << ",\"families\":{";
    bool first = true;
    for (const auto& [family, count] : families) {
      out << (first ? "" : ",") << JsonQuote(PrintableKey(family)) << ":"
          << count;
      first = false;
    }
    out << "}}\n";
  } else {
    out << "platform state" << PointText(options.range) << "\n"
        << "events folded: " << rebuilder.events() << " (last sequence "
        << last_sequence << ")\n"
        << "rows: " << rows.size() << "\n";
    for (const auto& [family, count] : families) {
      out << "  " << PrintableKey(family) << ": " << count << "\n";
    }
    out << "\n";
  }
  WriteRows(rows, options.format, out);
  return absl::OkStatus();
}

void WriteEvent(const RecordedEvent& e, OutputFormat format,
                std::ostream& out) {
  if (format == OutputFormat::kJsonl) {
    out << EventJson(e) << "\n";
  } else {
    out << EventText(e) << "\n";
  }
}

}  // namespace

absl::Status RunState(EventStore& store, const AuditOptions& options,
                      std::ostream& out) {
  return options.all ? PlatformState(store, options, out)
                     : StreamState(store, options, out);
}

absl::Status RunHistory(EventStore& store, const AuditOptions& options,
                        std::ostream& out) {
  uint64_t events = 0;
  RETURN_IF_ERROR(
      ForEachStreamEvent(store, options.stream, [&](const RecordedEvent& e) {
        ++events;
        WriteEvent(e, options.format, out);
      }));
  if (events == 0) return NoSuchStream(options.stream, "");
  return absl::OkStatus();
}

absl::Status RunExport(EventStore& store, const AuditOptions& options,
                       std::ostream& out) {
  return ForEachEvent(store, options.range.from_sequence,
                      options.range.to_sequence, [&](const RecordedEvent& e) {
                        if (InRange(options.range, e)) {
                          WriteEvent(e, options.format, out);
                        }
                      });
}

}  // namespace opendata
