// The Merkle tree functions (common/merkle.h) against a brute-force
// transcription of RFC 9162 section 2.1 (MTH and PATH by recursion over the
// leaf list) for every tree size 1..64 and every leaf index.
#include "common/merkle.h"

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "catch2/catch.hpp"
#include "common/sha256.h"

namespace opendata {
namespace {

using Leaves = std::vector<std::string>;

uint64_t Split(uint64_t n) {
  uint64_t k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

// MTH(D[begin, end)) over raw leaf data, as the RFC defines it.
std::string BruteRoot(const Leaves& data, uint64_t begin, uint64_t end) {
  const uint64_t n = end - begin;
  if (n == 0) return Sha256("");
  if (n == 1) return Sha256(std::string(1, '\0') + data[begin]);
  const uint64_t k = Split(n);
  return Sha256(std::string(1, '\1') + BruteRoot(data, begin, begin + k) +
                BruteRoot(data, begin + k, end));
}

// PATH(m, D[begin, end)).
Leaves BrutePath(uint64_t m, const Leaves& data, uint64_t begin, uint64_t end) {
  const uint64_t n = end - begin;
  if (n == 1) return {};
  const uint64_t k = Split(n);
  Leaves path;
  if (m < k) {
    path = BrutePath(m, data, begin, begin + k);
    path.push_back(BruteRoot(data, begin + k, end));
  } else {
    path = BrutePath(m - k, data, begin + k, end);
    path.push_back(BruteRoot(data, begin, begin + k));
  }
  return path;
}

Leaves Data(uint64_t n) {
  Leaves data;
  for (uint64_t i = 0; i < n; ++i) data.push_back(Sha256(absl::StrCat("e", i)));
  return data;
}

// Complete-subtree nodes computed from the raw data.
MerkleNodeSource NodesOf(const Leaves& data) {
  return [&data](int level, uint64_t index) -> absl::StatusOr<std::string> {
    const uint64_t size = uint64_t{1} << level;
    if ((index + 1) * size > data.size()) {
      return absl::NotFoundError("beyond the leaves");
    }
    return BruteRoot(data, index * size, (index + 1) * size);
  };
}

TEST_CASE("merkle roots equal the RFC definition for every size to 64",
          "[merkle]") {
  const Leaves all = Data(64);
  for (uint64_t n = 1; n <= 64; ++n) {
    const Leaves data(all.begin(), all.begin() + n);
    Leaves leaf_hashes;
    for (const std::string& d : data) leaf_hashes.push_back(MerkleLeafHash(d));
    const std::string expected = BruteRoot(data, 0, n);
    INFO("size " << n);
    CHECK(MerkleRoot(leaf_hashes) == expected);
    absl::StatusOr<std::string> from_nodes =
        MerkleRootFromNodes(n, NodesOf(data));
    REQUIRE(from_nodes.ok());
    CHECK(*from_nodes == expected);
  }
  CHECK(MerkleRoot({}) == Sha256(""));
}

TEST_CASE("merkle inclusion proofs equal the RFC paths and verify",
          "[merkle]") {
  const Leaves all = Data(64);
  for (uint64_t n = 1; n <= 64; ++n) {
    const Leaves data(all.begin(), all.begin() + n);
    const std::string root = BruteRoot(data, 0, n);
    for (uint64_t m = 0; m < n; ++m) {
      INFO("size " << n << " index " << m);
      absl::StatusOr<Leaves> proof = MerkleInclusionProof(m, n, NodesOf(data));
      REQUIRE(proof.ok());
      CHECK(*proof == BrutePath(m, data, 0, n));
      const std::string leaf = MerkleLeafHash(data[m]);
      CHECK(VerifyMerkleInclusion(leaf, m, n, *proof, root));
      // Another leaf, the sibling's index, another root or a bent proof does
      // not verify. (The tree size is not checked this way: it is part of the
      // signed checkpoint, which the verifier trusts.)
      CHECK_FALSE(
          VerifyMerkleInclusion(MerkleLeafHash("x"), m, n, *proof, root));
      if ((m ^ 1) < n) {
        CHECK_FALSE(VerifyMerkleInclusion(leaf, m ^ 1, n, *proof, root));
      }
      CHECK_FALSE(VerifyMerkleInclusion(leaf, m, n, *proof, Sha256("r")));
      if (!proof->empty()) {
        Leaves bent = *proof;
        bent.back()[0] ^= 1;
        CHECK_FALSE(VerifyMerkleInclusion(leaf, m, n, bent, root));
      }
    }
  }
}

TEST_CASE("merkle inclusion proof refuses an index outside the tree",
          "[merkle]") {
  const Leaves data = Data(4);
  CHECK(absl::IsInvalidArgument(
      MerkleInclusionProof(4, 4, NodesOf(data)).status()));
  CHECK_FALSE(VerifyMerkleInclusion(MerkleLeafHash(data[0]), 4, 4, {},
                                    BruteRoot(data, 0, 4)));
}

}  // namespace
}  // namespace opendata
