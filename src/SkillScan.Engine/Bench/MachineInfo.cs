using System.Reflection;
using System.Runtime.InteropServices;

namespace SkillScan.Bench;

/// <summary>Where and when a benchmark ran, printed with its numbers so they can be compared honestly.</summary>
/// <param name="LoadAverage">The 1-minute load average when the benchmark started (Linux), null when unknown.</param>
public sealed record MachineInfo(string Cpu, int Cores, string Runtime, string Os, string ToolVersion, DateTimeOffset Date, double? LoadAverage = null)
{
    public static MachineInfo Current() =>
        new(CpuModel(), Environment.ProcessorCount, RuntimeInformation.FrameworkDescription, RuntimeInformation.OSDescription,
            typeof(MachineInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown",
            DateTimeOffset.UtcNow, OneMinuteLoad());

    public string DateText => Date.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>CPU, cores, runtime, OS, and the load when it says the machine was shared (times are then inflated).</summary>
    public string Describe() =>
        $"{Cpu}, {Cores} logical cores, {Runtime}, {Os}" +
        (LoadAverage is { } load ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $", 1-minute load average {load:0.0} at start") : "");

    private static double? OneMinuteLoad()
    {
        try
        {
            var first = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : null;
            return double.TryParse(first, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    // Linux names the CPU in /proc/cpuinfo ("model name", or "Model"/"Hardware" on some ARM boards).
    private static string CpuModel()
    {
        try
        {
            if (File.Exists("/proc/cpuinfo"))
            {
                foreach (var key in new[] { "model name", "Model", "Hardware" })
                {
                    var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal) && l.Contains(':'));
                    if (line is not null) return line[(line.IndexOf(':') + 1)..].Trim();
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return $"unknown {RuntimeInformation.ProcessArchitecture} CPU";
    }
}
