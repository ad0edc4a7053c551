// Implementation of checkpoint_audit.h.
#include "tools/audit/checkpoint_audit.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/ed25519.h"
#include "common/merkle.h"
#include "common/sha256.h"
#include "common/status_macros.h"
#include "google/protobuf/util/json_util.h"
#include "jining/opendata/v1/events.pb.h"
#include "jining/opendata/v1/receipts.pb.h"
#include "storage/checkpoint.h"

namespace opendata {
namespace {

namespace pb = ::jining::opendata::v1;

// Reports at most this many findings in detail.
constexpr uint64_t kMaxDetails = 20;

std::optional<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// The right edge of a Merkle tree being built leaf by leaf: the roots of its
// complete subtrees, largest first, and their sizes.
class MerkleFrontier {
 public:
  void Add(std::string leaf_hash) {
    std::string hash = std::move(leaf_hash);
    uint64_t size = 1;
    while (!sizes_.empty() && sizes_.back() == size) {
      hash = MerkleNodeHash(hashes_.back(), hash);
      size *= 2;
      hashes_.pop_back();
      sizes_.pop_back();
    }
    hashes_.push_back(std::move(hash));
    sizes_.push_back(size);
    ++count_;
  }
  uint64_t count() const { return count_; }
  // The root of the tree over every leaf added (RFC 9162 MTH).
  std::string Root() const {
    if (hashes_.empty()) return Sha256("");
    std::string root = hashes_.back();
    for (size_t i = hashes_.size() - 1; i-- > 0;) {
      root = MerkleNodeHash(hashes_[i], root);
    }
    return root;
  }

 private:
  std::vector<std::string> hashes_;
  std::vector<uint64_t> sizes_;
  uint64_t count_ = 0;
};

}  // namespace

absl::StatusOr<std::vector<std::string>> LoadCheckpointPublicKeys(
    const std::string& data_dir,
    const std::vector<std::string>& public_key_files) {
  std::vector<std::string> files = public_key_files;
  if (files.empty()) {
    std::error_code error;
    const std::filesystem::path dir = std::filesystem::path(data_dir) / "keys";
    for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
      const std::string name = entry.path().filename().string();
      if (absl::EndsWith(name, ".pub.pem")) files.push_back(entry.path());
    }
  }
  std::vector<std::string> keys;
  for (const std::string& file : files) {
    const std::optional<std::string> pem = ReadFile(file);
    if (!pem.has_value()) {
      return absl::NotFoundError(absl::StrCat("cannot read ", file));
    }
    ASSIGN_OR_RETURN(std::string raw, Ed25519RawPublicKeyFromPem(*pem));
    keys.push_back(std::move(raw));
  }
  return keys;
}

absl::StatusOr<CheckpointAuditReport> AuditCheckpoints(
    RocksEventStore& store, const std::vector<std::string>& raw_public_keys,
    std::ostream& out) {
  CheckpointAuditReport report;
  auto finding = [&](uint64_t tree_size, const std::string& what) {
    if (report.problems++ < kMaxDetails) {
      out << "checkpoint at tree size " << tree_size << ": " << what << "\n";
    }
  };
  std::map<std::string, std::string> keys_by_id;
  for (const std::string& key : raw_public_keys) {
    keys_by_id[Ed25519KeyId(key)] = key;
  }
  std::map<uint64_t, pb::SignedCheckpoint> checkpoints;
  RETURN_IF_ERROR(store.ForEachCheckpoint(
      [&](uint64_t tree_size, absl::string_view value) -> absl::Status {
        ++report.checkpoints;
        pb::SignedCheckpoint checkpoint;
        if (!checkpoint.ParseFromArray(value.data(),
                                       static_cast<int>(value.size())) ||
            checkpoint.tree_size() != tree_size) {
          finding(tree_size, "the record is malformed");
          return absl::OkStatus();
        }
        auto key = keys_by_id.find(checkpoint.key_id());
        if (key == keys_by_id.end()) {
          finding(tree_size, absl::StrCat("signed by unknown key id ",
                                          checkpoint.key_id()));
        } else if (!VerifyCheckpointSignature(checkpoint, key->second)) {
          finding(tree_size, "signature INVALID");
        }
        checkpoints.emplace(tree_size, std::move(checkpoint));
        return absl::OkStatus();
      }));
  // One pass over the log: the root after each checkpoint's tree size.
  MerkleFrontier frontier;
  auto next = checkpoints.begin();
  std::string last_hash;
  auto compare = [&](const pb::SignedCheckpoint& checkpoint) {
    if (frontier.Root() != checkpoint.root_hash()) {
      finding(checkpoint.tree_size(),
              absl::StrCat("root differs from the root of events 1..",
                           checkpoint.tree_size(), " of the log"));
    }
    if (last_hash != checkpoint.last_event_hash()) {
      finding(checkpoint.tree_size(),
              absl::StrCat("last event hash differs from event ",
                           checkpoint.tree_size(), " of the log"));
    }
  };
  bool gap = false;
  RETURN_IF_ERROR(store.ForEachStoredEvent(
      1, [&](uint64_t sequence, absl::string_view value) -> absl::Status {
        if (next == checkpoints.end() || gap) return absl::OkStatus();
        if (sequence != frontier.count() + 1) {
          gap = true;
          return absl::OkStatus();
        }
        pb::StoredEvent stored;
        stored.ParseFromArray(value.data(), static_cast<int>(value.size()));
        last_hash = stored.hash();
        frontier.Add(MerkleLeafHash(stored.hash()));
        while (next != checkpoints.end() && next->first == frontier.count()) {
          compare(next->second);
          ++next;
        }
        return absl::OkStatus();
      }));
  for (; next != checkpoints.end(); ++next) {
    const uint64_t missing = frontier.count() + 1;
    finding(next->first, gap ? absl::StrCat("covers event ", missing,
                                            ", which is missing from the log")
                             : absl::StrCat("covers events up to ", next->first,
                                            " but the log ends at event ",
                                            frontier.count(), " (truncated)"));
  }
  out << "checkpoints: " << report.checkpoints << " checked, "
      << (report.problems == 0 ? "ok" : "INVALID") << "\n";
  return report;
}

int RunVerifyReceipt(const std::vector<std::string>& args, std::ostream& out,
                     std::ostream& err) {
  std::string receipt_file;
  std::string key_file;
  for (const std::string& arg : args) {
    if (absl::StartsWith(arg, "--receipt=")) {
      receipt_file = arg.substr(10);
    } else if (absl::StartsWith(arg, "--public-key=")) {
      key_file = arg.substr(13);
    } else {
      err << "usage: opendata-audit verify-receipt --receipt=FILE "
             "--public-key=FILE.pem\n";
      return 2;
    }
  }
  if (receipt_file.empty() || key_file.empty()) {
    err << "opendata-audit verify-receipt: --receipt and --public-key are "
           "required\n";
    return 2;
  }
  const std::optional<std::string> json = ReadFile(receipt_file);
  const std::optional<std::string> pem = ReadFile(key_file);
  if (!json.has_value() || !pem.has_value()) {
    err << "opendata-audit verify-receipt: cannot read "
        << (json.has_value() ? key_file : receipt_file) << "\n";
    return 3;
  }
  pb::GetEventReceiptResponse receipt;
  const auto parsed =
      google::protobuf::util::JsonStringToMessage(*json, &receipt);
  if (!parsed.ok()) {
    err << "opendata-audit verify-receipt: " << receipt_file
        << " is not a GetEventReceiptResponse: " << parsed.ToString() << "\n";
    return 3;
  }
  const absl::StatusOr<std::string> key = Ed25519RawPublicKeyFromPem(*pem);
  if (!key.ok()) {
    err << "opendata-audit verify-receipt: " << key_file << ": "
        << key.status().message() << "\n";
    return 3;
  }
  const ReceiptCheck check = VerifyReceipt(receipt, *key);
  out << "receipt for event " << receipt.sequence() << ", checkpoint of "
      << receipt.checkpoint().tree_size() << " events, key "
      << receipt.checkpoint().key_id() << "\n";
  for (const std::string& line : check.lines) out << line << "\n";
  out << (check.ok ? "RECEIPT VALID" : "RECEIPT INVALID") << "\n";
  return check.ok ? 0 : 1;
}

}  // namespace opendata
