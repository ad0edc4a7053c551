// The Merkle tree of the event log (RFC 9162 section 2.1, as in Certificate
// Transparency): leaf i (0-based; the event with sequence i + 1) is
// SHA-256(0x00 || stored event hash), an interior node is
// SHA-256(0x01 || left || right), and the tree over n leaves splits at the
// largest power of two below n. Roots and inclusion proofs are computed from
// complete subtrees supplied by a NodeSource, so a caller with a cache of
// complete-subtree nodes needs only O(log n) of them. Pure functions; safe from
// any thread.
#ifndef OPENDATA_COMMON_MERKLE_H_
#define OPENDATA_COMMON_MERKLE_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace opendata {

// SHA-256(0x00 || data): the hash of a leaf whose data is `data` (for the log:
// the 32-byte stored hash of the event).
std::string MerkleLeafHash(absl::string_view data);

// SHA-256(0x01 || left || right).
std::string MerkleNodeHash(absl::string_view left, absl::string_view right);

// The hash of the complete subtree at `level` (0 = a leaf hash) number `index`,
// which covers leaves [index * 2^level, (index + 1) * 2^level).
using MerkleNodeSource =
    std::function<absl::StatusOr<std::string>(int level, uint64_t index)>;

// The root of the tree over `leaf_hashes` (already MerkleLeafHash'ed);
// SHA-256 of the empty string for no leaves.
std::string MerkleRoot(const std::vector<std::string>& leaf_hashes);

// The root of the tree over the first `tree_size` leaves, from complete
// subtrees only (at most one per set bit of tree_size).
absl::StatusOr<std::string> MerkleRootFromNodes(uint64_t tree_size,
                                                const MerkleNodeSource& nodes);

// The audit path of leaf `index` in the tree of `tree_size` leaves, leaf side
// first (RFC 9162 2.1.3.1). INVALID_ARGUMENT unless index < tree_size.
absl::StatusOr<std::vector<std::string>> MerkleInclusionProof(
    uint64_t index, uint64_t tree_size, const MerkleNodeSource& nodes);

// True if `proof` shows that `leaf_hash` is leaf `index` of the tree of
// `tree_size` leaves whose root is `root` (RFC 9162 2.1.3.2).
bool VerifyMerkleInclusion(absl::string_view leaf_hash, uint64_t index,
                           uint64_t tree_size,
                           const std::vector<std::string>& proof,
                           absl::string_view root);

}  // namespace opendata

#endif  // OPENDATA_COMMON_MERKLE_H_
