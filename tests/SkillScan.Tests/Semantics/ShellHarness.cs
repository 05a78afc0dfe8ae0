using System.Text;
using SkillScan.Model;
using SkillScan.Semantics;
using SkillScan.Semantics.Shell;
using SkillScan.Syntax;

namespace SkillScan.Tests.Semantics;

/// <summary>Parses a shell snippet and extracts its facts, collecting the derived documents it asks for.</summary>
internal sealed class ShellRun
{
    /// <summary>A small stand-in for rules/catalogs/paths.yaml, so these tests do not depend on its exact contents.</summary>
    public static readonly SensitivePaths TestPaths = SensitivePaths.Parse("""
        paths:
          - kind: secret.read
            label: SSH key or config
            patterns: ['(^|/)\.ssh(/|$)']
          - kind: secret.read
            label: cloud credentials
            patterns: ['\.aws/credentials']
          - kind: secret.read
            label: dotenv file
            patterns: ['(^|/)\.env$']
          - kind: agent.read
            label: agent home
            patterns: ['\.openclaw/']
          - kind: persist.shellrc
            label: shell start-up file
            patterns: ['\.(bash|zsh)rc$']
        """, "test-paths.yaml");

    private ShellRun(SourceDocument document, DocumentFacts facts, List<SourceDocument> derived)
    {
        Document = document;
        Facts = facts;
        Derived = derived;
    }

    public SourceDocument Document { get; }

    public DocumentFacts Facts { get; }

    public List<SourceDocument> Derived { get; }

    public IReadOnlyList<CallFact> Calls => Facts.Calls;

    public static ShellRun Of(string script, CancellationToken cancellationToken = default)
    {
        var file = new SkillFile("scripts/run.sh", "skill/scripts/run.sh", Encoding.UTF8.GetBytes(script), Language.Bash);
        return Of(SourceDocument.ForFile(file), cancellationToken);
    }

    /// <summary>Hostile-size inputs parse slowly on a busy machine; the tests are about extraction, not the parse budget.</summary>
    private static readonly AnalysisLimits PatientLimits = AnalysisLimits.Default with { ParseTimeout = TimeSpan.FromMinutes(5) };

    public static ShellRun Of(SourceDocument document, CancellationToken cancellationToken = default)
    {
        using var parsed = new TreeSitterFrontEnd().Parse(document, PatientLimits, CancellationToken.None);
        var derived = new List<SourceDocument>();
        var context = new FactContext(AnalysisLimits.Default, derived.Add, _ => { }, cancellationToken);
        var facts = new ShellFactExtractor(BuiltinCatalogs.For(Language.Bash), TestPaths).Extract(parsed, context);
        return new ShellRun(document, facts, derived);
    }

    /// <summary>The only call to a command (fails when there is none or several).</summary>
    public CallFact Call(string callee) => Assert.Single(Calls, c => c.Callee == callee);

    public IEnumerable<CallFact> All(string callee) => Calls.Where(c => c.Callee == callee);

    /// <summary>The facts of the derived documents, extracted the same way (bash only).</summary>
    public ShellRun DerivedRun(int index = 0) => Of(Derived[index]);

    /// <summary>1-based line of a span in the physical file.</summary>
    public int Line(TextSpan span) => Document.MapToFile(span).StartLine;
}

internal static class ShellFactAssertions
{
    public static bool HasTaint(this ValueFact? value, string kind) => value is not null && value.Taint.Any(t => t.Kind == kind);

    public static TaintSource Taint(this ValueFact? value, string kind)
    {
        Assert.NotNull(value);
        return Assert.Single(value!.Taint, t => t.Kind == kind);
    }
}
