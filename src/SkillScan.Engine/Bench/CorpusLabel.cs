using System.Text.RegularExpressions;
using SkillScan.Model;
using SkillScan.Util;

namespace SkillScan.Bench;

/// <summary>What a corpus author says a skill is: malicious or benign.</summary>
public enum SkillLabel
{
    Benign,
    Malicious,
}

/// <summary>Where the attack (or the hard benign case) of a corpus skill lives.</summary>
public enum SkillSurface
{
    /// <summary>In SKILL.md: instructions, code blocks, links, front matter.</summary>
    SkillMd,

    /// <summary>In scripts, manifests or shipped files.</summary>
    Code,
}

/// <summary>
/// The label of one corpus skill (its <c>expected.yaml</c>): the expected verdict and the rule ids that must and
/// must not fire. The author's expectation, not a measurement.
/// </summary>
public sealed record CorpusLabel
{
    public required SkillLabel Label { get; init; }

    public required Verdict Verdict { get; init; }

    /// <summary>One line: the real attack (or benign pattern) the sample imitates.</summary>
    public required string Technique { get; init; }

    public SkillSurface? Surface { get; init; }

    /// <summary>Rule ids that must fire on the skill (derived documents included).</summary>
    public IReadOnlyList<string> Must { get; init; } = [];

    /// <summary>Rule ids that must not fire: what the sample is designed to tempt.</summary>
    public IReadOnlyList<string> MustNot { get; init; } = [];

    /// <summary>Free-text expectations for the pinning pack (not scored by rule id).</summary>
    public IReadOnlyList<string> Pinning { get; init; } = [];

    /// <summary>Where the label was read from, for messages.</summary>
    public string? Source { get; init; }
}

/// <summary>Reads <c>expected.yaml</c> labels; a malformed label is an error naming file, line and reason.</summary>
public static class CorpusLabels
{
    /// <summary>The label file inside each corpus skill folder (never part of the scanned skill).</summary>
    public const string FileName = "expected.yaml";

    private static readonly Regex RuleId = new("^[A-Z]{2,}[0-9]{3,5}$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);

    public static CorpusLabel Load(string path) => Parse(File.ReadAllText(path), path);

    public static CorpusLabel Parse(string text, string file)
    {
        var y = new YamlData(file);
        var root = y.LoadRoot(text);
        y.AllowOnly(root, "label", "verdict", "technique", "surface", "must", "mustNot", "pinning");

        var labelText = y.RequiredString(root, "label");
        var label = labelText switch
        {
            "malicious" => SkillLabel.Malicious,
            "benign" => SkillLabel.Benign,
            _ => throw y.Error(y.Get(root, "label")!, $"label '{labelText}' must be malicious or benign"),
        };
        var verdictText = y.RequiredString(root, "verdict");
        var verdict = verdictText switch
        {
            "block" => Verdict.Block,
            "review" => Verdict.Review,
            "pass" => Verdict.Pass,
            _ => throw y.Error(y.Get(root, "verdict")!, $"verdict '{verdictText}' must be block, review or pass"),
        };
        if (label == SkillLabel.Malicious && verdict != Verdict.Block)
        {
            throw y.Error(y.Get(root, "verdict")!, $"a malicious skill must expect verdict block, not {verdictText}");
        }
        if (label == SkillLabel.Benign && verdict == Verdict.Block)
        {
            throw y.Error(y.Get(root, "verdict")!, "a benign skill cannot expect verdict block");
        }
        SkillSurface? surface = y.String(root, "surface") switch
        {
            null => null,
            "skillmd" => SkillSurface.SkillMd,
            "code" => SkillSurface.Code,
            var other => throw y.Error(y.Get(root, "surface")!, $"surface '{other}' must be skillmd or code"),
        };

        var must = RuleIds(y, root, "must");
        var mustNot = RuleIds(y, root, "mustNot");
        var both = must.Intersect(mustNot, StringComparer.Ordinal).ToList();
        if (both.Count > 0)
        {
            throw y.Error(y.Get(root, "mustNot")!, $"{string.Join(", ", both)} listed in both must and mustNot");
        }
        return new CorpusLabel
        {
            Label = label,
            Verdict = verdict,
            Technique = y.RequiredString(root, "technique"),
            Surface = surface,
            Must = must,
            MustNot = mustNot,
            Pinning = NonEmpty(y, root, "pinning"),
            Source = file,
        };
    }

    private static List<string> RuleIds(YamlData y, YamlDotNet.RepresentationModel.YamlMappingNode root, string key)
    {
        var ids = NonEmpty(y, root, key);
        foreach (var id in ids)
        {
            if (!RuleId.IsMatch(id)) throw y.Error(y.Get(root, key)!, $"'{id}' in {key} is not a rule id like SS1234");
        }
        var duplicate = ids.GroupBy(i => i, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw y.Error(y.Get(root, key)!, $"{duplicate.Key} is listed twice in {key}");
        return ids;
    }

    // `must:` with nothing after it reads as one empty scalar; it means an empty list.
    private static List<string> NonEmpty(YamlData y, YamlDotNet.RepresentationModel.YamlMappingNode root, string key) =>
        y.Strings(root, key).Where(s => s.Length > 0).ToList();
}
