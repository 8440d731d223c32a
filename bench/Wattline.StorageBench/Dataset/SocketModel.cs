namespace Wattline.StorageBench.Dataset;

/// <summary>
/// A single-phase smart socket read every 10 seconds, with one appliance plugged in. Each socket has
/// its own random stream, so socket <c>n</c> produces the same series whatever the number of sockets,
/// its own reporting offset inside the 10-second period, and its own habits drawn per day.
/// </summary>
public sealed class SocketModel
{
    public const int IntervalSeconds = 10;

    private static readonly (Appliance Kind, int Weight)[] Mix =
    [
        (Appliance.Fridge, 12), (Appliance.Freezer, 6), (Appliance.Television, 12), (Appliance.Computer, 14),
        (Appliance.WashingMachine, 8), (Appliance.Dishwasher, 6), (Appliance.Kettle, 8), (Appliance.Lamp, 16),
        (Appliance.Heater, 8), (Appliance.Router, 10),
    ];

    private readonly ulong _seed;
    private readonly int _number;
    private readonly double _nominal;
    private readonly double _voltageOffset;
    private readonly double[] _starts = new double[6];
    private readonly double[] _ends = new double[6];
    private Rng _rng;
    private int _day = -1;
    private int _stage;
    private long _stageEnd;
    private double _level;
    private double _drift;
    private double _energy;

    public SocketModel(ulong seed, int number)
    {
        _seed = seed;
        _number = number;
        _rng = new Rng(seed, 1_000 + (ulong)number);
        var pick = _rng.NextInt(100);
        foreach (var (kind, weight) in Mix)
        {
            if (pick < weight)
            {
                Kind = kind;
                break;
            }

            pick -= weight;
        }

        OffsetMs = _rng.NextInt(10_000);
        _voltageOffset = _rng.Uniform(-2.5, 2.5);
        _energy = _rng.Uniform(0, 300_000);
        _nominal = Kind switch
        {
            Appliance.Fridge => _rng.Uniform(70, 110),
            Appliance.Freezer => _rng.Uniform(90, 140),
            Appliance.Television => _rng.Uniform(60, 150),
            Appliance.Computer => _rng.Uniform(150, 260),
            Appliance.WashingMachine or Appliance.Dishwasher => _rng.Uniform(1_800, 2_200),
            Appliance.Kettle => _rng.Uniform(1_850, 2_400),
            Appliance.Lamp => _rng.Uniform(8, 60),
            Appliance.Heater => _rng.Uniform(1_000, 2_000),
            _ => _rng.Uniform(6, 12),
        };
    }

    public static IReadOnlyList<(string Metric, string Unit, int Decimals)> Metrics { get; } =
    [
        ("voltage", "V", 1),
        ("current", "A", 3),
        ("active_power", "W", 1),
        ("energy_import", "Wh", 0),
    ];

    public Appliance Kind { get; }

    /// <summary>Where in each 10-second period this socket reports, in milliseconds.</summary>
    public int OffsetMs { get; }

    public string DeviceId => DeviceIdOf(_number);

    public static string DeviceIdOf(int number) => "socket-" + (number + 1).ToString("D4", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Advances 10 seconds to <paramref name="second"/> and writes voltage, current, active power and energy.</summary>
    public void Step(long second, Span<double> values)
    {
        var day = DatasetCalendar.Day(second);
        if (day != _day)
        {
            PlanDay(day);
        }

        var hour = DatasetCalendar.LocalHour(second);
        var (power, powerFactor) = Power(second, day, hour);
        _drift += (-_drift * IntervalSeconds / 7_200) + (0.09 * _rng.Gaussian());
        var activity = DatasetCalendar.Activity(hour, DatasetCalendar.IsWeekend(day));
        var voltage = 230 + _voltageOffset + _drift - (2.5 * (activity - 0.1)) - (0.25 * power / 230) + (0.15 * _rng.Gaussian());
        _energy += power * IntervalSeconds / 3_600;
        values[0] = Resolution.Round(voltage, 1);
        values[1] = Resolution.Round(power / (voltage * powerFactor), 3);
        values[2] = Resolution.Round(power, 1);
        values[3] = Math.Floor(_energy);
    }

    // Habits of the day: when the television, computer or lamp is on, when the machines run, when the kettle boils.
    private void PlanDay(int day)
    {
        _day = day;
        var plan = new Rng(_seed, (1_000_000_000UL * (ulong)(_number + 1)) + (ulong)day);
        var weekend = DatasetCalendar.IsWeekend(day);
        Array.Fill(_starts, -1);
        Array.Fill(_ends, -1);
        switch (Kind)
        {
            case Appliance.Television when plan.NextDouble() < 0.85:
                (_starts[0], _ends[0]) = (plan.Uniform(18, 20.5), plan.Uniform(22, 24));
                if (weekend && plan.NextDouble() < 0.5)
                {
                    (_starts[1], _ends[1]) = (plan.Uniform(14, 15.5), plan.Uniform(16, 17.5));
                }

                break;
            case Appliance.Computer when !weekend || plan.NextDouble() < 0.3:
                (_starts[0], _ends[0]) = weekend ? (plan.Uniform(19, 20), plan.Uniform(22, 23.5)) : (plan.Uniform(7.5, 9.5), plan.Uniform(16, 19));
                break;
            case Appliance.WashingMachine when plan.NextDouble() < (weekend ? 0.6 : 0.35):
                _starts[0] = plan.Uniform(8, 20);
                break;
            case Appliance.Dishwasher when plan.NextDouble() < 0.6:
                _starts[0] = plan.Uniform(19.5, 22);
                break;
            case Appliance.Kettle:
                double[] centres = [7.2, 10.5, 13, 16, 19.5, 21.5];
                for (var i = 0; i < centres.Length; i++)
                {
                    if (plan.NextDouble() < 0.6)
                    {
                        _starts[i] = centres[i] + (0.5 * plan.Gaussian());
                        _ends[i] = _starts[i] + (plan.Uniform(150, 240) / 3_600);
                    }
                }

                break;
            case Appliance.Lamp when plan.NextDouble() < 0.9:
                (_starts[0], _ends[0]) = (DatasetCalendar.Sunset(day) - 0.5 + (0.3 * plan.Gaussian()), plan.Uniform(22.5, 23.8));
                if (DatasetCalendar.Winter(day) > 0.3)
                {
                    (_starts[1], _ends[1]) = (plan.Uniform(6.2, 6.8), plan.Uniform(7.3, 8));
                }

                break;
            default:
                break;
        }
    }

    private (double Watts, double PowerFactor) Power(long second, int day, double hour) => Kind switch
    {
        Appliance.Fridge or Appliance.Freezer => Cooling(second, day),
        Appliance.Television => During(hour) ? (_nominal * (0.8 + (0.2 * Wander(0.05))), 0.95) : (0.5, 0.4),
        Appliance.Computer => During(hour) ? (_nominal * (0.3 + (0.7 * Wander(0.15))), 0.96) : (1.2, 0.4),
        Appliance.WashingMachine => Program(second, hour, Washing),
        Appliance.Dishwasher => Program(second, hour, Dishwashing),
        Appliance.Kettle => During(hour) ? (_nominal * (1 - (0.03 * _rng.NextDouble())), 1) : (0, 1),
        Appliance.Lamp => During(hour) ? (_nominal + (0.1 * _rng.Gaussian()), 0.6) : (0, 1),
        Appliance.Heater => Heating(second, day, hour),
        _ => (_nominal + (0.3 * _rng.Gaussian()) + (DatasetCalendar.Activity(hour, false) * 0.8), 0.55),
    };

    private bool During(double hour)
    {
        for (var i = 0; i < _starts.Length; i++)
        {
            if (_starts[i] >= 0 && hour >= _starts[i] && hour < _ends[i])
            {
                return true;
            }
        }

        return false;
    }

    // A level that wanders between 0 and 1 (screen brightness, processor load).
    private double Wander(double step)
    {
        _level = Math.Clamp(_level + (step * _rng.Gaussian()), 0, 1);
        return _level;
    }

    // Compressor cycles: a start surge, then a steady draw; shorter rests in the warm season.
    private (double, double) Cooling(long second, int day)
    {
        if (second >= _stageEnd)
        {
            _stage = _stage == 1 ? 0 : 1;
            var warmth = 1 + (0.25 * DatasetCalendar.Winter(day));
            _stageEnd = second + (long)(_stage == 1 ? _rng.Uniform(600, 1_300) : _rng.Uniform(1_200, 2_400) * warmth);
            _level = second;
        }

        if (_stage == 0)
        {
            return (0.6 + (0.05 * _rng.Gaussian()), 0.4);
        }

        var running = second - _level;
        return ((_nominal * (1 + (1.5 * Math.Exp(-running / 30)))) + _rng.Gaussian(), 0.8);
    }

    private static readonly (double Minutes, double Share, double PowerFactor)[] Washing =
        [(5, 0.005, 0.5), (16, 1, 1), (60, 0.12, 0.6), (20, 0.07, 0.6), (8, 0.25, 0.7)];

    private static readonly (double Minutes, double Share, double PowerFactor)[] Dishwashing =
        [(10, 0.03, 0.6), (15, 1, 1), (30, 0.04, 0.6), (12, 1, 1), (30, 0.005, 0.5)];

    // A machine programme: stages of fixed length at a share of the heater's power, then standby.
    private (double, double) Program(long second, double hour, (double Minutes, double Share, double PowerFactor)[] stages)
    {
        var start = _starts[0];
        if (start < 0 || hour < start)
        {
            return (0.8, 0.3);
        }

        var minutes = (hour - start) * 60;
        foreach (var (length, share, powerFactor) in stages)
        {
            if (minutes < length)
            {
                var watts = _nominal * share;
                // Motor stages drum back and forth: the draw jumps between readings.
                return (powerFactor < 1 ? watts * _rng.Uniform(0.4, 1.4) : watts * (1 - (0.02 * _rng.NextDouble())), powerFactor);
            }

            minutes -= length;
        }

        return (0.8, 0.3);
    }

    // A thermostat: cycles in the heating season, longer on in the cold and the evening, off at night and in summer.
    private (double, double) Heating(long second, int day, double hour)
    {
        var cold = DatasetCalendar.Winter(day);
        var demand = cold <= 0 || hour < 6 || hour >= 23 ? 0 : Math.Clamp((0.35 * cold) + (0.15 * DatasetCalendar.Activity(hour, false)), 0, 0.7);
        if (second >= _stageEnd)
        {
            _stage = _stage == 0 && demand > 0.05 ? 1 : 0;
            var on = _rng.Uniform(300, 900);
            _stageEnd = second + (long)(_stage == 1 ? on : demand > 0.05 ? on * (1 - demand) / demand : 900);
        }

        return _stage == 1 ? (_nominal * (1 - (0.01 * _rng.NextDouble())), 1) : (0, 1);
    }
}
