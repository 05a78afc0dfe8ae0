using System.Diagnostics;
using System.Text.Json;

namespace SkillScan.Tests.Report;

/// <summary>
/// Microsoft's SARIF validator (@microsoft/sarif-multitool-linux, installed into native/node_modules by the
/// native build's npm ci), run with the SARIF and GitHub rule sets.
/// </summary>
internal static class SarifValidator
{
    public static string Executable => TestRepo.PathOf("native", "node_modules", "@microsoft", "sarif-multitool-linux", "Sarif.Multitool");

    /// <summary>Validator results as (level, rule id and name, message arguments).</summary>
    public static IReadOnlyList<(string Level, string Rule, string Detail)> Validate(string sarifPath)
    {
        Assert.True(File.Exists(Executable), $"SARIF multitool not found at {Executable}; build the native project (npm ci) first");
        var reportPath = sarifPath + ".validation.json";
        var start = new ProcessStartInfo(Executable)
        {
            ArgumentList = { "validate", sarifPath, "-o", reportPath, "--rule-kind", "Sarif;Gh", "--level", "Error;Warning;Note", "--log", "ForceOverwrite" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(3)), "validator timed out");
        Assert.True(File.Exists(reportPath), $"validator wrote no report (exit {process.ExitCode}): {stdout.Result}{stderr.Result}");

        using var report = JsonDocument.Parse(File.ReadAllBytes(reportPath));
        var results = new List<(string, string, string)>();
        foreach (var run in report.RootElement.GetProperty("runs").EnumerateArray())
        {
            var names = run.GetProperty("tool").GetProperty("driver").TryGetProperty("rules", out var rules)
                ? rules.EnumerateArray().ToDictionary(r => r.GetProperty("id").GetString()!, r => r.TryGetProperty("name", out var n) ? n.GetString() : "")
                : new Dictionary<string, string?>();
            if (!run.TryGetProperty("results", out var list)) continue;
            foreach (var r in list.EnumerateArray())
            {
                var id = r.GetProperty("ruleId").GetString()!;
                var level = r.TryGetProperty("level", out var l) ? l.GetString()! : "warning";
                var args = r.GetProperty("message").TryGetProperty("arguments", out var a) ? string.Join(" | ", a.EnumerateArray().Select(x => x.GetString())) : "";
                results.Add((level, $"{id} {names.GetValueOrDefault(id)}", args));
            }
        }
        // A crash of the tool itself shows up as a toolExecutionNotification of level error.
        foreach (var run in report.RootElement.GetProperty("runs").EnumerateArray())
        {
            if (!run.TryGetProperty("invocations", out var invocations)) continue;
            foreach (var inv in invocations.EnumerateArray())
            {
                if (!inv.TryGetProperty("toolExecutionNotifications", out var notes)) continue;
                foreach (var n in notes.EnumerateArray())
                {
                    if (n.TryGetProperty("level", out var nl) && nl.GetString() == "error")
                    {
                        results.Add(("error", "tool-execution", n.GetProperty("message").GetProperty("text").GetString() ?? ""));
                    }
                }
            }
        }
        return results;
    }
}
