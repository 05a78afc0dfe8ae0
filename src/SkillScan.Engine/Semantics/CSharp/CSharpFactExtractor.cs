using Microsoft.CodeAnalysis.CSharp.Syntax;
using SkillScan.Model;
using SkillScan.Syntax;

namespace SkillScan.Semantics.CSharp;

/// <summary>
/// C# and .csx → facts, from Roslyn syntax alone (nothing is compiled or run): invocations and object creations
/// become CallFacts with fully qualified callees (usings, `using static`, aliases, declared and `var` local
/// types), folded arguments and taint; decoded payloads and `bash -c` scripts become derived documents.
/// What each API may do is rules/catalogs/csharp.yaml.
/// </summary>
public sealed class CSharpFactExtractor : IFactExtractor
{
    private readonly CapabilityCatalog? _catalog;
    private readonly SensitivePaths? _paths;

    public CSharpFactExtractor()
    {
    }

    /// <summary>With another catalog or sensitive-path list (tests, catalogs loaded from disk).</summary>
    public CSharpFactExtractor(CapabilityCatalog catalog, SensitivePaths paths)
    {
        _catalog = catalog;
        _paths = paths;
    }

    public IReadOnlyCollection<Language> Languages { get; } = [Language.CSharp];

    public DocumentFacts Extract(ParsedDocument parsed, FactContext context)
    {
        if (parsed.Roslyn?.GetRoot(context.CancellationToken) is not CompilationUnitSyntax root) return DocumentFacts.Empty;
        var analyzer = new CSharpAnalyzer(parsed.Document, _catalog ?? BuiltinCatalogs.For(Language.CSharp),
            _paths ?? BuiltinCatalogs.SensitivePaths, context);
        return analyzer.Run(root);
    }
}
