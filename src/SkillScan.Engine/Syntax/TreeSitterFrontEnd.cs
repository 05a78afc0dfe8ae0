using SkillScan.Model;
using SkillScan.TreeSitter;

namespace SkillScan.Syntax;

/// <summary>JavaScript, TypeScript, TSX, Python and Bash through the native tree-sitter library.</summary>
public sealed class TreeSitterFrontEnd : IFrontEnd
{
    public IReadOnlyCollection<Language> Languages { get; } =
        [Language.JavaScript, Language.TypeScript, Language.Tsx, Language.Python, Language.Bash];

    public static TsLanguage ToTs(Language language) => language switch
    {
        Language.JavaScript => TsLanguage.JavaScript,
        Language.TypeScript => TsLanguage.TypeScript,
        Language.Tsx => TsLanguage.Tsx,
        Language.Python => TsLanguage.Python,
        Language.Bash => TsLanguage.Bash,
        _ => throw new ArgumentOutOfRangeException(nameof(language), language, "no tree-sitter grammar"),
    };

    public ParsedDocument Parse(SourceDocument document, AnalysisLimits limits, CancellationToken cancellationToken)
    {
        var tree = TsParsers.Parse(ToTs(document.Language), document.Utf8.Bytes, limits.ParseTimeout, cancellationToken);
        return new ParsedDocument(document) { TreeSitter = tree, HasErrors = tree.Root.HasError };
    }
}
