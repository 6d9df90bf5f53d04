namespace EnergySettlement.Chains;

/// <summary>How a <see cref="ChainSettlementProvider.SubmitAsync"/> call ended when it did not throw.</summary>
public enum SubmissionResult
{
    /// <summary>The node accepted the transaction now.</summary>
    Accepted = 0,

    /// <summary>The node already had the transaction (mempool or chain): a repeated submission, which is success.</summary>
    AlreadyKnown = 1,
}
