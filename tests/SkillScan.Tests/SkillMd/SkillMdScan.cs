using System.Text;
using SkillScan.Findings;
using SkillScan.Intake;
using SkillScan.Model;
using SkillScan.Pipeline;
using SkillScan.Rules;
using SkillScan.Semantics;
using SkillScan.Semantics.Markdown;
using SkillScan.Syntax;
using SkillScan.Syntax.Markdown;

namespace SkillScan.Tests.SkillMd;

/// <summary>In-memory skills for the SKILL.md tests: build files, scan them with chosen rules, or read one Markdown model.</summary>
internal static class SkillMdScan
{
    private static readonly Lazy<IReadOnlyList<PackRule>> AllRules = new(() => RuleSet.Load().Rules);

    public static Skill Skill(params (string Path, string Text)[] files) =>
        new("test-skill", "skill", files.Select(f =>
        {
            var bytes = Encoding.UTF8.GetBytes(f.Text);
            return new SkillFile(f.Path, "skill/" + f.Path, bytes, FileClassifier.Classify(f.Path, bytes));
        }).ToList());

    public static IReadOnlyList<PackRule> Rules(params string[] ids) =>
        ids.Length == 0 ? AllRules.Value : AllRules.Value.Where(r => ids.Contains(r.Descriptor.Id)).ToList();

    /// <summary>Findings of the given rules (all rules when none given) on a skill made of SKILL.md and other files.</summary>
    public static List<Finding> Findings(string skillMd, string[] ruleIds, params (string Path, string Text)[] others) =>
        EngineFactory.Create(Rules(ruleIds)).AnalyzeSkill(Skill([("SKILL.md", skillMd), .. others])).Findings;

    public static SkillResult Result(string skillMd, params string[] ruleIds) =>
        EngineFactory.Create(Rules(ruleIds)).AnalyzeSkill(Skill(("SKILL.md", skillMd)));

    /// <summary>The Markdown model of a SKILL.md text, with the virtual documents the extractor asked for.</summary>
    public static (MarkdownModel Model, List<SourceDocument> Derived, List<ScanNotification> Notes, DocumentFacts Facts) Model(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var file = new SkillFile("SKILL.md", "skill/SKILL.md", bytes, Language.Markdown);
        var document = SourceDocument.ForFile(file);
        using var parsed = new MarkdownFrontEnd().Parse(document, AnalysisLimits.Default, CancellationToken.None);
        var derived = new List<SourceDocument>();
        var notes = new List<ScanNotification>();
        var facts = new MarkdownFactExtractor().Extract(parsed, new FactContext(AnalysisLimits.Default, derived.Add, notes.Add, CancellationToken.None));
        return (MarkdownModel.Of(parsed)!, derived, notes, facts);
    }

    /// <summary>1-based line and column of a finding in its physical file.</summary>
    public static (int Line, int Column) Position(Finding f) => (f.Location.Region.StartLine, f.Location.Region.StartColumn);

    /// <summary>1-based line and column of the n-th occurrence of a text.</summary>
    public static (int Line, int Column) PositionOf(string text, string needle, int occurrence = 0)
    {
        var at = -1;
        for (var k = 0; k <= occurrence; k++) at = text.IndexOf(needle, at + 1, StringComparison.Ordinal);
        if (at < 0) throw new ArgumentException($"'{needle}' not found");
        return new LineMap(text).Position(at);
    }
}
