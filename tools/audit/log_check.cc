// Implementation of log_check.h.
#include "tools/audit/log_check.h"

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/sha256.h"
#include "common/status_macros.h"
#include "jining/opendata/v1/events.pb.h"
#include "storage/stored_event.h"

namespace opendata {
namespace {

namespace pb = ::jining::opendata::v1;

class Reporter {
 public:
  Reporter(uint64_t max_details, std::ostream& out, LogCheckResult& result)
      : max_details_(max_details), out_(out), result_(result) {}

  void Report(uint64_t sequence, absl::string_view problem) {
    if (result_.first_bad == 0 || sequence < result_.first_bad) {
      result_.first_bad = sequence;
    }
    if (result_.problems++ < max_details_) {
      out_ << "  sequence " << sequence << ": " << problem << "\n";
    }
  }

 private:
  const uint64_t max_details_;
  std::ostream& out_;
  LogCheckResult& result_;
};

}  // namespace

absl::StatusOr<LogCheckResult> CheckLog(
    RocksEventStore& store, uint64_t max_details, std::ostream& out,
    const std::function<void(const EventEnvelope&)>& on_event) {
  LogCheckResult result;
  Reporter reporter(max_details, out, result);
  uint64_t expected = 1;
  // The stored hash of the previous key; nullopt after a gap or an unreadable
  // value, where the link cannot be judged.
  std::optional<std::string> prev = GenesisHash();
  RETURN_IF_ERROR(store.ForEachStoredEvent(
      1, [&](uint64_t sequence, absl::string_view value) -> absl::Status {
        ++result.stored_events;
        if (sequence != expected) {
          reporter.Report(expected,
                          sequence == expected + 1
                              ? std::string("event is missing")
                              : absl::StrCat("events ", expected, "..",
                                             sequence - 1, " are missing"));
          prev.reset();
        }
        expected = sequence + 1;
        pb::StoredEvent stored;
        if (!stored.ParseFromArray(value.data(),
                                   static_cast<int>(value.size())) ||
            stored.hash().size() != kSha256Size) {
          reporter.Report(sequence, "stored value does not parse");
          prev.reset();
          return absl::OkStatus();
        }
        std::vector<std::string> problems;
        if (Sha256(stored.envelope()) != stored.hash()) {
          problems.push_back("envelope bytes do not match their stored hash");
        }
        EventEnvelope envelope;
        if (!envelope.ParseFromString(stored.envelope())) {
          problems.push_back("envelope does not parse");
        } else {
          if (envelope.sequence() != sequence) {
            problems.push_back(absl::StrCat("stored under sequence ", sequence,
                                            " but names sequence ",
                                            envelope.sequence()));
          }
          if (prev.has_value() && envelope.prev_hash() != *prev) {
            problems.push_back(
                "prev_hash does not link to the previous event's hash");
          }
          on_event(envelope);
        }
        for (const std::string& problem : problems) {
          reporter.Report(sequence, problem);
        }
        prev = stored.hash();
        return absl::OkStatus();
      }));
  if (result.ok()) {
    // The raw walk agrees; the store's own verdict adds the chain head record,
    // which shows events deleted from the end.
    const absl::Status chain = store.VerifyChain(1, UINT64_MAX);
    if (!chain.ok()) {
      const auto meta = ErrorMetadata(chain);
      auto seq = meta.find("sequence");
      uint64_t sequence = 0;
      if (seq == meta.end() || !absl::SimpleAtoi(seq->second, &sequence)) {
        return chain;
      }
      if (ErrorReason(chain) == kStoredEventMissing) {
        // The head record names a later event than the last one stored.
        reporter.Report(sequence,
                        "event is missing (the chain head record names a "
                        "later event: the log was cut short)");
      } else {
        absl::string_view message = chain.message();
        const std::string own = absl::StrCat("event ", sequence, ": ");
        if (absl::StartsWith(message, own)) message.remove_prefix(own.size());
        reporter.Report(sequence, message);
      }
    }
  }
  return result;
}

}  // namespace opendata
