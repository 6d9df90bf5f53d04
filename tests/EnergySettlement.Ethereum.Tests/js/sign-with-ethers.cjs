// Signs transactions with ethers v6, an independent implementation, for the C# cross-check
// (tests/EnergySettlement.Ethereum.Tests/CrossCheck/EthersCrossCheckTests.cs).
//
// Input (stdin): one JSON object per line:
//   { "type": 0|2, "chainId": "<decimal>", "nonce": "<decimal>", "gasLimit": "<decimal>",
//     "gasPrice": "<decimal>"                                  (type 0)
//     "maxPriorityFeePerGas": "<decimal>", "maxFeePerGas": "<decimal>", "accessList": [{ "address": "0x..", "storageKeys": ["0x<64 hex>"] }] (type 2)
//     "to": "0x<40 hex>" | null, "value": "<decimal>", "data": "0x<hex>", "privateKey": "0x<64 hex>" }
// Output (stdout): one JSON object per input line, in order:
//   { "raw": "0x..", "hash": "0x..", "from": "0x..", "unsignedHash": "0x.." }
// Exit code 2 with a message on stderr when ethers is not installed (run `npm ci` at the repository root).
'use strict';

let ethers;
try {
  ethers = require('ethers');
} catch (error) {
  process.stderr.write('ethers is not installed: run `npm ci` at the repository root. (' + error.message + ')\n');
  process.exit(2);
}

const { Transaction, SigningKey } = ethers;

function sign(request) {
  const fields = {
    type: request.type,
    chainId: BigInt(request.chainId),
    nonce: Number(BigInt(request.nonce)),
    gasLimit: BigInt(request.gasLimit),
    to: request.to,
    value: BigInt(request.value),
    data: request.data,
  };
  if (!Number.isSafeInteger(fields.nonce)) {
    throw new Error('nonce ' + request.nonce + ' is beyond what ethers accepts (2^53 - 1)');
  }
  if (request.type === 0) {
    fields.gasPrice = BigInt(request.gasPrice);
  } else if (request.type === 2) {
    fields.maxPriorityFeePerGas = BigInt(request.maxPriorityFeePerGas);
    fields.maxFeePerGas = BigInt(request.maxFeePerGas);
    fields.accessList = request.accessList;
  } else {
    throw new Error('unsupported type ' + request.type);
  }

  const tx = Transaction.from(fields);
  const unsignedHash = tx.unsignedHash;
  tx.signature = new SigningKey(request.privateKey).sign(unsignedHash);
  return { raw: tx.serialized, hash: tx.hash, from: tx.from, unsignedHash };
}

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  const out = [];
  for (const line of input.split('\n')) {
    if (line.trim() === '') {
      continue;
    }
    out.push(JSON.stringify(sign(JSON.parse(line))));
  }
  process.stdout.write(out.join('\n') + '\n');
});
