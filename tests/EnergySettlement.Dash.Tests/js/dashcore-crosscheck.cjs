// Independent oracle for the Dash tests: reads one JSON request per line on stdin and answers one JSON line each, using
// @dashevo/dashcore-lib (its parser, serialiser, script interpreter, signature-hash and address/key code).
'use strict';
const readline = require('readline');
const dashcore = require('@dashevo/dashcore-lib');

const { Transaction, Script, PrivateKey, Address, crypto } = dashcore;
const Interpreter = Script.Interpreter;
const Sighash = require('@dashevo/dashcore-lib/lib/transaction/sighash');

// Standard-policy flags the interpreter knows: P2SH, strict encodings, strict DER, low S, minimal pushes.
const FLAGS = Interpreter.SCRIPT_VERIFY_P2SH | Interpreter.SCRIPT_VERIFY_STRICTENC | Interpreter.SCRIPT_VERIFY_DERSIG
  | Interpreter.SCRIPT_VERIFY_LOW_S | Interpreter.SCRIPT_VERIFY_MINIMALDATA | Interpreter.SCRIPT_VERIFY_NULLDUMMY;

function network(name) {
  return name === 'mainnet' ? 'livenet' : name; // 'testnet' and 'regtest' share testnet's prefixes
}

function transaction(request) {
  const tx = new Transaction(Buffer.from(request.hex, 'hex'));
  const valid = tx.inputs.map((input, i) => {
    const interpreter = new Interpreter();
    const ok = interpreter.verify(input.script, Script.fromBuffer(Buffer.from(request.prevScripts[i], 'hex')), tx, i, FLAGS);
    return ok ? true : interpreter.errstr;
  });
  const memo = tx.outputs.filter(o => o.script.isDataOut()).map(o => o.script.getData().toString('hex'));
  return {
    txid: tx.hash,
    hex: tx.toString(),
    version: tx.version,
    type: tx.type,
    inputs: tx.inputs.length,
    outputs: tx.outputs.map(o => ({ satoshis: o.satoshis, script: o.script.toBuffer().toString('hex') })),
    memo: memo.length === 0 ? null : memo,
    payload: tx.extraPayload ? tx.extraPayload.toBuffer().toString('hex') : null,
    valid,
  };
}

function key(request) {
  const bn = crypto.BN.fromBuffer(Buffer.from(request.priv, 'hex'));
  const privateKey = new PrivateKey({ bn, compressed: request.compressed, network: network(request.network) });
  const parsed = PrivateKey.fromWIF(request.ourWif);
  return {
    wif: privateKey.toWIF(),
    address: privateKey.toAddress().toString(),
    publicKey: privateKey.toPublicKey().toBuffer().toString('hex'),
    parsedPriv: parsed.toBuffer().toString('hex'),
    parsedCompressed: parsed.compressed,
    parsedNetwork: parsed.network.name,
  };
}

function scriptHash(request) {
  // Hash the raw bytes: random test scripts need not parse as scripts.
  const hash = crypto.Hash.sha256ripemd160(Buffer.from(request.script, 'hex'));
  return { address: Address.fromScriptHash(hash, network(request.network)).toString() };
}

function sighash(request) {
  const tx = new Transaction(Buffer.from(request.hex, 'hex'));
  const digest = Sighash.sighash(tx, request.hashType, request.index, Script.fromBuffer(Buffer.from(request.script, 'hex')));
  // dashcore-lib returns the hash byte-reversed (for display); turn it back into signing order.
  return { sighash: Buffer.from(digest).reverse().toString('hex') };
}

const handlers = { transaction, key, scriptHash, sighash };
const lines = readline.createInterface({ input: process.stdin });
lines.on('line', line => {
  if (line.trim() === '') {
    return;
  }
  const request = JSON.parse(line);
  let answer;
  try {
    answer = handlers[request.kind](request);
  } catch (error) {
    answer = { error: String(error && error.message ? error.message : error) };
  }
  process.stdout.write(JSON.stringify(answer) + '\n');
});
