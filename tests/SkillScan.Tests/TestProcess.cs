using System.Diagnostics;

namespace SkillScan.Tests;

/// <summary>Runs a program (the CLI, `dotnet publish`) and collects its exit code and output.</summary>
internal static class TestProcess
{
    internal sealed record Outcome(int ExitCode, string Stdout, string Stderr);

    /// <summary>The CLI of the test build, <c>skillscan</c> beside the test assembly.</summary>
    public static string Cli { get; } = Path.Combine(AppContext.BaseDirectory, "skillscan");

    public static Outcome Run(string exe, string workingDirectory, IEnumerable<string> args, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(exe)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(timeout), $"{exe} {string.Join(' ', args)} did not finish in {timeout}");
        return new Outcome(process.ExitCode, stdout.Result, stderr.Result);
    }
}
