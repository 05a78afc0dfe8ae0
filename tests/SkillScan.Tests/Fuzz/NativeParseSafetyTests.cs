using System.Diagnostics;

namespace SkillScan.Tests.Fuzz;

/// <summary>A fact that is skipped, saying why, when valgrind or a C compiler is not installed.</summary>
public sealed class NeedsValgrindFactAttribute : FactAttribute
{
    public NeedsValgrindFactAttribute()
    {
        var missing = new[] { "valgrind", "cc" }.Where(tool => !OnPath(tool)).ToList();
        if (missing.Count > 0) Skip = $"native safety check needs {string.Join(" and ", missing)} on PATH (Debian: apt-get install valgrind gcc)";
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => d.Length > 0 && File.Exists(Path.Combine(d, tool)));
}

/// <summary>Every grammar parses a sample of the corpus (whole, truncated, bit-flipped) under valgrind without a memory error or leak.</summary>
public sealed class NativeParseSafetyTests
{
    [NeedsValgrindFact]
    public void GrammarsParseCorpusSampleWithoutMemoryErrors()
    {
        var libDir = AppContext.BaseDirectory;
        Assert.True(File.Exists(Path.Combine(libDir, "libskillscan_treesitter.so")), "native library not next to the tests");
        var start = new ProcessStartInfo("bash", [TestRepo.PathOf("native", "fuzz", "run.sh"), libDir, "12"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(8)), "valgrind run did not finish in 8 minutes");

        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}\n{stdout}\n{stderr.Result}");
        Assert.Matches(@"parsed [1-9]\d* files x 5 grammars", stdout);
    }
}
