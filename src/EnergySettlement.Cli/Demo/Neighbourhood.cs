namespace EnergySettlement.Cli.Demo;

/// <summary>
/// Builds the demo's homes and their energy, all from the seed: load with morning and evening peaks (and EV charging
/// for some consumers), solar from a summer-day curve under passing clouds, batteries that store the midday surplus
/// and discharge into the evening peak. Orders are placed on forecasts; meters measure what really happened, which
/// differs by a few percent (load) to tens of percent (a cloud over the panels).
/// </summary>
internal static class Neighbourhood
{
    /// <summary>The first feeder (zone) of the neighbourhood.</summary>
    public static readonly ZoneId FeederA = new("feeder-a");

    /// <summary>The second feeder (zone), across the substation.</summary>
    public static readonly ZoneId FeederB = new("feeder-b");

    private const int BatteryPowerWattHoursPerPeriod = 750; // 3 kW for 15 minutes

    /// <summary>Creates the homes of the scenario, each with its profile over <paramref name="periods"/> 15-minute periods.</summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="homeCount">The number of homes (neighbourhood only).</param>
    /// <param name="periods">The number of periods, from midnight UTC.</param>
    /// <param name="random">The seeded source of every random choice.</param>
    /// <returns>The homes.</returns>
    public static List<Home> Create(DemoScenario scenario, int homeCount, int periods, Random random)
    {
        // The weather is the neighbourhood's: one cloud factor per hour, shared by every panel.
        var clouds = new double[(periods / 4) + 2];
        var cover = 0.9;
        for (var h = 0; h < clouds.Length; h++)
        {
            cover = Math.Clamp(cover + ((NextDouble(random) - 0.5) * 0.35), 0.45, 1.05);
            clouds[h] = cover;
        }

        var homes = new List<Home>();
        if (scenario == DemoScenario.TwoHomes)
        {
            // The reference demonstration's two test homes: one with solar and a battery, one without; one feeder.
            homes.Add(CreateHome("test-home-1", HomeKind.SolarBattery, FeederA, 6_000, 10_000, ev: false, periods, clouds, random));
            homes.Add(CreateHome("test-home-2", HomeKind.Consumer, FeederA, 0, 0, ev: true, periods, clouds, random));
            return homes;
        }

        for (var i = 1; i <= homeCount; i++)
        {
            var kind = (i % 4) switch { 1 => HomeKind.Solar, 2 => HomeKind.Consumer, 3 => HomeKind.SolarBattery, _ => HomeKind.Consumer };
            var zone = i <= (homeCount + 1) / 2 ? FeederA : FeederB;
            var solar = kind == HomeKind.Consumer ? 0 : random.Next(30, 81) * 100;
            var battery = kind == HomeKind.SolarBattery ? random.Next(8, 14) * 1_000 : 0;
            homes.Add(CreateHome($"home-{i:00}", kind, zone, solar, battery, ev: kind == HomeKind.Consumer && i % 8 == 0, periods, clouds, random));
        }

        return homes;
    }

    private static Home CreateHome(string name, HomeKind kind, ZoneId zone, int solarWattsPeak, int batteryWattHours, bool ev, int periods, double[] clouds, Random random)
    {
        var profile = new HomeProfile(periods);
        var baseWatts = random.Next(250, 460);
        long stateOfCharge = batteryWattHours * 3 / 10;
        for (var p = 0; p < periods; p++)
        {
            var hour = ((p % 96) / 4.0) + 0.125;
            var shape = 1.0 + (1.3 * Bump(hour, 7.5, 1.1)) + (2.0 * Bump(hour, 19.0, 1.8)) + (0.4 * Bump(hour, 12.5, 1.5));
            var loadForecast = (long)(baseWatts * shape / 4);
            if (ev && hour is >= 18.5 and < 21.5)
            {
                loadForecast += 900; // a 3.7 kW charger for a quarter of an hour
            }

            var sun = Math.Max(0, Math.Sin(Math.PI * (hour - 5.5) / 15.0));
            var solarForecast = (long)(solarWattsPeak / 4.0 * Math.Pow(sun, 1.4) * 0.85);

            // What really happens: load within about ±10 %, solar under the hour's clouds and a little shading.
            var load = Math.Max(20, (long)(loadForecast * (1 + ((NextDouble(random) - 0.5) * 0.2))));
            var solar = (long)(solarForecast * clouds[p / 4] * (0.95 + (NextDouble(random) * 0.1)));

            // The battery follows its plan (made on the forecast): charge from the forecast midday surplus, discharge into
            // the evening peak; its state of charge bounds both.
            long battery = 0;
            if (batteryWattHours > 0)
            {
                var surplus = solarForecast - loadForecast;
                if (hour < 16 && surplus > 0)
                {
                    battery = Math.Min(Math.Min(surplus * 6 / 10, BatteryPowerWattHoursPerPeriod), batteryWattHours - stateOfCharge);
                }
                else if (hour >= 17)
                {
                    battery = -Math.Min(BatteryPowerWattHoursPerPeriod, stateOfCharge);
                }

                stateOfCharge += battery;
            }

            profile.Load[p] = load;
            profile.Solar[p] = solar;
            profile.Battery[p] = battery;
            profile.ForecastNet[p] = loadForecast - solarForecast + battery;
            var net = load - solar + battery;
            profile.Imported[p] = Math.Max(0, net);
            profile.Exported[p] = Math.Max(0, -net);
        }

        return new Home(name, kind, zone, solarWattsPeak, batteryWattHours, profile);
    }

    private static double Bump(double hour, double centre, double width) => Math.Exp(-Math.Pow((hour - centre) / width, 2));

#pragma warning disable CA5394 // The scenario needs reproducible pseudo-randomness from the seed, not security.
    private static double NextDouble(Random random) => random.NextDouble();
#pragma warning restore CA5394
}
