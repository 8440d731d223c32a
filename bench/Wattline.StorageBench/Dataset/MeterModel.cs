namespace Wattline.StorageBench.Dataset;

/// <summary>
/// A three-phase meter at the grid connection of a house with an 8 kWp rooftop solar plant and a
/// heat pump on L3, read every second. Load follows the household's day (<see cref="DatasetCalendar.Activity"/>)
/// with random appliance runs on each phase; solar follows the sun's height and a per-day cloudiness
/// with passing clouds; active power is the net of the two (negative while exporting), and the
/// import and export counters integrate it.
/// </summary>
public sealed class MeterModel
{
    public const string DeviceId = "meter-1";

    private const int MaxRunsPerPhase = 4;
    private const double SolarPeakWatts = 8_000;

    private static readonly double[] BaseLoad = [140, 95, 120];
    private static readonly double[] PhaseShare = [0.45, 0.30, 0.25];
    private static readonly double[] VoltageOffset = [0.8, -0.6, 0.2];

    private readonly ulong _seed;
    private readonly double[] _runPower = new double[3 * MaxRunsPerPhase];
    private readonly long[] _runEnd = new long[3 * MaxRunsPerPhase];
    private readonly double[] _tanPhi = [0.3, 0.35, 0.25];
    private Rng _rng;
    private int _day = -1;
    private double _clearness;
    private double _cloud = 1;
    private double _gridDrift;
    private double _frequency;
    private bool _heatPumpOn;
    private long _heatPumpSwitch;
    private double _imported = 4_200_000;
    private double _exported = 1_900_000;

    public MeterModel(ulong seed)
    {
        _seed = seed;
        _rng = new Rng(seed, 1);
    }

    /// <summary>The metrics in the order <see cref="Step"/> writes them: 8 per phase, then 4 totals.</summary>
    public static IReadOnlyList<(string Metric, string Unit, int Decimals)> Metrics { get; } = BuildMetrics();

    public static int MetricCount => Metrics.Count;

    /// <summary>Advances one second to <paramref name="second"/> (from the dataset start) and writes one value per metric.</summary>
    public void Step(long second, Span<double> values)
    {
        var day = DatasetCalendar.Day(second);
        if (day != _day)
        {
            StartDay(day);
        }

        var hour = DatasetCalendar.LocalHour(second);
        var winter = DatasetCalendar.Winter(day);
        var activity = DatasetCalendar.Activity(hour, DatasetCalendar.IsWeekend(day));

        // Passing clouds: a fast random walk around the day's clearness.
        _cloud = Math.Clamp(_cloud + (0.004 * (_clearness - _cloud)) + (0.015 * _rng.Gaussian()), 0.05, 1);
        var sun = DatasetCalendar.SunHeight(day, hour);
        var solar = SolarPeakWatts * (0.6 - (0.35 * winter)) * Math.Pow(sun, 1.2) * _cloud;
        var solarShare = sun * _clearness;

        _gridDrift += (-_gridDrift / 7_200) + (0.03 * _rng.Gaussian());
        _frequency += (-_frequency / 300) + (0.0025 * _rng.Gaussian());
        var heatPump = HeatPump(second, winter);

        var total = 0.0;
        for (var phase = 0; phase < 3; phase++)
        {
            var load = BaseLoad[phase] + (900 * activity * (1 + (0.3 * winter)) * PhaseShare[phase]) + Runs(phase, second, activity);
            load = (load * (1 + (0.01 * _rng.Gaussian()))) + (3 * _rng.Gaussian());
            var reactive = (_tanPhi[phase] * load) - 30 + (2 * _rng.Gaussian());
            if (phase == 2)
            {
                load += heatPump;
                reactive += 0.35 * heatPump;
            }

            _tanPhi[phase] = Math.Clamp(_tanPhi[phase] + (0.002 * _rng.Gaussian()), 0.1, 0.5);
            var active = load - (solar / 3) + (2 * _rng.Gaussian());
            var apparent = Math.Sqrt((active * active) + (reactive * reactive));
            var voltage = 230 + VoltageOffset[phase] + _gridDrift - (3 * (activity - 0.1)) + (3 * solarShare)
                - (0.08 * active / 230) + (0.1 * _rng.Gaussian());
            var current = apparent / voltage;
            var slot = phase * 8;
            values[slot] = Resolution.Round(voltage, 1);
            values[slot + 1] = Resolution.Round(current, 3);
            values[slot + 2] = Resolution.Round(active, 1);
            values[slot + 3] = Resolution.Round(reactive, 1);
            values[slot + 4] = Resolution.Round(apparent, 1);
            values[slot + 5] = Resolution.Round(apparent < 1 ? 1 : active / apparent, 2);
            values[slot + 6] = Resolution.Round(Math.Max(0.3, 1.4 + (0.15 * phase) + activity + (0.05 * _rng.Gaussian())), 1);
            values[slot + 7] = Resolution.Round(Math.Max(0.5, 3 + (60 / (1 + (current / 0.8))) + (0.5 * _rng.Gaussian())), 1);
            total += active;
        }

        if (total > 0)
        {
            _imported += total / 3_600;
        }
        else
        {
            _exported -= total / 3_600;
        }

        values[24] = Resolution.Round(50 + _frequency, 2);
        values[25] = Resolution.Round(total, 1);
        values[26] = Math.Floor(_imported);
        values[27] = Math.Floor(_exported);
    }

    private void StartDay(int day)
    {
        _day = day;
        // Each day's weather comes from its own stream, so a day looks the same whatever came before it.
        var weather = new Rng(_seed, 1_000_000 + (ulong)day);
        var sunny = weather.NextDouble();
        _clearness = sunny < 0.3 ? weather.Uniform(0.15, 0.4) : sunny < 0.6 ? weather.Uniform(0.4, 0.8) : weather.Uniform(0.8, 1);
    }

    // Appliance runs: kettles, cooking, washing and small loads start at random, more often when the household is busy.
    private double Runs(int phase, long second, double activity)
    {
        var sum = 0.0;
        var free = -1;
        for (var i = phase * MaxRunsPerPhase; i < (phase + 1) * MaxRunsPerPhase; i++)
        {
            if (_runEnd[i] > second)
            {
                sum += _runPower[i];
            }
            else
            {
                free = i;
            }
        }

        if (free >= 0 && _rng.NextDouble() < activity / 6_000)
        {
            var kind = _rng.NextDouble();
            (_runPower[free], var seconds) = kind switch
            {
                < 0.3 => (_rng.Uniform(1_800, 2_800), _rng.Uniform(90, 240)),
                < 0.55 => (_rng.Uniform(1_000, 2_000), _rng.Uniform(600, 2_700)),
                < 0.75 => (_rng.Uniform(250, 450), _rng.Uniform(1_800, 5_400)),
                _ => (_rng.Uniform(60, 400), _rng.Uniform(300, 3_600)),
            };
            _runEnd[free] = second + (long)seconds;
        }

        return sum;
    }

    // The heat pump cycles on L3 with a duty that rises with the cold, and rests in summer.
    private double HeatPump(long second, double winter)
    {
        if (second >= _heatPumpSwitch)
        {
            var duty = Math.Clamp(0.05 + (0.35 * winter), 0, 0.6);
            var on = _rng.Uniform(900, 1_800);
            _heatPumpOn = !_heatPumpOn && duty > 0.05;
            _heatPumpSwitch = second + (long)(_heatPumpOn ? on : Math.Max(on * (1 - duty) / Math.Max(duty, 0.05), 600));
        }

        return _heatPumpOn ? 2_300 + (40 * _rng.Gaussian()) : 0;
    }

    private static List<(string, string, int)> BuildMetrics()
    {
        var metrics = new List<(string, string, int)>();
        foreach (var phase in new[] { "_l1", "_l2", "_l3" })
        {
            metrics.Add(("voltage" + phase, "V", 1));
            metrics.Add(("current" + phase, "A", 3));
            metrics.Add(("active_power" + phase, "W", 1));
            metrics.Add(("reactive_power" + phase, "var", 1));
            metrics.Add(("apparent_power" + phase, "VA", 1));
            metrics.Add(("power_factor" + phase, "", 2));
            metrics.Add(("voltage_thd" + phase, "%", 1));
            metrics.Add(("current_thd" + phase, "%", 1));
        }

        metrics.Add(("frequency", "Hz", 2));
        metrics.Add(("active_power", "W", 1));
        metrics.Add(("energy_import", "Wh", 0));
        metrics.Add(("energy_export", "Wh", 0));
        return metrics;
    }
}
