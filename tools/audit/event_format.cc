// Implementation of event_format.h.
#include "tools/audit/event_format.h"

#include <memory>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "absl/time/time.h"
#include "common/sha256.h"
#include "common/time_util.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/timestamp.pb.h"
#include "google/protobuf/util/json_util.h"
#include "jining/opendata/v1/applications.pb.h"
#include "jining/opendata/v1/catalog.pb.h"
#include "jining/opendata/v1/deadlines.pb.h"
#include "jining/opendata/v1/demands.pb.h"
#include "jining/opendata/v1/objections.pb.h"
#include "jining/opendata/v1/open_list.pb.h"
#include "jining/opendata/v1/organizations.pb.h"
#include "jining/opendata/v1/plans.pb.h"
#include "jining/opendata/v1/products.pb.h"
#include "jining/opendata/v1/releases.pb.h"
#include "jining/opendata/v1/supervision.pb.h"

namespace opendata {
namespace {

namespace gpb = ::google::protobuf;

namespace pb = ::jining::opendata::v1;

// Row families whose values are one serialized message, by key prefix.
struct RowType {
  const char* prefix;
  const gpb::Descriptor* (*descriptor)();
};
constexpr RowType kRowTypes[] = {
    {"applications/app/", &pb::Application::descriptor},
    {"applications/grant/", &pb::AccessGrant::descriptor},
    {"calendar/year/", &pb::CalendarYearRecord::descriptor},
    {"catalog/entry/", &pb::CatalogEntry::descriptor},
    {"credit/listing/", &pb::CreditListing::descriptor},
    {"deadline/id/", &pb::Deadline::descriptor},
    {"demand-calls/call/", &pb::DemandCall::descriptor},
    {"demands/demand/", &pb::Demand::descriptor},
    {"objections/entry/", &pb::Objection::descriptor},
    {"openlist/current/", &pb::OpenListRow::descriptor},
    {"openlist/history/", &pb::OpenListInterval::descriptor},
    {"organizations/profile/", &pb::OrganizationProfile::descriptor},
    {"plans/city/", &pb::CityPlan::descriptor},
    {"plans/plan/", &pb::AnnualPlan::descriptor},
    {"products/product/", &pb::Product::descriptor},
    {"quality/", &pb::QualityAssessment::descriptor},
    {"release/", &pb::Release::descriptor},
    {"stats/clock/", &pb::Deadline::descriptor},
    {"stats/entry/", &pb::EntryStateSegment::descriptor},
    {"stats/fact/", &pb::SupervisionFact::descriptor},
};

// The row's value parsed as its family's message, or nullptr.
std::unique_ptr<gpb::Message> ParseRow(absl::string_view key,
                                       absl::string_view value) {
  for (const RowType& type : kRowTypes) {
    if (key.rfind(type.prefix, 0) != 0) continue;
    std::unique_ptr<gpb::Message> message(
        gpb::MessageFactory::generated_factory()
            ->GetPrototype(type.descriptor())
            ->New());
    if (!message->ParseFromArray(value.data(), static_cast<int>(value.size())))
      return nullptr;
    return message;
  }
  return nullptr;
}

std::string FormatInstant(absl::Time t) {
  return absl::StrCat(
      absl::FormatTime("%Y-%m-%dT%H:%M:%E*SZ", t, absl::UTCTimeZone()), " (",
      absl::FormatTime("%Y-%m-%dT%H:%M:%E*S%Ez", t, ShanghaiTimeZone()),
      " Asia/Shanghai)");
}

// Prints a google.protobuf.Timestamp as its fields followed by a comment with
// the instant in UTC and Asia/Shanghai, so that auditors need not convert.
class TimestampPrinter : public gpb::TextFormat::MessagePrinter {
 public:
  void Print(const gpb::Message& message, bool single_line_mode,
             gpb::TextFormat::BaseTextGenerator* generator) const override {
    gpb::Timestamp ts;
    ts.CopyFrom(message);
    std::string text = absl::StrCat("seconds: ", ts.seconds());
    if (ts.nanos() != 0) absl::StrAppend(&text, " nanos: ", ts.nanos());
    if (single_line_mode) {
      absl::StrAppend(&text, " ");
    } else {
      absl::StrAppend(&text, "  # ", FormatInstant(FromProto(ts)), "\n");
    }
    generator->PrintString(text);
  }
};

std::string TextFormat(const gpb::Message& message) {
  gpb::TextFormat::Printer printer;
  printer.SetUseUtf8StringEscaping(true);
  // The printer owns what is registered.
  printer.RegisterMessagePrinter(gpb::Timestamp::descriptor(),
                                 new TimestampPrinter());
  std::string out;
  printer.PrintToString(message, &out);
  return out;
}

std::string Json(const gpb::Message& message) {
  gpb::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  std::string out;
  if (!gpb::util::MessageToJsonString(message, &out, options).ok()) {
    return "null";
  }
  return out;
}

// Every line of `text` prefixed with `indent`; ends in "\n" if non-empty.
std::string Indent(absl::string_view text, absl::string_view indent) {
  std::string out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == absl::string_view::npos) end = text.size();
    absl::StrAppend(&out, indent, text.substr(start, end - start), "\n");
    start = end + 1;
  }
  return out;
}

}  // namespace

std::string JsonQuote(absl::string_view text) {
  std::string out = "\"";
  for (char c : text) {
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
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          absl::StrAppendFormat(&out, "\\u%04x", static_cast<unsigned char>(c));
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
  return out;
}

std::string PrintableKey(absl::string_view bytes) {
  return absl::Utf8SafeCHexEscape(bytes);
}

std::string EventText(const RecordedEvent& event) {
  const EventEnvelope& e = event.envelope;
  std::string out = absl::StrCat("event ", e.sequence(), "\n");
  absl::StrAppend(&out, "  stream:         ", PrintableKey(e.stream_id()),
                  " version ", e.stream_version(), "\n");
  absl::StrAppend(&out, "  type:           ", e.event_type(), "\n");
  absl::StrAppend(&out, "  occurred at:    ",
                  FormatInstant(FromProto(e.occurred_at())), "\n");
  absl::StrAppend(&out, "  actor:          ", e.actor().ShortDebugString(),
                  "\n");
  absl::StrAppend(&out, "  request id:     ", PrintableKey(e.request_id()),
                  "\n");
  if (!e.correlation_id().empty()) {
    absl::StrAppend(
        &out, "  correlation id: ", PrintableKey(e.correlation_id()), "\n");
  }
  if (!e.causation_id().empty()) {
    absl::StrAppend(&out, "  causation id:   ", PrintableKey(e.causation_id()),
                    "\n");
  }
  for (const std::string& recipient : e.recipients()) {
    absl::StrAppend(&out, "  notifies:       ", PrintableKey(recipient), "\n");
  }
  absl::StrAppend(&out, "  prev hash:      ", ToHex(e.prev_hash()), "\n");
  absl::StrAppend(&out, "  hash:           ", ToHex(event.hash), "\n");
  absl::StrAppend(&out, "  payload:\n",
                  Indent(TextFormat(e.payload()), "    "));
  return out;
}

std::string EventJson(const RecordedEvent& event) {
  return absl::StrCat("{\"sequence\":", event.envelope.sequence(),
                      ",\"hash\":\"", ToHex(event.hash), "\",\"prev_hash\":\"",
                      ToHex(event.envelope.prev_hash()),
                      "\",\"envelope\":", Json(event.envelope), "}");
}

std::string RowFamily(absl::string_view key) {
  const size_t first = key.find('/');
  if (first == absl::string_view::npos) return std::string(key);
  if (key.substr(0, first) == "inbox") return "inbox";
  const size_t second = key.find('/', first + 1);
  return std::string(key.substr(0, second));
}

std::string RowText(absl::string_view key, absl::string_view value) {
  std::string out = absl::StrCat("row ", PrintableKey(key), "\n");
  if (value.empty()) return out;
  std::unique_ptr<gpb::Message> message = ParseRow(key, value);
  if (message != nullptr) {
    absl::StrAppend(&out, Indent(TextFormat(*message), "    "));
  } else {
    absl::StrAppend(&out, "    value: \"", PrintableKey(value), "\"\n");
  }
  return out;
}

std::string RowJson(absl::string_view key, absl::string_view value) {
  std::string out =
      absl::StrCat("{\"family\":", JsonQuote(PrintableKey(RowFamily(key))),
                   ",\"key\":", JsonQuote(PrintableKey(key)), ",\"value\":");
  std::unique_ptr<gpb::Message> message =
      value.empty() ? nullptr : ParseRow(key, value);
  if (message != nullptr) {
    absl::StrAppend(&out, Json(*message));
  } else {
    absl::StrAppend(&out, "{\"bytes\":", JsonQuote(PrintableKey(value)), "}");
  }
  out.push_back('}');
  return out;
}

}  // namespace opendata
