namespace EnergySettlement.Cli.Demo;

// The demo's machine-readable report (written by --json, printed as tables). Energy in Wh (integers); money as exact
// decimal strings in the report's asset (e.g. "1.234567"); prices per kWh; times UTC (ISO 8601).

/// <summary>The whole report of a demo run.</summary>
internal sealed record DemoReport
{
    public string Tool { get; init; } = "energy-settle demo";

    public int FormatVersion { get; init; } = 2;

    public required string Scenario { get; init; }

    public required int Seed { get; init; }

    public required string Chain { get; init; }

    public required string ChainId { get; init; }

    public required string Asset { get; init; }

    public required string AssetId { get; init; }

    public required DateTimeOffset Start { get; init; }

    public required int PeriodMinutes { get; init; }

    public required int PeriodCount { get; init; }

    public required MarketReport Market { get; init; }

    public required EnergyReport Energy { get; init; }

    public required IReadOnlyList<HomeReport> Homes { get; init; }

    public required IReadOnlyList<PeriodReport> Periods { get; init; }

    /// <summary>Gets every ordered pair of zones (seller's zone, buyer's zone), inside a zone and across zones.</summary>
    public required IReadOnlyList<ZonePairReport> ZonePairs { get; init; }

    public required MeterReport Meters { get; init; }

    public required SettlementReport Settlement { get; init; }

    /// <summary>Gets the run's wall-clock time; the only figure that differs between two runs with the same seed.</summary>
    public double ElapsedSeconds { get; set; }
}

/// <summary>The market's rules.</summary>
internal sealed record MarketReport(
    string Id,
    string Schedule,
    string TickSize,
    string MinPrice,
    string MaxPrice,
    string GridPricePerKwh,
    string FeedInPricePerKwh,
    string GridOperator,
    IReadOnlyList<string> Zones,
    IReadOnlyList<ZoneFeeReport> NetworkFees,
    IReadOnlyList<ZoneLimitReport> TransferLimits);

/// <summary>The network fee per kWh the market charges from one zone to another (pairs not listed cost nothing).</summary>
internal sealed record ZoneFeeReport(string From, string To, string PerKwh);

/// <summary>The most energy (Wh) the market may move from one zone to another in one period (pairs not listed have no limit).</summary>
internal sealed record ZoneLimitReport(string From, string To, long PerPeriod);

/// <summary>Energy sold from a seller's zone to a buyer's zone over the run, and the network fees on it.</summary>
internal sealed record ZonePairReport(
    string From,
    string To,
    int Trades,
    long Traded,
    long Delivered,
    string NetworkFeePerKwh,
    string NetworkFees,
    long? TransferLimitPerPeriod,
    long MaxTransferInAPeriod,
    int PeriodsAtTransferLimit);

/// <summary>Energy traded from one zone to another in one period, in Wh.</summary>
internal sealed record ZoneTransferReport(string From, string To, long Energy);

/// <summary>Energy over the run, in Wh.</summary>
internal sealed record EnergyReport(
    long Load,
    long Solar,
    long Imported,
    long Exported,
    long PeerToPeer,
    long TradedInsideZones,
    long TradedAcrossZones,
    long FromGrid,
    long ToGrid,
    long UnmatchedAtGateClosure,
    string? AveragePeerPricePerKwh,
    string? MinPeerPricePerKwh,
    string? MaxPeerPricePerKwh);

/// <summary>One home over the run.</summary>
internal sealed record HomeReport(
    string Id,
    string Kind,
    string Zone,
    int SolarWattsPeak,
    int BatteryWattHours,
    string Account,
    long Load,
    long Solar,
    long Imported,
    long Exported,
    long BoughtPeerToPeer,
    long SoldPeerToPeer,
    string BillWithPeerTrading,
    string BillWithoutPeerTrading,
    string Saving,
    string NetworkFees,
    string BalanceChange);

/// <summary>One delivery period.</summary>
internal sealed record PeriodReport(
    DateTimeOffset Start,
    long Load,
    long Solar,
    long PeerToPeer,
    int Trades,
    string? AveragePricePerKwh,
    long FromGrid,
    long ToGrid,
    IReadOnlyList<ZoneTransferReport> Transfers);

/// <summary>What the meters sent and what the validator made of it.</summary>
internal sealed record MeterReport(int Accepted, int Rejected, IReadOnlyList<string> Rejections);

/// <summary>Settlement through the SDK's settlement service and journal.</summary>
internal sealed record SettlementReport
{
    /// <summary>Gets the journal file kept with <c>--journal</c>, or <see langword="null"/> for a temporary one (deleted after the run).</summary>
    public required string? Journal { get; init; }

    public required int Windows { get; init; }

    public required int Obligations { get; init; }

    public required IReadOnlyDictionary<string, string> ObligationsByReason { get; init; }

    public required string NetworkFees { get; init; }

    public required long ImbalanceShortfall { get; init; }

    public required long ImbalanceSurplus { get; init; }

    public required int Legs { get; init; }

    public required int Batches { get; init; }

    public required int FinalBatches { get; init; }

    public required int Transactions { get; init; }

    public required string TotalPaid { get; init; }

    public required string TotalReceived { get; init; }

    /// <summary>Gets the time from submission to finality on the chain's clock (simulated time on the simulated chain).</summary>
    public required double? MinSecondsToFinality { get; init; }

    public required double? AverageSecondsToFinality { get; init; }

    public required double? MaxSecondsToFinality { get; init; }

    public required bool EveryObligationSettledOnce { get; init; }

    public required bool BalancesMatchLegs { get; init; }

    public required bool PaidEqualsReceived { get; init; }

    public required IReadOnlyList<string> Problems { get; init; }

    public bool Ok => EveryObligationSettledOnce && BalancesMatchLegs && PaidEqualsReceived && FinalBatches == Batches && Problems.Count == 0;
}
