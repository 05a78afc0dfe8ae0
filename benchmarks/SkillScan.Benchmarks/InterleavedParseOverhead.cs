using System.Diagnostics;
using System.Globalization;
using System.Text;
using SkillScan.TreeSitter;

namespace SkillScan.Benchmarks;

/// <summary>
/// A cross-check for <see cref="ParseThroughputBenchmarks"/> on a busy machine: BenchmarkDotNet measures the native and
/// the binding rows in separate processes minutes apart, so load from other processes shifts their ratio. This runs
/// both in one process, interleaved (native, binding, binding, native, ...), and reports medians and the median of
/// the per-round ratios, which cancels slow drift in machine load. Also: the engine's path (timeout + cancellable
/// token, checked by the parser's progress callback in C) and TsParsers.ReuseParsers = true.
/// Run: dotnet run -c Release --project benchmarks/SkillScan.Benchmarks -- overhead [rounds]
/// </summary>
public static class InterleavedParseOverhead
{
    public static int Run(string[] args)
    {
        int rounds = args.Length > 1 && int.TryParse(args[1], out int r) && r > 0 ? r : 60;
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Interleaved native/binding parse, {rounds} rounds per language, one thread.");
        sb.AppendLine();
        sb.AppendLine("| Language | Input KB | native median ms | binding median ms | native MB/s | binding MB/s | binding/native (median of per-round ratios) | binding with timeout + ct / native | binding with ReuseParsers=true / native |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (TsLanguage language in ParseInputs.Languages)
        {
            byte[] input = ParseInputs.Get(language);
            for (int i = 0; i < 5; i++)
            {
                Native(language, input);
                Binding(language, input);
                Binding(language, input, reuse: true);
                Binding(language, input, guarded: true);
            }

            var native = new List<double>();
            var binding = new List<double>();
            var ratios = new List<double>();
            var reuseRatios = new List<double>();
            var guardedRatios = new List<double>();
            for (int i = 0; i < rounds; i++)
            {
                double n, b, reused, guarded;
                if (i % 2 == 0)
                {
                    n = Native(language, input);
                    b = Binding(language, input);
                    guarded = Binding(language, input, guarded: true);
                    reused = Binding(language, input, reuse: true);
                }
                else
                {
                    reused = Binding(language, input, reuse: true);
                    guarded = Binding(language, input, guarded: true);
                    b = Binding(language, input);
                    n = Native(language, input);
                }

                native.Add(n);
                binding.Add(b);
                ratios.Add(b / n);
                reuseRatios.Add(reused / n);
                guardedRatios.Add(guarded / n);
            }

            double nm = InterleavedSemanticsVsParse.Median(native), bm = InterleavedSemanticsVsParse.Median(binding);
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {language} | {input.Length / 1024.0:0.0} | {nm:0.00} | {bm:0.00} | {input.Length / (nm / 1e3) / 1e6:0.00} | {input.Length / (bm / 1e3) / 1e6:0.00} | {InterleavedSemanticsVsParse.Median(ratios):0.000} | {InterleavedSemanticsVsParse.Median(guardedRatios):0.000} | {InterleavedSemanticsVsParse.Median(reuseRatios):0.000} |");
        }

        Console.WriteLine(sb.ToString());
        return 0;
    }

    private static double Native(TsLanguage language, byte[] input)
    {
        long start = Stopwatch.GetTimestamp();
        TsParsers.NativeBenchmarkParse(language, input, 1);
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    private static readonly CancellationTokenSource s_cts = new();

    private static double Binding(TsLanguage language, byte[] input, bool reuse = false, bool guarded = false)
    {
        TsParsers.ReuseParsers = reuse;
        try
        {
            long start = Stopwatch.GetTimestamp();
            using (guarded ? TsParsers.Parse(language, input, TimeSpan.FromSeconds(30), s_cts.Token) : TsParsers.Parse(language, input))
            {
            }

            return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        finally
        {
            TsParsers.ReuseParsers = false;
        }
    }
}
