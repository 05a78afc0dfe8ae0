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

    /// <summary>
    /// Roslyn's parser recurses per nesting level and some paths (tuple types) have no stack guard: 200,000 nested
    /// parentheses overflow the stack and kill the process (found by the hostile-tree scan). Deeper input is refused.
    /// </summary>
    public const int MaxNesting = 1000;

    public ParsedDocument Parse(SourceDocument document, AnalysisLimits limits, CancellationToken cancellationToken)
    {
        if (MaxBracketDepth(document.Text) > MaxNesting)
        {
            throw new InputLimitException("nesting-limit", $"C# brackets nest deeper than {MaxNesting} levels; not parsed (Roslyn would overflow the stack).");
        }
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(limits.ParseTimeout);
        var options = document.File.Path.EndsWith(".csx", StringComparison.OrdinalIgnoreCase) ? Script : Regular;
        var tree = CSharpSyntaxTree.ParseText(document.Text, options, document.File.RepoPath, cancellationToken: budget.Token);
        var hasErrors = tree.GetDiagnostics(budget.Token).Any(d => d.Severity == DiagnosticSeverity.Error);
        return new ParsedDocument(document) { Roslyn = tree, HasErrors = hasErrors };
    }

    /// <summary>Deepest nesting of ( [ { counted over the raw text (strings and comments included: an upper bound).</summary>
    private static int MaxBracketDepth(string text)
    {
        int depth = 0, max = 0;
        foreach (var c in text)
        {
            if (c is '(' or '[' or '{') max = Math.Max(max, ++depth);
            else if (c is ')' or ']' or '}' && depth > 0) depth--;
        }
        return max;
    }
}
