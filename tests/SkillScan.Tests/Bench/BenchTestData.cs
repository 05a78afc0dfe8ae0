using SkillScan.Bench;
using SkillScan.Findings;
using SkillScan.Model;
using SkillScan.Rules;

namespace SkillScan.Tests.Bench;

/// <summary>Descriptors, labels and hits for bench tests, without running the engine.</summary>
internal static class BenchTestData
{
    public static RuleDescriptor Rule(string id, string pack = "core", Severity severity = Severity.High) => new()
    {
        Id = id,
        Name = "Rule" + id,
        Pack = pack,
        Category = "test",
        Severity = severity,
        Precision = Precision.High,
        Summary = "A test rule.",
        Help = "A test rule.",
    };

    public static CorpusLabel Label(SkillLabel label, string[]? must = null, string[]? mustNot = null, Verdict? verdict = null, SkillSurface? surface = null) => new()
    {
        Label = label,
        Verdict = verdict ?? (label == SkillLabel.Malicious ? Verdict.Block : Verdict.Pass),
        Technique = "technique of the sample",
        Surface = surface,
        Must = must ?? [],
        MustNot = mustNot ?? [],
    };

    public static RuleHit Hit(string id, Severity severity, string path = "s/run.sh", int line = 1) =>
        new(id, severity, new SourceLocation(path, new SourceRegion(line, 1, line, 2)), $"{id} fired");

    /// <summary>A scored skill whose verdict follows from its hits, as the gate would decide.</summary>
    public static ScoredSkill Skill(string name, CorpusLabel label, params RuleHit[] hits) =>
        new(name, label, hits.Select(h => h.Severity.ImpliedVerdict()).DefaultIfEmpty(Verdict.Pass).Max(), hits);
}

/// <summary>A rule that reports every file containing its marker text, at its severity.</summary>
internal sealed class MarkerRule(string id, string marker, Severity severity, string pack = "test") : IRule
{
    public RuleDescriptor Descriptor { get; } = BenchTestData.Rule(id, pack, severity);

    public void Analyze(RuleContext context)
    {
        foreach (var file in context.Skill.Files)
        {
            var at = file.Text.IndexOf(marker, StringComparison.Ordinal);
            if (at < 0) continue;
            context.Report(Descriptor, SourceDocument.ForFile(file), new TextSpan(at, at + marker.Length), $"{marker} in {file.Path}");
        }
    }
}
