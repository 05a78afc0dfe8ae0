using System.Text;
using SkillScan.Findings;
using SkillScan.Model;
using SkillScan.Rules;
using SkillScan.Semantics;
using SkillScan.Syntax;

namespace SkillScan.Tests.Rules;

/// <summary>
/// A skill whose facts are written by hand, so that matchers are tested without any fact extractor:
/// files with text, calls with spans found by searching the text.
/// </summary>
internal sealed class FactSkill
{
    private readonly List<(SkillFile File, Language Language)> _files = new();
    private readonly Dictionary<SkillFile, DocumentFacts> _facts = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<SkillFile, SourceDocument> _docs = new(ReferenceEqualityComparer.Instance);

    public SourceDocument File(string path, string text, Language language)
    {
        var file = new SkillFile(path, "skill/" + path, Encoding.UTF8.GetBytes(text), language);
        _files.Add((file, language));
        var doc = SourceDocument.ForFile(file);
        _docs[file] = doc;
        _facts[file] = new DocumentFacts();
        return doc;
    }

    public SkillFile BinaryFile(string path, byte[] bytes)
    {
        var file = new SkillFile(path, "skill/" + path, bytes, Language.Binary);
        _files.Add((file, Language.Binary));
        return file;
    }

    public DocumentFacts FactsOf(SourceDocument doc) => _facts[doc.File];

    /// <summary>The span of the n-th occurrence of text in the document.</summary>
    public static TextSpan Find(SourceDocument doc, string text, int occurrence = 0)
    {
        var at = -1;
        for (var i = 0; i <= occurrence; i++)
        {
            at = doc.Text.IndexOf(text, at + 1, StringComparison.Ordinal);
            if (at < 0) throw new ArgumentException($"'{text}' not found in {doc.File.Path}");
        }
        return new TextSpan(at, at + text.Length);
    }

    public static ValueFact Value(SourceDocument doc, string text, string? constant = null, params TaintSource[] taint) =>
        new(Find(doc, text), text, constant, taint);

    public static ValueFact Const(SourceDocument doc, string text, string constant) => new(Find(doc, text), text, constant);

    public static TaintSource Taint(SourceDocument doc, string kind, string detail, string sourceText) =>
        new(kind, detail, doc, Find(doc, sourceText), Array.Empty<FlowStep>());

    public CallFact Call(SourceDocument doc, string callText, string callee, string[] caps, ValueFact[]? args = null,
        Dictionary<string, ValueFact>? named = null, ValueFact? stdin = null, string? resolvedVia = null,
        ValueFact? receiver = null)
    {
        var call = new CallFact
        {
            Document = doc,
            Callee = callee,
            Capabilities = caps,
            Span = Find(doc, callText),
            Args = args ?? Array.Empty<ValueFact>(),
            Named = named ?? new Dictionary<string, ValueFact>(),
            Stdin = stdin,
            Receiver = receiver,
            ResolvedVia = resolvedVia,
        };
        _facts[doc.File].Calls.Add(call);
        return call;
    }

    public void String(SourceDocument doc, string literal, string value) =>
        _facts[doc.File].Strings.Add(new StringFact(doc, Find(doc, literal), value));

    /// <summary>Runs rules (from the built-in packs, by id) over the hand-built facts.</summary>
    public List<Finding> Run(params string[] ruleIds) => Run(ScanSettings.Default, ruleIds);

    public List<Finding> Run(ScanSettings settings, params string[] ruleIds)
    {
        var rules = Rules(ruleIds);
        var findings = new List<Finding>();
        Inspect(context =>
        {
            foreach (var rule in rules) rule.Analyze(context);
        }, settings, findings);
        return findings;
    }

    /// <summary>Hands the rule context of the hand-built skill to a test (its analysis lives only during the call).</summary>
    public void Inspect(Action<RuleContext> inspect, ScanSettings? settings = null, List<Finding>? findings = null)
    {
        var skill = new Skill("skill", "skill", _files.Select(f => f.File).ToList());
        using var analysis = new SkillAnalysis(skill);
        foreach (var (file, language) in _files)
        {
            if (!_docs.TryGetValue(file, out var doc)) continue;
            analysis.Documents.Add(new DocumentAnalysis(new ParsedDocument(doc), _facts[file]));
        }
        inspect(new RuleContext(analysis, findings ?? [], settings ?? ScanSettings.Default));
    }

    private static readonly Lazy<IReadOnlyList<PackRule>> AllRules = new(() => RuleSet.Load().Rules);

    public static IReadOnlyList<PackRule> Rules(params string[] ids) =>
        ids.Select(id => AllRules.Value.SingleOrDefault(r => r.Descriptor.Id == id) ?? throw new ArgumentException($"no rule {id}")).ToList();

    public static int Line(Finding f) => f.Location.Region.StartLine;
}
