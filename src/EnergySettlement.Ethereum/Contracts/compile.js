// Compiles Solidity sources with solc-js (npm 'solc', installed by `npm ci` at the repository root) using fixed
// settings, and prints one JSON artifact per contract: { contract, compiler, settings, abi, bytecode }.
// Usage: node compile.js <file.sol> <ContractName>            -> artifact JSON on stdout
//        node compile.js <file.sol> <ContractName> <out.json> -> writes the artifact file
// The .NET tests run the first form and compare with the committed artifact, so the bytecode cannot drift from source.
'use strict';
const fs = require('fs');
const path = require('path');

function findRoot(start) {
  let dir = start;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'node_modules', 'solc'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('node_modules/solc not found: run `npm ci` at the repository root.');
    dir = parent;
  }
}

const [source, contract, out] = process.argv.slice(2);
if (!source || !contract) {
  console.error('usage: node compile.js <file.sol> <ContractName> [out.json]');
  process.exit(2);
}
const solc = require(path.join(findRoot(__dirname), 'node_modules', 'solc'));
const fileName = path.basename(source);
// Line endings are normalised so a checkout with CRLF compiles to the same bytecode.
const content = fs.readFileSync(source, 'utf8').replace(/\r\n/g, '\n');
const settings = {
  optimizer: { enabled: true, runs: 200 },
  // 'paris' avoids PUSH0, so the bytecode also runs on EVM chains that have not adopted Shanghai.
  evmVersion: 'paris',
  metadata: { bytecodeHash: 'none' },
  outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
};
const output = JSON.parse(solc.compile(JSON.stringify({ language: 'Solidity', sources: { [fileName]: { content } }, settings })));
const errors = (output.errors || []).filter((e) => e.severity === 'error');
if (errors.length > 0) {
  console.error(errors.map((e) => e.formattedMessage).join('\n'));
  process.exit(1);
}
const compiled = output.contracts[fileName][contract];
if (!compiled) {
  console.error(`contract ${contract} not found in ${fileName}`);
  process.exit(1);
}
const artifact = {
  contract,
  source: fileName,
  compiler: 'solc-js ' + solc.version(),
  settings: { optimizer: settings.optimizer, evmVersion: settings.evmVersion, bytecodeHash: 'none' },
  abi: compiled.abi,
  bytecode: '0x' + compiled.evm.bytecode.object,
};
const text = JSON.stringify(artifact, null, 2) + '\n';
if (out) fs.writeFileSync(out, text);
else process.stdout.write(text);
