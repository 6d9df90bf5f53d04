using EnergySettlement.Meters;

namespace EnergySettlement.Cli.Input;

/// <summary>
/// Reads a meter readings file (CSV or JSON; docs/cli.md): one record per meter and interval as a meter data management
/// system exports interval data — energy imported and exported in the interval (two non-negative channels, not one signed
/// net value: a home can draw and feed within one interval), the cumulative registers at its end, and optionally the
/// meter's signature. Structure is checked here; whether a reading counts (known meter, aligned interval, duplicate,
/// registers, capacity, signature) is decided by the SDK's <see cref="MeterReadingValidator"/> when settling.
/// </summary>
internal static class ReadingFile
{
    /// <summary>The columns every reading has.</summary>
    public static readonly IReadOnlyList<string> Required = ["meter", "interval_start", "import_wh", "export_wh", "import_register_wh", "export_register_wh"];

    /// <summary>The optional columns.</summary>
    public static readonly IReadOnlyList<string> Optional = ["interval_minutes", "signature"];

    /// <summary>Reads a readings file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="config">The settlement config (market period length).</param>
    /// <returns>The readings with the line each is on, in file order.</returns>
    /// <exception cref="InputFileException">The file is unreadable or a record is malformed; the first problem found.</exception>
    public static IReadOnlyList<Located<MeterReading>> Read(string path, SettlementConfig config)
    {
        var readings = new List<Located<MeterReading>>();
        foreach (var record in InputRecords.Read(path, Required, Optional))
        {
            var minutes = record.OptionalInteger("interval_minutes", 1) ?? (long)config.Market.PeriodLength.TotalMinutes;
            if (minutes > 1440)
            {
                throw record.Error($"'interval_minutes' must be at most 1440; found {minutes}.");
            }

            byte[] signature = [];
            if (record.Optional("signature") is { } hex)
            {
                try
                {
                    signature = Convert.FromHexString(hex);
                }
                catch (FormatException ex)
                {
                    throw record.Error("'signature' must be hex: the meter's P-256 signature r‖s, 64 bytes (128 hex digits).", ex);
                }
            }

            var reading = new MeterReading
            {
                Meter = record.Identifier("meter", t => new MeterId(t)),
                IntervalStart = record.Timestamp("interval_start"),
                IntervalLength = TimeSpan.FromMinutes(minutes),
                Imported = new Energy(record.Integer("import_wh", 0)),
                Exported = new Energy(record.Integer("export_wh", 0)),
                ImportRegisterWattHours = record.Integer("import_register_wh", 0),
                ExportRegisterWattHours = record.Integer("export_register_wh", 0),
                Signature = signature,
            };
            readings.Add(new Located<MeterReading>(reading, record.Line));
        }

        return readings;
    }
}
