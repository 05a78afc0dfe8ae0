using System.Diagnostics;
using System.Globalization;
using System.Text;
using SkillScan.TreeSitter;

namespace SkillScan.Benchmarks;

/// <summary>
/// The cross-check for <see cref="SemanticsVsParseBenchmarks"/> on a shared machine: BenchmarkDotNet runs the parse,
/// semantics and full rows in separate processes minutes apart, and other tenants' load moved single rows by 3–10 ms
/// (on rows of 12–50 ms), enough to turn the ratio the target is about upside down. This runs the same three
/// engines on the same inputs in one process, interleaved (parse, semantics, full; then reversed), and reports the
/// medians and the median of the per-round ratios, which cancels drift in machine load.
/// Run: dotnet run -c Release --project benchmarks/SkillScan.Benchmarks -- semantics [rounds] [language]
/// (one language, e.g. `JavaScript`, to profile it alone).
/// </summary>
public static class InterleavedSemanticsVsParse
{
    public static int Run(string[] args)
    {
        int rounds = args.Length > 1 && int.TryParse(args[1], out int r) && r > 0 ? r : 40;
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Interleaved parse / semantics / rules, {rounds} rounds per language, one thread.");
        sb.AppendLine();
        sb.AppendLine("| language | parse median ms | parse + semantics median ms | full median ms | semantics / parse | rules / parse | (semantics + rules) / parse |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        var languages = args.Length > 2 ? [Enum.Parse<TsLanguage>(args[2], ignoreCase: true)] : ParseInputs.Languages;
        foreach (TsLanguage language in languages)
        {
            var bench = new SemanticsVsParseBenchmarks { Language = language };
            bench.Setup();
            Func<int>[] rows = [bench.Parse, bench.ParseAndSemantics, bench.Full];
            // Warm-up, as in a batch: every method at tier 1 (a method called once per skill needs 30 calls and then a
            // background compile; with 20 rounds, profiles of the measured rounds still showed the JIT and tier-0 code),
            // and the rules' regexes on their linear engines (TieredRegex).
            for (int i = 0; i < 60; i++)
            {
                foreach (var row in rows) Time(row);
            }

            var times = rows.Select(_ => new List<double>()).ToArray();
            var semantics = new List<double>();
            var rules = new List<double>();
            var both = new List<double>();
            for (int i = 0; i < rounds; i++)
            {
                var round = new double[rows.Length];
                for (int k = 0; k < rows.Length; k++)
                {
                    int at = i % 2 == 0 ? k : rows.Length - 1 - k;
                    round[at] = Time(rows[at]);
                }

                for (int k = 0; k < rows.Length; k++) times[k].Add(round[k]);
                semantics.Add((round[1] - round[0]) / round[0]);
                rules.Add((round[2] - round[1]) / round[0]);
                both.Add((round[2] - round[0]) / round[0]);
            }

            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {language} | {Median(times[0]):0.00} | {Median(times[1]):0.00} | {Median(times[2]):0.00} | {Median(semantics):0.00} | {Median(rules):0.00} | {Median(both):0.00} |");
        }

        Console.WriteLine(sb.ToString());
        return 0;
    }

    // No collection is forced between rows: as in a batch (and in BenchmarkDotNet's runs), a row pays for the
    // collections its allocations cause, with whatever the heap holds. Forcing one before each row gave JavaScript's
    // full row 0.1-0.2x of the parse less (its collections then find a compacted heap).
    private static double Time(Func<int> row)
    {
        long start = Stopwatch.GetTimestamp();
        row();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    internal static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
