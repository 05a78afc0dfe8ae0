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
    /// Roslyn's parser recurses per nesting level and some of its paths (tuple types) have no stack guard: a
    /// 200,000-deep expression overflows the stack and kills the process. Deeper input is refused before parsing.
    /// </summary>
    public const int MaxNesting = 1000;

    public ParsedDocument Parse(SourceDocument document, AnalysisLimits limits, CancellationToken cancellationToken)
    {
        var depth = MaxBracketDepth(document.Text);
        if (depth > MaxNesting)
        {
            throw new InvalidDataException($"brackets nest {depth:N0} levels deep, over the C# parser's limit of {MaxNesting:N0}; the file was not parsed");
        }
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(limits.ParseTimeout);
        var options = document.File.Path.EndsWith(".csx", StringComparison.OrdinalIgnoreCase) ? Script : Regular;
        var tree = CSharpSyntaxTree.ParseText(document.Text, options, document.File.RepoPath, cancellationToken: budget.Token);
        var hasErrors = tree.GetDiagnostics(budget.Token).Any(d => d.Severity == DiagnosticSeverity.Error);
        return new ParsedDocument(document) { Roslyn = tree, HasErrors = hasErrors };
    }

    /// <summary>Deepest nesting of (, [ and { (a cheap over-estimate: brackets in strings and comments count too).</summary>
    internal static int MaxBracketDepth(string text)
    {
        int depth = 0, max = 0;
        foreach (var c in text)
        {
            if (c is '(' or '[' or '{')
            {
                if (++depth > max) max = depth;
            }
            else if (c is ')' or ']' or '}' && depth > 0)
            {
                depth--;
            }
        }
        return max;
    }
}
