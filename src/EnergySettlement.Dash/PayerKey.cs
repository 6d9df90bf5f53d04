using EnergySettlement.Chains;
using EnergySettlement.Dash.Addresses;
using EnergySettlement.Dash.Transactions;

namespace EnergySettlement.Dash;

/// <summary>One paying address of a provider: its signer, address, account, locking script, the largest input that spends
/// it, and the gate that serialises coin selection for it within the process.</summary>
internal sealed class PayerKey : IDisposable
{
    public PayerKey(ISigner signer, UtxoAddress address, SettlementAccount account)
    {
        Signer = signer;
        Address = address;
        Account = account;
        ScriptPubKey = address.GetScriptPubKey();
        InputSize = 32 + 4 + 1 + TransactionSigner.MaxUnlockingScriptSize(signer.PublicKey.Length) + 4;
    }

    public ISigner Signer { get; }

    public UtxoAddress Address { get; }

    public SettlementAccount Account { get; }

    public byte[] ScriptPubKey { get; }

    /// <summary>The serialised size of an input that spends this address's P2PKH output, at most (a 72-byte DER signature):
    /// 149 bytes with a compressed key, 181 with an uncompressed one.</summary>
    public int InputSize { get; }

    public SemaphoreSlim Gate { get; } = new(1, 1);

    public void Dispose() => Gate.Dispose();
}
