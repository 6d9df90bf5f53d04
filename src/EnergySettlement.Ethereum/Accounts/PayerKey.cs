using System.Collections.Concurrent;
using EnergySettlement.Chains;
using EnergySettlement.Ethereum.Nonces;

namespace EnergySettlement.Ethereum.Accounts;

/// <summary>One paying account of a provider: its signer, address, account, its own nonce sequence (lock, next nonce,
/// reconciliation), and what this process signed and completed at each of its nonces.</summary>
/// <remarks>Thread-safe. One per (provider, account).</remarks>
internal sealed class PayerKey : IDisposable
{
    public PayerKey(ISigner signer, EthereumAddress address, SettlementAccount account, NonceSequencer sequencer)
    {
        Signer = signer;
        Address = address;
        Account = account;
        AccountText = account.ToString();
        Sequencer = sequencer;
    }

    public ISigner Signer { get; }

    public EthereumAddress Address { get; }

    public SettlementAccount Account { get; }

    /// <summary>The account as CAIP-10 text, for log lines.</summary>
    public string AccountText { get; }

    /// <summary>Hands out this account's nonces, one caller at a time; other accounts' sequences are independent.</summary>
    public NonceSequencer Sequencer { get; }

    /// <summary>The transactions this process signed, by nonce (originals and replacements).</summary>
    public ConcurrentDictionary<ulong, ConcurrentDictionary<ChainTransactionId, byte>> SignedAtNonce { get; } = new();

    /// <summary>The nonces already marked completed in the sequence store by this process.</summary>
    public ConcurrentDictionary<ulong, byte> Completed { get; } = new();

    public void Dispose() => Sequencer.Dispose();
}
