using System.Text;
using SkillScan.Model;
using SkillScan.Semantics;
using SkillScan.Semantics.Lowering;
using SkillScan.Syntax;

namespace SkillScan.Tests.Semantics;

/// <summary>Parses a snippet and runs the JS/Python fact extractor on it, keeping the derived documents it asks for.</summary>
internal sealed class Lowered
{
    private Lowered(SourceDocument document, DocumentFacts facts, List<SourceDocument> derived)
    {
        Document = document;
        Facts = facts;
        Derived = derived;
    }

    public SourceDocument Document { get; }

    public DocumentFacts Facts { get; }

    public List<SourceDocument> Derived { get; }

    public static Lowered Js(string code) => Of(code, Language.JavaScript, "scripts/main.js");

    public static Lowered Ts(string code) => Of(code, Language.TypeScript, "scripts/main.ts");

    public static Lowered Tsx(string code) => Of(code, Language.Tsx, "scripts/App.tsx");

    public static Lowered Py(string code) => Of(code, Language.Python, "scripts/main.py");

    public static Lowered Of(string code, Language language, string path, CancellationToken cancellationToken = default)
    {
        var file = new SkillFile(path, "skill/" + path, Encoding.UTF8.GetBytes(code), language);
        var document = SourceDocument.ForFile(file);
        // A generous parse budget: these tests are about lowering, and the machine running them may be busy.
        using var parsed = new TreeSitterFrontEnd().Parse(document, AnalysisLimits.Default with { ParseTimeout = TimeSpan.FromMinutes(2) }, CancellationToken.None);
        var derived = new List<SourceDocument>();
        var context = new FactContext(AnalysisLimits.Default, derived.Add, _ => { }, cancellationToken);
        IFactExtractor extractor = language == Language.Python ? new PythonFactExtractor() : new JavaScriptFactExtractor();
        return new Lowered(document, extractor.Extract(parsed, context), derived);
    }

    /// <summary>The only call with this canonical callee.</summary>
    public CallFact Call(string callee)
    {
        var calls = Facts.Calls.Where(c => c.Callee == callee).ToList();
        Assert.True(calls.Count >= 1, $"no call to {callee}; calls: {Describe()}");
        return calls[0];
    }

    public IEnumerable<CallFact> Calls(string callee) => Facts.Calls.Where(c => c.Callee == callee);

    public bool Has(string callee) => Facts.Calls.Any(c => c.Callee == callee);

    public string Describe() => string.Join("; ", Facts.Calls.Select(c => $"{c.Callee}[{string.Join(",", c.Capabilities)}]"));

    public string Slice(TextSpan span) => Document.Slice(span);
}

internal static class FactAssertions
{
    public static TaintSource Source(this ValueFact value, string kind)
    {
        var source = value.Taint.FirstOrDefault(t => t.Kind == kind);
        Assert.True(source is not null, $"'{value.Text}' carries no {kind} taint; it carries: {string.Join(", ", value.Taint.Select(t => t.Kind + ":" + t.Detail))}");
        return source!;
    }

    public static bool HasSource(this ValueFact value, string kind) => value.Taint.Any(t => t.Kind == kind);

    public static bool AnyInputTainted(this CallFact call, string kind) => call.Inputs.Any(v => v.HasSource(kind));
}
