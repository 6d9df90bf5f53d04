using EnergySettlement.Trading;

namespace EnergySettlement.Settlement;

/// <summary>
/// One party owes another an amount of money for one reason in one delivery period: a trade's delivered energy, a grid
/// or network fee on it, or an imbalance against the balancing party — or an adjustment of one of these after a late or
/// corrected meter reading. Obligations are what settlement pays; netting and routing only decide how.
/// </summary>
/// <remarks>
/// <para>The <see cref="Id"/> is derived from every field, so planning the same input twice yields the same ids and a
/// journal stores each obligation once. An obligation is never changed after it is settled: a correction is a new
/// obligation whose <see cref="Adjusts"/> names the original and whose <see cref="Sequence"/> counts the corrections.</para>
/// <para>Immutable and thread-safe.</para>
/// </remarks>
public sealed class Obligation
{
    /// <summary>The prefix of every obligation id.</summary>
    internal const string IdPrefix = "ob";

    private const string IdDomain = "obligation/1";
    private ObligationId _id;

    // A large plan holds a million obligations, so the fields are laid out to keep each small: the amount as its parts (a
    // Money is padded to 32 bytes), the reason as a byte, the rare adjustment details in a separate object.
    private readonly Int128 _amount;
    private readonly Asset _asset;
    private readonly Adjustment? _adjustment;
    private readonly byte _reason;

    // A trade obligation names its trade by the trade's id text. The planner makes a million of them at a time, so it
    // keeps the trade itself (a Trading.Trade) and writes the id text (a string, kept here instead) only when someone
    // asks for it; the content id hashes the same bytes without building the string. An obligation read back from a
    // journal has only the text.
    private object? _trade;

    /// <summary>Creates an obligation (the planner does; a journal does when it reads one back).</summary>
    /// <param name="market">The market.</param>
    /// <param name="period">The delivery period the obligation is for (an adjustment keeps the period it corrects).</param>
    /// <param name="reason">Why it is owed.</param>
    /// <param name="payer">Who pays.</param>
    /// <param name="payee">Who is paid; not <paramref name="payer"/>.</param>
    /// <param name="amount">How much, in the market's quote asset; positive.</param>
    /// <param name="energy">The energy the amount is for — the trade's delivered energy, the buyer's delivered energy the fee
    /// is charged on, or the imbalance; for an adjustment, that energy as corrected. Not negative.</param>
    /// <param name="trade">The trade, for <see cref="ObligationReason.Trade"/>; <see langword="null"/> otherwise (fees are
    /// charged per buyer and period on all its delivered trades, rounded once; imbalances per participant and period).</param>
    /// <param name="isProvisional">Whether it rests on an assumed reading (<see cref="MissingReadingPolicy.SettleAsContracted"/>).</param>
    /// <param name="adjusts">The obligation this one corrects, or <see langword="null"/> when it is not an adjustment.</param>
    /// <param name="sequence">0 for an original obligation; n for the n-th adjustment of the same original.</param>
    /// <exception cref="ArgumentException">An argument breaks the rules above.</exception>
    public Obligation(
        MarketId market,
        DeliveryPeriod period,
        ObligationReason reason,
        ParticipantId payer,
        ParticipantId payee,
        Money amount,
        Energy energy,
        TradeId? trade,
        bool isProvisional = false,
        ObligationId? adjusts = null,
        int sequence = 0)
    {
        if (market == default || period == default || payer == default || payee == default)
        {
            throw new ArgumentException("Market, period, payer and payee must be set.");
        }

        if (!Enum.IsDefined(reason))
        {
            throw new ArgumentOutOfRangeException(nameof(reason), reason, "Unknown obligation reason.");
        }

        if (payer == payee)
        {
            throw new ArgumentException($"An obligation needs two parties; '{payer}' cannot owe itself.", nameof(payee));
        }

        if (amount == default || amount.Amount <= 0)
        {
            throw new ArgumentException($"An obligation's amount must be positive; found {amount}.", nameof(amount));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(energy.WattHours, nameof(energy));
        if ((reason == ObligationReason.Trade) != trade.HasValue)
        {
            throw new ArgumentException(reason == ObligationReason.Trade ? "A trade obligation must name its trade." : $"A {reason} obligation names no trade.", nameof(trade));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(sequence);
        if (adjusts.HasValue != (sequence > 0))
        {
            throw new ArgumentException($"An adjustment names what it adjusts and has a sequence of 1 or more; found adjusts {adjusts?.Value ?? "(none)"} with sequence {sequence}.", nameof(sequence));
        }

        Market = market;
        Period = period;
        _reason = (byte)reason;
        Payer = payer;
        Payee = payee;
        _amount = amount.Amount;
        _asset = amount.Asset;
        Energy = energy;
        _trade = trade?.Value;
        IsProvisional = isProvisional;
        _adjustment = adjusts is { } original ? new Adjustment(original, sequence) : null;
    }

    /// <summary>Creates a trade obligation the planner has checked already (positive amount, two parties, an original),
    /// naming <paramref name="trade"/> by its <see cref="Trading.Trade.Id"/>, which is written only when asked for.</summary>
    internal Obligation(MarketId market, DeliveryPeriod period, ParticipantId payer, ParticipantId payee, Money amount, Energy energy, Trading.Trade trade, bool isProvisional)
    {
        Market = market;
        Period = period;
        _reason = (byte)ObligationReason.Trade;
        Payer = payer;
        Payee = payee;
        _amount = amount.Amount;
        _asset = amount.Asset;
        Energy = energy;
        _trade = trade;
        IsProvisional = isProvisional;
    }

    /// <summary>Gets the content-derived id: <c>ob-</c> and 32 hex digits.</summary>
    public ObligationId Id => _id == default ? (_id = ComputeId()) : _id;

    /// <summary>Gets the market.</summary>
    public MarketId Market { get; }

    /// <summary>Gets the delivery period the obligation is for.</summary>
    public DeliveryPeriod Period { get; }

    /// <summary>Gets why it is owed.</summary>
    public ObligationReason Reason => (ObligationReason)_reason;

    /// <summary>Gets who pays.</summary>
    public ParticipantId Payer { get; }

    /// <summary>Gets who is paid.</summary>
    public ParticipantId Payee { get; }

    /// <summary>Gets how much, in the market's quote asset; always positive.</summary>
    public Money Amount => new(_amount, _asset);

    /// <summary>Gets the energy the amount is for.</summary>
    public Energy Energy { get; }

    /// <summary>Gets the trade, for a trade obligation; <see langword="null"/> for fees and imbalances.</summary>
    public TradeId? Trade => _trade switch
    {
        string text => new TradeId(text),
        Trading.Trade trade => new TradeId((string)(_trade = trade.Id.Value)),
        _ => null,
    };

    /// <summary>Gets whether the obligation rests on an assumed reading and may be adjusted when the real one arrives.</summary>
    public bool IsProvisional { get; }

    /// <summary>Gets the original obligation this one corrects, when it is an adjustment.</summary>
    public ObligationId? Adjusts => _adjustment?.Original;

    /// <summary>Gets 0 for an original obligation, n for the n-th adjustment of the same original.</summary>
    public int Sequence => _adjustment?.Sequence ?? 0;

    /// <summary>Gets whether this obligation corrects an earlier one.</summary>
    public bool IsAdjustment => Adjusts.HasValue;

    /// <summary>Returns a one-line description for logs and reports.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        $"{Id}: {Payer} owes {Payee} {Amount} ({Reason}{(IsAdjustment ? $" adjustment #{Sequence} of {Adjusts}" : string.Empty)}{(IsProvisional ? ", provisional" : string.Empty)}) for {Period}";

    /// <summary>Gets whether the id is computed already.</summary>
    internal bool HasId => _id != default;

    /// <summary>Sets the id worked out elsewhere from <see cref="Encode"/>'s bytes (<see cref="ContentIds"/> hashes many at once).</summary>
    internal void SetId(ObligationId id) => _id = id;

    /// <summary>Starts the hash the id is derived from and adds every field; the caller hashes or finishes it.</summary>
    internal ContentHash Encode()
    {
        var hash = new ContentHash(IdDomain);
        hash.Add(Market.Value);
        hash.Add(Period);
        hash.Add((long)Reason);
        hash.Add(Payer.Value);
        hash.Add(Payee.Value);
        hash.Add(Amount);
        hash.Add(Energy.WattHours);
        if (_trade is Trading.Trade trade)
        {
            TradeIdFormatter.Add(ref hash, trade);
        }
        else
        {
            hash.Add(_trade as string);
        }

        hash.Add(IsProvisional);
        hash.Add(Adjusts);
        hash.Add((long)Sequence);
        return hash;
    }

    private ObligationId ComputeId()
    {
        var hash = Encode();
        Span<byte> digest = stackalloc byte[32];
        hash.Finish(digest);
        return ObligationId.FromDigest(digest);
    }

    /// <summary>What an adjustment corrects: the original and the number of this correction.</summary>
    private sealed record Adjustment(ObligationId Original, int Sequence);
}
