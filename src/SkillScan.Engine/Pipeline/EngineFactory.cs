using SkillScan.Rules;
using SkillScan.Semantics;
using SkillScan.Syntax;

namespace SkillScan.Pipeline;

/// <summary>
/// Builds the engine from every front end and fact extractor (<see cref="EngineParts"/>) and the rule set.
/// </summary>
public static class EngineFactory
{
    private static readonly Lazy<IReadOnlyList<IFrontEnd>> FrontEnds = new(EngineParts.FrontEnds);
    private static readonly Lazy<IReadOnlyList<IFactExtractor>> Extractors = new(EngineParts.Extractors);

    /// <summary>Every front end found (for benchmarks that build an engine stage by stage).</summary>
    public static IReadOnlyList<IFrontEnd> DiscoveredFrontEnds => FrontEnds.Value;

    /// <summary>Every fact extractor found.</summary>
    public static IReadOnlyList<IFactExtractor> DiscoveredExtractors => Extractors.Value;

    public static ScanEngine Create(IReadOnlyList<IRule> rules, AnalysisLimits? limits = null, ScanSettings? settings = null, bool collectRuleTimings = false) =>
        new(FrontEnds.Value, Extractors.Value, rules, limits, settings) { CollectRuleTimings = collectRuleTimings };
}
