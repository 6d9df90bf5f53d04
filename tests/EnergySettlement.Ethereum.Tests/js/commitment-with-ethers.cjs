// Computes BatchSettlementV2 batch commitments and Merkle audit paths with ethers v6, independently of the C# code,
// for the cross-check in tests/EnergySettlement.Ethereum.Tests/Commitments/CommitmentCrossCheckTests.cs.
// The layout (docs/ethereum.md, "The commitment"):
//   leaf   = keccak256(0x00 ‖ payee (20 bytes) ‖ uint256 amount ‖ referenceHash), referenceHash = keccak256(utf8(reference))
//            or 32 zero bytes when there is no reference;
//   node   = keccak256(0x01 ‖ left ‖ right); root = RFC 6962 Merkle tree hash (split at the largest power of two below n);
//   commitment = keccak256(abi.encode(bytes32 keccak256("EnergySettlement.BatchCommitment.v1"), uint256 chainId,
//                address payer, bytes32 keccak256(utf8(batchId)), address token, uint256 n, bytes32 root)).
// Input (stdin): one JSON object per line: { chainId, payer, batchId, token, index, payouts: [{ payee, amount, reference }] }.
// Output (stdout): one JSON object per line: { commitment, root, path: [..] } (path for payouts[index], leaf upwards).
'use strict';

let ethers;
try {
  ethers = require('ethers');
} catch (error) {
  process.stderr.write('ethers is not installed: run `npm ci` at the repository root. (' + error.message + ')\n');
  process.exit(2);
}

const { keccak256, concat, toUtf8Bytes, zeroPadValue, toBeHex, AbiCoder, getAddress } = ethers;
const ZERO32 = '0x' + '00'.repeat(32);

function leaf(p) {
  const referenceHash = p.reference === null ? ZERO32 : keccak256(toUtf8Bytes(p.reference));
  return keccak256(concat(['0x00', getAddress(p.payee), zeroPadValue(toBeHex(BigInt(p.amount)), 32), referenceHash]));
}

function node(left, right) {
  return keccak256(concat(['0x01', left, right]));
}

function split(n) {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function root(leaves) {
  if (leaves.length === 1) return leaves[0];
  const k = split(leaves.length);
  return node(root(leaves.slice(0, k)), root(leaves.slice(k)));
}

function path(leaves, m) {
  if (leaves.length === 1) return [];
  const k = split(leaves.length);
  return m < k
    ? [...path(leaves.slice(0, k), m), root(leaves.slice(k))]
    : [...path(leaves.slice(k), m - k), root(leaves.slice(0, k))];
}

function commit(c) {
  const leaves = c.payouts.map(leaf);
  const r = root(leaves);
  const encoded = AbiCoder.defaultAbiCoder().encode(
    ['bytes32', 'uint256', 'address', 'bytes32', 'address', 'uint256', 'bytes32'],
    [keccak256(toUtf8Bytes('EnergySettlement.BatchCommitment.v1')), BigInt(c.chainId), c.payer, keccak256(toUtf8Bytes(c.batchId)), c.token, c.payouts.length, r]);
  return { commitment: keccak256(encoded), root: r, path: path(leaves, c.index) };
}

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  const out = [];
  for (const line of input.split('\n')) {
    if (line.trim() !== '') out.push(JSON.stringify(commit(JSON.parse(line))));
  }
  process.stdout.write(out.join('\n') + '\n');
});
