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

/// <summary>
/// A fact that is skipped, saying why, when the C compiler cannot build with AddressSanitizer (no libasan) or
/// python3 (which writes the hostile shapes) is missing.
/// </summary>
public sealed class NeedsAddressSanitizerFactAttribute : FactAttribute
{
    public NeedsAddressSanitizerFactAttribute()
    {
        if (!OnPath("cc")) Skip = "AddressSanitizer check needs cc on PATH (Debian: apt-get install gcc)";
        else if (!OnPath("python3")) Skip = "AddressSanitizer check needs python3 on PATH";
        else if (!HasAsan()) Skip = "cc has no AddressSanitizer runtime (libasan); Debian: apt-get install gcc (libasan8)";
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => d.Length > 0 && File.Exists(Path.Combine(d, tool)));

    /// <summary>`cc -print-file-name=libasan.so` prints a full path only when the library is installed.</summary>
    private static bool HasAsan()
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo("cc", ["-print-file-name=libasan.so"]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var path = p.StandardOutput.ReadToEnd().Trim();
            p.WaitForExit();
            return Path.IsPathRooted(path) && File.Exists(path);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}

/// <summary>
/// Every grammar parses a sample of the corpus (whole, truncated, bit-flipped) under valgrind, and the same sample
/// plus hostile shapes (deep nesting, NUL padding, random bytes) under AddressSanitizer, without a memory error or leak.
/// </summary>
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

    [NeedsAddressSanitizerFact]
    public void GrammarsParseCorpusSampleAndHostileShapesUnderAddressSanitizer()
    {
        // Builds an instrumented library into native/build/asan (incrementally), then runs the harness over it.
        var start = new ProcessStartInfo("bash", [TestRepo.PathOf("native", "fuzz", "run.sh"), "--asan", "12"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(15)), "AddressSanitizer run did not finish in 15 minutes");

        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}\n{stdout}\n{stderr.Result}");
        Assert.Matches(@"parsed [1-9]\d* files x 5 grammars", stdout);
        Assert.Contains("under AddressSanitizer", stdout);
    }
}
