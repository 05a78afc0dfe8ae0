using SkillScan.Rules;
using SkillScan.Semantics;
using SkillScan.Syntax;
using SkillScan.Util;

namespace SkillScan.Pipeline;

/// <summary>
/// Builds the engine from every front end and fact extractor in this assembly (found by reflection, so adding a
/// language is adding classes) and the rule set.
/// </summary>
public static class EngineFactory
{
    private static readonly Lazy<IReadOnlyList<IFrontEnd>> FrontEnds = new(() => Discover<IFrontEnd>());
    private static readonly Lazy<IReadOnlyList<IFactExtractor>> Extractors = new(() => Discover<IFactExtractor>());

    /// <summary>Every front end found (for benchmarks that build an engine stage by stage).</summary>
    public static IReadOnlyList<IFrontEnd> DiscoveredFrontEnds => FrontEnds.Value;

    /// <summary>Every fact extractor found.</summary>
    public static IReadOnlyList<IFactExtractor> DiscoveredExtractors => Extractors.Value;

    public static ScanEngine Create(IReadOnlyList<IRule> rules, AnalysisLimits? limits = null, ScanSettings? settings = null, bool collectRuleTimings = false) =>
        new(FrontEnds.Value, Extractors.Value, rules, limits, settings) { CollectRuleTimings = collectRuleTimings };

    private static IReadOnlyList<T> Discover<T>() => TypeDiscovery.InstancesOf<T>(typeof(EngineFactory).Assembly);
}
