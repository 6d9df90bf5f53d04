namespace EnergySettlement.Settlement;

/// <summary>How a window's obligations are netted into payments.</summary>
public enum NettingMode
{
    /// <summary>Each pair of participants settles the net of what they owe each other, peer to peer, on a chain both use
    /// (the two-home demonstration). A pair without a common chain and asset is routed through the clearing agent when
    /// one is configured, and is otherwise an error. The default.</summary>
    Bilateral = 0,

    /// <summary>A clearing agent (for example the utility) nets multilaterally: each participant pays the agent its net
    /// debt, or is paid its net credit by the agent — at most one payment per participant per window — on any chain the
    /// participant and the agent share.</summary>
    Cleared = 1,
}
