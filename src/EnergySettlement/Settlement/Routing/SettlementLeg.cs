using EnergySettlement.Chains;

namespace EnergySettlement.Settlement;

/// <summary>
/// One payment of a window after netting and routing: <see cref="Payer"/> pays <see cref="Payee"/> <see cref="Amount"/>
/// from one account to another on one chain, settling <see cref="QuoteAmount"/> of the market's quote asset — converted
/// at <see cref="Rate"/> when the asset paid is another — for the obligations and carried amounts it covers.
/// </summary>
/// <remarks>
/// In bilateral netting a leg joins two participants; in cleared netting, a participant and the clearing agent. The
/// <see cref="Id"/> is derived from every field. Immutable and thread-safe.
/// </remarks>
public sealed class SettlementLeg
{
    // The amount as its parts: a Money is padded to 32 bytes (Int128 is 16-byte aligned), its parts take 24. The quote
    // amount and rate of a converted leg are kept aside; an unconverted one pays its quote amount as it is. A large
    // bilateral plan has a million legs.
    private readonly Int128 _amount;
    private readonly Asset _asset;
    private readonly Conversion? _conversion;

    // The obligations covered: _obligationCount ids of _obligations from _obligationStart. A planned leg points into one
    // array the router shares among all legs of a plan, so a million legs are not also a million small arrays.
    private readonly ObligationId[] _obligations;
    private readonly int _obligationStart;
    private readonly int _obligationCount;
    private SettlementLegId _id;

    /// <summary>Creates a leg (the planner does; a journal does when it reads one back).</summary>
    /// <param name="window">The window that pays it.</param>
    /// <param name="payer">Who pays.</param>
    /// <param name="payee">Who is paid; not <paramref name="payer"/>.</param>
    /// <param name="from">The paying account.</param>
    /// <param name="to">The receiving account, on the same chain.</param>
    /// <param name="amount">The amount paid, positive, in an asset of that chain.</param>
    /// <param name="quoteAmount">The amount settled in the market's quote asset; positive; equal to <paramref name="amount"/> when no rate converted it.</param>
    /// <param name="rate">The rate that converted <paramref name="quoteAmount"/> to <paramref name="amount"/>; required
    /// exactly when the two are in different assets.</param>
    /// <param name="obligations">The obligations the leg covers (with those of the same parties it was netted against).</param>
    /// <param name="carriedAmounts">Amounts carried forward from earlier windows that this leg pays.</param>
    /// <exception cref="ArgumentException">An argument breaks the rules above.</exception>
    public SettlementLeg(
        SettlementWindowId window,
        ParticipantId payer,
        ParticipantId payee,
        SettlementAccount from,
        SettlementAccount to,
        Money amount,
        Money quoteAmount,
        ExchangeRate? rate,
        IEnumerable<ObligationId> obligations,
        IEnumerable<CarriedAmountId> carriedAmounts)
    {
        ArgumentNullException.ThrowIfNull(obligations);
        ArgumentNullException.ThrowIfNull(carriedAmounts);
        Validate(window, payer, payee, from, to, amount, quoteAmount, rate);
        Window = window;
        Payer = payer;
        Payee = payee;
        From = from;
        To = to;
        _amount = amount.Amount;
        _asset = amount.Asset;
        _conversion = rate is null ? null : new Conversion(quoteAmount, rate);
        _obligations = obligations.ToArray();
        _obligationCount = _obligations.Length;
        CarriedAmounts = carriedAmounts.ToArray();
    }

    private SettlementLeg(SettlementWindowId window, ParticipantId payer, ParticipantId payee, SettlementAccount from, SettlementAccount to, Money amount, Money quoteAmount, ExchangeRate? rate, ArraySegment<ObligationId> obligations, CarriedAmountId[] carriedAmounts)
    {
        Validate(window, payer, payee, from, to, amount, quoteAmount, rate);
        Window = window;
        Payer = payer;
        Payee = payee;
        From = from;
        To = to;
        _amount = amount.Amount;
        _asset = amount.Asset;
        _conversion = rate is null ? null : new Conversion(quoteAmount, rate);
        _obligations = obligations.Array!;
        _obligationStart = obligations.Offset;
        _obligationCount = obligations.Count;
        CarriedAmounts = carriedAmounts;
    }

    /// <summary>Gets the content-derived id: <c>lg-</c> and 32 hex digits.</summary>
    public SettlementLegId Id => _id == default ? (_id = ComputeId()) : _id;

    /// <summary>Gets the window that pays the leg.</summary>
    public SettlementWindowId Window { get; }

    /// <summary>Gets who pays.</summary>
    public ParticipantId Payer { get; }

    /// <summary>Gets who is paid.</summary>
    public ParticipantId Payee { get; }

    /// <summary>Gets the paying account.</summary>
    public SettlementAccount From { get; }

    /// <summary>Gets the receiving account.</summary>
    public SettlementAccount To { get; }

    /// <summary>Gets the chain the leg is paid on.</summary>
    public ChainId ChainId => From.ChainId;

    /// <summary>Gets the amount paid, in the asset paid.</summary>
    public Money Amount => new(_amount, _asset);

    /// <summary>Gets the amount settled, in the market's quote asset.</summary>
    public Money QuoteAmount => _conversion?.QuoteAmount ?? Amount;

    /// <summary>Gets the rate that converted <see cref="QuoteAmount"/> into <see cref="Amount"/>, or <see langword="null"/>
    /// when the leg is paid in the quote asset.</summary>
    public ExchangeRate? Rate => _conversion?.Rate;

    /// <summary>Gets the obligations the leg covers.</summary>
    public IReadOnlyList<ObligationId> Obligations =>
        _obligationStart == 0 && _obligationCount == _obligations.Length ? _obligations : new ArraySegment<ObligationId>(_obligations, _obligationStart, _obligationCount);

    /// <summary>Gets the amounts carried forward from earlier windows that the leg pays.</summary>
    public IReadOnlyList<CarriedAmountId> CarriedAmounts { get; }

    /// <summary>Returns a one-line description.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"{Id}: {Payer} pays {Payee} {Amount} ({From} -> {To}){(Rate is null ? string.Empty : $" for {QuoteAmount} at {Rate}")}";

    /// <summary>Creates a leg that keeps the planner's arrays (which nothing writes any more) instead of copying them — the
    /// obligations as a range of an array shared with other legs; the same checks as the public constructor.</summary>
    internal static SettlementLeg Owning(SettlementWindowId window, ParticipantId payer, ParticipantId payee, SettlementAccount from, SettlementAccount to, Money amount, Money quoteAmount, ExchangeRate? rate, ArraySegment<ObligationId> obligations, CarriedAmountId[] carriedAmounts) =>
        new(window, payer, payee, from, to, amount, quoteAmount, rate, obligations, carriedAmounts);

    private static void Validate(SettlementWindowId window, ParticipantId payer, ParticipantId payee, SettlementAccount from, SettlementAccount to, Money amount, Money quoteAmount, ExchangeRate? rate)
    {
        if (window == default || payer == default || payee == default || from == default || to == default)
        {
            throw new ArgumentException("Window, parties and accounts must be set.");
        }

        if (payer == payee)
        {
            throw new ArgumentException($"A leg needs two parties; '{payer}' cannot pay itself.", nameof(payee));
        }

        if (from.ChainId != to.ChainId)
        {
            throw new ArgumentException($"A leg is paid on one chain; {from} and {to} are on different chains.", nameof(to));
        }

        if (amount == default || quoteAmount == default || amount.Amount <= 0 || quoteAmount.Amount <= 0)
        {
            throw new ArgumentException($"A leg's amounts must be positive; found {amount} for {quoteAmount}.", nameof(amount));
        }

        if (amount.Asset.Id.ChainId != from.ChainId)
        {
            throw new ArgumentException($"The asset {amount.Asset} is not on the leg's chain {from.ChainId}.", nameof(amount));
        }

        if (rate is null && amount != quoteAmount)
        {
            throw new ArgumentException($"Without an exchange rate a leg pays its quote amount as it is; found {amount} for {quoteAmount}.", nameof(amount));
        }

        var converted = amount.Asset != quoteAmount.Asset;
        if (converted != rate is not null || (rate is not null && (rate.From.Asset != quoteAmount.Asset || rate.To.Asset != amount.Asset)))
        {
            throw new ArgumentException($"A rate from {quoteAmount.Asset.Symbol} to {amount.Asset.Symbol} is required exactly when the assets differ; found {rate?.ToString() ?? "none"}.", nameof(rate));
        }
    }

    private SettlementLegId ComputeId()
    {
        var hash = new ContentHash("leg/1");
        hash.Add(Window.Value);
        hash.Add(Payer.Value);
        hash.Add(Payee.Value);
        // As From.ToString() and To.ToString() ("chain:address"), without building the strings.
        hash.Add(From.ChainId.ToString(), ':', From.Address);
        hash.Add(To.ChainId.ToString(), ':', To.Address);
        hash.Add(Amount);
        hash.Add(QuoteAmount);
        hash.Add(Rate is null);
        if (Rate is not null)
        {
            hash.Add(Rate.From);
            hash.Add(Rate.To);
            hash.Add(Rate.Source);
            hash.Add(Rate.ObservedAt.UtcTicks);
        }

        hash.Add((long)_obligationCount);
        foreach (var obligation in _obligations.AsSpan(_obligationStart, _obligationCount))
        {
            hash.Add(obligation);
        }

        hash.Add((long)CarriedAmounts.Count);
        foreach (var carried in CarriedAmounts)
        {
            hash.Add(carried.Value);
        }

        return new SettlementLegId(hash.Finish("lg"));
    }

    /// <summary>How a converted leg's amount was worked out: the quote amount it settles and the rate used.</summary>
    private sealed record Conversion(Money QuoteAmount, ExchangeRate Rate);
}
