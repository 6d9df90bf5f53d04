namespace EnergySettlement.Settlement;

/// <summary>
/// A net amount too small to pay in its window — below the configured minimum payout for the asset it would be paid in
/// (dust) — that is carried forward: a later window nets it with that window's obligations and pays it then. Never lost:
/// each carried amount is consumed by exactly one later window.
/// </summary>
/// <remarks>
/// The amount is in the market's quote asset, so conversion happens when it is finally paid. The <see cref="Id"/> is
/// derived from every field except <see cref="ConsumedBy"/>. Immutable and thread-safe.
/// </remarks>
public sealed class CarriedAmount
{
    private CarriedAmountId _id;

    /// <summary>Creates a carried amount (the planner does; a journal does when it reads one back).</summary>
    /// <param name="window">The window in which it was too small to pay.</param>
    /// <param name="payer">Who owes it.</param>
    /// <param name="payee">Who is owed it; not <paramref name="payer"/>.</param>
    /// <param name="amount">The amount, in the market's quote asset; positive.</param>
    /// <param name="obligations">The obligations it stands for.</param>
    /// <param name="carriedAmounts">Earlier carried amounts folded into it.</param>
    /// <param name="consumedBy">The later window that paid it, or <see langword="null"/> while it is open.</param>
    /// <exception cref="ArgumentException">An argument breaks the rules above.</exception>
    public CarriedAmount(
        SettlementWindowId window,
        ParticipantId payer,
        ParticipantId payee,
        Money amount,
        IEnumerable<ObligationId> obligations,
        IEnumerable<CarriedAmountId> carriedAmounts,
        SettlementWindowId? consumedBy = null)
    {
        ArgumentNullException.ThrowIfNull(obligations);
        ArgumentNullException.ThrowIfNull(carriedAmounts);
        if (window == default || payer == default || payee == default)
        {
            throw new ArgumentException("Window and parties must be set.");
        }

        if (payer == payee)
        {
            throw new ArgumentException($"A carried amount needs two parties; '{payer}' cannot owe itself.", nameof(payee));
        }

        if (amount == default || amount.Amount <= 0)
        {
            throw new ArgumentException($"A carried amount must be positive; found {amount}.", nameof(amount));
        }

        Window = window;
        Payer = payer;
        Payee = payee;
        Amount = amount;
        Obligations = obligations.ToArray();
        CarriedAmounts = carriedAmounts.ToArray();
        ConsumedBy = consumedBy;
    }

    /// <summary>Gets the content-derived id: <c>cf-</c> and 32 hex digits.</summary>
    public CarriedAmountId Id => _id == default ? (_id = ComputeId()) : _id;

    /// <summary>Gets the window in which the amount was too small to pay.</summary>
    public SettlementWindowId Window { get; }

    /// <summary>Gets who owes it.</summary>
    public ParticipantId Payer { get; }

    /// <summary>Gets who is owed it.</summary>
    public ParticipantId Payee { get; }

    /// <summary>Gets the amount, in the market's quote asset.</summary>
    public Money Amount { get; }

    /// <summary>Gets the obligations it stands for.</summary>
    public IReadOnlyList<ObligationId> Obligations { get; }

    /// <summary>Gets earlier carried amounts folded into this one.</summary>
    public IReadOnlyList<CarriedAmountId> CarriedAmounts { get; }

    /// <summary>Gets the later window that consumed (paid or carried on) this amount, or <see langword="null"/> while open.</summary>
    public SettlementWindowId? ConsumedBy { get; }

    /// <summary>Returns a copy marked as consumed by <paramref name="window"/>; the id does not change.</summary>
    /// <param name="window">The consuming window.</param>
    /// <returns>The consumed copy.</returns>
    public CarriedAmount ConsumedIn(SettlementWindowId window) => new(Window, Payer, Payee, Amount, Obligations, CarriedAmounts, window);

    /// <summary>Returns a one-line description.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"{Id}: {Payer} owes {Payee} {Amount}, carried from {Window}{(ConsumedBy is { } w ? $", consumed by {w}" : ", open")}";

    private CarriedAmountId ComputeId()
    {
        var hash = new ContentHash("carried/1");
        hash.Add(Window.Value);
        hash.Add(Payer.Value);
        hash.Add(Payee.Value);
        hash.Add(Amount);
        hash.Add((long)Obligations.Count);
        foreach (var obligation in Obligations)
        {
            hash.Add(obligation.Value);
        }

        hash.Add((long)CarriedAmounts.Count);
        foreach (var carried in CarriedAmounts)
        {
            hash.Add(carried.Value);
        }

        return new CarriedAmountId(hash.Finish("cf"));
    }
}
