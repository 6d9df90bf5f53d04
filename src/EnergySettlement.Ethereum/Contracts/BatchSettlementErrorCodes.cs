namespace EnergySettlement.Ethereum.Contracts;

/// <summary>
/// The <see cref="ChainRequestException.ErrorCode"/> of a <see cref="TransactionRejectedException"/> the adapter raises when
/// the batch-settlement contract refuses a call (decoded from its custom error, before anything is signed when the node's
/// gas estimate reverts). Compare with these constants rather than with message text.
/// </summary>
public static class BatchSettlementErrorCodes
{
    /// <summary>The payer already settled this batch (version 2: this batch number; version 1: this batch id).</summary>
    public const string BatchAlreadySettled = "BatchAlreadySettled";

    /// <summary>No payouts, or arrays of different lengths (payees, amounts, references).</summary>
    public const string MalformedBatch = "MalformedBatch";

    /// <summary>The ether sent differs from the sum of the payouts.</summary>
    public const string ValueMismatch = "ValueMismatch";

    /// <summary>Version 2: the token amounts paid differ from the declared total.</summary>
    public const string TotalMismatch = "TotalMismatch";

    /// <summary>A payee refused the ether (a contract without a payable receive, or one that reverts).</summary>
    public const string NativeTransferFailed = "NativeTransferFailed";

    /// <summary>Version 2: the token address holds no ERC-20 contract.</summary>
    public const string NotAToken = "NotAToken";

    /// <summary>A token transfer reverted or returned false (allowance or balance too low, a paused token, or not a token in version 1).</summary>
    public const string TokenTransferFailed = "TokenTransferFailed";

    /// <summary>Version 2: the token delivered less than the amount moved (a fee-on-transfer token), which is refused rather than paid short.</summary>
    public const string FeeOnTransferToken = "FeeOnTransferToken";

    /// <summary>The call reverted without a custom error of the contract (for example <c>Error(string)</c> from a token).</summary>
    public const string ExecutionReverted = "execution reverted";
}
