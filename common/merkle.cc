// Implementation of merkle.h. Stateless; safe from any thread.
#include "common/merkle.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/sha256.h"
#include "common/status_macros.h"

namespace opendata {
namespace {

// The largest power of two strictly below n (n >= 2).
uint64_t SplitPoint(uint64_t n) {
  uint64_t k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

bool IsPowerOfTwo(uint64_t n) { return n != 0 && (n & (n - 1)) == 0; }

int Log2(uint64_t power_of_two) {
  int level = 0;
  while ((uint64_t{1} << level) < power_of_two) ++level;
  return level;
}

// MTH(D[start : start + n]) (n >= 1). In the RFC's recursion `start` is always
// a multiple of the largest power of two <= n, so a power-of-two range is one
// complete subtree.
absl::StatusOr<std::string> RangeHash(uint64_t start, uint64_t n,
                                      const MerkleNodeSource& nodes) {
  if (IsPowerOfTwo(n)) {
    const int level = Log2(n);
    return nodes(level, start >> level);
  }
  const uint64_t k = SplitPoint(n);
  ASSIGN_OR_RETURN(std::string left, RangeHash(start, k, nodes));
  ASSIGN_OR_RETURN(std::string right, RangeHash(start + k, n - k, nodes));
  return MerkleNodeHash(left, right);
}

// PATH(m, D[start : start + n]), appended to `proof` leaf side first.
absl::Status RangePath(uint64_t m, uint64_t start, uint64_t n,
                       const MerkleNodeSource& nodes,
                       std::vector<std::string>& proof) {
  if (n == 1) return absl::OkStatus();
  const uint64_t k = SplitPoint(n);
  if (m < k) {
    RETURN_IF_ERROR(RangePath(m, start, k, nodes, proof));
    ASSIGN_OR_RETURN(std::string right, RangeHash(start + k, n - k, nodes));
    proof.push_back(std::move(right));
  } else {
    RETURN_IF_ERROR(RangePath(m - k, start + k, n - k, nodes, proof));
    ASSIGN_OR_RETURN(std::string left, RangeHash(start, k, nodes));
    proof.push_back(std::move(left));
  }
  return absl::OkStatus();
}

}  // namespace

std::string MerkleLeafHash(absl::string_view data) {
  std::string input(1, '\x00');
  input.append(data.data(), data.size());
  return Sha256(input);
}

std::string MerkleNodeHash(absl::string_view left, absl::string_view right) {
  std::string input(1, '\x01');
  input.append(left.data(), left.size());
  input.append(right.data(), right.size());
  return Sha256(input);
}

std::string MerkleRoot(const std::vector<std::string>& leaf_hashes) {
  if (leaf_hashes.empty()) return Sha256("");
  std::vector<std::string> level = leaf_hashes;
  // Pairing adjacent nodes level by level and promoting an unpaired last node
  // gives the same tree as the RFC's split at the largest power of two.
  while (level.size() > 1) {
    std::vector<std::string> next;
    for (size_t i = 0; i + 1 < level.size(); i += 2) {
      next.push_back(MerkleNodeHash(level[i], level[i + 1]));
    }
    if (level.size() % 2 == 1) next.push_back(level.back());
    level = std::move(next);
  }
  return level.front();
}

absl::StatusOr<std::string> MerkleRootFromNodes(uint64_t tree_size,
                                                const MerkleNodeSource& nodes) {
  if (tree_size == 0) return Sha256("");
  return RangeHash(0, tree_size, nodes);
}

absl::StatusOr<std::vector<std::string>> MerkleInclusionProof(
    uint64_t index, uint64_t tree_size, const MerkleNodeSource& nodes) {
  if (index >= tree_size) {
    return absl::InvalidArgumentError(absl::StrCat(
        "leaf ", index, " is not in a tree of ", tree_size, " leaves"));
  }
  std::vector<std::string> proof;
  RETURN_IF_ERROR(RangePath(index, 0, tree_size, nodes, proof));
  return proof;
}

bool VerifyMerkleInclusion(absl::string_view leaf_hash, uint64_t index,
                           uint64_t tree_size,
                           const std::vector<std::string>& proof,
                           absl::string_view root) {
  if (index >= tree_size) return false;
  uint64_t fn = index;
  uint64_t sn = tree_size - 1;
  std::string r(leaf_hash);
  for (const std::string& p : proof) {
    if (sn == 0) return false;
    if ((fn & 1) == 1 || fn == sn) {
      r = MerkleNodeHash(p, r);
      if ((fn & 1) == 0) {
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      r = MerkleNodeHash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn == 0 && r == root;
}

}  // namespace opendata
