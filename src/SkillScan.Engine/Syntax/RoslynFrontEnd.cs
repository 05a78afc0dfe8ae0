using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SkillScan.Model;

namespace SkillScan.Syntax;

/// <summary>C# and C# scripts (.csx) through Roslyn's parser (syntax only: no compilation, nothing is run).</summary>
public sealed class RoslynFrontEnd : IFrontEnd
{
    private static readonly CSharpParseOptions Regular = new(LanguageVersion.Preview, DocumentationMode.None, SourceCodeKind.Regular);
    private static readonly CSharpParseOptions Script = Regular.WithKind(SourceCodeKind.Script);

    public IReadOnlyCollection<Language> Languages { get; } = [Language.CSharp];

    public ParsedDocument Parse(SourceDocument document, AnalysisLimits limits, CancellationToken cancellationToken)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(limits.ParseTimeout);
        var options = document.File.Path.EndsWith(".csx", StringComparison.OrdinalIgnoreCase) ? Script : Regular;
        var tree = CSharpSyntaxTree.ParseText(document.Text, options, document.File.RepoPath, cancellationToken: budget.Token);
        var hasErrors = tree.GetDiagnostics(budget.Token).Any(d => d.Severity == DiagnosticSeverity.Error);
        return new ParsedDocument(document) { Roslyn = tree, HasErrors = hasErrors };
    }
}
