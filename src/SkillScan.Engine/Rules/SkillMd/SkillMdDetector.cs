using SkillScan.Model;
using SkillScan.Semantics.Markdown;

namespace SkillScan.Rules.SkillMd;

/// <summary>
/// Base of the skillmd pack's detectors: runs once per Markdown document of the skill (SKILL.md first) with its
/// prose model, and reports in that document.
/// </summary>
public abstract class SkillMdDetector : IBuiltinDetector
{
    public abstract string Name { get; }

    protected static InstructionCatalog Catalog => InstructionCatalog.Builtin;

    public virtual void Analyze(RuleDescriptor rule, RuleContext context)
    {
        foreach (var model in MarkdownModel.All(context.Analysis)) Analyze(new SkillMdRun(rule, context, model));
    }

    protected abstract void Analyze(SkillMdRun run);
}

/// <summary>One detector on one Markdown document: what it reads and where it reports (once per place).</summary>
public sealed class SkillMdRun
{
    private readonly HashSet<int> _reportedAt = new();

    public SkillMdRun(RuleDescriptor rule, RuleContext context, MarkdownModel model)
    {
        Rule = rule;
        Context = context;
        Model = model;
    }

    public RuleDescriptor Rule { get; }

    public RuleContext Context { get; }

    public MarkdownModel Model { get; }

    public ScanSettings Settings => Context.Settings;

    /// <summary>
    /// Reports; with <paramref name="oncePerPlace"/> (the default) only the first finding at a start offset counts,
    /// so a phrase seen through two units (a paragraph and its off-screen tail) is reported once.
    /// </summary>
    public bool Report(TextSpan span, string message, Severity? severity = null, IReadOnlyDictionary<string, string>? evidence = null,
        bool oncePerPlace = true)
    {
        if (!_reportedAt.Add(span.Start) && oncePerPlace) return false;
        Context.Report(Rule, Model.Document, span, message, severity, evidence: evidence);
        return true;
    }

    public bool AlreadyReported(int start) => _reportedAt.Contains(start);

    /// <summary>Whether a match in a unit's text lies in inline or block code.</summary>
    public bool InCode(ProseUnit unit, PhraseMatch match) => Model.InCode(unit.SourceSpan(match).Start);

    /// <summary>
    /// Matches of a phrase set in a unit, also in its look-alike skeleton ("іgnore" with a Cyrillic і); LookAlike
    /// tells a match only the skeleton has.
    /// </summary>
    public static IEnumerable<(PhraseMatch Match, bool LookAlike)> Matches(PhraseSet set, ProseUnit unit)
    {
        var plain = unit.Find(set);
        foreach (var m in plain) yield return (m, false);
        if (ReferenceEquals(unit.Skeleton, unit.Text)) yield break;
        foreach (var m in set.Matches(unit.Skeleton))
        {
            if (plain.Any(p => p.Index == m.Index)) continue;
            yield return (m with { Value = unit.Text.Substring(m.Index, m.Length) }, true);
        }
    }

    /// <summary>Whether a phrase set matches a unit's text or its look-alike skeleton.</summary>
    public static bool IsMatch(PhraseSet set, ProseUnit unit) =>
        unit.Has(set) || (!ReferenceEquals(unit.Skeleton, unit.Text) && set.IsMatch(unit.Skeleton));

    /// <summary>Prose units, hidden ones first (so a phrase shown in both is reported with its hiding place).</summary>
    public IEnumerable<ProseUnit> UnitsHiddenFirst => Model.Hidden.Concat(Model.Visible);

    /// <summary>The 1-based line of an offset in the document.</summary>
    public int LineOf(int offset) => Model.Document.Lines.Position(offset).Line;
}

/// <summary>Wording shared by the skillmd detectors' messages.</summary>
public static class SkillMdText
{
    /// <summary>" in an HTML comment", " in a link title"...; empty for visible prose.</summary>
    public static string Where(ProseUnit unit) => unit.Kind switch
    {
        ProseKind.Comment => " in an HTML comment",
        ProseKind.LinkTitle => " in a link title",
        ProseKind.ImageAlt => " in image alt text",
        ProseKind.ReferenceDefinition => " in a link reference definition (never rendered)",
        ProseKind.HiddenHtml => " in HTML styled to be invisible",
        ProseKind.WhitespaceTail => " after a long run of whitespace (off-screen)",
        _ => "",
    };

    public static string Channel(ProseUnit unit) => unit.Kind switch
    {
        ProseKind.Comment => "html-comment",
        ProseKind.LinkTitle => "link-title",
        ProseKind.ImageAlt => "image-alt",
        ProseKind.ReferenceDefinition => "reference-definition",
        ProseKind.HiddenHtml => "hidden-html",
        ProseKind.WhitespaceTail => "whitespace-tail",
        _ => "prose",
    };

    /// <summary>Text in quotes for a message, on one line, cut to a readable length.</summary>
    public static string Quote(string text, int max = 160)
    {
        var oneLine = string.Join(' ', text.Split(['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries).Select(s => s.Trim())).Trim();
        if (oneLine.Length > max) oneLine = oneLine[..(max - 1)] + "…";
        return $"“{oneLine}”";
    }

    /// <summary>" (written with look-alike letters)" for matches only the skeleton has.</summary>
    public static string LookAlike(bool lookAlike) => lookAlike ? " (written with look-alike letters)" : "";

    public static string LanguageName(string code) => code switch
    {
        "en" => "English",
        "zh" => "Chinese",
        "es" => "Spanish",
        "de" => "German",
        "fr" => "French",
        "ru" => "Russian",
        "ja" => "Japanese",
        "ko" => "Korean",
        "pt" => "Portuguese",
        "it" => "Italian",
        _ => code,
    };
}
