using BenchmarkDotNet.Attributes;
using SkillScan.Intake;
using SkillScan.Model;
using SkillScan.Pipeline;
using SkillScan.Rules;
using SkillScan.TreeSitter;

namespace SkillScan.Benchmarks;

/// <summary>
/// What the engine costs above tree-sitter's parse, per language, on the same ~80 KB input (the samples of
/// <see cref="ParseInputs"/>), one thread. Three engines analyse a one-file skill: parse only (front ends, no
/// extractor, no rule) — the baseline —, parse + semantics (fact extraction, derived documents parsed too), and the
/// full pipeline with every built-in rule. The target is a ratio of at most 2 for the full row (semantics + rules
/// no more than the parse itself).
/// </summary>
[SimpleJob(warmupCount: 3, iterationCount: 10)]
[MedianColumn]
[MemoryDiagnoser]
public class SemanticsVsParseBenchmarks
{
    private byte[] _input = [];
    private string _fileName = "";
    private ScanEngine _parseOnly = null!;
    private ScanEngine _semantics = null!;
    private ScanEngine _full = null!;

    [Params(TsLanguage.JavaScript, TsLanguage.TypeScript, TsLanguage.Python, TsLanguage.Bash)]
    public TsLanguage Language { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _input = ParseInputs.Get(Language);
        _fileName = ParseInputs.SampleName(Language);
        _parseOnly = new ScanEngine(EngineFactory.DiscoveredFrontEnds, [], []);
        _semantics = new ScanEngine(EngineFactory.DiscoveredFrontEnds, EngineFactory.DiscoveredExtractors, []);
        _full = EngineFactory.Create(RuleSet.Load().Rules);
        var result = _full.AnalyzeSkill(NewSkill());
        if (result.Incomplete)
        {
            throw new InvalidOperationException($"The {Language} input was not fully analysed: {string.Join("; ", result.Notifications.Select(n => n.Message))}");
        }
    }

    // A fresh SkillFile each time: its decoded text is cached, and decoding is part of the work measured.
    private Skill NewSkill() =>
        new("sample", "", [new SkillFile(_fileName, _fileName, _input, FileClassifier.Classify(_fileName, _input))]);

    [Benchmark(Baseline = true, Description = "parse")]
    public int Parse() => _parseOnly.AnalyzeSkill(NewSkill()).Findings.Count;

    [Benchmark(Description = "parse + semantics")]
    public int ParseAndSemantics() => _semantics.AnalyzeSkill(NewSkill()).Findings.Count;

    [Benchmark(Description = "parse + semantics + rules")]
    public int Full() => _full.AnalyzeSkill(NewSkill()).Findings.Count;
}
