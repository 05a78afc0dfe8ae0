using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using SkillScan.TreeSitter;

namespace SkillScan.Benchmarks;

/// <summary>
/// Parse throughput of the .NET binding against tree-sitter's C library alone, same bytes, one thread.
/// Baseline = skillscan_bench_parse(lang, bytes, len, 1): a C loop (new parser, ts_parser_parse_string, count nodes,
/// delete tree and parser) with no managed code. The binding rows parse through TsParsers.Parse (fresh parser per parse
/// by default, tree wrapped in a SafeHandle, disposed; no walk); one row with a timeout and a cancellable token (the
/// engine's path), one with TsParsers.ReuseParsers = true. "Ratio" is the row's time over the native time.
/// </summary>
[SimpleJob(warmupCount: 3, iterationCount: 10)]
[MedianColumn]
[Config(typeof(Config))]
public class ParseThroughputBenchmarks
{
    private byte[] _input = [];

    [Params(TsLanguage.JavaScript, TsLanguage.TypeScript, TsLanguage.Python, TsLanguage.Bash)]
    public TsLanguage Language { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _input = ParseInputs.Get(Language);
        using TsTree tree = TsParsers.Parse(Language, _input);
        if (tree.Root.HasError)
        {
            throw new InvalidOperationException($"The {Language} benchmark input has syntax errors: fix Samples/{ParseInputs.SampleName(Language)}.");
        }

        long nativeNodes = TsParsers.NativeBenchmarkParse(Language, _input, 1);
        if (nativeNodes != tree.Root.DescendantCount)
        {
            throw new InvalidOperationException($"Native and binding trees differ: {nativeNodes} vs {tree.Root.DescendantCount} nodes.");
        }
    }

    [Benchmark(Baseline = true, Description = "native C (skillscan_bench_parse)")]
    public long Native() => TsParsers.NativeBenchmarkParse(Language, _input, iterations: 1);

    [Benchmark(Description = "binding TsParsers.Parse")]
    public bool Binding()
    {
        using TsTree tree = TsParsers.Parse(Language, _input);
        return tree.Root.IsNull;
    }

    [Benchmark(Description = "binding Parse + timeout + ct")]
    public bool BindingWithTimeoutAndCancellation()
    {
        using TsTree tree = TsParsers.Parse(Language, _input, TimeSpan.FromSeconds(30), s_cts.Token);
        return tree.Root.IsNull;
    }

    [Benchmark(Description = "binding, ReuseParsers=true")]
    public bool BindingReusingParsers()
    {
        TsParsers.ReuseParsers = true;
        try
        {
            using TsTree tree = TsParsers.Parse(Language, _input);
            return tree.Root.IsNull;
        }
        finally
        {
            TsParsers.ReuseParsers = false;
        }
    }

    private static readonly CancellationTokenSource s_cts = new();

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddColumn(new InputSizeColumn(), new ThroughputColumn());
            HideColumns("Error");
            SummaryStyle = BenchmarkDotNet.Reports.SummaryStyle.Default.WithRatioStyle(RatioStyle.Trend);
        }
    }

    /// <summary>Input size in KB (1 KB = 1024 bytes).</summary>
    private sealed class InputSizeColumn : IColumn
    {
        public string Id => nameof(InputSizeColumn);
        public string ColumnName => "Input KB";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Params;
        public int PriorityInCategory => 1;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => "Input size in KiB";
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public bool IsAvailable(Summary summary) => true;
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
            (ParseInputs.Get(LanguageOf(benchmarkCase)).Length / 1024.0).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Throughput in MB/s (10^6 bytes per second of mean time).</summary>
    private sealed class ThroughputColumn : IColumn
    {
        public string Id => nameof(ThroughputColumn);
        public string ColumnName => "MB/s";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => "Megabytes (10^6 bytes) parsed per second, from the mean";
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public bool IsAvailable(Summary summary) => true;
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            double? meanNs = summary[benchmarkCase]?.ResultStatistics?.Mean;
            if (meanNs is not > 0)
            {
                return "-";
            }

            double bytes = ParseInputs.Get(LanguageOf(benchmarkCase)).Length;
            return (bytes / (meanNs.Value / 1e9) / 1e6).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    private static TsLanguage LanguageOf(BenchmarkCase benchmarkCase) =>
        (TsLanguage)benchmarkCase.Parameters[nameof(Language)]!;
}
