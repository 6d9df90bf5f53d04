using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using EnergySettlement.Crypto;
using EnergySettlement.Ethereum.Accounts;
using EnergySettlement.Ethereum.Transactions;

namespace EnergySettlement.Cli.Chains;

/// <summary>
/// The few JSON-RPC calls the demo's chain set-up makes itself (deployment, funding, reading the chain id and blocks);
/// everything about settlement goes through the SDK's <c>EthereumSettlementProvider</c>.
/// </summary>
internal sealed class DemoJsonRpc(HttpClient http, Uri url)
{
    private long _nextId;

    /// <summary>Gets the node's endpoint.</summary>
    public Uri Url { get; } = url;

    /// <summary>Calls a method and returns its result.</summary>
    /// <exception cref="HttpRequestException">The node cannot be reached.</exception>
    /// <exception cref="InvalidOperationException">The node answered with an error.</exception>
    public async Task<JsonElement> CallAsync(string method, CancellationToken cancellationToken, params JsonNode?[] parameters)
    {
        var request = new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = Interlocked.Increment(ref _nextId),
            ["method"] = method,
            ["params"] = new JsonArray(parameters),
        };
        using var response = await http.PostAsJsonAsync(Url, request, cancellationToken).ConfigureAwait(false);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        if (document.RootElement.TryGetProperty("error", out var error))
        {
            throw new InvalidOperationException($"The node refused {method}: {error.GetRawText()}");
        }

        return document.RootElement.GetProperty("result").Clone();
    }

    /// <summary>Reads a hex quantity result as an unsigned integer.</summary>
    public async Task<ulong> QuantityAsync(string method, CancellationToken cancellationToken, params JsonNode?[] parameters) =>
        ParseQuantity((await CallAsync(method, cancellationToken, parameters).ConfigureAwait(false)).GetString());

    /// <summary>Signs and sends an EIP-1559 transaction from <paramref name="key"/> at its next nonce and waits (bounded) for its receipt.</summary>
    /// <returns>The receipt.</returns>
    /// <exception cref="InvalidOperationException">The transaction reverted or was not mined within <paramref name="timeout"/>.</exception>
    public async Task<JsonElement> TransactAsync(Secp256k1PrivateKey key, ulong chainId, EthereumAddress? to, byte[] data, ulong gasLimit, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var from = EthereumAddress.FromPublicKey(key.PublicKey);
        var nonce = await QuantityAsync("eth_getTransactionCount", cancellationToken, from.ToString(), "pending").ConfigureAwait(false);
        var transaction = new Eip1559Transaction
        {
            ChainId = chainId,
            Nonce = nonce,
            GasLimit = gasLimit,
            To = to,
            Data = data,
            MaxFeePerGas = 100_000_000_000UL,
            MaxPriorityFeePerGas = 1_000_000_000UL,
        };
        var hash = (await CallAsync("eth_sendRawTransaction", cancellationToken, transaction.Sign(key).ToHexString()).ConfigureAwait(false)).GetString();
        return await ReceiptAsync(hash!, timeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits (bounded) for a successful receipt.</summary>
    public async Task<JsonElement> ReceiptAsync(string transactionHash, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            while (true)
            {
                var receipt = await CallAsync("eth_getTransactionReceipt", deadline.Token, transactionHash).ConfigureAwait(false);
                if (receipt.ValueKind == JsonValueKind.Object)
                {
                    return receipt.GetProperty("status").GetString() == "0x1"
                        ? receipt
                        : throw new InvalidOperationException($"Transaction {transactionHash} reverted.");
                }

                await Task.Delay(50, deadline.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException($"Transaction {transactionHash} was not mined within {timeout.TotalSeconds:0} s.");
        }
    }

    /// <summary>Formats an unsigned integer as a hex quantity.</summary>
    public static string Quantity(UInt128 value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);

    /// <summary>Parses a hex quantity.</summary>
    public static ulong ParseQuantity(string? hex) =>
        hex is { Length: > 2 } && hex.StartsWith("0x", StringComparison.Ordinal)
            ? ulong.Parse(hex.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture)
            : throw new FormatException($"Expected a hex quantity; found '{hex}'.");

    /// <summary>Hex of bytes with 0x.</summary>
    public static string ToHex(ReadOnlySpan<byte> bytes) => Hex.Encode(bytes, withPrefix: true);
}
