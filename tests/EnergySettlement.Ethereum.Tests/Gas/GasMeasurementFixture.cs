using System.Globalization;
using EnergySettlement.Chains;
using EnergySettlement.Crypto;
using EnergySettlement.Ethereum.Accounts;
using EnergySettlement.Ethereum.Contracts;
using EnergySettlement.Ethereum.Numerics;
using EnergySettlement.Ethereum.Payouts;
using EnergySettlement.Ethereum.Tests.Anvil;

namespace EnergySettlement.Ethereum.Tests.Gas;

/// <summary>
/// Measures, on a real Anvil node, the gas of every <see cref="GasCase"/> (ether and token, fresh and funded payees,
/// n = 1, 10, 50, 200) through the Disperse-style baseline, BatchSettlementV2 (with and without published references)
/// and BatchSettlement version 1, with the call data the adapter builds (PayoutCallBuilder). Payees and amounts are
/// deterministic, so the figures are reproducible on the same Anvil version.
/// </summary>
public sealed class GasMeasurementFixture : IAsyncLifetime
{
    public static readonly int[] Sizes = [1, 10, 50, 200];

    private const ulong TokenBalanceSlot = 1; // TestToken: balanceOf is the second state variable
    private readonly Dictionary<GasCase, GasFigures> _figures = [];
    private AnvilNode? _node;
    private Secp256k1PrivateKey? _payerKey;
    private EthereumAddress _payer;
    private EthereumAddress _token;
    private EthereumAddress _disperse;
    private EthereumAddress _v1;
    private EthereumAddress _v2;
    private ulong _batchNumber;
    private int _payeeSeed;

    public IReadOnlyDictionary<GasCase, GasFigures> Figures => _figures;

    public string AnvilVersion { get; private set; } = string.Empty;

    public static IEnumerable<GasCase> Cases()
    {
        foreach (var token in new[] { false, true })
        {
            foreach (var funded in new[] { false, true })
            {
                foreach (var n in Sizes)
                {
                    yield return new GasCase(token, funded, n);
                }
            }
        }
    }

    public async Task InitializeAsync()
    {
        _node = await AnvilNode.StartAsync();
        AnvilVersion = (await _node.RpcAsync("web3_clientVersion")).GetString() ?? string.Empty;
        _payerKey = TestChain.Key(4242);
        _payer = EthereumAddress.FromPublicKey(_payerKey.PublicKey);
        await _node.SetBalanceAsync(_payer.ToString(), System.Numerics.BigInteger.Pow(10, 24));
        _v2 = await TestChain.DeployAsync(_node, BatchSettlementV2Contract.Bytecode);
        _v1 = await TestChain.DeployAsync(_node, BatchSettlementContract.Bytecode);
        _disperse = await TestChain.DeployTestContractAsync(_node, "Disperse");
        _token = await TestChain.DeployTestContractAsync(_node, "TestToken");
        await SendAsync(_token, AbiEncoder.Call(AbiEncoder.Selector("mint(address,uint256)"), AbiValue.Address(_payer), AbiValue.Word(UInt256.MaxValue / 4UL)), UInt256.Zero);
        foreach (var spender in new[] { _v2, _v1, _disperse })
        {
            await SendAsync(_token, Erc20.EncodeApprove(spender, UInt256.MaxValue), UInt256.Zero);
        }

        // The payer's first V2 batch makes its once-only word non-zero: every measured batch after it is in the steady state.
        _batchNumber = 0;
        var warmUp = Batch(new GasCase(false, true, 1), await PayeesAsync(new GasCase(false, true, 1)));
        await SendV2Async(warmUp, publishReferences: false, NextBatchNumber());

        foreach (var gasCase in Cases())
        {
            var disperse = await SendDisperseAsync(gasCase, Batch(gasCase, await PayeesAsync(gasCase)));
            var v2 = await SendV2Async(Batch(gasCase, await PayeesAsync(gasCase)), publishReferences: false, NextBatchNumber());
            var v2References = await SendV2Async(Batch(gasCase, await PayeesAsync(gasCase)), publishReferences: true, NextBatchNumber());
            var v1 = await SendV1Async(Batch(gasCase, await PayeesAsync(gasCase)));

            // The same batch shape as the first of a fresh word of 256 numbers (number 256 * k), then the next number; their
            // call data differ in a few bytes (payees, number), so the difference is taken net of call data.
            var first = V2Call(Batch(gasCase, await PayeesAsync(gasCase)), publishReferences: false, FreshWordNumber());
            var next = V2Call(Batch(gasCase, await PayeesAsync(gasCase)), publishReferences: false, NextBatchNumber());
            var firstInWord = await SendCallAsync(first) - CallDataGas(first.Data);
            var steadyAgain = await SendCallAsync(next) - CallDataGas(next.Data);
            _figures[gasCase] = new GasFigures(disperse, v2, v2References, v1, firstInWord - steadyAgain);
        }
    }

    public async Task DisposeAsync()
    {
        _payerKey?.Dispose();
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }
    }

    private static Asset NativeAsset => new(AssetId.Parse("eip155:31337/slip44:60"), 18, "ETH");

    private Asset TokenAsset => new(AssetId.Parse($"eip155:31337/erc20:{_token.ToString().ToLowerInvariant()}"), 6, "TST");

    private UInt256 NextBatchNumber() => ++_batchNumber;

    private UInt256 FreshWordNumber()
    {
        _batchNumber = ((_batchNumber / 256) + 1) * 256;
        return _batchNumber;
    }

    /// <summary>The same amounts for every contract: ether about 0.001, token about 1.5 units, all different.</summary>
    private static long Amount(GasCase gasCase, int i) => gasCase.Token ? 1_500_000 + (i * 13) : 1_000_000_000_000_000 + (i * 7_919);

    private SettlementBatch Batch(GasCase gasCase, EthereumAddress[] payees)
    {
        var asset = gasCase.Token ? TokenAsset : NativeAsset;
        var chain = ChainId.Parse("eip155:31337");
        var payouts = payees.Select((p, i) => new Payout(SettlementAccount.Create(chain, p.ToString()), new Money(Amount(gasCase, i), asset), "obligation-" + i.ToString("D6", CultureInfo.InvariantCulture)));
        return new SettlementBatch(new SettlementBatchId($"gas-{_payeeSeed}"), SettlementAccount.Create(chain, _payer.ToString()), asset, payouts);
    }

    /// <summary>Fresh deterministic payees; for a funded case they get 1 wei or 1 token unit first.</summary>
    private async Task<EthereumAddress[]> PayeesAsync(GasCase gasCase)
    {
        var random = new Random(++_payeeSeed);
        var payees = new EthereumAddress[gasCase.Payouts];
        for (var i = 0; i < payees.Length; i++)
        {
            var bytes = new byte[20];
            random.NextBytes(bytes);
            payees[i] = EthereumAddress.FromBytes(bytes);
            if (!gasCase.Funded)
            {
                continue;
            }

            if (gasCase.Token)
            {
                var slot = new byte[64];
                payees[i].WriteBytes(slot.AsSpan(12, 20));
                slot[63] = (byte)TokenBalanceSlot;
                await Node.RpcAsync("anvil_setStorageAt", _token.ToString(), Hex.Encode(Keccak256.Hash(slot), withPrefix: true), "0x" + new string('0', 63) + "1");
            }
            else
            {
                await Node.SetBalanceAsync(payees[i].ToString(), System.Numerics.BigInteger.One);
            }
        }

        return payees;
    }

    private AnvilNode Node => _node ?? throw new InvalidOperationException("The fixture has not started.");

    private async Task<long> SendDisperseAsync(GasCase gasCase, SettlementBatch batch)
    {
        var payees = batch.Payouts.Select(p => EthereumAddress.Parse(p.Payee.Address)).ToArray();
        var amounts = batch.Payouts.Select(p => PayoutCallBuilder.ToUInt256(p.Amount)).ToArray();
        var total = amounts.Aggregate(UInt256.Zero, (a, b) => a + b);
        return gasCase.Token
            ? await SendAsync(_disperse, AbiEncoder.Call(AbiEncoder.Selector("disperseToken(address,address[],uint256[])"), AbiValue.Address(_token), AbiValue.Addresses(payees), AbiValue.Words(amounts)), UInt256.Zero)
            : await SendAsync(_disperse, AbiEncoder.Call(AbiEncoder.Selector("disperseEther(address[],uint256[])"), AbiValue.Addresses(payees), AbiValue.Words(amounts)), total);
    }

    /// <summary>Call data gas as EIP-2028 prices it: 4 per zero byte, 16 per other byte.</summary>
    private static long CallDataGas(byte[] data) => data.Sum(b => b == 0 ? 4L : 16L);

    private PayoutCall V2Call(SettlementBatch batch, bool publishReferences, UInt256 batchNumber) =>
        PayoutCallBuilder.Build(batch, new SettlementTarget(_v2, BatchSettlementVersion.V2, publishReferences), TokenOf(batch), batchNumber);

    private Task<long> SendV2Async(SettlementBatch batch, bool publishReferences, UInt256 batchNumber) => SendCallAsync(V2Call(batch, publishReferences, batchNumber));

    private Task<long> SendV1Async(SettlementBatch batch) =>
        SendCallAsync(PayoutCallBuilder.Build(batch, new SettlementTarget(_v1, BatchSettlementVersion.V1, PublishReferences: true), TokenOf(batch), UInt256.Zero));

    private EthereumAddress? TokenOf(SettlementBatch batch) => batch.Asset.Id.AssetNamespace == "erc20" ? _token : null;

    private Task<long> SendCallAsync(PayoutCall call) => SendAsync(call.To, call.Data, call.Value);

    private async Task<long> SendAsync(EthereumAddress to, byte[] data, UInt256 value)
    {
        var receipt = await TestChain.TransactAsync(Node, _payerKey!, to, data, value, 16_000_000);
        return long.Parse(receipt.GetProperty("gasUsed").GetString()![2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
    }
}
