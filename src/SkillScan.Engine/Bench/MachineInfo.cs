using System.Reflection;
using System.Runtime.InteropServices;

namespace SkillScan.Bench;

/// <summary>Where and when a benchmark ran, printed with its numbers so they can be compared honestly.</summary>
public sealed record MachineInfo(string Cpu, int Cores, string Runtime, string Os, string ToolVersion, DateTimeOffset Date)
{
    public static MachineInfo Current() =>
        new(CpuModel(), Environment.ProcessorCount, RuntimeInformation.FrameworkDescription, RuntimeInformation.OSDescription,
            typeof(MachineInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown",
            DateTimeOffset.UtcNow);

    public string DateText => Date.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture);

    public string Describe() => $"{Cpu}, {Cores} logical cores, {Runtime}, {Os}";

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
