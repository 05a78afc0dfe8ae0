using System.Text;
using SkillScan.Findings;
using SkillScan.Intake;
using SkillScan.Model;
using SkillScan.Pipeline;
using SkillScan.Rules;
using SkillScan.Semantics;

namespace SkillScan.Tests.Pinning;

/// <summary>Runs the pinning pack over an in-memory skill and describes findings as "path:line level ID".</summary>
internal static class PinningScan
{
    private static readonly Lazy<RulePack> Pack = new(() =>
        RulePackLoader.Parse(EmbeddedRules.Read("rules/packs/pinning.yaml")!, "rules/packs/pinning.yaml"));

    public static RulePack PinningPack => Pack.Value;

    public static Skill Skill(params (string Path, string Text)[] files) =>
        new("skill", "skill", files.Select(f =>
        {
            var bytes = Encoding.UTF8.GetBytes(f.Text);
            return new SkillFile(f.Path, "skill/" + f.Path, bytes, FileClassifier.Classify(Path.GetFileName(f.Path), bytes));
        }).ToList());

    public static SkillResult Scan(Skill skill, ScanSettings? settings = null) =>
        EngineFactory.Create(Pack.Value.Rules, settings: settings).AnalyzeSkill(skill);

    public static List<Finding> Run(params (string Path, string Text)[] files) => Scan(Skill(files)).Findings;

    public static List<Finding> Run(ScanSettings settings, params (string Path, string Text)[] files) => Scan(Skill(files), settings).Findings;

    /// <summary>"package.json:3 warning SS4001".</summary>
    public static string Describe(Finding f) =>
        $"{f.Location.RepoPath["skill/".Length..]}:{f.Location.Region.StartLine} {f.Severity.SarifLevel()} {f.Rule.Id}";

    public static string[] Describe(IEnumerable<Finding> findings) => findings.Select(Describe).ToArray();

    /// <summary>The source text a finding points at.</summary>
    public static string Quote(Finding f) => f.Document.Slice(f.Span);
}
